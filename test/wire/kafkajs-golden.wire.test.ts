/**
 * Golden bytes from a real client: kafkajs 2.2.4's own request encoders produce the frames
 * (exactly what it sends), our codec must decode them to the expected typed request and encode
 * that request back to the same bytes; and kafkajs's response decoders must read what we encode.
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type RequestHeader, type WireResponse } from '../../src/wire/index.js';
import { recordBatch, textRecord, type FetchRequest, type ProduceRequest } from '../../src/protocol/messages/index.js';
import { decompressBatch } from '../../src/wire/compression.js';
import { kjsFrame, kjsRequest, kjsResponse } from './kafkajs.js';

interface GoldenCase {
  readonly api: string;
  readonly v: number;
  readonly args: unknown;
  readonly expected: Record<string, unknown>;
}

const meta = Buffer.from([0, 0, 0, 0, 0, 1, 0, 1, 116, 0, 0, 0, 0]);

const CASES: readonly GoldenCase[] = [
  { api: 'apiVersions', v: 2, args: undefined, expected: { api: 'ApiVersions', version: 2, clientSoftwareName: '', clientSoftwareVersion: '' } },
  { api: 'metadata', v: 0, args: { topics: ['t'] }, expected: { api: 'Metadata', topics: [{ name: 't' }], allowAutoTopicCreation: true } },
  { api: 'metadata', v: 6, args: { topics: ['t'], allowAutoTopicCreation: true }, expected: { api: 'Metadata', version: 6, topics: [{ name: 't' }], allowAutoTopicCreation: true } },
  { api: 'findCoordinator', v: 2, args: { coordinatorKey: 'g', coordinatorType: 0 }, expected: { api: 'FindCoordinator', key: 'g', keyType: 0, coordinatorKeys: [] } },
  {
    api: 'joinGroup', v: 0,
    args: { groupId: 'g', sessionTimeout: 30000, memberId: '', protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata: meta }] },
    expected: { api: 'JoinGroup', version: 0, groupId: 'g', sessionTimeoutMs: 30000, rebalanceTimeoutMs: -1, memberId: '', groupInstanceId: null, protocols: [{ name: 'RoundRobinAssigner', metadata: new Uint8Array(meta) }] },
  },
  {
    api: 'joinGroup', v: 5,
    args: { groupId: 'g', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: 'm-1', protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata: meta }] },
    expected: { api: 'JoinGroup', version: 5, clientId: 'kjs', clientHost: '', groupId: 'g', sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: 'm-1', groupInstanceId: null, protocolType: 'consumer', reason: null },
  },
  {
    api: 'syncGroup', v: 3,
    args: { groupId: 'g', generationId: 1, memberId: 'm', groupAssignment: [{ memberId: 'm', memberAssignment: meta }] },
    expected: { api: 'SyncGroup', groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [{ memberId: 'm', assignment: new Uint8Array(meta) }] },
  },
  { api: 'heartbeat', v: 3, args: { groupId: 'g', groupGenerationId: 3, memberId: 'm', groupInstanceId: null }, expected: { api: 'Heartbeat', groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: null } },
  { api: 'leaveGroup', v: 3, args: { groupId: 'g', members: [{ memberId: 'm' }] }, expected: { api: 'LeaveGroup', groupId: 'g', members: [{ memberId: 'm', groupInstanceId: null, reason: null }] } },
  { api: 'offsetFetch', v: 4, args: { groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0 }] }] }, expected: { api: 'OffsetFetch', groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }], requireStable: false } },
  {
    api: 'offsetCommit', v: 5,
    args: { groupId: 'g', groupGenerationId: 2, memberId: 'm', topics: [{ topic: 't', partitions: [{ partition: 1, offset: '42' }] }] },
    expected: { api: 'OffsetCommit', groupId: 'g', generationIdOrMemberEpoch: 2, memberId: 'm', retentionTimeMs: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 42, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }] },
  },
  {
    api: 'listOffsets', v: 3,
    args: { replicaId: -1, isolationLevel: 1, topics: [{ topic: 't', partitions: [{ partition: 0, timestamp: -2 }] }] },
    expected: { api: 'ListOffsets', replicaId: -1, isolationLevel: 1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2 }] }] },
  },
  {
    api: 'fetch', v: 11,
    args: { replicaId: -1, maxWaitTime: 5000, minBytes: 1, maxBytes: 10485760, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '7', maxBytes: 1048576 }] }] },
    expected: { api: 'Fetch', maxWaitMs: 5000, isolationLevel: 1, sessionId: 0, sessionEpoch: -1, rackId: '', topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 7, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1048576, partitionMaxRecords: 1024 }] }] },
  },
  {
    api: 'fetch', v: 4,
    args: { replicaId: -1, maxWaitTime: 100, minBytes: 1, maxBytes: 1000, isolationLevel: 0, topics: [{ topic: 't', partitions: [{ partition: 2, fetchOffset: '0', maxBytes: 100 }] }] },
    expected: { api: 'Fetch', version: 4, sessionEpoch: -1, topics: [{ topic: 't', partitions: [{ partition: 2, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 100, partitionMaxRecords: 1 }] }] },
  },
  {
    api: 'createTopics', v: 3,
    args: { topics: [{ topic: 't', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], timeout: 5000 },
    expected: { api: 'CreateTopics', timeoutMs: 5000, validateOnly: false, topics: [{ name: 't', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }] },
  },
  { api: 'describeGroups', v: 2, args: { groupIds: ['g', 'h'] }, expected: { api: 'DescribeGroups', groups: ['g', 'h'], includeAuthorizedOperations: false } },
  { api: 'listGroups', v: 2, args: undefined, expected: { api: 'ListGroups', statesFilter: [], typesFilter: [] } },
  { api: 'deleteGroups', v: 1, args: ['g'], expected: { api: 'DeleteGroups', groupsNames: ['g'] } },
];

describe('[WIRE-01] golden bytes from kafkajs 2.2.4 requests', () => {
  it.each(CASES)('[WIRE-01] [WIRE-02] $api v$v decodes to the typed request and encodes back to the same bytes', async ({ api, v, args, expected }) => {
    const frame = await kjsFrame(kjsRequest(api, v)(args as Record<string, unknown>));
    const body = frame.subarray(4);
    const { header, request } = decodeRequest(body);
    expect(header).toMatchObject({ requestApiVersion: v, correlationId: 7, clientId: 'kjs' });
    expect(request).toMatchObject({ version: v, clientId: 'kjs', ...expected });
    expect(encodeRequest(header, request)).toEqual(body);
  });

  it('[WIRE-05] a kafkajs Produce v7 frame: the batch decodes with its CRC checked and re-encodes byte for byte', async () => {
    const args = { acks: -1, timeout: 30000, topicData: [{ topic: 't', partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: 'k', value: 'v1', headers: { h: 'x' }, timestamp: 1000 }, { key: null, value: 'v2', timestamp: 1005 }] }] }] };
    const body = (await kjsFrame(kjsRequest('produce', 7)(args))).subarray(4);
    const { header, request } = decodeRequest(body);
    const batch = (request as ProduceRequest).topicData[0]!.partitionData[0]!.records![0]!;
    expect(batch).toMatchObject({ magic: 2, lastOffsetDelta: 1, baseTimestamp: 1000, maxTimestamp: 1005, producerId: -1 });
    expect(batch.records.map((r) => [r.key && Buffer.from(r.key).toString(), Buffer.from(r.value!).toString(), r.timestampDelta, r.offsetDelta])).toEqual([['k', 'v1', 0, 0], [null, 'v2', 5, 1]]);
    expect(batch.records[0]!.headers).toEqual([{ key: 'h', value: new Uint8Array(Buffer.from('x')) }]);
    expect(encodeRequest(header, request)).toEqual(body);
  });

  it('[WIRE-06] a gzip batch from kafkajs stays opaque, re-encodes byte for byte and decompresses on the client', async () => {
    const args = { acks: -1, timeout: 30000, compression: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'hello', timestamp: 1 }] }] }] };
    const body = (await kjsFrame(kjsRequest('produce', 3)(args))).subarray(4);
    const { header, request } = decodeRequest(body);
    const batch = (request as ProduceRequest).topicData[0]!.partitionData[0]!.records![0]!;
    expect(batch.attributes & 7).toBe(1);
    expect(batch.records).toEqual([]);
    expect(batch.encodedRecords?.count).toBe(1);
    expect(encodeRequest(header, request)).toEqual(body);
    const plain = decompressBatch(batch);
    expect(plain.records.map((r) => Buffer.from(r.value!).toString())).toEqual(['hello']);
    expect(plain.encodedRecords).toBeUndefined();
  });
});

function hdr(apiKey: number, v: number): RequestHeader {
  return { requestApiKey: apiKey, requestApiVersion: v, correlationId: 9, clientId: 'kjs' };
}

async function kjsRead(api: string, v: number, header: RequestHeader, response: WireResponse): Promise<Record<string, unknown>> {
  const bytes = encodeResponse(header, response);
  expect(decodeResponse(header, bytes)).toEqual(response);
  return kjsResponse(api, v).decode(Buffer.from(bytes.subarray(4)));
}

describe('[WIRE-01] kafkajs 2.2.4 reads our responses', () => {
  it('[WIRE-01] ApiVersions v2', async () => {
    const d = await kjsRead('apiVersions', 2, hdr(18, 2), { api: 'ApiVersions', errorCode: 0, apiKeys: [{ apiKey: 11, minVersion: 0, maxVersion: 9 }], throttleTimeMs: 0 });
    expect(d).toMatchObject({ errorCode: 0, apiVersions: [{ apiKey: 11, minVersion: 0, maxVersion: 9 }] });
  });

  it('[WIRE-01] Metadata v6', async () => {
    const d = await kjsRead('metadata', 6, hdr(3, 6), {
      api: 'Metadata', throttleTimeMs: 0, brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }], clusterId: 'c', controllerId: 1,
      topics: [{ errorCode: 0, name: 't', isInternal: false, topicAuthorizedOperations: -2147483648, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: -1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }],
      clusterAuthorizedOperations: -2147483648,
    });
    expect(d).toMatchObject({ brokers: [{ nodeId: 1, host: 'localhost', port: 9092 }], clusterId: 'c', controllerId: 1, topicMetadata: [{ topic: 't', partitionMetadata: [{ partitionId: 0, leader: 1, replicas: [1], isr: [1] }] }] });
  });

  it('[WIRE-02] JoinGroup v5 error answer: a null protocolName goes out as "" (not nullable before v7)', async () => {
    const d = await kjsResponse('joinGroup', 5).decode(Buffer.from(encodeResponse(hdr(11, 5), { api: 'JoinGroup', errorCode: 79, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId: 'm-1', members: [] }).subarray(4)));
    expect(d).toMatchObject({ errorCode: 79, groupProtocol: '', memberId: 'm-1' });
  });

  it('[WIRE-01] FindCoordinator v2, SyncGroup v3, Heartbeat v3, LeaveGroup v3', async () => {
    const fc = await kjsRead('findCoordinator', 2, hdr(10, 2), { api: 'FindCoordinator', throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: 'h', port: 9092, coordinators: [] });
    expect(fc).toMatchObject({ errorCode: 0, coordinator: { nodeId: 1, host: 'h', port: 9092 } });
    const sg = await kjsRead('syncGroup', 3, hdr(14, 3), { api: 'SyncGroup', errorCode: 0, protocolType: null, protocolName: null, assignment: new Uint8Array(meta) });
    expect(Buffer.from(sg['memberAssignment'] as Buffer)).toEqual(meta);
    expect(await kjsRead('heartbeat', 3, hdr(12, 3), { api: 'Heartbeat', errorCode: 27 })).toMatchObject({ errorCode: 27 });
    const lg = await kjsRead('leaveGroup', 3, hdr(13, 3), { api: 'LeaveGroup', errorCode: 0, members: [{ memberId: 'm', groupInstanceId: null, errorCode: 0 }] });
    expect(lg).toMatchObject({ errorCode: 0, members: [{ memberId: 'm', errorCode: 0 }] });
  });

  it('[WIRE-01] OffsetCommit v5, OffsetFetch v4, ListOffsets v3, Produce v7', async () => {
    const oc = await kjsRead('offsetCommit', 5, hdr(8, 5), { api: 'OffsetCommit', topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] });
    expect(oc).toMatchObject({ responses: [{ topic: 't', partitions: [{ partition: 0, errorCode: 0 }] }] });
    const of = await kjsRead('offsetFetch', 4, hdr(9, 4), { api: 'OffsetFetch', errorCode: 0, groups: [], topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, metadata: null, errorCode: 0 }] }] });
    expect(of).toMatchObject({ errorCode: 0, responses: [{ topic: 't', partitions: [{ partition: 0, offset: '42' }] }] });
    const lo = await kjsRead('listOffsets', 3, hdr(2, 3), { api: 'ListOffsets', throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 12, leaderEpoch: -1 }] }] });
    expect(lo).toMatchObject({ responses: [{ topic: 't', partitions: [{ partition: 0, offset: '12' }] }] });
    const pr = await kjsRead('produce', 7, hdr(0, 7), { api: 'Produce', throttleTimeMs: 0, responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 5, logAppendTimeMs: -1, logStartOffset: 0, recordErrors: [], errorMessage: null }] }] });
    expect(pr).toMatchObject({ topics: [{ topicName: 't', partitions: [{ partition: 0, errorCode: 0, baseOffset: '5' }] }] });
  });

  it('[WIRE-05] Fetch v11 with a record batch: kafkajs reads the records we encode', async () => {
    const header = hdr(1, 11);
    const batch = { ...recordBatch([textRecord('v1', 'k'), textRecord('v2')], 1000), baseOffset: 40 };
    const d = await kjsRead('fetch', 11, header, {
      api: 'Fetch', throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: [{ topic: 't', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 42, lastStableOffset: 42, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records: [batch] }] }],
    });
    const messages = (d['responses'] as { partitions: { messages: { offset: string; key: Buffer | null; value: Buffer }[] }[] }[])[0]!.partitions[0]!.messages;
    expect(messages.map((m) => [m.offset, m.key?.toString() ?? null, m.value.toString()])).toEqual([['40', 'k', 'v1'], ['41', null, 'v2']]);
  });
});

describe('[WIRE-10] ListOffsets v0 offsets', () => {
  it('[WIRE-10] offset goes out as OldStyleOffsets [offset] and kafkajs v0 reads it', async () => {
    const header = hdr(2, 0);
    const response: WireResponse = { api: 'ListOffsets', throttleTimeMs: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 12, leaderEpoch: -1 }, { partitionIndex: 1, errorCode: 3, timestamp: -1, offset: -1, leaderEpoch: -1 }] }] };
    const bytes = encodeResponse(header, response);
    const d = await kjsResponse('listOffsets', 0).decode(Buffer.from(bytes.subarray(4)));
    expect(d).toMatchObject({ responses: [{ topic: 't', partitions: [{ partition: 0, offsets: ['12'] }, { partition: 1, errorCode: 3, offsets: [] }] }] });
    const back = decodeResponse(header, bytes);
    expect(back).toMatchObject({ topics: [{ partitions: [{ offset: 12, oldStyleOffsets: [12] }, { offset: -1, oldStyleOffsets: [] }] }] });
  });
});

describe('[WIRE-10] Fetch request mapping', () => {
  it('[WIRE-10] partitionMaxRecords is derived from partitionMaxBytes, at least 1', async () => {
    const body = (await kjsFrame(kjsRequest('fetch', 11)({ replicaId: -1, maxWaitTime: 1, minBytes: 1, maxBytes: 1, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 5 * 1024 + 3 }, { partition: 1, fetchOffset: '0', maxBytes: 0 }] }] }))).subarray(4);
    const request = decodeRequest(body).request as FetchRequest;
    expect(request.topics[0]!.partitions.map((p) => p.partitionMaxRecords)).toEqual([5, 1]);
  });
});
