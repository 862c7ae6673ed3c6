/**
 * The notices as their readers check them (§3, notices): every kind in French and in English, the NAT's facts and
 * nothing more, reasons quoted as given, what people typed escaped in HTML and never evaluated.
 */
import { NOTICE_KINDS, type Language, type NoticeKind, type Party } from '../../domain/case-types';
import type { NoticeContent, NoticeDetails, Traveller } from '../../notices/content';
import { formatDate, formatTime, wrapText } from '../../notices/format';
import { renderNotice } from '../../notices/render';

/** Who receives each kind (§3, rules 3–13). */
const RECIPIENTS: Record<NoticeKind, Party[]> = {
  'incomplete-return': ['sponsor'],
  'file-transfer': ['office-abroad'],
  'csq-request': ['midi'],
  'destination-request': ['midi'],
  'midi-reminder': ['midi'],
  'pr-deadline-reminder': ['sponsor'],
  'refusal-letter': ['sponsor'],
  'pre-nat': ['sponsor'],
  nat: ['midi', 'sponsor'],
  'nat-amended': ['midi', 'sponsor'],
  'no-show-alert': ['roc-o'],
  'post-arrival-services-request': ['midi'],
  'dependant-reassessment-request': ['midi'],
  'withdrawal-notice': ['office-abroad', 'midi'],
  'settlement-report-reminder': ['sponsor'],
  'oyw-selection-request': ['midi'],
};
const LANGUAGES: Language[] = ['fr', 'en'];
const NATS: NoticeKind[] = ['nat', 'nat-amended'];

const travellers: Traveller[] = [
  { familyName: 'Haddad', givenNames: 'Amina Noor', dateOfBirth: '1990-04-03' },
  { familyName: 'Haddad', givenNames: 'Youssef', dateOfBirth: '2015-11-30' },
];
// 12 March 2027: Montreal is still on standard time (UTC−05:00) until the 14th.
const flights = [
  {
    carrier: 'Kenya Airways',
    number: 'KQ112',
    from: 'NBO',
    to: 'CDG',
    departure: '2027-03-11T23:30:00+03:00',
    arrival: '2027-03-12T06:40:00+01:00',
  },
  {
    carrier: 'Air Canada',
    number: 'AC871',
    from: 'CDG',
    to: 'YUL',
    departure: '2027-03-12T13:30:00+01:00',
    arrival: '2027-03-12T18:45:00-05:00',
  },
];
const REASON = "Le groupe n'a pas démontré sa capacité financière pour la durée du parrainage.";

/** Every detail any kind uses, travellers included, as an over-generous caller might pass them. */
const everyDetail: NoticeDetails = {
  missing: ['IMM0008-ScheduleA', 'sponsorship-undertaking'],
  memberId: 'm3',
  about: 'oyw-2',
  reminder: 3,
  dueOn: '2027-06-01',
  reason: REASON,
  arrivalDate: '2027-03-12',
  portOfEntry: 'YUL',
  flights,
  urgent: false,
  travellers,
  destination: 'Saguenay',
  sponsor: { name: 'Solidarité Saguenay', groupId: 'SG-2027-12' },
  arrivedOn: '2027-03-12',
  oywId: 'oyw-2',
};

function notice(kind: NoticeKind, language: Language, over: Partial<NoticeContent> = {}): NoticeContent {
  return {
    kind,
    party: RECIPIENTS[kind][0],
    language,
    caseId: 'c-7f3a',
    stream: 'PSR',
    gcmsNumber: 'G123456789',
    visaOffice: 'Nairobi',
    ...(NATS.includes(kind) ? { natNumber: 'NAT-G123456789-2' } : {}),
    ...(kind === 'nat-amended' ? { amends: 'NAT-G123456789-1' } : {}),
    details: everyDetail,
    ...over,
  };
}

/** A GAR's NAT to MIDI, urgent, with its destination and no sponsor. */
const garNat = (language: Language, over: Partial<NoticeContent> = {}): NoticeContent =>
  notice('nat', language, {
    party: 'midi',
    stream: 'GAR',
    details: { arrivalDate: '2027-03-12', portOfEntry: 'YUL', flights, urgent: true, travellers, destination: 'Saguenay' },
    ...over,
  });

