/**
 * The notices in French, as a MIDI officer and a sponsoring group in Quebec read them: Handlebars templates over
 * the notice's view (notices/render.ts). Quebec's words: « parrainage collectif » (PSR), « réfugiés pris en charge
 * par l'État » (GAR), « groupe de parrainage », « délai d'un an (DUA / OYW) »; IRCC's French for the rest
 * (« SMGC » for GCMS, « admissibilité » for eligibility, « interdiction de territoire » for admissibility).
 */
import type { Catalogue } from './types';

// The NAT and the amended NAT ask the same of each recipient.
const NAT_URGENT = '{{#if urgent}}Il s\'agit d\'un cas urgent (protection urgente).{{/if}}';
const NAT_ASK =
  '{{#if to.sponsor}}Veuillez prendre les dispositions prévues dans votre engagement de parrainage pour accueillir ' +
  'les réfugiés au point d\'entrée et les loger dès leur arrivée.' +
  '{{else if gar}}Veuillez organiser l\'accueil des réfugiés et les services d\'établissement à leur destination ' +
  'finale{{#if destination}} ({{destination}}){{/if}}.' +
  '{{else if psr}}Cet avis vous est transmis pour information.' +
  '{{else}}Veuillez prendre les dispositions qui vous reviennent pour l\'arrivée des réfugiés.{{/if}}';
const NAT_CHANGES = 'Tout changement au voyage fera l\'objet d\'un avis d\'arrivée modifié.';
const GCMS = '{{#if gcmsNumber}} (demande {{gcmsNumber}}){{/if}}';
const VISA_OFFICE = '{{#if visaOffice}} ({{visaOffice}}){{/if}}';
const GAR_OPENED =
  'Le CORO-O a ouvert, sur renvoi, un dossier de réfugiés pris en charge par l\'État (GAR) qui se destinent au ' +
  'Québec{{#if visaOffice}}; il est traité par le bureau des visas ({{visaOffice}}){{/if}}.';

