import { describe, expect, it } from 'vitest';
import { joinGroup } from '../../../src/conformance/scenario.js';
import { handleRequest } from '../../../src/protocol/classic/index.js';
import { DEFAULT_CONFIG } from '../../../src/protocol/config.js';
import { ALLOWED_PREVIOUS_STATES, GROUP_STATES } from '../../../src/protocol/group.js';
import type { GroupStateName } from '../../../src/protocol/group.js';
import { sequentialIds } from '../../../src/protocol/ids.js';
import { InvariantViolation } from '../../../src/protocol/invariant.js';
import { isDurable, newEmptyGroupMetadataRecord } from '../../../src/protocol/records.js';
import { emptyCoordinatorState, fold, replay } from '../../../src/protocol/replay.js';
import type { MutableCoordinatorState } from '../../../src/protocol/replay.js';
import { GroupTestContext } from '../../helpers/test-context.js';

function groupIn(state: GroupStateName) {
  const s = emptyCoordinatorState();
  replay(s, { type: 'GroupCreated', groupId: 'g', nowMs: 0 });
  // Force the state for the table test; a real group only gets there through legal transitions.
  s.groups.get('g')!.state = state;
  return s;
}

describe('replay', () => {
  it('[GS-02][INV-07] every transition outside the allowed-previous-states table throws InvariantViolation naming GS-02 and changes nothing', () => {
    let legal = 0;
    let illegal = 0;
    for (const from of GROUP_STATES) {
      for (const to of GROUP_STATES) {
        const s = groupIn(from);
        const record = { type: 'GroupStateChanged', groupId: 'g', state: to, nowMs: 5 } as const;
        if (ALLOWED_PREVIOUS_STATES[to].includes(from)) {
          replay(s, record);
          expect(s.groups.get('g')).toMatchObject({ state: to, previousState: from, currentStateTimestampMs: 5 });
          legal++;
        } else {
          expect(() => replay(s, record)).toThrow(InvariantViolation);
          expect(() => replay(s, record)).toThrow(/^\[GS-02\]/);
          expect(s.groups.get('g')).toMatchObject({ state: from, previousState: 'Dead', currentStateTimestampMs: 0 });
          illegal++;
        }
      }
    }
    // 1 + 3 + 1 + 1 + 5 legal pairs of Kafka's table; the other 14 are illegal (self-loops included).
    expect([legal, illegal]).toEqual([11, 14]);
  });

  it('[REC-02] an impossible record throws InvariantViolation and changes nothing', () => {
    const s = groupIn('Stable');
    expect(() => replay(s, { type: 'MemberRemoved', groupId: 'g', memberId: 'ghost' })).toThrow(InvariantViolation);
    expect(() => replay(s, { type: 'GroupCreated', groupId: 'g', nowMs: 1 })).toThrow(InvariantViolation);
    expect(() => replay(s, { type: 'PendingMemberAdded', groupId: 'nope', memberId: 'x' })).toThrow(InvariantViolation);
    expect(s.groups.size).toBe(1);
  });

  it('[SG-08][REC-02] AssignmentsStored gives each member its own entry, whatever the order of the list, later duplicates winning, absent members empty', () => {
    const b = (x: number) => Uint8Array.of(x);
    const stored = (assignments: [string, Uint8Array][]) => {
      const s = emptyCoordinatorState();
      replay(s, { type: 'GroupCreated', groupId: 'g', nowMs: 0 });
      for (const memberId of ['a', 'b', 'c']) {
        const member = { memberId, groupInstanceId: null, clientId: 'c', clientHost: 'h', rebalanceTimeoutMs: 1, sessionTimeoutMs: 1, protocolType: 'consumer', protocols: [], assignment: new Uint8Array(0), awaitingJoin: null, awaitingSync: null, isNew: false };
        replay(s, { type: 'MemberAdded', groupId: 'g', member });
      }
      replay(s, { type: 'AssignmentsStored', groupId: 'g', assignments });
      return [...s.groups.get('g')!.members.values()].map((m) => [m.memberId, [...m.assignment]]);
    };
    // In join order, one each: the i-th entry is the i-th member's.
    expect(stored([['a', b(1)], ['b', b(2)], ['c', b(3)]])).toEqual([['a', [1]], ['b', [2]], ['c', [3]]]);
    // Any other list is read by id: out of order, a duplicate (the later wins), a stranger, a member left out.
    expect(stored([['b', b(2)], ['a', b(1)], ['c', b(3)]])).toEqual([['a', [1]], ['b', [2]], ['c', [3]]]);
    expect(stored([['a', b(1)], ['a', b(9)], ['c', b(3)]])).toEqual([['a', [9]], ['b', []], ['c', [3]]]);
    expect(stored([['a', b(1)], ['b', b(2)], ['x', b(3)]])).toEqual([['a', [1]], ['b', [2]], ['c', []]]);
    expect(stored([['a', b(1)], ['b', b(2)]])).toEqual([['a', [1]], ['b', [2]], ['c', []]]);
  });

  it('[REC-02] a handler leaves the state it was given unchanged; only replay of its records changes it', () => {
    const ctx = new GroupTestContext();
    const ids = ctx.stableGroup(3);
    const state = ctx.runtime.state;
    const snapshot = JSON.stringify([...state.groups.values()].map((g) => ({ ...g, members: [...g.members], pendingSyncMembers: [...g.pendingSyncMembers] })));
    const result = handleRequest(state, { requestId: 'x', request: joinGroup({ memberId: ids[0]! }) }, { nowMs: ctx.nowMs, config: DEFAULT_CONFIG, newId: sequentialIds(100) });
    expect(result.records.length).toBeGreaterThan(0);
    const after = JSON.stringify([...state.groups.values()].map((g) => ({ ...g, members: [...g.members], pendingSyncMembers: [...g.pendingSyncMembers] })));
    expect(after).toBe(snapshot);
    for (const r of result.records) replay(state as MutableCoordinatorState, r);
    expect(state.groups.get('g')!.state).toBe('PreparingRebalance');
  });

  it('[REC-01] only GroupMetadata records are durable; the durable log holds nothing else', () => {
    const ctx = new GroupTestContext();
    ctx.stableGroup(2);
    const kinds = new Set(ctx.runtime.records.map((r) => `${isDurable(r)}:${r.type}`));
    expect([...kinds].filter((k) => k.startsWith('true:'))).toEqual(['true:GroupMetadata']);
    expect(ctx.runtime.durableRecords().every((r) => r.type === 'GroupMetadata')).toBe(true);
    expect(ctx.runtime.records.length).toBeGreaterThan(ctx.runtime.durableRecords().length);
  });

  it('[REC-05] the durable image keeps the last GroupMetadata value per group; volatile records play no part', () => {
    const a0 = newEmptyGroupMetadataRecord('a', 1);
    const b0 = newEmptyGroupMetadataRecord('b', 2);
    const a1 = { ...newEmptyGroupMetadataRecord('a', 3), value: { ...a0.value!, generation: 4, currentStateTimestamp: 3 } };
    const image = fold([a0, b0, a1]).durable;
    expect([...image.keys()]).toEqual(['a', 'b']);
    expect(image.get('a')!.generation).toBe(4);
    expect(image.get('b')!.generation).toBe(0);
    expect(fold([a0, { type: 'GroupMetadata', groupId: 'a', value: null }]).durable.has('a')).toBe(false);
    // A fold of durable records alone creates no live group.
    expect(fold([a0, b0]).groups.size).toBe(0);
  });
});
