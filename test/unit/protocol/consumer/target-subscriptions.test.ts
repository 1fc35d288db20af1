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
import type { Assignment } from '../../../../src/protocol/consumer/assignment.js';
import type { ConsumerGroupServices } from '../../../../src/protocol/consumer/services.js';

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

describe('a static member replaced while a new target is computed', () => {
  it('[SA-04][CG-19] the old member leaves the spec, the new one starts from its target, and those partitions count as assigned', () => {
    let seen: { ids: readonly string[]; newAssigned: Assignment; otherAssigned: Assignment; assigned: boolean[] } | undefined;
    const services: ConsumerGroupServices = {
      buildTargetAssignment: DEFAULT_SERVICES.buildTargetAssignment,
      serverAssignor: (name) => {
        const real = DEFAULT_SERVICES.serverAssignor(name)!;
        return {
          name,
          assign: (g, topics) => {
            if (g.memberIds.includes('A2')) {
              seen = {
                ids: g.memberIds,
                newAssigned: g.memberSubscription('A2').assignedPartitions,
                otherAssigned: g.memberSubscription('B').assignedPartitions,
                assigned: [0, 1, 2, 3].map((p) => g.isPartitionAssigned('T-foo', p)),
              };
            }
            return real.assign(g, topics);
          },
        };
      },
    };
    const t = new ConsumerGroupTestContext({}, services);
    t.createTopic('foo', 4);
    t.createTopic('bar', 1);
    t.join('A', ['foo'], { instanceId: 'i1' });
    t.join('B', ['foo']);
    const targetOfA = t.group().targetAssignment.get('A')!;
    const targetOfB = t.group().targetAssignment.get('B')!;
    expect(targetOfA.get('T-foo')?.size).toBe(2);
    t.heartbeat({ memberId: 'A', memberEpoch: -2, instanceId: 'i1' });
    // The instance comes back under a new member id with a changed subscription: a new target.
    t.join('A2', ['foo', 'bar'], { instanceId: 'i1' });
    expect(seen?.ids).toEqual(['B', 'A2']);
    expect(seen?.newAssigned).toEqual(targetOfA);
    expect(seen?.otherAssigned).toEqual(targetOfB);
    expect(seen?.assigned).toEqual([true, true, true, true]);
    expect(t.group().targetAssignment.has('A')).toBe(false);
  });
});
