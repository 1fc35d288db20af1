/**
 * Tests of the classic group statechart itself: the factory, reachability with `xstate/graph`,
 * that the transitions enumerate the model exactly, that the statechart and the pure step
 * function agree, the model's own invariants, and worked examples of its predictions.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { createClassicGroupMachine } from '../../machines/classic-group.machine.js';
import type { ClassicGroupMachine } from '../../machines/classic-group.machine.js';
import { initialGroupContext } from '../../machines/classic-group.context.js';
import { stepGroup } from '../../machines/classic-group.model.js';
import {
  abstractGroupKey,
  groupEvents,
  isQuiescent,
  nextTimerDeadlineMs,
  predictionOf,
  staleGenerationId,
} from '../../machines/classic-group.events.js';
import { GROUP_STATES } from '../../machines/classic-group.types.js';
import type { GroupContext, GroupEvent, JoinGroupEvent, SlotId } from '../../machines/classic-group.types.js';
import { explore } from '../../machines/explore.js';

type Snap = SnapshotFrom<ClassicGroupMachine>;

function start(machine: ClassicGroupMachine): Snap {
  return initialTransition(machine)[0];
}

/** Sends an event the model must offer; fails the test otherwise. */
function send(machine: ClassicGroupMachine, snap: Snap, event: GroupEvent): Snap {
  expect(snap.can(event), `${JSON.stringify(event)} should be offered in ${String(snap.value)}`).toBe(true);
  return transition(machine, snap, event)[0];
}

/** Sends the events in order; returns every snapshot after the first. */
function run(machine: ClassicGroupMachine, events: readonly GroupEvent[]): Snap[] {
  const snaps: Snap[] = [];
  let snap = start(machine);
  for (const event of events) {
    snap = send(machine, snap, event);
    snaps.push(snap);
  }
  return snaps;
}

const join = (member: SlotId, memberId: JoinGroupEvent['memberId'] = 'empty', extra: Partial<JoinGroupEvent> = {}): GroupEvent => ({
  type: 'request.joinGroup',
  member,
  memberId,
  version: 'v5+',
  protocols: 'same',
  ...extra,
});
const sync = (member: SlotId, memberId: 'own' | 'other' = 'own'): GroupEvent => ({ type: 'request.syncGroup', member, memberId, generation: 'current' });
const heartbeat = (member: SlotId, memberId: 'own' | 'other' = 'own'): GroupEvent => ({
  type: 'request.heartbeat',
  member,
  memberId,
  generation: 'current',
});
const leave = (member: SlotId): GroupEvent => ({ type: 'request.leaveGroup', member, memberId: 'own' });
const commit = (member: SlotId): GroupEvent => ({ type: 'request.offsetCommit', member, memberId: 'own', generation: 'current' });
const JOIN_TIMER: GroupEvent = { type: 'timer.joinPhaseExpired' };
const TICK: GroupEvent = { type: 'clock.tick' };

/** Every (state, case, target) the statechart declares. */
function declaredTransitions(machine: ClassicGroupMachine): string[] {
  const all: string[] = [];
  for (const node of Object.values(machine.root.states)) {
    for (const definitions of node.transitions.values()) {
      for (const def of definitions) {
        const meta = def.meta as { case: string };
        all.push(`${node.key}: ${meta.case} -> ${def.target?.[0]?.key ?? node.key}`);
      }
    }
  }
  return all;
}

/** The fields every event type must carry. */
const PAYLOAD: Record<GroupEvent['type'], readonly string[]> = {
  'request.joinGroup': ['member', 'memberId', 'version', 'protocols'],
  'request.syncGroup': ['member', 'memberId', 'generation'],
  'request.heartbeat': ['member', 'memberId', 'generation'],
  'request.leaveGroup': ['member', 'memberId'],
  'request.offsetCommit': ['member', 'memberId', 'generation'],
  'timer.sessionExpired': ['member'],
  'timer.pendingMemberExpired': ['member'],
  'timer.joinPhaseExpired': [],
  'timer.syncExpired': [],
  'clock.tick': [],
  'coordinator.unload': [],
};

