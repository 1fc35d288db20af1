/**
 * Golden bytes of the KIP-848 APIs, ConsumerGroupHeartbeat (68) and ConsumerGroupDescribe (69),
 * laid out by hand from Kafka 4.0's message JSONs (every version flexible, KIP-482): each field of
 * each version, null kept apart from empty in the "unchanged" fields, and the ApiVersions table a
 * KIP-848 client reads.
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, WireError, type RequestHeader } from '../../src/wire/index.js';
import { ADVERTISED_VERSIONS } from '../../src/wire/server/default-codec.js';
import type { ConsumerGroupDescribeResponse, ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/index.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Topic id 00112233-4455-6677-8899-aabbccddeeff as Kafka prints it. */
const TOPIC_ID = 'ABEiM0RVZneImaq7zN3u_w';
const TOPIC_ID_HEX = '00112233445566778899aabbccddeeff';

// Request header v2 (every version flexible): apiKey, version, correlation 7, clientId int16 "c", no tags.
const cghHeader = (version: number): RequestHeader => ({ requestApiKey: 68, requestApiVersion: version, correlationId: 7, clientId: 'c' });
const CGH_HEADER_HEX = (version: number): string => `0044 000${version} 00000007 0001 63 00`;

// Every field set: compact "g", "m", epoch 5, "i", "r", 30000 ms, ["t"], (v1: "t.*"), "uniform",
// [{ TOPIC_ID, [0, 2] }] with the element's empty tag section, then the message's.
const CGH_FULL_BODY = (version: number): string =>
  '02 67  02 6d  00000005  02 69  02 72  00007530  02 02 74' +
  (version >= 1 ? ' 04 742e2a' : '') +
  ` 08 756e69666f726d  02 ${TOPIC_ID_HEX} 03 00000000 00000002 00  00`;

const cghFull = (version: number): ConsumerGroupHeartbeatRequest => ({
  api: 'ConsumerGroupHeartbeat',
  version,
  clientId: 'c',
  clientHost: '',
  groupId: 'g',
  memberId: 'm',
  memberEpoch: 5,
  instanceId: 'i',
  rackId: 'r',
  rebalanceTimeoutMs: 30_000,
  subscribedTopicNames: ['t'],
  subscribedTopicRegex: version >= 1 ? 't.*' : null,
  serverAssignor: 'uniform',
  topicPartitions: [{ topicId: TOPIC_ID, partitions: [0, 2] }],
});

describe('[WIRE-11] ConsumerGroupHeartbeat golden bytes', () => {
  it.each([0, 1])('[WIRE-11] v%i request with every field set decodes to the typed request and encodes back byte for byte', (version) => {
    const frame = hex(CGH_HEADER_HEX(version) + CGH_FULL_BODY(version));
    const { header, request } = decodeRequest(frame);
    expect(header).toEqual(cghHeader(version));
    expect(request).toEqual(cghFull(version));
    expect(toHex(encodeRequest(header, request))).toBe(toHex(frame));
  });

  it('[WIRE-11] v0 has no SubscribedTopicRegex: a v1 regex is not written at v0 and v0 decodes it as null', () => {
    const bytes = encodeRequest(cghHeader(0), { ...cghFull(0), subscribedTopicRegex: 't.*' });
    expect(toHex(bytes)).toBe(toHex(hex(CGH_HEADER_HEX(0) + CGH_FULL_BODY(0))));
    expect((decodeRequest(bytes).request as ConsumerGroupHeartbeatRequest).subscribedTopicRegex).toBeNull();
  });

  it('[WIRE-11] response with an assignment: header v1, nullable struct marker 01, topic id as 16 bytes', () => {
    const response: ConsumerGroupHeartbeatResponse = {
      api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode: 0, errorMessage: null, memberId: 'm', memberEpoch: 5, heartbeatIntervalMs: 5000,
      assignment: { topicPartitions: [{ topicId: TOPIC_ID, partitions: [0, 2] }] },
    };
    const golden = '00000007 00' + '00000000 0000 00 02 6d 00000005 00001388' + ` 01 02 ${TOPIC_ID_HEX} 03 00000000 00000002 00 00` + ' 00';
    for (const version of [0, 1]) {
      const bytes = encodeResponse(cghHeader(version), response);
      expect(toHex(bytes)).toBe(toHex(hex(golden)));
      expect(decodeResponse(cghHeader(version), bytes)).toEqual(response);
    }
  });

  it('[WIRE-11] an error response: null member id, null assignment (int8 -1), the error message', () => {
    const response: ConsumerGroupHeartbeatResponse = {
      api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode: 110, errorMessage: 'x', memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null,
    };
    const bytes = encodeResponse(cghHeader(1), response);
    expect(toHex(bytes)).toBe(toHex(hex('00000007 00  00000000 006e 02 78 00 00000000 00000000 ff 00')));
    expect(decodeResponse(cghHeader(1), bytes)).toEqual(response);
  });
});

