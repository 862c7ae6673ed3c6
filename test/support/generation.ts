/**
 * The workflow code's generation the scenarios of `npm run record-histories` record now, named after its newest
 * patch: `test/histories/<scenario>--<generation>.json`. Each generation's files stay and keep replaying: files
 * without one were recorded before effects left the decision path (they run the frozen code in workflows/legacy),
 * `--effects-queue` before the case followed up its OYW applications (`--oyw-follow-ups-in-case`),
 * `--oyw-follow-ups-in-case` before the case sent MIDI the OYW selection request itself (`--oyw-request-in-case`),
 * `--oyw-request-in-case` before the opening's database copy came first, by a local activity
 * (`opening-recorded-locally`), and the deadline timer was started again only when the deadline changes
 * (`--deadline-timer-kept`), `--deadline-timer-kept` before a complete package was filed only once its documents were
 * stored, the scenarios uploading them (`--documents-digitized-at-intake`, domain/documents.ts),
 * `--documents-digitized-at-intake` before the case published the search attributes of ops's questions
 * (`AwaitingMidi`, `OywOverdue`: `--ops-search-attributes`).
 * Read by scripts/record-histories.ts and test/replay-guard.test.ts.
 */
export const GENERATION = 'ops-search-attributes';