/** The text with its line wrapping undone: the templates break lines only at single spaces. */
const unwrap = (text: string): string => text.replace(/([^\n])\n(?=[^\n])/g, '$1 ');

/** What Handlebars makes of a value in HTML. */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
const escaped = (s: string): string => s.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]);

const cases = NOTICE_KINDS.flatMap((kind) =>
  LANGUAGES.flatMap((language) => RECIPIENTS[kind].map((party) => [kind, language, party] as const)),
);

describe('every kind renders in both languages', () => {
  const FR_WORDS = ['Centre des opérations de réinstallation à Ottawa (CORO-O)', 'Immigration, Réfugiés et Citoyenneté Canada'];
  const EN_WORDS = ['Resettlement Operations Centre – Ottawa (ROC-O)', 'Immigration, Refugees and Citizenship Canada'];

  test.each(cases)('%s in %s to %s, every detail given', (kind, language, party) => {
    const { subject, text, html } = renderNotice(notice(kind, language, { party }));
    for (const out of [subject, text, html]) {
      expect(out.trim()).not.toBe('');
      expect(out).not.toMatch(/undefined|NaN|\[object Object\]|Invalid Date/);
    }
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('c-7f3a');
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${language}">`));
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    // Signed by ROC-O in the language, then the line saying it was sent automatically, with the case number.
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toContain('c-7f3a');
    expect(unwrap(text)).toMatch(language === 'fr' ? /envoyé automatiquement/ : /sent automatically/);
    for (const line of language === 'fr' ? FR_WORDS : EN_WORDS) expect(text).toContain(line);
    for (const line of language === 'fr' ? EN_WORDS : FR_WORDS) expect(text).not.toContain(line);
    expect(text).not.toMatch(language === 'fr' ? /\b(Hello|Dear|Sincerely|Please|case)\b/ : /\b(Bonjour|Madame|Cordialement|Veuillez|dossier)\b/);
    // Wrapped for a plain-text reader; the references are always there.
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toContain('G123456789');
  });

  test.each(cases)('%s in %s to %s, no detail given: nothing dangles', (kind, language, party) => {
    const { subject, text, html } = renderNotice({ kind, party, language, caseId: 'c-7f3a', details: {} });
    for (const out of [subject, text, html]) {
      expect(out).not.toMatch(/undefined|NaN|\[object Object\]|Invalid Date/);
      expect(out).not.toMatch(/\(\s*\)|\( | \)| [.,]|  /); // no empty parentheses, no word missing before a stop
    }
    expect(subject).toContain('c-7f3a');
    expect(text).toMatch(/c-7f3a\n$/);
  });

  test('a kind or a language with no template is an error that names both', () => {
    expect(() => renderNotice({ ...notice('nat', 'fr'), kind: 'telegram' as NoticeKind })).toThrow(
      'No template for notice kind "telegram" in language "fr".',
    );
    expect(() => renderNotice({ ...notice('nat', 'fr'), language: 'de' as Language })).toThrow(/language "de"/);
  });
});

