/**
 * Workflow histories as JSON files, in the format of Temporal's own tools (proto JSON, what
 * `temporal workflow show --output json` writes).
 *
 * The SDK's `historyToJSON` / `historyFromJSON` (@temporalio/common/lib/proto-utils) cannot be
 * used with this install: npm nests a separate copy of protobufjs 8 under each of
 * @temporalio/common, /proto and /worker, so common's `protojson` refuses the History type built
 * by /proto's copy ("type must be a Type"). These do the same with the protobufjs copy that
 * @temporalio/proto itself loads, so they keep working if the copies are ever deduplicated.
 */
import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History | null;
}

const protojson: ProtoJson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto'))] }),
);
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJSON(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

/** A History to replay; fields a newer server added are ignored, as the SDK does. */
export function historyFromJSON(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history?.events?.length) throw new TypeError('not a workflow history: no events');
  return history;
}
