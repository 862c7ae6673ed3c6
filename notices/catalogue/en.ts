/**
 * The notices in English, as an IRCC officer (ROC-O, an office abroad) reads them: Handlebars templates over the
 * notice's view (notices/render.ts), in IRCC's words ("Notification of Arrival Transmission (NAT)", "pre-arrival
 * notice (pre-NAT)", "port of entry", "one-year window (OYW)", "R141").
 */
import type { Catalogue } from './types';

// The NAT and the amended NAT ask the same of each recipient.
const NAT_URGENT = '{{#if urgent}}This is an urgent protection case.{{/if}}';
const NAT_ASK =
  '{{#if to.sponsor}}Please make the arrangements set out in your sponsorship undertaking to meet the refugees at ' +
  'the port of entry and house them on arrival.' +
  '{{else if gar}}Please arrange the refugees\' reception and settlement services at their final destination' +
  '{{#if destination}} ({{destination}}){{/if}}.' +
  '{{else if psr}}This notice is sent to you for information.' +
  '{{else}}Please make the arrangements that fall to you for the refugees\' arrival.{{/if}}';
const NAT_CHANGES = 'Any change to the travel will be sent as an amended NAT.';
const GCMS = '{{#if gcmsNumber}} (application {{gcmsNumber}}){{/if}}';
const VISA_OFFICE = '{{#if visaOffice}} ({{visaOffice}}){{/if}}';
const GAR_OPENED =
  'ROC-O has opened, on referral, a case of Government-Assisted Refugees (GAR) destined to Quebec' +
  '{{#if visaOffice}}, processed by the visa office in {{visaOffice}}{{/if}}.';

