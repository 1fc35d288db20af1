/**
 * ConsumerGroupHeartbeat request validation, in Kafka's order and with Kafka's messages.
 * Reproduces Kafka 4.0 GroupMetadataManagerTest.testConsumerHeartbeatRequestValidation (every
 * case that applies to this project: no authorization, no share groups) and
 * testConsumerGroupHeartbeatWithInvalidRegex / UNSUPPORTED_ASSIGNOR cases.
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroupTestContext } from '../../../helpers/consumer-group-context.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';

const INVALID = ErrorCodes.INVALID_REQUEST;

describe('ConsumerGroupHeartbeat validation', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['v1 empty member id', { version: 1, memberId: '' }, INVALID, "MemberId can't be empty."],
    ['v1 blank member id', { version: 1, memberId: '  ' }, INVALID, "MemberId can't be empty."],
    ['v0 heartbeat without member id', { version: 0, memberId: '', memberEpoch: 1 }, INVALID, "MemberId can't be empty."],
    ['v0 leave without member id', { version: 0, memberId: '', memberEpoch: -1 }, INVALID, "MemberId can't be empty."],
    ['empty group id', { memberId: 'A', groupId: ' ' }, INVALID, "GroupId can't be empty."],
    ['empty instance id', { memberId: 'A', instanceId: '' }, INVALID, "InstanceId can't be empty."],
    ['empty rack id', { memberId: 'A', rackId: '' }, INVALID, "RackId can't be empty."],
    ['join without rebalance timeout', { memberId: 'A', memberEpoch: 0 }, INVALID, 'RebalanceTimeoutMs must be provided in first request.'],
    ['join without owned list', { memberId: 'A', rebalanceTimeoutMs: 5000 }, INVALID, 'TopicPartitions must be empty when (re-)joining.'],
    ['join owning partitions', { memberId: 'A', rebalanceTimeoutMs: 5000, topicPartitions: [{ topicId: 't', partitions: [0] }] }, INVALID, 'TopicPartitions must be empty when (re-)joining.'],
    ['join without subscription', { memberId: 'A', rebalanceTimeoutMs: 5000, topicPartitions: [] }, INVALID, 'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.'],
    ['static leave without instance id', { memberId: 'A', memberEpoch: -2 }, INVALID, "InstanceId can't be null."],
    ['epoch below -2', { memberId: 'A', memberEpoch: -3 }, INVALID, 'MemberEpoch is invalid.'],
    ['v0 with a regex', { version: 0, memberId: 'A', memberEpoch: 1, subscribedTopicRegex: 'a.*' }, INVALID, 'SubscribedTopicRegex is not supported in version 0.'],
    ['unknown assignor', { memberId: 'A', memberEpoch: 1, serverAssignor: 'sticky' }, ErrorCodes.UNSUPPORTED_ASSIGNOR, 'ServerAssignor sticky is not supported. Supported assignors: uniform, range.'],
  ];
  for (const [name, fields, code, message] of cases) {
    it(`[CG-02] [CG-03] [CG-04] [CG-05] ${name}`, () => {
      const t = new ConsumerGroupTestContext();
      const out = t.heartbeat(fields);
      expect(out.response).toEqual({ api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode: code, errorMessage: message, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null });
      expect(out.result.records).toEqual([]);
      expect(out.result.timers).toEqual([]);
    });
  }

  it('[CG-03] the member id is checked before the group id (Kafka order)', () => {
    const t = new ConsumerGroupTestContext();
    expect(t.heartbeat({ version: 1, memberId: '', groupId: '' }).response.errorMessage).toBe("MemberId can't be empty.");
  });

  it('[CG-03] an empty list of names (or an empty regex) is a valid join: a member subscribed to nothing', () => {
    const t = new ConsumerGroupTestContext({ consumerAssignors: ['range'] });
    expect(t.join('A', []).response).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(t.join('B', [], { subscribedTopicNames: null, subscribedTopicRegex: '' }).response).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  });

  it('[CG-04] the supported list follows group.consumer.assignors', () => {
    const t = new ConsumerGroupTestContext({ consumerAssignors: ['range'] });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, serverAssignor: 'uniform' }).response.errorMessage).toBe('ServerAssignor uniform is not supported. Supported assignors: range.');
  });

  it('[CG-04] the supported list is in Java HashMap order (uniform before range) whatever the configured order', () => {
    const t = new ConsumerGroupTestContext({ consumerAssignors: ['range', 'uniform'] });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, serverAssignor: 'sticky' }).response.errorMessage).toBe('ServerAssignor sticky is not supported. Supported assignors: uniform, range.');
  });

  it('[CG-06] v0: the coordinator names a member that joins without an id; v1: the client does', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    const v0 = t.heartbeat({ version: 0, memberId: '', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: [] });
    expect(v0.response).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 1 });
    const v1 = t.join('client-uuid', ['foo']);
    expect(v1.response.memberId).toBe('client-uuid');
    // Kafka 4.0 takes a v0 join's non-empty member id as sent.
    const v0named = t.heartbeat({ version: 0, memberId: 'named', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['foo'], topicPartitions: [] });
    expect(v0named.response.memberId).toBe('named');
  });

  it('[CG-30] a regex RE2J cannot compile is INVALID_REGULAR_EXPRESSION, after the member is found', () => {
    const t = new ConsumerGroupTestContext();
    const bad = t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: '(foo' });
    expect(bad.response).toMatchObject({ errorCode: ErrorCodes.INVALID_REGULAR_EXPRESSION, errorMessage: 'SubscribedTopicRegex `(foo` is not a valid regular expression: missing closing ).' });
    expect(bad.result.records).toEqual([]);
    // RE2 has no lookaround: valid in Java's regex, invalid in RE2J.
    expect(t.join('A', [], { subscribedTopicNames: null, subscribedTopicRegex: '(?=foo).*' }).response.errorCode).toBe(ErrorCodes.INVALID_REGULAR_EXPRESSION);
    // An unknown member is answered before its regex is looked at.
    t.join('B', []);
    expect(t.heartbeat({ memberId: 'Z', memberEpoch: 3, subscribedTopicRegex: '(foo' }).response.errorCode).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
  });
});
