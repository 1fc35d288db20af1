/**
 * Hand-built golden bytes for flexible versions (laid out from Kafka's RequestHeader.json,
 * ResponseHeader.json and the API's JSON, per KIP-482), tagged fields, the ApiVersions fallback,
 * schema checks, and malformed input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSchema, decodeRequest, decodeResponse, encodeRequest, encodeResponse, WireError, type RequestHeader } from '../../src/wire/index.js';
import { APIS, SUPPORTED_VERSIONS } from '../../src/wire/registry.js';
import type { MessageSchema } from '../../src/wire/schema.js';
import { kjsFrame, kjsRequest } from './kafkajs.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Runs `f` and returns the WireError it throws (failing if it throws anything else or nothing). */
function wireError(f: () => unknown): WireError {
  try {
    f();
  } catch (e) {
    if (e instanceof WireError) return e;
    throw e;
  }
  throw new Error('expected a WireError');
}

// Heartbeat v4 request (flexible): header v2 = apiKey 000c, version 0004, correlation 00000001,
// clientId int16 "c" (0001 63), no tags (00); body = compact "g" (02 67), generation 00000005,
// compact "m" (02 6d), null compact groupInstanceId (00), no tags (00).
const HEARTBEAT_V4 = hex('000c 0004 00000001 0001 63 00   02 67 00000005 02 6d 00 00');
const HEARTBEAT_V4_HEADER: RequestHeader = { requestApiKey: 12, requestApiVersion: 4, correlationId: 1, clientId: 'c' };

describe('[WIRE-01] [WIRE-02] hand-built golden bytes', () => {
  it('[WIRE-02] Heartbeat v4 request: header v2, compact strings, empty tagged sections', () => {
    const { header, request } = decodeRequest(HEARTBEAT_V4);
    expect(header).toEqual(HEARTBEAT_V4_HEADER);
    expect(request).toEqual({ api: 'Heartbeat', version: 4, clientId: 'c', clientHost: '', groupId: 'g', generationId: 5, memberId: 'm', groupInstanceId: null });
    expect(toHex(encodeRequest(header, request))).toBe(toHex(HEARTBEAT_V4));
  });

  it('[WIRE-01] Heartbeat v4 response uses header v1 (tagged section); v3 uses header v0', () => {
    expect(toHex(encodeResponse(HEARTBEAT_V4_HEADER, { api: 'Heartbeat', errorCode: 27 }))).toBe('00000001' + '00' + '00000000' + '001b' + '00');
    expect(toHex(encodeResponse({ ...HEARTBEAT_V4_HEADER, requestApiVersion: 3 }, { api: 'Heartbeat', errorCode: 27 }))).toBe('00000001' + '00000000' + '001b');
  });

  it('[WIRE-02] unknown tagged fields are skipped, in the header and the body', () => {
    // Same request with tag 3 (2 bytes) in the header and tags 1 and 7 in the body.
    const tagged = hex('000c 0004 00000001 0001 63 01 03 02 abcd   02 67 00000005 02 6d 00 02 01 01 ff 07 00');
    expect(decodeRequest(tagged).request).toEqual(decodeRequest(HEARTBEAT_V4).request);
  });

  it('[WIRE-01] [WIRE-02] ApiVersions v3: request header v2, response header v0 with compact array and tagged features skipped', () => {
    const req = hex('0012 0003 0000002a 0003 6b6a73 00   04 6c6962 02 31 00');
    const { header, request } = decodeRequest(req);
    expect(request).toEqual({ api: 'ApiVersions', version: 3, clientId: 'kjs', clientHost: '', clientSoftwareName: 'lib', clientSoftwareVersion: '1' });
    const response = { api: 'ApiVersions' as const, errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }], throttleTimeMs: 0 };
    const bytes = encodeResponse(header, response);
    expect(toHex(bytes)).toBe('0000002a' + '0000' + '02' + '0012 0000 0004 00'.replace(/ /g, '') + '00000000' + '00');
    // A broker's SupportedFeatures (tag 0) is read past.
    const withFeatures = hex('0000002a 0000 02 0012 0000 0004 00 00000000 01 00 08 02 02 6d 0000 0001 00');
    expect(decodeResponse(header, withFeatures)).toEqual({ ...response });
  });
});

