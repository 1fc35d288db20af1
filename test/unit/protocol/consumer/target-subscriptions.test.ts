/**
 * Subscriptions as the target assignment reads them (src/protocol/consumer/target-assignment.ts):
 * the subscription type, and members' topic ids, whose resolution is shared between members with
 * the same subscription.
 * @see spec/server-assignors.md SA-01, SA-02
 */
import { describe, expect, it } from 'vitest';
import { consumerSubscriptionType } from '../../../../src/protocol/consumer/target-assignment.js';
import { newConsumerMember } from '../../../../src/protocol/consumer/replay.js';
import { DEFAULT_SERVICES } from '../../../../src/protocol/consumer/default-services.js';
import { ConsumerGroupTestContext } from '../../../helpers/consumer-group-context.js';

const member = (id: string, names: string[], regex: string | null = null) => ({ ...newConsumerMember(id), subscribedTopicNames: names, subscribedTopicRegex: regex });

describe('the subscription type', () => {
  it('[SA-02][CG-29] an empty regex is no regex: members with the same names stay HOMOGENEOUS', () => {
    expect(consumerSubscriptionType([member('a', ['foo'], ''), member('b', ['foo'])])).toBe('HOMOGENEOUS');
    expect(consumerSubscriptionType([member('a', ['foo'], '^x$'), member('b', ['foo'])])).toBe('HETEROGENEOUS');
  });

  it('[SA-02] members whose names only start alike are HETEROGENEOUS', () => {
    expect(consumerSubscriptionType([member('a', ['foo']), member('b', ['foo', 'bar'])])).toBe('HETEROGENEOUS');
    expect(consumerSubscriptionType([member('a', ['foo', 'bar']), member('b', ['foo'])])).toBe('HETEROGENEOUS');
  });
});

describe('members\' topic ids in the target assignment (the real builder and assignors)', () => {
  const topicsOf = (t: ConsumerGroupTestContext, memberId: string): string[] =>
    [...(t.group().targetAssignment.get(memberId)?.keys() ?? [])].map((id) => [...t.group().subscriptionMetadata.values()].find((m) => m.topicId === id)!.topicName).sort();

  it('[SA-01] a member subscribed to more names than the member before it gets partitions of the extra topic', () => {
    const t = new ConsumerGroupTestContext({}, DEFAULT_SERVICES);
    t.createTopic('foo', 2);
    t.createTopic('bar', 2);
    t.join('A', ['foo']);
    t.join('B', ['foo', 'bar']);
    expect(topicsOf(t, 'B')).toContain('bar');
    expect(topicsOf(t, 'A')).not.toContain('bar');
  });

  it('[SA-01] names are kept apart: a member of ["ab"] is not given the topics of a member of ["a", "b"]', () => {
    const t = new ConsumerGroupTestContext({}, DEFAULT_SERVICES);
    for (const name of ['a', 'b', 'ab']) t.createTopic(name, 1);
    t.join('A', ['a', 'b']);
    t.join('B', ['ab']);
    expect(topicsOf(t, 'B')).toEqual(['ab']);
    expect(topicsOf(t, 'A')).toEqual(['a', 'b']);
  });
});