describe('the NAT carries what the spec lists, in the language', () => {
  test('in French: « Avis d\'arrivée », dates in words, the arrival time as written with its offset', () => {
    const { subject, text, html } = renderNotice(garNat('fr'));
    expect(subject).toBe('URGENT – Avis d\'arrivée (NAT) NAT-G123456789-2 – dossier c-7f3a');
    expect(text).toContain("Avis d'arrivée (NAT)");
    expect(text).toContain("Date d'arrivée : 12 mars 2027");
    expect(text).toContain("Heure d'arrivée : 18 h 45 (UTC−05:00)");
    expect(text).toContain("Point d'entrée : YUL");
    expect(text).toContain('Destination finale : Saguenay');
    expect(text).toContain('Cas urgent : Oui – protection urgente');
    expect(text).toContain('Numéro de demande SMGC (GCMS) : G123456789');
    expect(text).toContain('Dossier : c-7f3a');
    expect(text).not.toMatch(/Notification of Arrival|March|Arrival time/);
    expect(html).toContain('18 h 45 (UTC−05:00)');
    expect(html).toContain('12 mars 2027');
  });

  test('in English: "Notification of Arrival Transmission", dates in words, the arrival time with its offset', () => {
    const { subject, text, html } = renderNotice(garNat('en'));
    expect(subject).toBe('URGENT – Notification of Arrival Transmission (NAT) NAT-G123456789-2 – case c-7f3a');
    expect(text).toContain('Arrival date: March 12, 2027');
    expect(text).toContain('Arrival time: 6:45 p.m. (UTC−05:00)');
    expect(text).toContain('Port of entry: YUL');
    expect(text).toContain('Final destination: Saguenay');
    expect(text).toContain('Urgent: Yes – urgent protection case');
    expect(text).not.toMatch(/Avis|mars|Heure/);
    expect(html).toContain('6:45 p.m. (UTC−05:00)');
  });

  test.each(LANGUAGES)('lists each traveller (names and date of birth) and each flight, in text and HTML (%s)', (language) => {
    const { text, html } = renderNotice(garNat(language));
    const dob = language === 'fr' ? ['3 avril 1990', '30 novembre 2015'] : ['April 3, 1990', 'November 30, 2015'];
    expect(text).toContain(`Haddad, Amina Noor – ${language === 'fr' ? 'Date de naissance :' : 'Date of birth:'} ${dob[0]}`);
    expect(text).toContain(`Haddad, Youssef – ${language === 'fr' ? 'Date de naissance :' : 'Date of birth:'} ${dob[1]}`);
    expect(html).toContain(`<td style="vertical-align:top;padding:4px 12px 4px 0;">Amina Noor</td>`);
    for (const d of dob) expect(html).toContain(d);
    for (const out of [text, html]) {
      expect(out).toContain('Kenya Airways KQ112');
      expect(out).toContain('NBO → CDG');
      expect(out).toContain('Air Canada AC871');
      expect(out).toContain('CDG → YUL');
    }
    // Each leg's times as written in it, in its own offset.
    expect(text).toContain(language === 'fr' ? '11 mars 2027 à 23 h 30 (UTC+03:00)' : 'March 11, 2027 at 11:30 p.m. (UTC+03:00)');
    expect(text).toContain(language === 'fr' ? '12 mars 2027 à 6 h 40 (UTC+01:00)' : 'March 12, 2027 at 6:40 a.m. (UTC+01:00)');
  });

  test('a PSR NAT names the sponsor and its group; a GAR NAT without one shows none', () => {
    const psr = renderNotice(notice('nat', 'fr', { party: 'sponsor' }));
    expect(psr.text).toContain('Groupe de parrainage : Solidarité Saguenay (numéro de groupe SG-2027-12)');
    expect(renderNotice(notice('nat', 'en', { party: 'midi' })).html).toContain('Solidarité Saguenay (group ID SG-2027-12)');
    expect(renderNotice(garNat('fr')).text).not.toContain('Groupe de parrainage :');
  });

  test('each recipient is asked what concerns it: the sponsor to meet them, MIDI (GAR) to arrange services', () => {
    expect(unwrap(renderNotice(notice('nat', 'fr', { party: 'sponsor' })).text)).toContain('accueillir les réfugiés au point');
    expect(unwrap(renderNotice(garNat('en')).text)).toContain("arrange the refugees' reception and settlement services");
    expect(unwrap(renderNotice(notice('nat', 'en', { party: 'midi' })).text)).toContain('for information');
  });

  test('says plainly when it is not urgent, and the subject does not cry URGENT', () => {
    const fr = renderNotice(notice('nat', 'fr'));
    expect(fr.subject).not.toContain('URGENT');
    expect(fr.text).toContain('Cas urgent : Non – cas non urgent');
    const en = renderNotice(notice('nat', 'en'));
    expect(en.text).toContain('Urgent: No – not urgent');
    expect(en.html).toContain('No – not urgent');
  });

  test('an arrival time is never converted to another zone', () => {
    const last = { ...flights[1], arrival: '2027-03-12T22:45:00Z' };
    const { text } = renderNotice(garNat('fr', { details: { flights: [flights[0], last], arrivalDate: '2027-03-12' } }));
    expect(text).toContain("Heure d'arrivée : 22 h 45 (UTC)");
    expect(formatTime('2027-03-12T00:05:00+14:00', 'en')).toBe('12:05 a.m. (UTC+14:00)');
    expect(formatTime('2027-03-12T12:00:00-04:00', 'en')).toBe('12:00 p.m. (UTC−04:00)');
  });

  test('carries names and dates of birth only, whatever else a traveller holds', () => {
    const extra = [{ ...travellers[0], sex: 'F', uci: '1122-3344', passport: 'P998877' }] as unknown as Traveller[];
    const { text, html } = renderNotice(garNat('en', { details: { travellers: extra } }));
    expect(text).toContain('Amina Noor');
    for (const out of [text, html]) expect(out).not.toMatch(/1122-3344|P998877|\bF\b/);
  });

  test.each(LANGUAGES)('an amended NAT cites the NAT it amends, in the subject and the body (%s)', (language) => {
    const { subject, text, html } = renderNotice(notice('nat-amended', language));
    if (language === 'fr') {
      expect(subject).toBe("Avis d'arrivée modifié (NAT) NAT-G123456789-2 – modifie l'avis NAT-G123456789-1 – dossier c-7f3a");
      expect(unwrap(text)).toContain("NAT-G123456789-2 modifie et remplace l'avis NAT-G123456789-1.");
      expect(text).toContain("Modifie l'avis : NAT-G123456789-1");
    } else {
      expect(subject).toBe(
        'Amended Notification of Arrival Transmission (NAT) NAT-G123456789-2 – amends NAT NAT-G123456789-1 – case c-7f3a',
      );
      expect(unwrap(text)).toContain('NAT-G123456789-2 amends and replaces NAT NAT-G123456789-1.');
      expect(text).toContain('Amends NAT: NAT-G123456789-1');
    }
    expect(html).toContain('<strong>NAT-G123456789-1</strong>');
  });

  test('a booking with no flights yet: the arrival time and the flights are to be confirmed, in both bodies', () => {
    const noFlights = { arrivalDate: '2027-03-12', portOfEntry: 'YUL', flights: [], urgent: false, travellers, destination: 'Saguenay' };
    const fr = renderNotice(garNat('fr', { details: noFlights }));
    expect(fr.text).toContain("Heure d'arrivée : à confirmer");
    expect(fr.text).toContain('Vols : à confirmer');
    expect(fr.html).toContain('à confirmer');
    const en = renderNotice(garNat('en', { details: noFlights }));
    expect(en.text).toContain('Arrival time: to be confirmed');
    expect(en.text).toContain('Flights: to be confirmed');
    // With flights, neither says so.
    expect(renderNotice(garNat('fr')).text).not.toContain('à confirmer');
  });
});