describe('[WIRE-12] null means unchanged, empty means empty', () => {
  const STEADY_BODY = '02 67  02 6d  00000005  00  00  ffffffff  00  00  00  00  00';
  const steady = (version: number): ConsumerGroupHeartbeatRequest => ({
    ...cghFull(version), instanceId: null, rackId: null, rebalanceTimeoutMs: -1, subscribedTopicNames: null, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: null,
  });

  it('[WIRE-12] a heartbeat with every nullable field null (nothing changed) writes compact length 0 for each and decodes to null', () => {
    const frame = hex(CGH_HEADER_HEX(1) + STEADY_BODY);
    expect(decodeRequest(frame).request).toEqual(steady(1));
    expect(toHex(encodeRequest(cghHeader(1), steady(1)))).toBe(toHex(frame));
  });

  it('[WIRE-12] an empty list or string is length 0 + 1 (01), never confused with null', () => {
    const empty = { ...steady(1), instanceId: '', rackId: '', subscribedTopicNames: [], subscribedTopicRegex: '', serverAssignor: '', topicPartitions: [] };
    const frame = hex(CGH_HEADER_HEX(1) + '02 67  02 6d  00000005  01  01  ffffffff  01  01  01  01  00');
    expect(toHex(encodeRequest(cghHeader(1), empty))).toBe(toHex(frame));
    expect(decodeRequest(frame).request).toEqual(empty);
  });

  it('[WIRE-12] the non-nullable fields refuse null on decode (GroupId, and a partition list inside TopicPartitions)', () => {
    expect(() => decodeRequest(hex(CGH_HEADER_HEX(1) + '00 02 6d 00000005 00 00 ffffffff 00 00 00 00 00'))).toThrow(WireError);
    expect(() => decodeRequest(hex(CGH_HEADER_HEX(1) + `02 67 02 6d 00000005 00 00 ffffffff 00 00 00 02 ${TOPIC_ID_HEX} 00 00 00`))).toThrow(WireError);
  });
});

describe('[WIRE-11] ConsumerGroupDescribe golden bytes', () => {
  const header = (version: number): RequestHeader => ({ requestApiKey: 69, requestApiVersion: version, correlationId: 9, clientId: 'c' });

  it.each([0, 1])('[WIRE-11] v%i request: compact group ids and the bool', (version) => {
    const frame = hex(`0045 000${version} 00000009 0001 63 00  03 02 61 02 62  01  00`);
    const { request } = decodeRequest(frame);
    expect(request).toEqual({ api: 'ConsumerGroupDescribe', version, clientId: 'c', clientHost: '', groupIds: ['a', 'b'], includeAuthorizedOperations: true });
    expect(toHex(encodeRequest(header(version), request))).toBe(toHex(frame));
  });

  const member = (memberType: number) => ({
    memberId: 'm', instanceId: null, rackId: 'r', memberEpoch: 3, clientId: 'c', clientHost: '/h', subscribedTopicNames: ['t'], subscribedTopicRegex: null,
    assignment: { topicPartitions: [{ topicId: TOPIC_ID, topicName: 't', partitions: [1] }] },
    targetAssignment: { topicPartitions: [] },
    memberType,
  });
  const response = (memberType: number): ConsumerGroupDescribeResponse => ({
    api: 'ConsumerGroupDescribe', throttleTimeMs: 0,
    groups: [{ errorCode: 0, errorMessage: null, groupId: 'g', groupState: 'Stable', groupEpoch: 3, assignmentEpoch: 3, assignorName: 'uniform', members: [member(memberType)], authorizedOperations: -2_147_483_648 }],
  });
  const golden = (version: number): string =>
    '00000009 00  00000000  02' +
    '  0000 00 02 67 07 537461626c65 00000003 00000003 08 756e69666f726d' +
    '  02  02 6d 00 02 72 00000003 02 63 03 2f68 02 02 74 00' +
    `    02 ${TOPIC_ID_HEX} 02 74 02 00000001 00 00` + // Assignment: [{ id, "t", [1] }], its tags
    '    01 00' + // TargetAssignment: no topics, its tags
    (version >= 1 ? '    01' : '') + // MemberType (v1+)
    '    00' + // member tags
    '  80000000 00' + // AuthorizedOperations, group tags
    '  00';

  it('[WIRE-11] v1 response carries MemberType; every member field in order', () => {
    const bytes = encodeResponse(header(1), response(1));
    expect(toHex(bytes)).toBe(toHex(hex(golden(1))));
    expect(decodeResponse(header(1), bytes)).toEqual(response(1));
  });

  it('[WIRE-11] v0 response has no MemberType: not written, decoded as -1 (unknown)', () => {
    const bytes = encodeResponse(header(0), response(1));
    expect(toHex(bytes)).toBe(toHex(hex(golden(0))));
    expect(decodeResponse(header(0), bytes)).toEqual(response(-1));
  });
});

