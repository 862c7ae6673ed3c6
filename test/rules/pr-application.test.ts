/** Rule 3: the PR application, received while awaited, on a valid sponsorship; what a package is missing. */
import { decisionRefusal, missingDocuments } from '../../workflows/rules';
import { documentRefusal, documentsToDigitize, packageDocumentsFault, prApplicationRefusal, sponsorshipValidity } from '../../workflows/rules/pr-application';
import { decisionInputFault } from '../../workflows/rules/input';
import { addDependantRefusal } from '../../workflows/rules/changes';
import { packageImplausible } from '../../domain/plausibility';
import { MAX_DOCUMENTS_PER_CASE, type StoredDocument } from '../../domain/documents';
import { FORMATS, isDocumentId } from '../../domain/formats';
import { COMPLETE_PACKAGE } from '../support/fixtures';
import { approvedPsr, ctx, garCase, psrAbroad, psrCase } from './states';

test('rule 3: received while the case awaits it, on an approved sponsorship', () => {
  expect(decisionRefusal('prApplication', approvedPsr(), COMPLETE_PACKAGE, ctx)).toBeNull();
});

test('rule 3: refused before approval and after intake, naming the stage', () => {
  expect(prApplicationRefusal(psrCase(), COMPLETE_PACKAGE)?.en).toBe(
    'The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at sponsorship-review.',
  );
  expect(prApplicationRefusal(psrAbroad(), COMPLETE_PACKAGE)?.en).toBe(
    'The PR application is received only while the case awaits it (stage awaiting-pr-application); the case is at overseas-processing.',
  );
});

test('rule 3: a sponsorship withdrawn or lapsed is not valid', () => {
  const s = approvedPsr();
  expect(sponsorshipValidity(s)).toBeNull();
  s.sponsorship.status = 'withdrawn';
  expect(prApplicationRefusal(s, COMPLETE_PACKAGE)?.en).toBe('The sponsorship is not valid: it is withdrawn.');
  s.sponsorship.status = 'refused';
  expect(sponsorshipValidity(s)?.en).toBe('The sponsorship is not valid: it is refused.');
});

test('a GAR takes no PR application', () => {
  expect(prApplicationRefusal(garCase(), COMPLETE_PACKAGE)?.en).toBe('A GAR case is opened on a referral; it takes no PR application from a sponsor.');
});

test('rule 3: what is missing, in the order of the checklist', () => {
  expect(missingDocuments(COMPLETE_PACKAGE)).toEqual([]);
  expect(missingDocuments({ documents: [] })).toEqual(['IMM0008', 'IMM0008-ScheduleA', 'IMM0008-Schedule2', 'sponsorship-undertaking']);
  expect(
    missingDocuments({ documents: [{ type: 'sponsorship-undertaking', fileName: 'u.pdf' }, { type: 'IMM0008', fileName: 'a.pdf' }] }),
  ).toEqual(['IMM0008-ScheduleA', 'IMM0008-Schedule2']);
});

const stored = (documentId: string, type: StoredDocument['type']): StoredDocument => ({
  documentId,
  type,
  fileName: `${documentId}.pdf`,
  contentType: 'application/pdf',
  bytes: 100,
  sha256: 'a'.repeat(64),
  uploadedAt: '2026-11-25T15:00:00.000Z',
});

test('spec §6: a package is digitized when every required type has a stored file on the case, whoever uploaded it', () => {
  const s = approvedPsr();
  expect(documentsToDigitize(s)).toEqual(['IMM0008', 'IMM0008-ScheduleA', 'IMM0008-Schedule2', 'sponsorship-undertaking']);
  s.documents = [stored('d1', 'other'), stored('d2', 'IMM0008-Schedule2'), stored('d3', 'IMM0008')];
  expect(documentsToDigitize(s)).toEqual(['IMM0008-ScheduleA', 'sponsorship-undertaking']);
  s.documents.push(stored('d4', 'IMM0008-ScheduleA'), stored('d5', 'sponsorship-undertaking'));
  expect(documentsToDigitize(s)).toEqual([]);
});

