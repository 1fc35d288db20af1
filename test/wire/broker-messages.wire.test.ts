/**
 * The messages the project's own client and in-memory broker exchange survive the codec: a
 * consumer group runs on the in-memory cluster, and every request and answer in the consumers'
 * traces is encoded and decoded at its own version. This catches a typed
 * field whose name is not in the schema (it would be dropped) and values the schemas cannot carry.
 */
import { describe, expect, it } from 'vitest';
import { produce } from '../../src/broker/produce.js';
import { textRecord } from '../../src/protocol/messages/index.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, FETCH_BYTES_PER_RECORD, type RequestHeader, type WireRequest, type WireResponse } from '../../src/wire/index.js';
import { API_BY_NAME } from '../../src/wire/registry.js';
import { fieldsAt } from '../../src/wire/schema.js';
import { project, unknownKeys } from './arbitrary.js';

// The header fields, and Fetch's partitionMaxRecords (not a Kafka field: WIRE-10).
const HEADER_KEYS = new Set(['api', 'version', 'clientId', 'clientHost', 'topics.partitions.partitionMaxRecords']);
import { cluster, TOPIC, World } from '../unit/client/world.js';

interface Exchange {
  readonly request: WireRequest;
  readonly response: WireResponse;
}

function exchanges(): Exchange[] {
  const kafka = cluster(3);
  const world = new World(kafka);
  world.add({ 'client.id': 'c1' });
  world.add({ 'client.id': 'c2' });
  for (let i = 0; i < 6; i++) produce(kafka, TOPIC, i % 3, [textRecord(`v${i}`, `k${i}`)]);
  world.until(() => world.stable(2) && world.members.every((m) => m.records.length > 0) || world.members.reduce((n, m) => n + m.records.length, 0) === 6);
  world.run(6000);
  for (const m of world.members) m.consumer.close();
  world.run(2000);
  const out: Exchange[] = [];
  for (const m of world.members) {
    const pending = new Map<string, WireRequest[]>();
    for (const e of m.consumer.trace) {
      if (e.type === 'request') {
        const q = pending.get(e.api) ?? [];
        q.push((e as unknown as { request: WireRequest }).request);
        pending.set(e.api, q);
      } else if (e.type === 'response') {
        const request = pending.get(e.api)?.shift();
        if (request !== undefined) out.push({ request, response: (e as unknown as { response: WireResponse }).response });
      }
    }
  }
  return out;
}

function expectedRequest(request: WireRequest, header: RequestHeader): unknown {
  const base = { ...request, clientId: header.clientId, clientHost: '' };
  if (request.api !== 'Fetch') return base;
  return { ...base, topics: request.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, partitionMaxRecords: Math.max(1, Math.floor(p.partitionMaxBytes / FETCH_BYTES_PER_RECORD)) })) })) };
}

describe('[WIRE-02] the in-memory cluster and client messages through the codec', () => {
  const all = exchanges();

  it('[WIRE-02] a consumer group run exchanges the APIs a consumer needs', () => {
    const apis = new Set(all.map((x) => x.request.api));
    for (const api of ['Metadata', 'FindCoordinator', 'JoinGroup', 'SyncGroup', 'OffsetFetch', 'Fetch', 'Heartbeat', 'LeaveGroup']) expect(apis, api).toContain(api);
  });

  it('[WIRE-02] every request round trips at its own version; every answer at its version; no typed field is unknown to the schema', () => {
    for (const { request, response } of all) {
      const api = API_BY_NAME.get(request.api)!;
      const header: RequestHeader = { requestApiKey: api.apiKey, requestApiVersion: request.version, correlationId: 1, clientId: 'cid' };
      expect(decodeRequest(encodeRequest(header, request)).request, request.api).toEqual(expectedRequest(request, header));
      const version = request.version;
      expect(unknownKeys(request, fieldsAt(api.request, version)).filter((k) => !HEADER_KEYS.has(k)), request.api).toEqual([]);
      expect(unknownKeys(response, fieldsAt(api.response, version)).filter((k) => k !== 'api'), response.api).toEqual([]);
      const expected = { api: response.api, ...project(response as unknown as Record<string, unknown>, fieldsAt(api.response, version)) };
      expect(decodeResponse(header, encodeResponse(header, response)), `${response.api} v${version}`).toEqual(expected);
    }
  });
});
