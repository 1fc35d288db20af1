/**
 * ERR-01 for the KIP-848 requests: a ConsumerGroupHeartbeat or ConsumerGroupDescribe that no wire
 * version can carry throws, naming the field, before the coordinator sees it.
 */
import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import { InvalidRequestError } from '../../../src/protocol/invariant.js';
import type { ConsumerGroupDescribeRequest, ConsumerGroupHeartbeatRequest, GroupRequest } from '../../../src/protocol/messages/index.js';
import { validateRequest } from '../../../src/protocol/validate.js';

const TOPIC_ID = 'ABEiM0RVZneImaq7zN3u_w';

function cgh(fields: Partial<ConsumerGroupHeartbeatRequest> = {}): ConsumerGroupHeartbeatRequest {
  return {
    api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'c', clientHost: 'h', groupId: 'g', memberId: 'm1', memberEpoch: 0,
    instanceId: null, rackId: null, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['t'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [],
    ...fields,
  };
}

function cgd(fields: Partial<ConsumerGroupDescribeRequest> = {}): ConsumerGroupDescribeRequest {
  return { api: 'ConsumerGroupDescribe', version: 1, clientId: 'c', clientHost: 'h', groupIds: ['g'], includeAuthorizedOperations: false, ...fields };
}

function rejects(request: unknown, field: string): void {
  const rt = new GroupCoordinatorRuntime();
  const records = rt.records.length;
  let thrown: unknown;
  try {
    rt.submit(request as GroupRequest);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidRequestError);
  expect((thrown as InvalidRequestError).field).toBe(field);
  expect(rt.records.length).toBe(records);
}

describe('[ERR-01] KIP-848 requests no version can carry throw, naming the field', () => {
  it('[ERR-01] ConsumerGroupHeartbeat: a version outside 0-1', () => rejects(cgh({ version: 2 }), 'version'));
  it('[ERR-01] ConsumerGroupHeartbeat: a member epoch outside int32', () => rejects(cgh({ memberEpoch: 2 ** 31 }), 'memberEpoch'));
  it('[ERR-01] ConsumerGroupHeartbeat: a missing rebalance timeout (use -1 for unchanged)', () => rejects({ ...cgh(), rebalanceTimeoutMs: undefined }, 'rebalanceTimeoutMs'));
  it('[ERR-01] ConsumerGroupHeartbeat: a topic name that is not a string', () => rejects(cgh({ subscribedTopicNames: ['t', 7 as never] }), 'subscribedTopicNames[1]'));
  it('[ERR-01] ConsumerGroupHeartbeat: a topic id that is not 16 bytes of url-safe base64', () => {
    rejects(cgh({ memberEpoch: 3, topicPartitions: [{ topicId: 'orders', partitions: [0] }] }), 'topicPartitions[0].topicId');
    // 22 characters whose last one carries bits beyond the 16th byte.
    rejects(cgh({ memberEpoch: 3, topicPartitions: [{ topicId: 'ABEiM0RVZneImaq7zN3u_x', partitions: [0] }] }), 'topicPartitions[0].topicId');
  });
  it('[ERR-01] ConsumerGroupHeartbeat: a fractional partition', () => rejects(cgh({ memberEpoch: 3, topicPartitions: [{ topicId: TOPIC_ID, partitions: [0.5] }] }), 'topicPartitions[0].partitions[0]'));
  it('[ERR-01] ConsumerGroupDescribe: group ids that are not strings, a missing bool', () => {
    rejects(cgd({ groupIds: [null as never] }), 'groupIds[0]');
    rejects({ ...cgd(), includeAuthorizedOperations: undefined }, 'includeAuthorizedOperations');
  });

  it('[ERR-01] representable requests pass: nulls meaning unchanged, empty values, both versions', () => {
    for (const version of [0, 1]) {
      expect(validateRequest(cgh({ version }))).toBeTruthy();
      expect(validateRequest(cgh({ version, memberEpoch: 4, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null }))).toBeTruthy();
      expect(validateRequest(cgh({ version, memberEpoch: 4, instanceId: '', rackId: 'r', serverAssignor: 'uniform', topicPartitions: [{ topicId: TOPIC_ID, partitions: [0, 1] }] }))).toBeTruthy();
      expect(validateRequest(cgd({ version, groupIds: [] }))).toBeTruthy();
    }
    // An empty group id is representable: the coordinator answers it with an error code.
    expect(validateRequest(cgh({ groupId: '' }))).toBeTruthy();
    expect(validateRequest(cgd({ groupIds: ['', 'g'] }))).toBeTruthy();
  });
});
