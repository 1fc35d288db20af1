/**
 * Round trips of every API and version the codec advertises: an arbitrary typed message,
 * encoded and decoded, equals itself, for requests (client -> server) and responses
 * (server -> client).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_VERSION_RANGES } from '../../src/protocol/messages/index.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, FETCH_BYTES_PER_RECORD, type RequestHeader, type WireRequest, type WireResponse } from '../../src/wire/index.js';
import { API_BY_KEY, SUPPORTED_VERSIONS } from '../../src/wire/registry.js';
import { parseVersions } from '../../src/wire/schema.js';
import { messageArb } from './arbitrary.js';

const RUNS = 25;

/** What decodeRequest adds: the header fields, and Fetch's record cap derived from partitionMaxBytes. */
function expectedRequest(api: string, header: RequestHeader, body: Record<string, unknown>): unknown {
  const request: Record<string, unknown> = { api, version: header.requestApiVersion, clientId: header.clientId ?? '', clientHost: '', ...body };
  if (api !== 'Fetch') return request;
  const topics = body['topics'] as { partitions: { partitionMaxBytes: number }[] }[];
  return {
    ...request,
    topics: topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, partitionMaxRecords: Math.max(1, Math.floor(p.partitionMaxBytes / FETCH_BYTES_PER_RECORD)) })) })),
  };
}

/** What decodeResponse adds: ListOffsets v0's offset read from OldStyleOffsets (WIRE-10). */
function expectedResponse(response: WireResponse, version: number): unknown {
  if (response.api !== 'ListOffsets' || version !== 0) return response;
  return { ...response, topics: response.topics.map((t) => ({ ...t, partitions: t.partitions.map((p) => ({ ...p, offset: p.oldStyleOffsets?.[0] ?? -1 })) })) };
}

const cases = [...SUPPORTED_VERSIONS].flatMap(([apiKey, range]) =>
  Array.from({ length: range.max - range.min + 1 }, (_, i) => ({ apiKey, version: range.min + i })),
);

describe('[WIRE-02] round trips of every advertised API and version', () => {
  it('[WIRE-04] every advertised API has request and response schemas covering its range', () => {
    for (const [apiKey, range] of SUPPORTED_VERSIONS) {
      const api = API_BY_KEY.get(apiKey);
      expect(api, `API key ${apiKey}`).toBeDefined();
      for (const schema of [api!.request, api!.response]) {
        const valid = parseVersions(schema.validVersions);
        expect([valid.min, valid.max], schema.name).toEqual([range.min, range.max]);
      }
    }
  });

  it('[WIRE-04] every version a typed message module declares is advertised', () => {
    for (const [name, r] of Object.entries(API_VERSION_RANGES)) {
      const supported = SUPPORTED_VERSIONS.get(r.apiKey);
      expect(supported, name).toBeDefined();
      expect(supported!.min <= r.min && r.max <= supported!.max, `${name} ${r.min}-${r.max}`).toBe(true);
    }
  });

  it.each(cases)('[WIRE-02] request: API key $apiKey v$version', ({ apiKey, version }) => {
    const api = API_BY_KEY.get(apiKey)!;
    fc.assert(
      fc.property(messageArb(api.request, version), fc.integer(), fc.string({ maxLength: 5 }), (body, correlationId, clientId) => {
        const header: RequestHeader = { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId };
        const request = { api: api.api, version, clientId, clientHost: '', ...body } as unknown as WireRequest;
        const decoded = decodeRequest(encodeRequest(header, request));
        expect(decoded.header).toEqual(header);
        expect(decoded.request).toEqual(expectedRequest(api.api, header, body));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(cases)('[WIRE-02] response: API key $apiKey v$version', ({ apiKey, version }) => {
    const api = API_BY_KEY.get(apiKey)!;
    fc.assert(
      fc.property(messageArb(api.response, version), fc.integer(), (body, correlationId) => {
        const header: RequestHeader = { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: 'c' };
        const response = { api: api.api, ...body } as unknown as WireResponse;
        expect(decodeResponse(header, encodeResponse(header, response))).toEqual(expectedResponse(response, version));
      }),
      { numRuns: RUNS },
    );
  });
});
