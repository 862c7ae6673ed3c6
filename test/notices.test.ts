/**
 * Notices delivered by email (spec §3, notices; rule 19): through a real mail server (maildev), read back through
 * its REST API. Each notice once, in its recipient's language, with a Message-ID from its identity; a send repeated
 * after a crash carries the same one; an address the server refuses parks the notice until ops retry it; no
 * address is `undeliverable`; a mail server that is down delays the notice, which goes once it is back.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { call, startStack, type Stack } from './support/stack';
import { COMPLETE_PACKAGE, psrOpening } from './support/fixtures';
import {
  allowedArrival,
  expectOk,
  flightsTo,
  journey,
  openPsr,
  psrAtOverseasProcessing,
  readyForVisa,
  today,
  tokens,
  type Journey,
} from './support/journey';
import { kindsOf, mailFor, type ReceivedMail } from './support/inbox';
import { eventually } from './support/wait';
import type { NoticeRecipients } from '../domain/recipients';
import { currentNoticeRecipients } from '../infra/config';
import { freePort, startInbox } from '../scripts/inbox';

const RECIPIENTS: NoticeRecipients = {
  midi: { email: 'refugies@midi.example' },
  'roc-o': { email: 'roc-o@ircc.example' },
  'office-abroad': { '*': { email: 'bureau-des-visas@ircc.example' } },
};
const SPONSOR_EMAIL = 'parrainage@example.org';

/** NOTICE_RECIPIENTS_FILE, as the worker reads it: a test mends or changes it as ops would edit the file. */
const recipientsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'recipients-')), 'notice-recipients.json');
const setRecipients = (r: NoticeRecipients | string) => writeFileSync(recipientsFile, typeof r === 'string' ? r : JSON.stringify(r));
/** `caseId/kind/party` of notices whose first send dies after the mail server accepted it. */
const dieAfterAcceptance = new Set<string>();

let stack: Stack;
beforeAll(async () => {
  setRecipients(RECIPIENTS);
  stack = await startStack({
    noticeRecipients: currentNoticeRecipients(recipientsFile),
    afterNoticeAccepted: async (n) => {
      // As a worker killed between the server's acceptance and the record: the activity's attempt ends unrecorded.
      if (dieAfterAcceptance.delete(`${n.caseId}/${n.kind}/${n.party}`)) throw new Error('the worker died');
    },
  });
});
afterEach(() => setRecipients(RECIPIENTS));
afterAll(async () => {
  await stack?.stop();
});

interface NoticeRow {
  kind: string;
  party: string;
  language: string;
  status: string;
  messageId?: string;
  sentAt?: string;
  error?: string;
  natNumber?: string;
  amends?: string;
}
const noticesOf = async (j: Journey): Promise<NoticeRow[]> => (await j.notices()).body;
const settled = (ns: NoticeRow[]) => ns.every((n) => n.status !== 'queued');
const one = (mail: ReceivedMail[], kindParty: string): ReceivedMail => {
  const found = mail.filter((_, i) => kindsOf(mail)[i] === kindParty);
  expect(found).toHaveLength(1);
  return found[0];
};