describe('the other notices', () => {
  const others = cases.filter(([kind]) => !NATS.includes(kind));

  test.each(others)('%s in %s to %s names no refugee, even when given travellers', (kind, language, party) => {
    const { subject, text, html } = renderNotice(notice(kind, language, { party }));
    for (const out of [subject, text, html]) expect(out).not.toMatch(/Haddad|Amina|Youssef|1990|2015/);
  });

  test.each([
    ['refusal-letter', 'fr', 'Motif de la décision du MIDI : « '],
    ['refusal-letter', 'en', "MIDI's reason: “"],
    ['withdrawal-notice', 'fr', 'Motif indiqué par le groupe de parrainage : « '],
    ['withdrawal-notice', 'en', "The sponsoring group's reason: “"],
  ] as const)('%s (%s) quotes the reason verbatim', (kind, language, lead) => {
    const { text, html } = renderNotice(notice(kind, language));
    expect(unwrap(text)).toContain(lead + REASON);
    expect(html).toContain(escaped(REASON));
  });

  test('a withdrawal tells the office abroad to stop and MIDI that the CSQ lapses', () => {
    expect(unwrap(renderNotice(notice('withdrawal-notice', 'en', { party: 'office-abroad' })).text)).toContain(
      'Please stop processing the application',
    );
    expect(unwrap(renderNotice(notice('withdrawal-notice', 'fr', { party: 'midi' })).text)).toContain('devient caduc');
  });

  test('an incomplete return lists what is missing; a PR reminder gives its due date in words', () => {
    const fr = unwrap(renderNotice(notice('incomplete-return', 'fr')).text);
    expect(fr).toContain("Il manque à la demande l'annexe A – Antécédents/Déclaration (IMM 5669) et l'engagement de parrainage");
    const en = unwrap(renderNotice(notice('incomplete-return', 'en')).text);
    expect(en).toContain('Missing from the application: Schedule A – Background/Declaration (IMM 5669) and the sponsorship');
    expect(unwrap(renderNotice(notice('pr-deadline-reminder', 'fr')).text)).toContain('au plus tard le 1er juin 2027');
    expect(unwrap(renderNotice(notice('pr-deadline-reminder', 'en')).text)).toContain('no later than June 1, 2027');
  });

  test('a reminder to MIDI says which reminder and which decision', () => {
    const fr = renderNotice(notice('midi-reminder', 'fr'));
    expect(fr.subject).toBe('3e rappel : décision attendue du MIDI – dossier c-7f3a');
    expect(unwrap(fr.text)).toContain("la sélection du Québec pour la demande oyw-2 présentée au titre du délai d'un an (DUA / OYW)");
    const en = renderNotice(notice('midi-reminder', 'en', { details: { about: 'csq', reminder: 1 } }));
    expect(en.subject).toBe('1st reminder: decision awaited from MIDI – case c-7f3a');
    expect(unwrap(en.text)).toContain("MIDI's decision on the Quebec Selection Certificate (CSQ).");
  });

  test('an OYW selection request names the application and R141', () => {
    const { subject, text } = renderNotice(notice('oyw-selection-request', 'en'));
    expect(subject).toContain('OYW');
    expect(subject).toContain('oyw-2');
    expect(unwrap(text)).toContain('under R141');
  });
});

