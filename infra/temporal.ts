/** Connections to Temporal: the dev server `npm start` runs, a cluster, or Temporal Cloud. */
import { readFileSync } from 'node:fs';
import { Connection, Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Config } from './config';
import { CASE_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { dataConverterFor } from './codec';

export function temporalAddress(config: Config): string {
  return config.temporalAddress ?? `127.0.0.1:${config.devServer.port}`;
}

function tlsOptions(config: Config) {
  const t = config.temporalTls;
  if (!t) return config.temporalApiKey ? true : undefined;
  return {
    serverNameOverride: t.serverName,
    serverRootCACertificate: t.caPath ? readFileSync(t.caPath) : undefined,
    clientCertPair:
      t.certPath && t.keyPath ? { crt: readFileSync(t.certPath), key: readFileSync(t.keyPath) } : undefined,
  };
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({
    address: temporalAddress(config),
    tls: tlsOptions(config),
    apiKey: config.temporalApiKey,
  });
  return new Client({ connection, namespace: config.temporalNamespace, dataConverter: dataConverterFor(config.payloadKeys) });
}

export function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: temporalAddress(config),
    tls: tlsOptions(config),
    apiKey: config.temporalApiKey,
  });
}

/** Registers the search attributes of spec §5 on the namespace; those already there are left alone. */
export async function registerSearchAttributes(client: Client, namespace: string): Promise<void> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (!missing.length) return;
  const typeOf: Record<string, number> = {
    KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
    KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  };
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, typeOf[k.type]])),
  });
}