/** Every member id mentioned anywhere in the context is one of the slots. */
function slotsMentioned(ctx: GroupContext): unknown[] {
  return [
    ctx.leader,
    ...ctx.joinOrder,
    ...ctx.timers.map((t) => (t.ref.timer === 'session' ? t.ref.member : null)),
    ...ctx.completed.map((c) => c.member),
    ...ctx.dropped.map((c) => c.member),
  ].filter((m) => m !== null);
}

/** The model's own invariants, checked after every step of the random runs. */
function checkModelInvariants(ctx: GroupContext): void {
  const ids = ctx.slots.map((s) => s.id);
  const members = ctx.slots.filter((s) => s.status === 'member').map((s) => s.id);
  for (const id of slotsMentioned(ctx)) expect(ids).toContain(id);
  expect([...ctx.joinOrder].sort()).toEqual(members);
  // INV-03: a leader exactly when there are members, and the leader is a member.
  expect(ctx.leader === null).toBe(ctx.joinOrder.length === 0);
  if (ctx.leader !== null) expect(ctx.joinOrder).toContain(ctx.leader);
  for (const s of ctx.slots) {
    if (s.status !== 'member') expect([s.awaitingJoin, s.awaitingSync, s.pendingSync, s.isNew]).toEqual([false, false, false, false]);
    // INV-04 and INV-08.
    if (s.pendingSync) expect(['completingRebalance', 'stable', 'dead']).toContain(ctx.state);
    if (s.awaitingJoin) expect(ctx.state).toBe('preparingRebalance');
    if (s.awaitingSync) expect(ctx.state).toBe('completingRebalance');
    if (s.kind === 'static') expect(s.status).not.toBe('pending');
  }
  if (ctx.state === 'empty') expect(members).toEqual([]);
  // Timers: in firing order, none overdue, one per key, sessions only for known slots.
  const keys = ctx.timers.map((t) => (t.ref.timer === 'session' ? `session:${t.ref.member}` : t.ref.timer));
  expect(new Set(keys).size).toBe(keys.length);
  ctx.timers.forEach((t, i) => {
    expect(t.dueAtUnits).toBeGreaterThanOrEqual(ctx.nowUnits);
    if (i > 0) expect(t.dueAtUnits).toBeGreaterThanOrEqual(ctx.timers[i - 1]?.dueAtUnits ?? 0);
    if (t.ref.timer === 'session') expect(ctx.slots.find((s) => s.id === (t.ref as { member: SlotId }).member)?.status).not.toBe('absent');
  });
  if (ctx.state === 'dead') expect(ctx.timers).toEqual([]);
  // Plain JSON: nothing undefined, nothing lost in a round trip.
  expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx);
}