export const fr: Catalogue = {
  messages: {
    'incomplete-return': {
      subject: 'Demande de résidence permanente incomplète retournée – dossier {{caseId}}',
      paragraphs: [
        'Le Centre des opérations de réinstallation à Ottawa (CORO-O) a examiné la demande de résidence permanente ' +
          'présentée pour le réfugié que vous parrainez. Elle est incomplète et vous est retournée : elle n\'a pas ' +
          'été créée dans le SMGC et son traitement n\'a pas commencé.',
        '{{#if missing}}Il manque à la demande {{list missing}}.{{/if}}',
        'Veuillez présenter de nouveau la demande au CORO-O avec tous les documents requis. Le délai fixé pour la ' +
          'présenter continue de courir.',
      ],
    },
    'file-transfer': {
      subject:
        '{{#if memberId}}Ajout d\'une personne à charge : transfert{{else}}Transfert{{/if}} du dossier pour examen – dossier {{caseId}}',
      paragraphs: [
        '{{#if memberId}}Le CORO-O a ajouté une personne à charge (membre de la famille {{memberId}}) à la demande ' +
          `de résidence permanente de ce dossier de parrainage collectif, dans le SMGC${GCMS}. Son dossier est ` +
          'transféré à votre bureau.' +
          '{{else}}Le CORO-O a reçu une demande de résidence permanente complète, appuyée par un engagement de ' +
          `parrainage valide approuvé par le MIDI. Il l'a créée dans le SMGC${GCMS}, en a numérisé les documents ` +
          `et transfère le dossier à votre bureau${VISA_OFFICE}.{{/if}}`,
        'Veuillez examiner l\'admissibilité{{#if memberId}} de cette personne{{/if}} (réfugié au sens de la ' +
          'Convention outre-frontières, article 96 de la LIPR, ou catégorie de personnes de pays d\'accueil, ' +
          'article 147 du RIPR) et l\'interdiction de territoire (motifs sanitaires, sécurité, criminalité).',
        '{{#if memberId}}Le dossier est suspendu jusqu\'à ce que le MIDI ait réévalué l\'engagement de parrainage : ' +
          'aucun visa ne peut être délivré d\'ici là.' +
          '{{else}}Les demandeurs se destinent au Québec : aucun visa de résident permanent ne peut être délivré sans ' +
          'certificat de sélection du Québec (CSQ). Le CORO-O a demandé le CSQ au MIDI et l\'inscrira au dossier.{{/if}}',
      ],
    },
    'csq-request': {
      subject: 'Demande de certificat de sélection du Québec (CSQ) – dossier {{caseId}}',
      paragraphs: [
        `{{#if gar}}${GAR_OPENED}` +
          '{{else}}Le CORO-O a reçu une demande de résidence permanente complète pour ce dossier' +
          `{{#if psr}} de parrainage collectif{{/if}} et l'a créée dans le SMGC${GCMS}. Le dossier est transféré au ` +
          `bureau des visas${VISA_OFFICE} pour l'examen de l'admissibilité et de l'interdiction de territoire.{{/if}}`,
        'Veuillez délivrer ou refuser le certificat de sélection du Québec (CSQ) et nous transmettre votre décision. ' +
          'Aucun visa de résident permanent ne peut être délivré sans CSQ à une personne qui se destine au Québec.',
        '{{#if gar}}Une demande distincte vous est adressée pour le choix de la destination finale au Québec.{{/if}}',
      ],
    },
    'destination-request': {
      subject: 'Choix de la destination au Québec (réfugiés pris en charge par l\'État) – dossier {{caseId}}',
      paragraphs: [
        GAR_OPENED,
        'Veuillez choisir la destination finale des réfugiés au Québec et nous la transmettre. Le visa ne peut être ' +
          'délivré qu\'une fois la destination choisie.',
      ],
    },
    'midi-reminder': {
      subject: '{{#if reminder}}{{ordinal reminder}} rappel{{else}}Rappel{{/if}} : décision attendue du MIDI – dossier {{caseId}}',
      paragraphs: [
        'Le CORO-O n\'a pas encore reçu la décision du MIDI concernant ' +
          '{{#if about.sponsorship}}l\'engagement de parrainage' +
          '{{else if about.csq}}le certificat de sélection du Québec (CSQ)' +
          '{{else if about.destination}}la destination finale au Québec des réfugiés pris en charge par l\'État' +
          '{{else if about.oywId}}la sélection du Québec pour la demande {{about.oywId}} présentée au titre du délai ' +
          'd\'un an (DUA / OYW)' +
          '{{else if about.other}}la demande {{about.other}}' +
          '{{else}}ce dossier{{/if}}.',
        '{{#if reminder}}Il s\'agit du {{ordinal reminder}} rappel à ce sujet.{{/if}}',
        'Veuillez nous transmettre votre décision dès que possible : le dossier ne peut progresser sans elle.',
      ],
    },
    'pr-deadline-reminder': {
      subject: 'Rappel : demande de résidence permanente à présenter – dossier {{caseId}}',
      paragraphs: [
        'Le MIDI a approuvé votre engagement de parrainage. Le CORO-O n\'a pas encore reçu la demande de résidence ' +
          'permanente du réfugié que vous parrainez.',
        '{{#if dueOn}}Veuillez la présenter au plus tard le {{date dueOn}}. Sans demande à cette date, le dossier ' +
          'sera fermé.{{else}}Veuillez la présenter dès que possible : sans demande dans le délai fixé, le dossier ' +
          'sera fermé.{{/if}}',
        'Une demande complète comprend {{list requiredDocuments}}.',
      ],
    },
    'refusal-letter': {
      subject: 'Refus : certificat de sélection du Québec (CSQ) refusé par le MIDI – dossier {{caseId}}',
      paragraphs: [
        'Le ministère de l\'Immigration, de la Francisation et de l\'Intégration (MIDI) a refusé de délivrer le ' +
          'certificat de sélection du Québec (CSQ) au réfugié que vous parrainez.',
        '{{#if reason}}Motif de la décision du MIDI : « {{reason}} »{{/if}}',
        'Un visa de résident permanent ne peut être délivré sans CSQ à une personne qui se destine au Québec. La ' +
          'demande de résidence permanente est donc refusée et le dossier est fermé.',
        'Pour toute question sur la décision de sélection, veuillez communiquer avec le MIDI.',
      ],
    },
    'pre-nat': {
      subject: 'Avis préalable à l\'arrivée (pré-NAT) – dossier {{caseId}}',
      paragraphs: [
        `Le bureau des visas${VISA_OFFICE} a délivré le visa de résident permanent au réfugié que vous parrainez. ` +
          'Le traitement de la demande est terminé; l\'organisation du voyage est en cours.',
        'Veuillez préparer l\'accueil prévu dans votre engagement de parrainage : logement, accueil au point ' +
          'd\'entrée et soutien à l\'installation.',
        'Vous recevrez l\'avis d\'arrivée (NAT), qui précise la date et l\'heure d\'arrivée ainsi que le point ' +
          'd\'entrée, dès que le voyage sera réservé. D\'ici là, les dates peuvent changer.',
      ],
    },
    nat: {
      subject: '{{#if urgent}}URGENT – {{/if}}Avis d\'arrivée (NAT){{#if natNumber}} {{natNumber}}{{/if}} – dossier {{caseId}}',
      paragraphs: [
        'Le voyage des réfugiés de ce dossier est réservé. Le présent avis d\'arrivée (NAT) indique les personnes ' +
          'qui voyagent, la date et l\'heure d\'arrivée, les vols et le point d\'entrée.',
        NAT_URGENT,
        NAT_ASK,
        NAT_CHANGES,
      ],
    },
    'nat-amended': {
      subject:
        '{{#if urgent}}URGENT – {{/if}}Avis d\'arrivée modifié (NAT){{#if natNumber}} {{natNumber}}{{/if}}' +
        '{{#if amends}} – modifie l\'avis {{amends}}{{/if}} – dossier {{caseId}}',
      paragraphs: [
        'Le présent avis d\'arrivée (NAT){{#if natNumber}} {{natNumber}}{{/if}} modifie et remplace l\'avis ' +
          '{{#if amends}}{{amends}}{{else}}précédent{{/if}}. Le voyage des réfugiés a été réservé de nouveau : les ' +
          'renseignements ci-dessous remplacent ceux de l\'avis précédent.',
        NAT_URGENT,
        NAT_ASK,
        NAT_CHANGES,
      ],
    },
    'no-show-alert': {
      subject: 'Non-présentation : arrivée non enregistrée – dossier {{caseId}}',
      paragraphs: [
        'Aucune arrivée n\'a été enregistrée pour ce dossier{{#if arrivalDate}} : les réfugiés étaient attendus ' +
          'le {{date arrivalDate}}{{/if}}.',
        'Veuillez vérifier auprès du point d\'entrée, du bureau à l\'étranger et du MIDI ou du groupe de parrainage ' +
          'si les réfugiés ont voyagé, puis enregistrer l\'arrivée ou réserver de nouveau le voyage. Si le visa ' +
          'expire avant l\'arrivée, le dossier sera fermé.',
      ],
    },
    'post-arrival-services-request': {
      subject: 'Demande de services après l\'arrivée (réfugiés pris en charge par l\'État) – dossier {{caseId}}',
      paragraphs: [
        'Les réfugiés pris en charge par l\'État (GAR) de ce dossier sont arrivés au Canada' +
          '{{#if arrivedOn}} le {{date arrivedOn}}{{/if}}{{#if portOfEntry}} au point d\'entrée {{portOfEntry}}{{/if}}.',
        'Veuillez organiser les services d\'accueil et d\'intégration à leur destination finale' +
          '{{#if destination}} ({{destination}}){{/if}}.',
      ],
    },
    'dependant-reassessment-request': {
      subject: 'Personne à charge ajoutée : réévaluation de l\'engagement de parrainage – dossier {{caseId}}',
      paragraphs: [
        'Le CORO-O a ajouté une personne à charge{{#if memberId}} (membre de la famille {{memberId}}){{/if}} à la ' +
          `demande de résidence permanente de ce dossier de parrainage collectif, dans le SMGC${GCMS}, et en a ` +
          'avisé le bureau des visas.',
        'Veuillez réévaluer l\'engagement de parrainage en tenant compte de cette personne et nous transmettre ' +
          'votre décision. D\'ici là, le dossier est suspendu et aucun visa ne peut être délivré; un refus fermera ' +
          'le dossier.',
      ],
    },
    'withdrawal-notice': {
      subject: 'Retrait de l\'engagement de parrainage – dossier {{caseId}}',
      paragraphs: [
        'Le groupe de parrainage a retiré son engagement de parrainage pour ce dossier. Le CORO-O a traité le ' +
          'retrait : la demande{{#if gcmsNumber}} {{gcmsNumber}}{{/if}} est fermée dans le SMGC et les démarches en ' +
          'cours sont annulées.',
        '{{#if reason}}Motif indiqué par le groupe de parrainage : « {{reason}} »{{/if}}',
        '{{#if to.officeAbroad}}Veuillez cesser le traitement de la demande : aucun visa ne doit être délivré.' +
          '{{else if to.midi}}Le CSQ délivré pour ce dossier, le cas échéant, devient caduc avec le retrait. Aucune ' +
          'décision n\'est attendue du MIDI.{{/if}}',
      ],
    },
    'settlement-report-reminder': {
      subject: 'Rappel : rapport d\'établissement à transmettre – dossier {{caseId}}',
      paragraphs: [
        'Les réfugiés que vous parrainez sont arrivés et la période de parrainage est en cours.',
        'Le rapport sur leur établissement, prévu par votre engagement de parrainage, est maintenant attendu. ' +
          'Veuillez le transmettre dès que possible en indiquant le numéro de dossier.',
      ],
    },
    'oyw-selection-request': {
      subject:
        'Délai d\'un an (DUA / OYW){{#if oywId}}, demande {{oywId}}{{/if}} : sélection du Québec demandée – dossier {{caseId}}',
      paragraphs: [
        'Un membre de la famille qui n\'accompagnait pas les réfugiés de ce dossier a présenté une demande au titre ' +
          'du délai d\'un an (DUA / OYW, article 141 du Règlement sur l\'immigration et la protection des réfugiés)' +
          '{{#if oywId}} : demande {{oywId}}{{/if}}.',
        'Veuillez sélectionner ce membre de la famille ou refuser sa sélection, et nous transmettre votre décision. ' +
          'Le CORO-O statuera ensuite sur la demande au titre de l\'article 141 du RIPR (R141).',
      ],
    },
  },
  labels: {
    colon: ' :',
    greetings: { sponsor: 'Madame, Monsieur,', midi: 'Bonjour,', 'office-abroad': 'Bonjour,', 'roc-o': 'Bonjour,' },
    closing: 'Cordialement,',
    signature: [
      'Centre des opérations de réinstallation à Ottawa (CORO-O)',
      'Immigration, Réfugiés et Citoyenneté Canada',
    ],
    automatic: 'Ce message a été envoyé automatiquement. Veuillez indiquer le numéro de dossier dans toute correspondance :',
    case: 'Dossier',
    gcms: 'Numéro de demande SMGC (GCMS)',
    visaOffice: 'Bureau des visas',
    stream: 'Catégorie',
    streams: { PSR: 'parrainage collectif (PSR)', GAR: 'réfugiés pris en charge par l\'État (GAR)' },
    documents: {
      IMM0008: 'le formulaire Demande générique pour le Canada (IMM 0008)',
      'IMM0008-ScheduleA': 'l\'annexe A – Antécédents/Déclaration (IMM 5669)',
      'IMM0008-Schedule2': 'l\'annexe 2 – Réfugiés outre-frontières (IMM 0008 annexe 2)',
      'sponsorship-undertaking': 'l\'engagement de parrainage approuvé par le MIDI',
    },
    nat: {
      heading: 'Avis d\'arrivée (NAT)',
      number: 'Numéro de l\'avis',
      amends: 'Modifie l\'avis',
      arrivalDate: 'Date d\'arrivée',
      arrivalTime: 'Heure d\'arrivée',
      portOfEntry: 'Point d\'entrée',
      destination: 'Destination finale',
      sponsor: 'Groupe de parrainage',
      groupId: 'numéro de groupe',
      urgent: 'Cas urgent',
      urgentYes: 'Oui – protection urgente',
      urgentNo: 'Non – cas non urgent',
      urgentBanner: 'URGENT – protection urgente',
      travellers: 'Personnes qui voyagent',
      familyName: 'Nom de famille',
      givenNames: 'Prénoms',
      dateOfBirth: 'Date de naissance',
      flights: 'Vols',
      flight: 'Vol',
      route: 'Trajet',
      toBeConfirmed: 'à confirmer',
      departure: 'Départ',
      arrival: 'Arrivée',
    },
  },
};
