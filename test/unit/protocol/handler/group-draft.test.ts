/**
 * The group draft applies a handler's records only when the handler reads the group again:
 * every read must still see every record emitted before it, and the state handed in must stay
 * as it was (REC-02). The leader's SyncGroup writes its GroupMetadata value from the group before
 * AssignmentsStored plus the stored assignments, which must name the members in join order.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import { EMPTY_BYTES } from '../../../../src/protocol/group.js';
import type { Member } from '../../../../src/protocol/group.js';
import { GroupDraft } from '../../../../src/protocol/handler/index.js';
import type { HandlerContext } from '../../../../src/protocol/handler/index.js';
import { InvariantViolation } from '../../../../src/protocol/invariant.js';
import { groupMetadataValue } from '../../../../src/protocol/records.js';
import { emptyCoordinatorState, fold } from '../../../../src/protocol/replay.js';

const ctx: HandlerContext = { nowMs: 5, config: DEFAULT_CONFIG, newId: () => 'id' };

function member(memberId: string): Member {
  return {
    memberId,
    groupInstanceId: null,
    clientId: 'c',
    clientHost: '/h',
    rebalanceTimeoutMs: 1000,
    sessionTimeoutMs: 1000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Uint8Array.of(1) }],
    assignment: EMPTY_BYTES,
    awaitingJoin: { requestId: `r-${memberId}`, version: 9 },
    awaitingSync: null,
    isNew: true,
  };
}

describe('GroupDraft', () => {
  it('[REC-02] a created group is seen by the next read, state and members, and the state handed in is unchanged', () => {
    const state = emptyCoordinatorState();
    const draft = new GroupDraft(state, 'g', ctx);
    draft.emit({ type: 'GroupCreated', groupId: 'g', nowMs: 5 });
    expect(draft.lifecycle()?.state).toBe('Empty');
    draft.emit({ type: 'MemberAdded', groupId: 'g', member: member('a') });
    draft.emit({ type: 'GroupStateChanged', groupId: 'g', state: 'PreparingRebalance', nowMs: 5 });
    expect(draft.lifecycle()).toMatchObject({ state: 'PreparingRebalance', previousState: 'Empty' });
    expect([...draft.existing().members.keys()]).toEqual(['a']);
    expect(state.groups.size).toBe(0);
  });

  it('[REC-02] a loaded group is seen by the state read that follows its record', () => {
    const state = emptyCoordinatorState();
    const draft = new GroupDraft(state, 'g', ctx);
    const stored = { memberId: 'a', groupInstanceId: null, clientId: 'c', clientHost: '/h', rebalanceTimeout: 1000, sessionTimeout: 1000, subscription: Uint8Array.of(1), assignment: EMPTY_BYTES };
    const value = { protocolType: 'consumer', generation: 3, protocol: 'range', leader: 'a', currentStateTimestamp: 0, members: [stored] };
    draft.emit({ type: 'GroupLoaded', groupId: 'g', value, nowMs: 5 });
    expect(draft.lifecycle()?.state).toBe('Stable');
  });

  it('[REC-02] member records do not move the state, and the next full read sees them all', () => {
    const state = fold([
      { type: 'GroupCreated', groupId: 'g', nowMs: 0 },
      { type: 'MemberAdded', groupId: 'g', member: member('a') },
      { type: 'GroupStateChanged', groupId: 'g', state: 'PreparingRebalance', nowMs: 0 },
    ]);
    const draft = new GroupDraft(state, 'g', ctx);
    draft.emit({ type: 'PendingMemberAdded', groupId: 'g', memberId: 'p' });
    draft.emit({ type: 'MemberAdded', groupId: 'g', member: member('b') });
    expect(draft.lifecycle()).toMatchObject({ state: 'PreparingRebalance', previousState: 'Empty' });
    draft.emit({ type: 'GroupStateChanged', groupId: 'g', state: 'CompletingRebalance', nowMs: 5 });
    expect(draft.lifecycle()?.state).toBe('CompletingRebalance');
    const g = draft.existing();
    expect([...g.members.keys()]).toEqual(['a', 'b']);
    expect([...g.pendingJoinMembers]).toEqual(['p']);
    expect(state.groups.get('g')!.state).toBe('PreparingRebalance');
    expect(state.groups.get('g')!.members.size).toBe(1);
  });
});

describe('groupMetadataValue with stored assignments', () => {
  const g = fold([
    { type: 'GroupCreated', groupId: 'g', nowMs: 0 },
    { type: 'MemberAdded', groupId: 'g', member: member('a') },
    { type: 'MemberAdded', groupId: 'g', member: member('b') },
  ]).groups.get('g')!;

  it('[REC-03] takes each member its assignment, in join order', () => {
    const value = groupMetadataValue(g, [['a', Uint8Array.of(7)], ['b', Uint8Array.of(8)]]);
    expect(value.members.map((m) => [m.memberId, [...m.assignment]])).toEqual([['a', [7]], ['b', [8]]]);
  });

  it('[REC-03] refuses assignments that do not name the members in join order, one each', () => {
    expect(() => groupMetadataValue(g, [['b', Uint8Array.of(8)], ['a', Uint8Array.of(7)]])).toThrow(InvariantViolation);
    expect(() => groupMetadataValue(g, [['a', Uint8Array.of(7)]])).toThrow(InvariantViolation);
  });
});