describe('classic group statechart', () => {
  it('the factory builds the machine for member bounds 1 to 5', () => {
    for (let members = 1; members <= 5; members++) {
      const machine = createClassicGroupMachine({ members });
      const snap = start(machine);
      expect(snap.value).toBe('empty');
      expect(snap.context.slots.map((s) => s.id)).toEqual(Array.from({ length: members }, (_, i) => `m${i + 1}`));
      expect(snap.context.slots.filter((s) => s.kind === 'static').length).toBe(members >= 2 ? 1 : 0);
      expect(snap.context.slots.at(-1)?.kind).toBe(members >= 2 ? 'static' : 'dynamic');
      expect(groupEvents(snap).length).toBeGreaterThan(0);
    }
    expect(initialGroupContext({ members: 4, staticMembers: 2 }).slots.map((s) => s.kind)).toEqual(['dynamic', 'dynamic', 'static', 'static']);
    for (const members of [0, 6, 2.5]) expect(() => createClassicGroupMachine({ members })).toThrow(RangeError);
    expect(() => createClassicGroupMachine({ members: 2, staticMembers: 3 })).toThrow(RangeError);
    expect(() => createClassicGroupMachine({ members: 2, timing: { unitMs: 70000 } })).toThrow(/unitMs must divide 300000/);
    expect(initialGroupContext({ members: 1, timing: { unitMs: 50000 } }).timing.newMemberUnits).toBe(6);
  });

  it('every state is reachable (xstate/graph shortest paths, transition-aware)', () => {
    const machine = createClassicGroupMachine({ members: 3 });
    const paths = getShortestPaths(machine, {
      events: (s) => groupEvents(s),
      serializeState: (s, event, prev) => `${String(s.value)} <- ${s.context.lastCase ?? 'init'} from ${prev === undefined ? '-' : String(prev.value)}`,
    });
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(GROUP_STATES));
    for (const path of paths) {
      for (const step of path.steps.slice(1)) {
        for (const field of PAYLOAD[step.event.type]) expect((step.event as unknown as Record<string, unknown>)[field]).toBeDefined();
      }
    }
  });

  it('exhaustive exploration takes every declared transition, and only declared ones', () => {
    const machine = createClassicGroupMachine({ members: 2 });
    const declared = declaredTransitions(machine);
    expect(new Set(declared).size).toBe(declared.length);
    const taken = new Set<string>();
    const states = explore({
      start: { context: initialGroupContext({ members: 2, staticMembers: 1 }) },
      events: (s) => groupEvents(s),
      step: (s, e) => {
        const step = stepGroup(s.context, e);
        return step === null ? null : { next: { context: step.context }, info: `${s.context.state}: ${step.case} -> ${step.state}` };
      },
      key: abstractGroupKey,
      onEdge: (edge) => taken.add(edge.step),
    });
    expect(states.length).toBeGreaterThan(1000);
    expect([...taken].filter((t) => !declared.includes(t))).toEqual([]);
    expect(declared.filter((t) => !taken.has(t))).toEqual([]);
  });

  it('the statechart and the step function agree on random runs, bounds 1 to 5 [INV-02] [INV-03] [INV-04] [INV-08]', () => {
    const machines = [1, 2, 3, 4, 5].map((members) => createClassicGroupMachine({ members }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 80 }), (which, picks) => {
        const machine = machines[which] as ClassicGroupMachine;
        let snap = start(machine);
        for (const pick of picks) {
          const events = groupEvents(snap);
          const event = events[pick % events.length] as GroupEvent;
          for (const field of PAYLOAD[event.type]) expect((event as unknown as Record<string, unknown>)[field]).toBeDefined();
          const expected = stepGroup(snap.context, event);
          expect(expected).not.toBeNull();
          const next = transition(machine, snap, event)[0];
          expect(next.value).toBe(expected?.state);
          expect(next.context).toEqual(expected?.context);
          expect(next.context.state).toBe(next.value);
          expect(next.context.generation - snap.context.generation).toBeGreaterThanOrEqual(0);
          expect(next.context.generation - snap.context.generation).toBeLessThanOrEqual(1);
          checkModelInvariants(next.context);
          snap = next;
        }
      }),
      { seed: 20251121, numRuns: 150 },
    );
  });

  it('events the model does not offer are not taken', () => {
    const machine = createClassicGroupMachine({ members: 2 });
    const snap = start(machine);
    expect(snap.can({ type: 'timer.joinPhaseExpired' })).toBe(false);
    expect(snap.can({ type: 'request.offsetCommit', member: 'm1', memberId: 'own', generation: 'current' })).toBe(false);
    expect(snap.can(join('m1', 'own'))).toBe(false);
    expect(snap.can(join('m2', 'empty', { version: 'v1-3' }))).toBe(false);
    expect(transition(machine, snap, JOIN_TIMER)[0].context).toBe(snap.context);
  });

  it('[JG-08] [JG-10] [TM-10] [TM-11] [TM-08] [SG-07] [SG-09] two members join, the initial delay is extended once, the leader syncs', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const snaps = run(machine, [join('m1'), join('m1', 'own'), join('m2'), join('m2', 'own'), JOIN_TIMER, JOIN_TIMER, sync('m2'), sync('m1')]);
    const [required, parked, , , extended, completed, followerParked, stable] = snaps as [Snap, Snap, Snap, Snap, Snap, Snap, Snap, Snap];
    expect(predictionOf(required)).toMatchObject({ state: 'Empty', outcome: { kind: 'response', errorCode: 79 }, pending: ['m1'] });
    expect(predictionOf(parked)).toMatchObject({ state: 'PreparingRebalance', outcome: { kind: 'parked' }, leader: 'm1', generation: 0 });
    expect(extended.context.lastCase).toBe('timer.joinExtended');
    expect(nowUnitsOf(extended)).toBe(1);
    expect(predictionOf(completed)).toMatchObject({
      state: 'CompletingRebalance',
      generation: 1,
      leader: 'm1',
      completed: [
        { member: 'm1', request: 'joinGroup', errorCode: 0 },
        { member: 'm2', request: 'joinGroup', errorCode: 0 },
      ],
    });
    expect(predictionOf(followerParked).outcome).toEqual({ kind: 'parked' });
    expect(predictionOf(stable)).toMatchObject({
      state: 'Stable',
      generation: 1,
      outcome: { kind: 'response', errorCode: 0 },
      completed: [{ member: 'm2', request: 'syncGroup', errorCode: 0 }],
    });
  });

  it('[TM-02] [TM-01] only the first armed timer is offered, and no request while a timer is due', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const [stable] = stableGroupOf(machine, ['m1', 'm2']);
    // Join completion re-armed both sessions and the sync timer, all due at the same time.
    const first = groupEvents(stable).filter((e) => e.type.startsWith('timer.'));
    expect(first).toEqual([{ type: 'timer.sessionExpired', member: 'm1' }]);
    expect(nextTimerDeadlineMs(stable)).toBe(400000);
    const expired = send(machine, stable, { type: 'timer.sessionExpired', member: 'm1' });
    expect(isQuiescent(expired)).toBe(false);
    expect(groupEvents(expired)).toEqual([{ type: 'timer.sessionExpired', member: 'm2' }]);
    const empty = send(machine, expired, { type: 'timer.sessionExpired', member: 'm2' });
    expect(predictionOf(empty)).toMatchObject({ state: 'Empty', generation: 2, members: [] });
  });

  it('[TM-14] [TM-05] a member that heartbeats but never syncs is removed by the sync timer', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const [, completing] = stableGroupOf(machine, ['m1', 'm2']);
    let snap = send(machine, completing, sync('m1'));
    snap = send(machine, snap, TICK);
    snap = send(machine, snap, heartbeat('m1'));
    snap = send(machine, snap, heartbeat('m2'));
    expect(groupEvents(snap)[0]).toEqual({ type: 'timer.syncExpired' });
    snap = send(machine, snap, { type: 'timer.syncExpired' });
    expect(predictionOf(snap)).toMatchObject({ state: 'PreparingRebalance', members: ['m1'], leader: 'm1' });
  });

  it('[LG-08] [TM-02] the last member leaves while a pending member exists: the join timer is due at once', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const [stable] = stableGroupOf(machine, ['m1']);
    let snap = send(machine, stable, join('m2'));
    snap = send(machine, snap, leave('m1'));
    expect(predictionOf(snap)).toMatchObject({ state: 'PreparingRebalance', outcome: { kind: 'response', errorCode: 0 }, pending: ['m2'] });
    expect(groupEvents(snap)).toEqual([JOIN_TIMER]);
    snap = send(machine, snap, JOIN_TIMER);
    expect(predictionOf(snap)).toMatchObject({ state: 'Empty', generation: 2, pending: ['m2'] });
  });

  it('[ST-02] [ST-04] [ST-06] [ST-09] a static member replaced in Stable is answered at once; its old id is fenced', () => {
    const machine = createClassicGroupMachine({ members: 1, staticMembers: 1 });
    const [stable] = stableGroupOf(machine, ['m1']);
    const replaced = send(machine, stable, join('m1'));
    expect(predictionOf(replaced)).toMatchObject({ state: 'Stable', generation: 1, leader: 'm1', outcome: { kind: 'response', errorCode: 0 } });
    expect(predictionOf(send(machine, replaced, heartbeat('m1', 'other'))).outcome).toEqual({ kind: 'response', errorCode: 82 });
    expect(predictionOf(send(machine, replaced, heartbeat('m1'))).outcome).toEqual({ kind: 'response', errorCode: 0 });
  });

  it('[JG-17] [JG-18] [JG-13] the leader alone rejoining in Stable completes a new generation at once; a follower is answered at once', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const [stable] = stableGroupOf(machine, ['m1', 'm2']);
    const follower = send(machine, stable, join('m2', 'own'));
    expect(predictionOf(follower)).toMatchObject({ state: 'Stable', outcome: { kind: 'response', errorCode: 0 } });
    const alone = send(machine, send(machine, stable, leave('m2')), join('m1', 'own'));
    expect(predictionOf(alone)).toMatchObject({ state: 'CompletingRebalance', generation: 2, outcome: { kind: 'response', errorCode: 0 } });
    const restable = send(machine, alone, sync('m1'));
    const rejoined = send(machine, restable, join('m1', 'own'));
    expect(predictionOf(rejoined)).toMatchObject({ state: 'CompletingRebalance', generation: 3, outcome: { kind: 'response', errorCode: 0 } });
  });

  it('[OC-07] [OC-08] [OC-09] OffsetCommit by state and generation', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const [stable, completing] = stableGroupOf(machine, ['m1', 'm2']);
    expect(predictionOf(send(machine, completing, commit('m1'))).outcome).toEqual({ kind: 'response', errorCode: 27 });
    expect(predictionOf(send(machine, stable, commit('m1'))).outcome).toEqual({ kind: 'response', errorCode: 0 });
    const stale: GroupEvent = { type: 'request.offsetCommit', member: 'm1', memberId: 'own', generation: 'stale' };
    expect(predictionOf(send(machine, stable, stale)).outcome).toEqual({ kind: 'response', errorCode: 22 });
    expect(staleGenerationId(0)).toBe(1);
    expect(staleGenerationId(4)).toBe(3);
  });

  it('[GS-02] [OC-05] an unload answers parked JoinGroups NOT_COORDINATOR; Dead answers COORDINATOR_NOT_AVAILABLE', () => {
    const machine = createClassicGroupMachine({ members: 2, staticMembers: 0 });
    const snaps = run(machine, [join('m1', 'empty', { version: 'v1-3' }), join('m2', 'empty', { version: 'v1-3' }), { type: 'coordinator.unload' }]);
    const dead = snaps.at(-1) as Snap;
    expect(predictionOf(dead)).toMatchObject({
      state: 'Dead',
      completed: [
        { member: 'm1', request: 'joinGroup', errorCode: 16 },
        { member: 'm2', request: 'joinGroup', errorCode: 16 },
      ],
    });
    expect(dead.context.timers).toEqual([]);
    for (const event of [join('m1', 'own'), sync('m1'), heartbeat('m1'), leave('m1'), commit('m1')]) {
      expect(predictionOf(send(machine, dead, event)).outcome).toEqual({ kind: 'response', errorCode: 15 });
    }
  });
});

function nowUnitsOf(snap: Snap): number {
  return snap.context.nowUnits;
}

/**
 * Joins the given dynamic (v1-3) or static slots, lets the join phase complete and has every
 * member sync, leader last. Returns the Stable snapshot and the CompletingRebalance one before.
 */
function stableGroupOf(machine: ClassicGroupMachine, members: readonly SlotId[]): [Snap, Snap] {
  let snap = start(machine);
  for (const m of members) snap = send(machine, snap, join(m, 'empty', { version: snap.context.slots.find((s) => s.id === m)?.kind === 'static' ? 'v5+' : 'v1-3' }));
  while (snap.value === 'preparingRebalance') snap = send(machine, snap, groupEvents(snap)[0] as GroupEvent);
  expect(snap.value).toBe('completingRebalance');
  const completing = snap;
  const leader = snap.context.leader as SlotId;
  for (const m of members.filter((x) => x !== leader)) snap = send(machine, snap, sync(m));
  snap = send(machine, snap, sync(leader));
  expect(snap.value).toBe('stable');
  return [snap, completing];
}