test('a PSR case walked to arrival leaves in the inbox the CSQ request to MIDI, the pre-NAT and the NAT to MIDI and the sponsor, in French, each once', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const arrivalDate = allowedArrival();
  const booked = expectOk('travel', await j.travel({ arrivalDate, portOfEntry: 'YUL', flights: flightsTo(arrivalDate) })).body;
  expectOk('arrival', await j.arrival({ arrivedOn: today(), portOfEntry: 'YUL' }));

  const notices = await eventually(() => noticesOf(j), (ns) => ns.filter((n) => n.kind === 'nat').length === 2 && settled(ns));
  expect(notices.map((n) => `${n.kind}>${n.party}:${n.status}`)).toEqual([
    'file-transfer>office-abroad:sent',
    'csq-request>midi:sent',
    'pre-nat>sponsor:sent',
    'nat>midi:sent',
    'nat>sponsor:sent',
  ]);
  const mail = await eventually(() => mailFor(j.caseId), (m) => m.length >= notices.length);
  expect(kindsOf(mail).sort()).toEqual(notices.map((n) => `${n.kind}>${n.party}`).sort());

  // Each notice's message id is the email's, and each went to its party's address, in its language.
  for (const n of notices) {
    const email = one(mail, `${n.kind}>${n.party}`);
    expect(n.messageId).toBe(`<${email.messageId}>`);
    expect(n.sentAt).toEqual(expect.any(String));
    const address = { midi: 'refugies@midi.example', sponsor: SPONSOR_EMAIL, 'office-abroad': 'bureau-des-visas@ircc.example' }[n.party];
    expect(email.to.map((t) => t.address)).toEqual([address]);
    expect(email.headers['content-language']).toBe(n.party === 'office-abroad' ? 'en' : 'fr');
  }
  const csqRequest = one(mail, 'csq-request>midi');
  expect(csqRequest.subject).toMatch(/CSQ/);
  expect(csqRequest.text).toContain(j.caseId);

  // The NAT: its number, the persons travelling (names and birth dates), the flight, the port, in French.
  const nat = one(mail, 'nat>midi');
  expect(nat.subject).toContain(booked.travel.natNumber);
  expect(nat.text).toContain("Avis d'arrivée");
  for (const words of ['Abdelrahman', 'Samira', 'Omar', '14 mars 1987', '1er juillet 2012', 'YUL', 'AC 881', 'Groupe de parrainage Saint-Michel']) {
    expect(nat.text).toContain(words);
  }
  // Karim does not travel: he is not on the NAT; no other notice names a refugee.
  expect(nat.text).not.toContain('Karim');
  for (const email of mail.filter((m) => !m.messageId.includes('.nat.'))) expect(email.text).not.toContain('Samira');
  expect(one(mail, 'nat>sponsor').text).toContain(booked.travel.natNumber);
});

test('a re-booking adds one amended NAT per party, citing the NAT it amends; the same booking again sends nothing', async () => {
  const j = await psrAtOverseasProcessing(stack);
  await readyForVisa(j, 'PSR');
  expectOk('visa', await j.visa({ decision: 'issued' }));
  const first = allowedArrival();
  const booking = { arrivalDate: first, portOfEntry: 'YUL', flights: flightsTo(first) };
  const natNumber = expectOk('travel', await j.travel(booking)).body.travel.natNumber;
  const second = allowedArrival(12);
  const rebooking = { arrivalDate: second, portOfEntry: 'YUL', flights: flightsTo(second) };
  const amended = expectOk('re-booking', await j.travel(rebooking)).body.travel.natNumber;
  expectOk('the same booking again', await j.travel(rebooking));

  const notices = await eventually(() => noticesOf(j), (ns) => ns.filter((n) => n.kind === 'nat-amended').length === 2 && settled(ns));
  expect(notices.filter((n) => n.kind === 'nat-amended')).toEqual([
    expect.objectContaining({ party: 'midi', status: 'sent', natNumber: amended, amends: natNumber }),
    expect.objectContaining({ party: 'sponsor', status: 'sent', natNumber: amended, amends: natNumber }),
  ]);
  const mail = await eventually(() => mailFor(j.caseId), (m) => kindsOf(m).filter((k) => k.startsWith('nat-amended')).length >= 2);
  for (const party of ['midi', 'sponsor']) {
    const email = one(mail, `nat-amended>${party}`);
    expect(email.subject).toContain(amended);
    expect(email.text).toContain(natNumber);
    expect(email.text).toContain(amended);
  }
  expect(kindsOf(mail).filter((k) => k.startsWith('nat'))).toHaveLength(4);
});