describe('[WIRE-03] ApiVersions fallback', () => {
  const future = hex('0012 0063 00000005 0001 63 00 00 00');

  it('[WIRE-03] an ApiVersions request of an unsupported version throws UNSUPPORTED_VERSION with its header', () => {
    const e = wireError(() => decodeRequest(future));
    expect(e.kind).toBe('UNSUPPORTED_VERSION');
    expect(e.errorCode).toBe(35);
    expect(e.header).toEqual({ requestApiKey: 18, requestApiVersion: 99, correlationId: 5, clientId: 'c' });
  });

  it('[WIRE-03] the answer to it is ApiVersions v0 (header v0, classic array) carrying the error and the table', () => {
    const e = wireError(() => decodeRequest(future));
    const bytes = encodeResponse(e.header!, { api: 'ApiVersions', errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }], throttleTimeMs: 0 });
    expect(toHex(bytes)).toBe('00000005' + '0023' + '00000001' + '001200000004');
  });

  it('[WIRE-03] another API of an unsupported version throws UNSUPPORTED_VERSION with its header (Kafka closes)', () => {
    const e = wireError(() => decodeRequest(hex('000c 0063 00000005 0001 63')));
    expect(e.kind).toBe('UNSUPPORTED_VERSION');
    expect(e.header?.requestApiKey).toBe(12);
  });

  it('[WIRE-03] an unknown API key throws UNSUPPORTED_API_KEY with its header', () => {
    const e = wireError(() => decodeRequest(hex('7fff 0000 00000005 0001 63')));
    expect(e.kind).toBe('UNSUPPORTED_API_KEY');
    expect(e.header?.requestApiKey).toBe(0x7fff);
  });
});

describe('[WIRE-09] schemas are checked', () => {
  it('[WIRE-09] every schema module passes the checks', () => {
    for (const api of APIS) {
      expect(checkSchema(api.request), api.request.name).toEqual([]);
      expect(checkSchema(api.response), api.response.name).toEqual([]);
    }
  });

  it('[WIRE-09] a field that exists in no valid version is a failure', () => {
    const bad: MessageSchema = {
      name: 'BadRequest', apiKey: 999, type: 'request', validVersions: '0-3', flexibleVersions: 'none',
      fields: [{ name: 'Gone', type: 'int32', versions: '4+' }, { name: 'Outer', type: '[]Outer', versions: '0-1', fields: [{ name: 'Inner', type: 'int8', versions: '2+' }] }],
    };
    expect(checkSchema(bad)).toEqual(['BadRequest.Gone: exists in no valid version (versions 4+)', 'BadRequest.Outer.Inner: exists in no valid version (versions 2+)']);
  });

  it('[WIRE-09] tagged fields outside flexible versions, duplicate tags and nullable ints are failures', () => {
    const bad: MessageSchema = {
      name: 'BadResponse', apiKey: 999, type: 'response', validVersions: '0-3', flexibleVersions: '2+',
      fields: [
        { name: 'A', type: 'int32', versions: '0+', taggedVersions: '0+', tag: 0 },
        { name: 'B', type: 'string', versions: '2+', nullableVersions: '0+', taggedVersions: '2+', tag: 0 },
        { name: 'C', type: 'int32', versions: '0+', nullableVersions: '0+' },
      ],
    };
    expect(checkSchema(bad)).toEqual([
      'BadResponse.A: tagged outside the flexible versions',
      'BadResponse.B: duplicate tag 0',
      'BadResponse.C: type int32 cannot be nullable',
    ]);
  });
});

