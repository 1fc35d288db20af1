/**
 * One reconciliation step (Kafka's CurrentAssignmentBuilder). Reproduces Kafka 4.0
 * CurrentAssignmentBuilderTest: testStableToStable, testStableToStableWithNewPartitions,
 * testStableToUnrevokedPartitions, testStableToUnreleasedPartitions,
 * testStableToUnreleasedPartitionsWithOwnedPartitionsNotHavingRevokedPartitions,
 * testUnrevokedPartitionsToStable, testRemainsInUnrevokedPartitions,
 * testUnrevokedPartitionsToUnrevokedPartitions, testUnrevokedPartitionsToUnreleasedPartitions,
 * testUnreleasedPartitionsToStable, testUnreleasedPartitionsToStableWithNewPartitions,
 * testUnreleasedPartitionsToUnreleasedPartitions, testUnreleasedPartitionsToUnrevokedPartitions,
 * testUnknownState.
 */
import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../../src/protocol/consumer/reconcile.js';
import type { ReconcileInput } from '../../../../src/protocol/consumer/reconcile.js';
import type { Assignment } from '../../../../src/protocol/consumer/assignment.js';
import type { ConsumerMember, ConsumerMemberState } from '../../../../src/protocol/consumer/group.js';
import { newConsumerMember } from '../../../../src/protocol/consumer/replay.js';
import { ConsumerGroupTestContext } from '../../../helpers/consumer-group-context.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';
import { currentAssignmentRecord } from '../../../../src/protocol/consumer/record-helpers.js';
import { replay } from '../../../../src/protocol/replay.js';

const T1 = 'topic1';
const T2 = 'topic2';

/** `{ topic1: [1, 2], ... }` as an Assignment. */
function a(spec: Record<string, number[]>): Assignment {
  return new Map(Object.entries(spec).map(([t, ps]) => [t, new Set(ps)]));
}

function member(state: ConsumerMemberState, epoch: number, previous: number, assigned: Record<string, number[]>, revoking: Record<string, number[]> = {}): ConsumerMember {
  return { ...newConsumerMember('member'), state, memberEpoch: epoch, previousMemberEpoch: previous, assignedPartitions: a(assigned), partitionsPendingRevocation: a(revoking) };
}

function input(epoch: number, target: Record<string, number[]>, owned: Record<string, number[]> | null, held: Record<string, number[]> = {}): ReconcileInput {
  return {
    targetAssignmentEpoch: epoch,
    targetAssignment: a(target),
    currentPartitionEpoch: (t, p) => (held[t]?.includes(p) ? 10 : -1),
    ownedTopicPartitions: owned === null ? null : Object.entries(owned).map(([topicId, partitions]) => ({ topicId, partitions })),
  };
}

function view(m: ConsumerMember): unknown {
  const list = (x: Assignment) => Object.fromEntries([...x].map(([t, ps]) => [t, [...ps].sort()]));
  return { state: m.state, epoch: m.memberEpoch, previous: m.previousMemberEpoch, assigned: list(m.assignedPartitions), revoking: list(m.partitionsPendingRevocation) };
}