test('English where configured: MIDI set to English in the recipients file, a sponsor whose contact says English', async () => {
  setRecipients({ ...RECIPIENTS, midi: { email: 'refugies@midi.example', language: 'en' } });
  const opening = psrOpening();
  opening.sponsor!.contact.language = 'en';
  const opened = await call(stack.app, 'POST', '/applications', { token: tokens.midi, body: opening });
  const j = journey(stack, opened.body.caseId);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  // An incomplete package: returned to the sponsor with what is missing.
  expectOk('incomplete', await j.prApplication({ documents: COMPLETE_PACKAGE.documents.slice(0, 3) }));
  expectOk('pr-application', await j.prApplication(await j.uploadPackage()));

  const notices = await eventually(() => noticesOf(j), (ns) => ns.length === 3 && settled(ns));
  expect(notices.map((n) => `${n.kind}>${n.party}:${n.language}:${n.status}`)).toEqual([
    'incomplete-return>sponsor:en:sent',
    'file-transfer>office-abroad:en:sent',
    'csq-request>midi:en:sent',
  ]);
  const mail = await eventually(() => mailFor(j.caseId), (m) => m.length >= 3);
  const returned = one(mail, 'incomplete-return>sponsor');
  expect(returned.headers['content-language']).toBe('en');
  expect(returned.text).toContain('sponsorship undertaking');
  expect(one(mail, 'csq-request>midi').headers['content-language']).toBe('en');
});

test('a worker that dies between the mail server accepting a notice and its record sends it once more, with the same Message-ID', async () => {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  dieAfterAcceptance.add(`${j.caseId}/csq-request/midi`);
  expectOk('pr-application', await j.prApplication(await j.uploadPackage()));

  const notices = await eventually(() => noticesOf(j), (ns) => ns.length === 2 && settled(ns));
  const request = notices.find((n) => n.kind === 'csq-request')!;
  expect(request.status).toBe('sent');
  const mail = await eventually(() => mailFor(j.caseId), (m) => kindsOf(m).filter((k) => k === 'csq-request>midi').length >= 2);
  const copies = mail.filter((_, i) => kindsOf(mail)[i] === 'csq-request>midi');
  expect(copies).toHaveLength(2);
  expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([request.messageId!.slice(1, -1)]));
  expect(dieAfterAcceptance.size).toBe(0);
});

test('an address the mail server refuses: the notice ends failed, shows on the attention report, and goes after an ops retry once the address is mended', async () => {
  // A typo in the recipients file: the mail server refuses the address (501).
  setRecipients({ ...RECIPIENTS, midi: { email: 'refugies..midi@midi.example' } });
  const j = await psrAtOverseasProcessing(stack);

  const failed = await eventually(() => noticesOf(j), (ns) => ns.some((n) => n.kind === 'csq-request' && n.status === 'failed'));
  const request = failed.find((n) => n.kind === 'csq-request')!;
  expect(request.error).toBe("The mail server refused the recipient's address for good (501 to RCPT).");
  expect(request.messageId).toBeUndefined();
  const effect = (await j.read()).body.effects.find((e: { notice?: string }) => e.notice === 'csq-request');
  expect(effect).toMatchObject({ status: 'failed', error: request.error });

  // On the attention report at once: it is read as of now, not only at the daily schedule.
  const report = await eventually(
    () => call(stack.app, 'GET', '/reports/attention', { token: tokens.ops }),
    (r) => r.body.cases.some((c: { caseId: string }) => c.caseId === j.caseId),
  );
  const listed = report.body.cases.find((c: { caseId: string }) => c.caseId === j.caseId);
  expect(listed.failedEffects).toEqual([expect.objectContaining({ effectId: effect.effectId, notice: 'csq-request', error: request.error })]);

  // Ops mend the file and retry the effect: the notice goes, once.
  setRecipients(RECIPIENTS);
  expectOk('retry', await call(stack.app, 'POST', `/applications/${j.caseId}/effects/${effect.effectId}/retry`, { token: tokens.ops }));
  const sent = await eventually(() => noticesOf(j), (ns) => ns.some((n) => n.kind === 'csq-request' && n.status === 'sent'));
  expect(sent.find((n) => n.kind === 'csq-request')).not.toHaveProperty('error');
  await eventually(
    () => call(stack.app, 'GET', '/reports/attention', { token: tokens.ops }),
    (r) => !r.body.cases.some((c: { caseId: string }) => c.caseId === j.caseId),
  );
  const mail = await eventually(() => mailFor(j.caseId), (m) => kindsOf(m).includes('csq-request>midi'));
  expect(one(mail, 'csq-request>midi').to).toEqual([expect.objectContaining({ address: 'refugies@midi.example' })]);
});

