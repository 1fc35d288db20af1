/**
 * WIRE-14: an ApiVersions answer carrying UNSUPPORTED_VERSION is read at the version asked and,
 * failing that, in the v0 layout, as Kafka's `ApiVersionsResponse.parse` does. Golden bytes:
 * librdkafka 2.12's mock answering v3 (captured with tools/mock-cluster/api-versions-probe.mjs),
 * and Kafka's v0-layout answer. WIRE-15: a null the version forbids reads as empty in answers.
 */
import { describe, expect, it } from 'vitest';
import { apiVersionsOutcome, type ApiVersionsResponse } from '../../../src/protocol/messages/index.js';
import { decodeAnswer } from '../../../src/wire/client/index.js';
import { decodeResponse, requestHeaderFor } from '../../../src/wire/frames.js';
import { WireError } from '../../../src/wire/errors.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));

const v3 = requestHeaderFor({ api: 'ApiVersions', version: 3, clientSoftwareName: 'kafka-group-spec', clientSoftwareVersion: '0.1.0' } as never, 1, 'c');

describe('ApiVersions answers to a version the broker refuses', () => {
  // correlation id 1 | error 35 | count 1 in one byte (not a compact length) | ApiVersions 0..2 | throttle 0;
  // no tagged fields after the entry or the body.
  const mock = hex('00000001 0023 01 0012 0000 0002 00000000');
  // correlation id 1 | error 35 | int32 count 1 | ApiVersions 0..3 (KIP-511's v0 layout)
  const kafka = hex('00000001 0023 00000001 0012 0000 0003');

  it('[WIRE-14] librdkafka 2.12 mock\'s answer to v3 reads at v3 (an empty table and the error), so the client asks v0', () => {
    const r = decodeAnswer(v3, mock) as ApiVersionsResponse;
    expect(r).toMatchObject({ api: 'ApiVersions', errorCode: 35, apiKeys: [] });
    expect(apiVersionsOutcome(r, 3)).toEqual({ type: 'retry', version: 0 });
    // Read straight in the v0 layout, as this client did before, the one-byte count makes a
    // table of 16 million entries: the answer could not be read and the connection was closed.
    expect(() => decodeResponse({ ...v3, requestApiVersion: 0 }, mock, { allowTrailingBytes: true })).toThrow(WireError);
  });

  it('[WIRE-14] Kafka\'s v0-layout answer cannot be read at v3 and reads at v0, with its range', () => {
    expect(() => decodeResponse(v3, kafka, { allowTrailingBytes: true })).toThrow(WireError);
    const r = decodeAnswer(v3, kafka) as ApiVersionsResponse;
    expect(r).toEqual({ api: 'ApiVersions', errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
    expect(apiVersionsOutcome(r, 4)).toEqual({ type: 'retry', version: 3 });
  });
});

describe('a null where the version allows none', () => {
  it('[WIRE-15] a SyncGroup v3 answer with a null assignment (the mock\'s error answer) reads as empty for the consumer\'s transport, and is refused otherwise', () => {
    const header = requestHeaderFor({ api: 'SyncGroup', version: 3, clientId: 'c', clientHost: '', groupId: 'g', generationId: 2, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] }, 9);
    // correlation id 9 | throttle 0 | error 42 INVALID_REQUEST | assignment bytes length -1
    const frame = hex('00000009 00000000 002a ffffffff');
    expect(decodeAnswer(header, frame, { nullAsEmpty: true })).toEqual({ api: 'SyncGroup', errorCode: 42, protocolType: null, protocolName: null, assignment: new Uint8Array(0) });
    expect(() => decodeAnswer(header, frame)).toThrow(/not nullable/);
    expect(() => decodeResponse(header, frame)).toThrow(/not nullable/);
  });
});
