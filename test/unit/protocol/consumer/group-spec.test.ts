/**
 * The GroupSpec a server assignor is given (src/protocol/consumer/group-spec.ts): the inverted
 * target assignment behind isPartitionAssigned, and the member lookup.
 * @see spec/server-assignors.md SA-03
 */
import { describe, expect, it } from 'vitest';
import { AssignedPartitions, createGroupSpec } from '../../../../src/protocol/consumer/group-spec.js';
import { InvariantViolation } from '../../../../src/protocol/invariant.js';

const asg = (entries: [string, number[]][]) => new Map(entries.map(([t, ps]) => [t, new Set(ps)]));

describe('the inverted target assignment', () => {
  it('[SA-03] a partition beyond the topic\'s known count (a stale target) is still assigned, and the others stay', () => {
    const assigned = new AssignedPartitions([asg([['t', [0, 1]]]), asg([['t', [2, 5]]])], (topicId) => (topicId === 't' ? 2 : -1));
    expect([0, 1, 2, 3, 4, 5].map((p) => assigned.has('t', p))).toEqual([true, true, true, false, false, true]);
    expect(assigned.has('other', 0)).toBe(false);
  });

  it('[SA-03] a topic of unknown count keeps every partition given', () => {
    const assigned = new AssignedPartitions([asg([['u', [7, 0]]])], () => -1);
    expect([0, 1, 7].map((p) => assigned.has('u', p))).toEqual([true, false, true]);
  });
});

describe('the member lookup', () => {
  it('[SA-03] asking for a member not in the spec is a bug in the assignor: an invariant violation naming the member', () => {
    const spec = createGroupSpec(new Map(), 'HOMOGENEOUS');
    expect(() => spec.memberSubscription('ghost')).toThrow(InvariantViolation);
    expect(() => spec.memberSubscription('ghost')).toThrow('Member Id ghost not found.');
    expect(() => spec.memberSubscription('ghost')).toThrow(expect.objectContaining({ ruleId: 'SA-03' }));
  });
});
