/** Who receives the notices that are not the sponsor's, in which language (spec §3, notices; §4, NOTICE_RECIPIENTS_FILE). */
import { isOneAddress, noticeLanguage, parseNoticeRecipients, recipientOf, type NoticeRecipients } from '../../domain/recipients';

// Parsed in each test, so that what the parser does is tested too (mutation testing runs tests, not module loads).
const configured = () => parseNoticeRecipients({
  midi: 'refugies@midi.example',
  'roc-o': { email: 'roc-o@ircc.example', language: 'fr' },
  'office-abroad': { Nairobi: 'nairobi@ircc.example', '*': { email: 'visas@ircc.example', language: 'fr' } },
});

test('an office abroad takes its own entry, else the "*" entry; MIDI and ROC-O their own; the sponsor none from configuration', () => {
  const recipients = configured();
  expect(recipientOf(recipients, 'office-abroad', 'Nairobi')).toStrictEqual({ email: 'nairobi@ircc.example' });
  expect(recipientOf(recipients, 'office-abroad', 'Dar es Salaam')).toStrictEqual({ email: 'visas@ircc.example', language: 'fr' });
  expect(recipientOf(parseNoticeRecipients({ midi: { language: 'en' } }), 'midi')).toStrictEqual({ language: 'en' });
  expect(parseNoticeRecipients({ midi: { email: 'a@b.example' } })).toStrictEqual({ midi: { email: 'a@b.example' } });
  expect(recipientOf(recipients, 'office-abroad', 'constructor')).toEqual({ email: 'visas@ircc.example', language: 'fr' });
  expect(recipientOf({ 'office-abroad': { Nairobi: {} } }, 'office-abroad', 'Kampala')).toBeUndefined();
  expect(recipientOf(recipients, 'midi')).toEqual({ email: 'refugies@midi.example' });
  expect(recipientOf(recipients, 'sponsor')).toBeUndefined();
  // Even a configuration object that names one: the sponsor's address is its contact's on the case.
  expect(recipientOf({ sponsor: { email: 'x@y.example' } } as NoticeRecipients, 'sponsor')).toBeUndefined();
  expect(recipientOf({ 'office-abroad': { Nairobi: { email: 'n@ircc.example' } } }, 'office-abroad')).toBeUndefined();
});

test('languages: the case\'s first, then configuration, then French for MIDI and sponsors, English for the office abroad and ROC-O', () => {
  const recipients = configured();
  expect(noticeLanguage({}, 'midi')).toBe('fr');
  expect(noticeLanguage({}, 'sponsor')).toBe('fr');
  expect(noticeLanguage({}, 'office-abroad', 'Nairobi')).toBe('en');
  expect(noticeLanguage({}, 'roc-o')).toBe('en');
  expect(noticeLanguage(recipients, 'roc-o')).toBe('fr');
  expect(noticeLanguage(recipients, 'office-abroad', 'Kampala')).toBe('fr');
  expect(noticeLanguage(recipients, 'sponsor', undefined, 'en')).toBe('en');
});

test('the file is refused naming what is wrong: an unknown party, a field, a language, an address that is not one', () => {
  expect(() => parseNoticeRecipients([])).toThrow('the notice recipients must be a JSON object');
  expect(() => parseNoticeRecipients({ ircc: 'a@b.example' })).toThrow('unknown party "ircc"');
  expect(() => parseNoticeRecipients({ midi: { email: 'a@b.example', lang: 'fr' } })).toThrow('"midi" has an unknown field "lang"');
  expect(() => parseNoticeRecipients({ midi: { language: 'es' } })).toThrow('"midi.language" must be fr or en');
  expect(() => parseNoticeRecipients({ 'office-abroad': { Nairobi: 'a@b.example, c@d.example' } })).toThrow(
    '"office-abroad.Nairobi" must be one email address',
  );
  expect(() => parseNoticeRecipients({ 'office-abroad': 'a@b.example' })).toThrow('"office-abroad" must map');
  expect(() => parseNoticeRecipients({ midi: { email: 'a@b.example c@d.example' } })).toThrow('"midi.email" must be one email address');
  expect(() => parseNoticeRecipients({ midi: 42 })).toThrow('"midi" must be an address or {"email", "language"}');
  expect(() => parseNoticeRecipients({ midi: null })).toThrow('"midi" must be an address or {"email", "language"}');
  expect(() => parseNoticeRecipients({ 'roc-o': ['a@b.example'] })).toThrow('"roc-o" must be an address or {"email", "language"}');
});

test('one address is local@domain with nothing that could make it two addresses or a header', () => {
  for (const good of ['refugies@midi.example', 'a.b+c@x.y', 'refugies..midi@midi.example', `${'a'.repeat(249)}@b.ca`]) {
    expect(isOneAddress(good)).toBe(true);
  }
  for (const bad of ['', 'nobody', '@x.example', 'a@', 'a@b@c', 'a b@c.example', 'a@b.example, c@d.example', 'A <a@b.example>', 'a@b.example\r\nBcc: c@d.example', '"a"@b.example', 42, ['a@b.example'], `${'a'.repeat(250)}@b.ca`]) {
    expect(isOneAddress(bad)).toBe(false);
  }
});