describe('what people typed is data, never markup or template', () => {
  const HOSTILE = `<script>alert("x")</script> & 'y' {{caseId}} {{#each labels}}{{this}}{{/each}}`;

  test.each(['refusal-letter', 'withdrawal-notice'] as const)('%s: escaped in HTML, literal in text, not evaluated', (kind) => {
    for (const language of LANGUAGES) {
      const { subject, text, html } = renderNotice(notice(kind, language, { details: { reason: HOSTILE } }));
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27; {{caseId}} {{#each labels}}{{this}}{{/each}}');
      expect(unwrap(text)).toContain(HOSTILE);
      expect(subject).not.toContain('<');
    }
  });

  test('a traveller\'s name with markup and quotes: escaped in HTML, as typed in text', () => {
    const name = `<img src=x onerror=alert(1)> O'Brien & "Fils" {{natNumber}}`;
    const { text, html } = renderNotice(
      garNat('fr', { details: { travellers: [{ familyName: name, givenNames: 'Sami', dateOfBirth: '2001-02-03' }] } }),
    );
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; O&#x27;Brien &amp; &quot;Fils&quot; {{natNumber}}');
    expect(text).toContain(`${name}, Sami`);
  });

  test('no value can break the subject onto a second line', () => {
    const { subject } = renderNotice(notice('csq-request', 'en', { caseId: 'c-1\r\nBcc: x@example.com' }));
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('formats', () => {
  test('calendar dates in words, never shifted by a time zone; a date that does not exist is shown as given', () => {
    expect(formatDate('2027-01-01', 'fr')).toBe('1er janvier 2027');
    expect(formatDate('2027-12-31', 'en')).toBe('December 31, 2027');
    expect(formatDate('2027-02-30', 'fr')).toBe('2027-02-30');
    expect(formatDate(undefined, 'en')).toBe('');
  });

  test('wrapping breaks at single spaces only, never before French punctuation', () => {
    const s = 'Motif indiqué par le groupe de parrainage : « un motif assez long pour couper » et la suite';
    const wrapped = wrapText(s, 20);
    expect(unwrap(wrapped)).toBe(s);
    expect(wrapped).not.toMatch(/\n[:»]|«\n/);
  });
});