describe('CurrentAssignmentBuilder', () => {
  it('[CGR-01] [CGR-02] a STABLE member at the target epoch is returned as it is', () => {
    const m = member('STABLE', 10, 9, { [T1]: [1, 2] });
    expect(reconcile(m, input(10, { [T1]: [1, 2, 3] }, null))).toBe(m);
  });

  it('[CGR-02] [CGR-05] STABLE to STABLE at a new epoch, with new free partitions', () => {
    const m = member('STABLE', 10, 9, { [T1]: [1, 2, 3], [T2]: [4, 5, 6] });
    expect(view(reconcile(m, input(11, { [T1]: [1, 2, 3, 4], [T2]: [4, 5, 6, 7] }, null)))).toEqual({
      state: 'STABLE', epoch: 11, previous: 10, assigned: { [T1]: [1, 2, 3, 4], [T2]: [4, 5, 6, 7] }, revoking: {},
    });
  });

  it('[CGR-03] STABLE to UNREVOKED_PARTITIONS: it keeps its epoch, keeps the intersection and revokes first', () => {
    const m = member('STABLE', 10, 9, { [T1]: [1, 2, 3], [T2]: [4, 5, 6] });
    expect(view(reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, null)))).toEqual({
      state: 'UNREVOKED_PARTITIONS', epoch: 10, previous: 10, assigned: { [T1]: [2, 3], [T2]: [5, 6] }, revoking: { [T1]: [1], [T2]: [4] },
    });
  });

  it('[CGR-03] [CGR-06] partitions to revoke but no longer owned: straight to the target, waiting for unreleased ones', () => {
    const m = member('STABLE', 10, 9, { [T1]: [1, 2, 3], [T2]: [4, 5, 6] });
    const next = reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, { [T1]: [2, 3], [T2]: [5, 6] }, { [T1]: [4], [T2]: [7] }));
    expect(view(next)).toEqual({ state: 'UNRELEASED_PARTITIONS', epoch: 11, previous: 10, assigned: { [T1]: [2, 3], [T2]: [5, 6] }, revoking: {} });
  });

  it('[CGR-06] STABLE to UNRELEASED_PARTITIONS when every new partition is still held', () => {
    const m = member('STABLE', 10, 9, { [T1]: [1, 2, 3], [T2]: [4, 5, 6] });
    const next = reconcile(m, input(11, { [T1]: [1, 2, 3, 4], [T2]: [4, 5, 6, 7] }, null, { [T1]: [4], [T2]: [7] }));
    expect(view(next)).toEqual({ state: 'UNRELEASED_PARTITIONS', epoch: 11, previous: 10, assigned: { [T1]: [1, 2, 3], [T2]: [4, 5, 6] }, revoking: {} });
  });

  it('[CGR-04] UNREVOKED_PARTITIONS stays while it owns a revoked partition, or reports nothing', () => {
    const m = member('UNREVOKED_PARTITIONS', 10, 10, { [T1]: [2, 3], [T2]: [5, 6] }, { [T1]: [1], [T2]: [4] });
    expect(reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, { [T1]: [1, 2, 3], [T2]: [5, 6] }))).toBe(m);
    expect(reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, null))).toBe(m);
  });

  it('[CGR-04] [CGR-05] UNREVOKED_PARTITIONS to STABLE once the revoked partitions are gone', () => {
    const m = member('UNREVOKED_PARTITIONS', 10, 10, { [T1]: [2, 3], [T2]: [5, 6] }, { [T1]: [1], [T2]: [4] });
    expect(view(reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, { [T1]: [2, 3], [T2]: [5, 6] })))).toEqual({
      state: 'STABLE', epoch: 11, previous: 10, assigned: { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, revoking: {},
    });
  });

  it('[CGR-04] UNREVOKED_PARTITIONS to UNREVOKED_PARTITIONS at epoch + 1 when the target moved on', () => {
    const m = member('UNREVOKED_PARTITIONS', 10, 10, { [T1]: [2, 3], [T2]: [5, 6] }, { [T1]: [1], [T2]: [4] });
    expect(view(reconcile(m, input(12, { [T1]: [3], [T2]: [6] }, { [T1]: [2, 3], [T2]: [5, 6] })))).toEqual({
      state: 'UNREVOKED_PARTITIONS', epoch: 11, previous: 10, assigned: { [T1]: [3], [T2]: [6] }, revoking: { [T1]: [2], [T2]: [5] },
    });
  });

  it('[CGR-06] UNRELEASED_PARTITIONS: to STABLE when released, stays while held, to UNREVOKED when the target shrinks', () => {
    const m = member('UNRELEASED_PARTITIONS', 11, 10, { [T1]: [2, 3], [T2]: [5, 6] });
    expect(view(reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, null)))).toEqual({
      state: 'STABLE', epoch: 11, previous: 11, assigned: { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, revoking: {},
    });
    const held = reconcile(m, input(11, { [T1]: [2, 3, 4], [T2]: [5, 6, 7] }, null, { [T1]: [4], [T2]: [7] }));
    expect(view(held)).toEqual({ state: 'UNRELEASED_PARTITIONS', epoch: 11, previous: 11, assigned: { [T1]: [2, 3], [T2]: [5, 6] }, revoking: {} });
    expect(view(reconcile(m, input(12, { [T1]: [3], [T2]: [6] }, null)))).toEqual({
      state: 'UNREVOKED_PARTITIONS', epoch: 11, previous: 11, assigned: { [T1]: [3], [T2]: [6] }, revoking: { [T1]: [2], [T2]: [5] },
    });
  });

  it('[CGR-08] UNKNOWN: an empty owned list restarts at the target epoch', () => {
    const m = member('UNKNOWN', 11, 10, { [T1]: [2, 3] });
    // It owns nothing, so nothing is left to revoke: the whole target at once.
    expect(view(reconcile(m, input(12, { [T1]: [3, 4] }, {})))).toEqual({ state: 'STABLE', epoch: 12, previous: 11, assigned: { [T1]: [3, 4] }, revoking: {} });
    expect(view(reconcile(m, input(12, { [T1]: [3, 4] }, { [T1]: [] })))).toMatchObject({ state: 'STABLE', epoch: 12 });
  });

  it('[CGR-08] the heartbeat fences an UNKNOWN member that reports partitions or nothing', () => {
    const t = new ConsumerGroupTestContext();
    t.createTopic('foo', 1);
    t.join('A', ['foo']);
    const m = t.group().members.get('A')!;
    replay(t.state, { ...currentAssignmentRecord('g', m), value: { ...(currentAssignmentRecord('g', m).value as object), state: 99 } } as never);
    expect(t.group().members.get('A')!.state).toBe('UNKNOWN');
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1 }).response).toMatchObject({ errorCode: ErrorCodes.FENCED_MEMBER_EPOCH, errorMessage: 'The consumer group member is in a unknown state. The member must abandon all its partitions and rejoin.' });
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: [{ topicId: 'T-foo', partitions: [0] }] }).response.errorCode).toBe(ErrorCodes.FENCED_MEMBER_EPOCH);
    expect(t.heartbeat({ memberId: 'A', memberEpoch: 1, topicPartitions: [] }).response).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(t.group().members.get('A')!.state).toBe('STABLE');
  });
});