test('a party with no address: the notice is undeliverable, kept and visible, and the effects after it go on', async () => {
  setRecipients({ midi: RECIPIENTS.midi });
  const j = await psrAtOverseasProcessing(stack);
  const notices = await eventually(() => noticesOf(j), (ns) => ns.length === 2 && settled(ns));
  expect(notices).toEqual([
    expect.objectContaining({
      kind: 'file-transfer',
      party: 'office-abroad',
      status: 'undeliverable',
      error: 'No address for office-abroad: NOTICE_RECIPIENTS_FILE has no "office-abroad" entry for Nairobi (or "*").',
    }),
    expect.objectContaining({ kind: 'csq-request', party: 'midi', status: 'sent' }),
  ]);
  expect(kindsOf(await mailFor(j.caseId))).toEqual(['csq-request>midi']);
});

test('a recipients file broken while running: MIDI\'s and the office\'s notices wait, saying why, and go once it is mended; the sponsor\'s go', async () => {
  const j = await openPsr(stack);
  expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
  setRecipients('{"midi": ');
  expectOk('incomplete', await j.prApplication({ documents: COMPLETE_PACKAGE.documents.slice(0, 3) }));
  expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
  const waiting = await eventually(() => noticesOf(j), (ns) => ns.length === 2 && ns[1].error !== undefined);
  expect(waiting).toEqual([
    expect.objectContaining({ kind: 'incomplete-return', party: 'sponsor', status: 'sent' }),
    expect.objectContaining({
      kind: 'file-transfer',
      status: 'queued',
      error: 'NOTICE_RECIPIENTS_FILE cannot be read or is not valid: the notice waits until it is mended.',
    }),
  ]);
  setRecipients(RECIPIENTS);
  const sent = await eventually(() => noticesOf(j), (ns) => ns.length === 3 && ns.every((n) => n.status === 'sent'), 90_000);
  expect(sent.map((n) => n.error)).toEqual([undefined, undefined, undefined]);
}, 120_000);

test('a mail server that is down: the notice waits, queued with the reason, and goes once the server is back', async () => {
  const port = await freePort();
  const down = await startStack({ noticeRecipients: RECIPIENTS, smtpUrl: `smtp://127.0.0.1:${port}` });
  try {
    const j = journey(down, (await openPsr(down)).caseId);
    expectOk('sponsorship', await j.sponsorship({ decision: 'approved' }));
    expectOk('pr-application', await j.prApplication(await j.uploadPackage()));
    const waiting = await eventually(() => noticesOf(j), (ns) => ns.some((n) => n.error !== undefined));
    expect(waiting[0]).toMatchObject({ kind: 'file-transfer', status: 'queued', error: 'The mail server could not be reached (ECONNREFUSED).' });

    const inbox = await startInbox({ smtpPort: port, webPort: await freePort(), mailDirectory: mkdtempSync(path.join(os.tmpdir(), 'inbox-')) });
    try {
      const sent = await eventually(() => noticesOf(j), (ns) => ns.length === 2 && ns.every((n) => n.status === 'sent'), 90_000);
      expect(sent.map((n) => n.error)).toEqual([undefined, undefined]);
      expect(kindsOf(await mailFor(j.caseId, inbox.webUrl))).toEqual(['file-transfer>office-abroad', 'csq-request>midi']);
    } finally {
      await inbox.stop();
    }
  } finally {
    await down.stop();
  }
}, 150_000);