test('spec §6: an uploaded document named by a package is one of this case, under the type it was uploaded as', () => {
  const s = approvedPsr();
  s.documents = [stored('d1', 'IMM0008'), stored('d2', 'other')];
  const paper = COMPLETE_PACKAGE.documents.slice(1);
  expect(packageDocumentsFault(s, { documents: [{ type: 'IMM0008', documentId: 'd1' }, ...paper] })).toBeNull();
  expect(packageDocumentsFault(s, COMPLETE_PACKAGE)).toBeNull();
  expect(packageDocumentsFault(s, { documents: [...paper, { type: 'IMM0008', documentId: 'd9' }] })?.en).toBe(
    'body.documents.3.documentId names no document uploaded to this case.',
  );
  expect(packageDocumentsFault(s, { documents: [{ type: 'IMM0008', documentId: 'd1' }, { type: 'IMM0008', documentId: 'd2' }] })?.en).toBe(
    'body.documents.1.type is IMM0008, but document d2 was uploaded as other.',
  );
  expect(decisionInputFault('prApplication', psrCase(), { documents: [{ type: 'IMM0008', documentId: 'd1' }] }, ctx)?.en).toBe(
    'body.documents.0.documentId names no document uploaded to this case.',
  );
});

test('spec §6: each entry of a package is uploaded or on paper, one of the two', () => {
  expect(packageImplausible(COMPLETE_PACKAGE)).toBeNull();
  expect(packageImplausible({ documents: [{ type: 'IMM0008', documentId: 'd1' }, { type: 'other', fileName: 'x.pdf' }] })).toBeNull();
  expect(packageImplausible({ documents: [{ type: 'IMM0008', fileName: 'x.pdf' }, { type: 'other', documentId: 'd1', fileName: 'x.pdf' }] })).toEqual({
    field: 'body.documents.1',
    message: 'names both a documentId and a fileName: a document is either uploaded (documentId) or received on paper (fileName).',
  });
  expect(packageImplausible({ documents: [{ type: 'IMM0008' }] })).toEqual({
    field: 'body.documents.0',
    message: 'names neither a documentId nor a fileName: give the documentId of an uploaded document, or the fileName of one received on paper.',
  });
});

test('spec §6 with rule 14: documents are stored for an open case only, up to the most a case keeps', () => {
  const s = approvedPsr();
  expect(documentRefusal(s)).toBeNull();
  s.documents = Array.from({ length: MAX_DOCUMENTS_PER_CASE - 1 }, (_, i) => stored(`d${i}`, 'other'));
  expect(documentRefusal(s)).toBeNull();
  s.documents.push(stored('last', 'other'));
  expect(documentRefusal(s)?.en).toBe('The case already keeps 200 documents, the most it keeps; ask ROC-O to review them.');
  s.outcome = 'abandoned';
  expect(documentRefusal(s)?.en).toBe('The case is closed (outcome abandoned); no action is allowed on a closed case.');
});

test('rule 11 with spec §6: no dependant while the package waits at intake to be digitized', () => {
  const s = approvedPsr();
  s.stage = 'roc-o-intake';
  const dependant = { dependant: { familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2020-02-02', relationship: 'child' as const, accompanying: true } };
  expect(addDependantRefusal(s, dependant)?.en).toBe(
    'The PR application waits at ROC-O intake for its documents to be digitized: add the dependant once it is filed in GCMS.',
  );
  s.stage = 'overseas-processing';
  expect(addDependantRefusal(s, dependant)).toBeNull();
});

test('spec §6: a package names each uploaded document once', () => {
  const d = '0f8fad5b-d9cb-469f-a165-70867728950e';
  expect(packageImplausible({ documents: [{ type: 'IMM0008', documentId: d }, { type: 'other', fileName: 'x.pdf' }, { type: 'IMM0008', documentId: d }] })).toEqual({
    field: 'body.documents.2.documentId',
    message: `names document ${d} again: a package names each document once.`,
  });
  expect(packageImplausible({ documents: [{ type: 'other', fileName: 'x.pdf' }, { type: 'other', fileName: 'x.pdf' }] })).toBeNull();
});

test("spec §6: a document's id is a UUID in lowercase, as its upload answered it", () => {
  expect(isDocumentId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
  expect(isDocumentId('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(false);
  expect(isDocumentId('0f8fad5b-d9cb-469f-a165-70867728950e1')).toBe(false);
  expect(isDocumentId('x0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(false);
  expect(isDocumentId('0f8fad5bd9cb469fa16570867728950e')).toBe(false);
  expect(FORMATS['document-id'].mustBe).toMatch(/^must be a document id as its upload answered it: a UUID in lowercase/);
});
