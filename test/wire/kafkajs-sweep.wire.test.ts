/**
 * Every request version kafkajs 2.2.4 implements (inside what we advertise), built by kafkajs's
 * own encoders: our codec decodes it and encodes the typed request back to the very same bytes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from '../../src/wire/index.js';
import { SUPPORTED_VERSIONS } from '../../src/wire/registry.js';
import { kjsFrame, kjsRequest } from './kafkajs.js';

const meta = Buffer.from([0, 0, 0, 0, 0, 1, 0, 1, 116, 0, 0, 0, 0]);
const messages = [{ key: 'k', value: 'v', headers: { h: 'x' }, timestamp: 1000 }, { key: null, value: 'w', timestamp: 1001 }];

/** kafkajs folder, API key, and arguments every version of it accepts (the union of their parameter names). */
const APIS: readonly (readonly [string, number, unknown])[] = [
  ['apiVersions', 18, undefined],
  ['metadata', 3, { topics: ['t', 'u'], allowAutoTopicCreation: false }],
  ['findCoordinator', 10, { groupId: 'g', coordinatorKey: 'g', coordinatorType: 0 }],
  ['joinGroup', 11, { groupId: 'g', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: 'm', protocolType: 'consumer', groupProtocols: [{ name: 'RoundRobinAssigner', metadata: meta }] }],
  ['syncGroup', 14, { groupId: 'g', generationId: 4, memberId: 'm', groupAssignment: [{ memberId: 'm', memberAssignment: meta }, { memberId: 'n', memberAssignment: Buffer.alloc(0) }] }],
  ['heartbeat', 12, { groupId: 'g', groupGenerationId: 4, memberId: 'm', groupInstanceId: null }],
  ['leaveGroup', 13, { groupId: 'g', memberId: 'm', members: [{ memberId: 'm' }, { memberId: 'n' }] }],
  ['offsetFetch', 9, { groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0 }, { partition: 2 }] }] }],
  ['offsetCommit', 8, { groupId: 'g', groupGenerationId: 4, memberId: 'm', retentionTime: -1, topics: [{ topic: 't', partitions: [{ partition: 0, offset: '10', timestamp: -1, metadata: 'md' }] }] }],
  ['listOffsets', 2, { replicaId: -1, isolationLevel: 1, topics: [{ topic: 't', partitions: [{ partition: 0, timestamp: -1, maxNumOffsets: 1 }] }] }],
  ['fetch', 1, { replicaId: -1, maxWaitTime: 5000, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 1, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '3', logStartOffset: '0', maxBytes: 65536 }] }] }],
  ['produce', 0, { acks: -1, timeout: 30000, topicData: [{ topic: 't', partitions: [{ partition: 1, messages }] }] }],
  ['createTopics', 19, { topics: [{ topic: 't', numPartitions: 3, replicationFactor: 1, replicaAssignment: [], configEntries: [{ name: 'retention.ms', value: '1000' }] }], timeout: 5000, validateOnly: false }],
  ['deleteTopics', 20, { topics: ['t'], timeout: 5000 }],
  ['describeGroups', 15, { groupIds: ['g'] }],
  ['listGroups', 16, undefined],
  ['deleteGroups', 42, ['g', 'h']],
  ['initProducerId', 22, { transactionalId: null, transactionTimeout: 60000 }],
  ['describeConfigs', 32, { resources: [{ type: 2, name: 't', configNames: ['retention.ms'] }], includeSynonyms: true }],
];

const require = createRequire(import.meta.url);
const requestsDir = join(dirname(require.resolve('kafkajs/src/protocol/request.js')), 'requests');

const cases = APIS.flatMap(([api, apiKey, args]) => {
  const range = SUPPORTED_VERSIONS.get(apiKey)!;
  return readdirSync(join(requestsDir, api))
    .filter((d) => /^v\d+$/.test(d) && existsSync(join(requestsDir, api, d, 'request.js')))
    .map((d) => Number(d.slice(1)))
    .filter((v) => v >= range.min && v <= range.max)
    .sort((a, b) => a - b)
    .map((v) => ({ api, apiKey, v, args }));
});

describe('[WIRE-01] every kafkajs request version, byte for byte', () => {
  it('[WIRE-04] the sweep covers the versions kafkajs implements', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('[WIRE-01] [WIRE-02] $api v$v', async ({ apiKey, api, v, args }) => {
    const body = (await kjsFrame(kjsRequest(api, v)(args as Record<string, unknown>))).subarray(4);
    const { header, request } = decodeRequest(body);
    expect(header).toMatchObject({ requestApiKey: apiKey, requestApiVersion: v });
    expect(Buffer.from(encodeRequest(header, request)).toString('hex')).toBe(Buffer.from(body).toString('hex'));
  });
});