describe('[WIRE-07] malformed frames throw WireError and allocate no more than the frame holds', () => {
  it('[WIRE-07] every truncation of real frames throws WireError', async () => {
    const frames = [
      HEARTBEAT_V4,
      (await kjsFrame(kjsRequest('joinGroup', 5)({ groupId: 'g', sessionTimeout: 1, rebalanceTimeout: 1, memberId: '', protocolType: 'consumer', groupProtocols: [{ name: 'x', metadata: Buffer.from([1]) }] }))).subarray(4),
      (await kjsFrame(kjsRequest('produce', 7)({ acks: -1, timeout: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v' }] }] }] }))).subarray(4),
    ];
    for (const frame of frames) {
      for (let n = 0; n < frame.length; n++) expect(() => decodeRequest(frame.subarray(0, n)), `${n} bytes`).toThrow(WireError);
    }
  });

  it('[WIRE-07] a huge array length is refused before anything is allocated', () => {
    // JoinGroup v5 with protocols count 0x7fffffff and a 2-byte body left.
    const e = wireError(() => decodeRequest(hex('000b 0005 00000001 ffff 0001 67 00000001 00000001 0000 ffff 0000 7fffffff 0000')));
    expect(e.kind).toBe('INVALID_LENGTH');
    expect(e.header?.correlationId).toBe(1);
    expect(e.message).toContain('2147483647');
  });

  it('[WIRE-07] a negative string length other than -1 is refused', () => {
    expect(wireError(() => decodeRequest(hex('000c 0003 00000001 0001 63 fffb'))).kind).toBe('INVALID_LENGTH');
  });

  it('[WIRE-07] an unsigned varint longer than 5 bytes is refused', () => {
    expect(wireError(() => decodeRequest(hex('000c 0004 00000001 0001 63 00 ffffffffff7f'))).kind).toBe('INVALID_VARINT');
  });

  it('[WIRE-07] a non-nullable field sent as null is refused', () => {
    expect(wireError(() => decodeRequest(hex('000c 0003 00000001 0001 63 ffff'))).kind).toBe('INVALID_VALUE');
  });

  it('[WIRE-07] bytes after the request are ignored, as Kafka ignores them (librdkafka 2.x sends some)', () => {
    const withTrailing = decodeRequest(hex('000c 0004 00000001 0001 63 00 02 67 00000005 02 6d 00 00 00'));
    const exact = decodeRequest(hex('000c 0004 00000001 0001 63 00 02 67 00000005 02 6d 00 00'));
    expect(withTrailing).toEqual(exact);
    // librdkafka 2.12's all-topics Metadata v12: a null topic array, then the three unused bytes of its count placeholder.
    expect(decodeRequest(hex('0003000c 00000003 0001 6d 00 00 00 00 00 00 00 00')).request).toMatchObject({ api: 'Metadata', topics: null });
  });

  it('[WIRE-07] real frames with bytes flipped, cut or grown either decode or throw WireError', async () => {
    const frames = [
      HEARTBEAT_V4,
      (await kjsFrame(kjsRequest('joinGroup', 5)({ groupId: 'g', sessionTimeout: 1, rebalanceTimeout: 1, memberId: '', protocolType: 'consumer', groupProtocols: [{ name: 'x', metadata: Buffer.from([1, 2, 3]) }] }))).subarray(4),
      (await kjsFrame(kjsRequest('produce', 7)({ acks: -1, timeout: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v', headers: { a: 'b' } }] }] }] }))).subarray(4),
      (await kjsFrame(kjsRequest('fetch', 11)({ replicaId: -1, maxWaitTime: 1, minBytes: 1, maxBytes: 1, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 9 }] }] }))).subarray(4),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: -8, max: 8 }), (frame, flips, grow) => {
        const bytes = new Uint8Array(Math.max(0, frame.length + grow));
        bytes.set(frame.subarray(0, bytes.length));
        for (const [at, value] of flips) if (bytes.length > 8) bytes[8 + (at % (bytes.length - 8))] = value;
        try {
          decodeRequest(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('[WIRE-07] arbitrary bytes after a valid header either decode or throw WireError', () => {
    const keys = [...SUPPORTED_VERSIONS.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.nat(20), fc.uint8Array({ maxLength: 64 }), (apiKey, v, body) => {
        const frame = new Uint8Array([apiKey >> 8, apiKey & 0xff, 0, v, 0, 0, 0, 1, 0, 1, 99, ...body]);
        try {
          decodeRequest(frame);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