export const en: Catalogue = {
  messages: {
    'incomplete-return': {
      subject: 'Permanent residence application returned incomplete – case {{caseId}}',
      paragraphs: [
        'The Resettlement Operations Centre – Ottawa (ROC-O) has reviewed the permanent residence application ' +
          'submitted for the refugee you sponsor. It is incomplete and is returned to you: it has not been created ' +
          'in GCMS and processing has not started.',
        '{{#if missing}}Missing from the application: {{list missing}}.{{/if}}',
        'Please resubmit the application to ROC-O with all the required documents. The deadline for submitting it ' +
          'still applies.',
      ],
    },
    'file-transfer': {
      subject:
        '{{#if memberId}}Dependant added: file transferred{{else}}File transferred{{/if}} for processing – case {{caseId}}',
      paragraphs: [
        '{{#if memberId}}ROC-O has added a dependant (family member {{memberId}}) to the permanent residence ' +
          `application in this privately sponsored refugee (PSR) case, in GCMS${GCMS}. The dependant's file is ` +
          'transferred to your office.' +
          '{{else}}ROC-O has received a complete permanent residence application supported by a valid sponsorship ' +
          `undertaking approved by MIDI. It has been created in GCMS${GCMS}, its documents digitized, and the file ` +
          `is transferred to your office${VISA_OFFICE}.{{/if}}`,
        'Please assess the eligibility{{#if memberId}} of the dependant{{/if}} (Convention refugee abroad, IRPA ' +
          's. 96, or country of asylum class, IRPR s. 147) and admissibility (medical, security, criminality).',
        '{{#if memberId}}The case is on hold until MIDI has reassessed the sponsorship undertaking: no visa may be ' +
          'issued until then.' +
          '{{else}}The applicants are destined to Quebec: no permanent resident visa may be issued without a Quebec ' +
          'Selection Certificate (CSQ). ROC-O has requested the CSQ from MIDI and will record it on the case.{{/if}}',
      ],
    },
    'csq-request': {
      subject: 'Request for a Quebec Selection Certificate (CSQ) – case {{caseId}}',
      paragraphs: [
        `{{#if gar}}${GAR_OPENED}` +
          '{{else}}ROC-O has received a complete permanent residence application for this' +
          `{{#if psr}} privately sponsored refugee (PSR){{/if}} case and created it in GCMS${GCMS}. The file is ` +
          `transferred to the visa office${VISA_OFFICE} for eligibility and admissibility.{{/if}}`,
        'Please issue or refuse the Quebec Selection Certificate (CSQ) and send us your decision. No permanent ' +
          'resident visa may be issued to an applicant destined to Quebec without a CSQ.',
        '{{#if gar}}A separate request asks you to choose the final destination in Quebec.{{/if}}',
      ],
    },
    'destination-request': {
      subject: 'Request for a destination in Quebec (Government-Assisted Refugees) – case {{caseId}}',
      paragraphs: [
        GAR_OPENED,
        'Please choose the refugees\' final destination in Quebec and send it to us. The visa cannot be issued ' +
          'until a destination is chosen.',
      ],
    },
    'midi-reminder': {
      subject: '{{#if reminder}}{{ordinal reminder}} reminder{{else}}Reminder{{/if}}: decision awaited from MIDI – case {{caseId}}',
      paragraphs: [
        'ROC-O has not yet received MIDI\'s decision on ' +
          '{{#if about.sponsorship}}the sponsorship undertaking' +
          '{{else if about.csq}}the Quebec Selection Certificate (CSQ)' +
          '{{else if about.destination}}the final destination in Quebec of the Government-Assisted Refugees' +
          '{{else if about.oywId}}Quebec\'s selection for the one-year window (OYW) application {{about.oywId}}' +
          '{{else if about.other}}the request {{about.other}}' +
          '{{else}}this case{{/if}}.',
        '{{#if reminder}}This is the {{ordinal reminder}} reminder on this matter.{{/if}}',
        'Please send us your decision as soon as possible: the case cannot proceed without it.',
      ],
    },
    'pr-deadline-reminder': {
      subject: 'Reminder: permanent residence application due – case {{caseId}}',
      paragraphs: [
        'MIDI has approved your sponsorship undertaking. ROC-O has not yet received the permanent residence ' +
          'application of the refugee you sponsor.',
        '{{#if dueOn}}Please submit it no later than {{date dueOn}}. If no application is received by then, the ' +
          'case will be closed.{{else}}Please submit it as soon as possible: if no application is received within ' +
          'the deadline, the case will be closed.{{/if}}',
        'A complete application includes {{list requiredDocuments}}.',
      ],
    },
    'refusal-letter': {
      subject: 'Refusal: Quebec Selection Certificate (CSQ) refused by MIDI – case {{caseId}}',
      paragraphs: [
        'Quebec\'s Ministère de l\'Immigration, de la Francisation et de l\'Intégration (MIDI) has refused to ' +
          'issue a Quebec Selection Certificate (CSQ) to the refugee you sponsor.',
        '{{#if reason}}MIDI\'s reason: “{{reason}}”{{/if}}',
        'No permanent resident visa may be issued without a CSQ to an applicant destined to Quebec. The permanent ' +
          'residence application is therefore refused and the case is closed.',
        'For any question about the selection decision, please contact MIDI.',
      ],
    },
    'pre-nat': {
      subject: 'Pre-arrival notice (pre-NAT) – case {{caseId}}',
      paragraphs: [
        `The visa office${VISA_OFFICE} has issued the permanent resident visa to the refugee you sponsor. ` +
          'Processing is complete; travel is being arranged.',
        'Please prepare the reception set out in your sponsorship undertaking: housing, reception at the port of ' +
          'entry and settlement support.',
        'You will receive the Notification of Arrival Transmission (NAT), with the arrival date and time and the ' +
          'port of entry, once travel is booked. Until then, dates may change.',
      ],
    },
    nat: {
      subject:
        '{{#if urgent}}URGENT – {{/if}}Notification of Arrival Transmission (NAT){{#if natNumber}} {{natNumber}}{{/if}}' +
        ' – case {{caseId}}',
      paragraphs: [
        'Travel is booked for the refugees of this case. This Notification of Arrival Transmission (NAT) gives the ' +
          'persons travelling, the arrival date and time, the flights and the port of entry.',
        NAT_URGENT,
        NAT_ASK,
        NAT_CHANGES,
      ],
    },
    'nat-amended': {
      subject:
        '{{#if urgent}}URGENT – {{/if}}Amended Notification of Arrival Transmission (NAT)' +
        '{{#if natNumber}} {{natNumber}}{{/if}}{{#if amends}} – amends NAT {{amends}}{{/if}} – case {{caseId}}',
      paragraphs: [
        'This Notification of Arrival Transmission (NAT){{#if natNumber}} {{natNumber}}{{/if}} amends and replaces ' +
          '{{#if amends}}NAT {{amends}}{{else}}the previous NAT{{/if}}. The refugees\' travel has been re-booked: ' +
          'the information below replaces that of the previous NAT.',
        NAT_URGENT,
        NAT_ASK,
        NAT_CHANGES,
      ],
    },
    'no-show-alert': {
      subject: 'No-show: no arrival recorded – case {{caseId}}',
      paragraphs: [
        'No arrival has been recorded for this case{{#if arrivalDate}}: the refugees were expected on ' +
          '{{date arrivalDate}}{{/if}}.',
        'Please check with the port of entry, the office abroad and MIDI or the sponsoring group whether the ' +
          'refugees travelled, then record the arrival or re-book the travel. If the visa expires before arrival, ' +
          'the case will be closed.',
      ],
    },
    'post-arrival-services-request': {
      subject: 'Request for post-arrival services (Government-Assisted Refugees) – case {{caseId}}',
      paragraphs: [
        'The Government-Assisted Refugees (GAR) of this case arrived in Canada' +
          '{{#if arrivedOn}} on {{date arrivedOn}}{{/if}}{{#if portOfEntry}} at the port of entry {{portOfEntry}}{{/if}}.',
        'Please arrange reception and integration services at their final destination' +
          '{{#if destination}} ({{destination}}){{/if}}.',
      ],
    },
    'dependant-reassessment-request': {
      subject: 'Dependant added: reassessment of the sponsorship undertaking – case {{caseId}}',
      paragraphs: [
        'ROC-O has added a dependant{{#if memberId}} (family member {{memberId}}){{/if}} to the permanent residence ' +
          `application in this privately sponsored refugee (PSR) case, in GCMS${GCMS}, and has advised the visa ` +
          'office.',
        'Please reassess the sponsorship undertaking with this person included and send us your decision. Until ' +
          'then the case is on hold and no visa may be issued; a refusal will close the case.',
      ],
    },
    'withdrawal-notice': {
      subject: 'Sponsorship withdrawn – case {{caseId}}',
      paragraphs: [
        'The sponsoring group has withdrawn its sponsorship undertaking for this case. ROC-O has processed the ' +
          'withdrawal: the application{{#if gcmsNumber}} {{gcmsNumber}}{{/if}} is closed in GCMS and pending steps ' +
          'are cancelled.',
        '{{#if reason}}The sponsoring group\'s reason: “{{reason}}”{{/if}}',
        '{{#if to.officeAbroad}}Please stop processing the application: no visa is to be issued.' +
          '{{else if to.midi}}Any CSQ issued for this case lapses with the withdrawal. No decision is awaited from ' +
          'MIDI.{{/if}}',
      ],
    },
    'settlement-report-reminder': {
      subject: 'Reminder: settlement report due – case {{caseId}}',
      paragraphs: [
        'The refugees you sponsor have arrived and the sponsorship period is under way.',
        'The report on their settlement set out in your sponsorship undertaking is now due. Please send it as soon ' +
          'as possible, quoting the case number.',
      ],
    },
    'oyw-selection-request': {
      subject:
        'One-year window (OYW){{#if oywId}} application {{oywId}}{{/if}}: request for Quebec\'s selection – case {{caseId}}',
      paragraphs: [
        'A family member who did not accompany the refugees of this case has applied under the one-year window of ' +
          'opportunity (OYW, IRPR s. 141){{#if oywId}}: application {{oywId}}{{/if}}.',
        'Please select or refuse the applicant and send us your decision. ROC-O will then decide the application ' +
          'under R141.',
      ],
    },
  },
  labels: {
    colon: ':',
    greetings: { sponsor: 'Dear Sponsor,', midi: 'Hello,', 'office-abroad': 'Hello,', 'roc-o': 'Hello,' },
    closing: 'Sincerely,',
    signature: ['Resettlement Operations Centre – Ottawa (ROC-O)', 'Immigration, Refugees and Citizenship Canada'],
    automatic: 'This message was sent automatically. Please quote the case number in any correspondence:',
    case: 'Case',
    gcms: 'GCMS application number',
    visaOffice: 'Visa office',
    stream: 'Stream',
    streams: { PSR: 'Privately Sponsored Refugees (PSR)', GAR: 'Government-Assisted Refugees (GAR)' },
    documents: {
      IMM0008: 'the Generic Application Form for Canada (IMM 0008)',
      'IMM0008-ScheduleA': 'Schedule A – Background/Declaration (IMM 5669)',
      'IMM0008-Schedule2': 'Schedule 2 – Refugees Outside Canada (IMM 0008 Schedule 2)',
      'sponsorship-undertaking': 'the sponsorship undertaking approved by MIDI',
    },
    nat: {
      heading: 'Notification of Arrival Transmission (NAT)',
      number: 'NAT number',
      amends: 'Amends NAT',
      arrivalDate: 'Arrival date',
      arrivalTime: 'Arrival time',
      portOfEntry: 'Port of entry',
      destination: 'Final destination',
      sponsor: 'Sponsor',
      groupId: 'group ID',
      urgent: 'Urgent',
      urgentYes: 'Yes – urgent protection case',
      urgentNo: 'No – not urgent',
      urgentBanner: 'URGENT – urgent protection case',
      travellers: 'Persons travelling',
      familyName: 'Family name',
      givenNames: 'Given names',
      dateOfBirth: 'Date of birth',
      flights: 'Flights',
      flight: 'Flight',
      route: 'Route',
      toBeConfirmed: 'to be confirmed',
      departure: 'Departure',
      arrival: 'Arrival',
    },
  },
};