describe('[WIRE-13] the ApiVersions table a KIP-848 client reads', () => {
  const advertised = new Map(ADVERTISED_VERSIONS.map((a) => [a.apiKey, a]));

  it('[WIRE-13] ConsumerGroupHeartbeat and ConsumerGroupDescribe are advertised at 0-1, as Kafka 4.0 does', () => {
    expect(advertised.get(68)).toEqual({ apiKey: 68, minVersion: 0, maxVersion: 1 });
    expect(advertised.get(69)).toEqual({ apiKey: 69, minVersion: 0, maxVersion: 1 });
  });

  it('[WIRE-13] the APIs a KIP-848 consumer uses beside them reach the versions it needs (OffsetCommit 9, OffsetFetch 9, Metadata 10, FindCoordinator 4)', () => {
    for (const [key, max] of [[8, 9], [9, 9], [3, 10], [10, 4]] as const) {
      expect(advertised.get(key)?.maxVersion, `API ${key}`).toBeGreaterThanOrEqual(max);
    }
  });
});

describe('[WIRE-11] [WIRE-12] ConsumerGroupHeartbeat joins captured from real KIP-848 clients', () => {
  // The first heartbeat of a member subscribing to topic "t" in group "g", client id "m1", as the
  // server received it (captured from the frames the codec was given).
  const join = (memberId: string, rebalanceTimeoutMs: number, subscribedTopicRegex: string | null, correlationId: number): ConsumerGroupHeartbeatRequest & { correlationId: number } => ({
    api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'm1', clientHost: '', groupId: 'g', memberId, memberEpoch: 0, instanceId: null, rackId: null,
    rebalanceTimeoutMs, subscribedTopicNames: ['t'], subscribedTopicRegex, serverAssignor: null, topicPartitions: [], correlationId,
  });
  const cases = [
    {
      client: 'node-rdkafka 3.6.1 (librdkafka 2.12.0): a 22-character member id, max.poll.interval.ms as rebalance timeout, and an empty regex "" beside the names',
      frame: '004400010000000300026d31000267176a3267765572357a546d6d64483468525642566b4967000000000000000493e002027401000100',
      request: join('j2gvUr5zTmmdH4hRVBVkIg', 300_000, '', 3),
    },
    {
      client: '@platformatic/kafka 1.35.0: a 36-character dashed uuid as member id and a null regex',
      frame: '004400010000000400026d310002672565386362366231642d393939642d343935382d626464302d64323435643633336663343600000000000000000fa002027400000100',
      request: join('e8cb6b1d-999d-4958-bdd0-d245d633fc46', 4000, null, 4),
    },
  ];

  it.each(cases)('[WIRE-11] $client', ({ frame, request }) => {
    const { correlationId, ...typed } = request;
    const { header, request: decoded } = decodeRequest(hex(frame));
    expect(header).toEqual({ requestApiKey: 68, requestApiVersion: 1, correlationId, clientId: 'm1' });
    expect(decoded).toEqual(typed);
    expect(toHex(encodeRequest(header, decoded))).toBe(frame);
  });
});
