/**
 * Tests of the consumer member statechart itself: the factory, reachability with
 * `xstate/graph`, that the transitions enumerate the model exactly, that the statechart and
 * the pure step function agree, what the member may read, and worked examples.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { createClassicMemberMachine } from '../../machines/classic-member.machine.js';
import type { ClassicMemberMachine } from '../../machines/classic-member.machine.js';
import { initialMemberContext, memberEvents, readablePartitions, stepMember } from '../../machines/classic-member.model.js';
import type { ClassicMemberOptions } from '../../machines/classic-member.model.js';
import { MEMBER_STATES } from '../../machines/classic-member.types.js';
import type { MemberContext, MemberEvent, PartitionId } from '../../machines/classic-member.types.js';
import { explore } from '../../machines/explore.js';

type Snap = SnapshotFrom<ClassicMemberMachine>;

const VARIANTS: readonly ClassicMemberOptions[] = [
  { protocol: 'eager' },
  { protocol: 'eager', isStatic: true },
  { protocol: 'cooperative' },
  { protocol: 'cooperative', isStatic: true },
];

function send(machine: ClassicMemberMachine, snap: Snap, event: MemberEvent): Snap {
  expect(snap.can(event), `${JSON.stringify(event)} should be accepted in ${String(snap.value)}`).toBe(true);
  return transition(machine, snap, event)[0];
}

function run(machine: ClassicMemberMachine, events: readonly MemberEvent[]): Snap {
  let snap = initialTransition(machine)[0];
  for (const event of events) snap = send(machine, snap, event);
  return snap;
}

const POLL: MemberEvent = { type: 'poll' };
const FOUND: MemberEvent = { type: 'coordinator.found' };
const joined = (errorCode: 0 | 79 | 25 = 0): MemberEvent => ({ type: 'response.joinGroup', errorCode });
const synced = (...assigned: PartitionId[]): MemberEvent => ({ type: 'response.syncGroup', errorCode: 0, assigned });
const hb = (errorCode: 0 | 15 | 16 | 22 | 25 | 27 | 82): MemberEvent => ({ type: 'response.heartbeat', errorCode });

/** Reaches Stable owning `assigned`. */
const TO_STABLE = (...assigned: PartitionId[]): MemberEvent[] => [POLL, FOUND, joined(79), joined(0), synced(...assigned)];

const key = (s: { context: MemberContext }): string => JSON.stringify({ ...s.context, sent: [], revoked: [], lost: [], lastCase: null });

describe('consumer member statechart', () => {
  it('the factory builds the machine for both protocols, static or not, 1 to 4 partitions', () => {
    for (const options of VARIANTS) {
      for (let partitions = 1; partitions <= 4; partitions++) {
        const snap = initialTransition(createClassicMemberMachine({ ...options, partitions }))[0];
        expect(snap.value).toBe('unjoined');
        expect(snap.context.partitions.length).toBe(partitions);
        expect(snap.context.isStatic).toBe(options.isStatic ?? false);
      }
    }
    expect(() => initialMemberContext({ protocol: 'eager', partitions: 0 })).toThrow(RangeError);
    expect(() => initialMemberContext({ protocol: 'eager', partitions: 5 })).toThrow(RangeError);
  });

  it('every state is reachable (xstate/graph shortest paths, transition-aware)', () => {
    for (const options of VARIANTS) {
      const machine = createClassicMemberMachine(options);
      const paths = getShortestPaths(machine, {
        events: (s) => (s.status === 'active' ? memberEvents(s) : []),
        serializeState: (s, _event, prev) => `${String(s.value)} <- ${s.context.lastCase ?? 'init'} from ${prev === undefined ? '-' : String(prev.value)}`,
      });
      // A static member never sends LeaveGroup (CL-19), so it never is leaving.
      const expected = MEMBER_STATES.filter((state) => !(options.isStatic === true && state === 'leaving'));
      expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(expected));
    }
  });

  it('exhaustive exploration takes every declared transition, and only declared ones', () => {
    const machine = createClassicMemberMachine({ protocol: 'eager' });
    const declared: string[] = [];
    for (const node of Object.values(machine.root.states)) {
      for (const definitions of node.transitions.values()) {
        for (const def of definitions) declared.push(`${node.key}: ${(def.meta as { case: string }).case} -> ${def.target?.[0]?.key ?? node.key}`);
      }
    }
    expect(new Set(declared).size).toBe(declared.length);
    const taken = new Set<string>();
    for (const options of VARIANTS) {
      explore({
        start: { context: initialMemberContext(options) },
        events: memberEvents,
        step: (s, e) => {
          const step = stepMember(s.context, e);
          return step === null ? null : { next: { context: step.context }, info: `${s.context.state}: ${step.case} -> ${step.state}` };
        },
        key,
        onEdge: (edge) => taken.add(edge.step),
      });
    }
    expect([...taken].filter((t) => !declared.includes(t))).toEqual([]);
    expect(declared.filter((t) => !taken.has(t))).toEqual([]);
  });

  it('the statechart and the step function agree on random runs; reads stay within what is owned [CL-13] [CL-14] [CL-15]', () => {
    const machines = VARIANTS.map((options) => createClassicMemberMachine({ ...options, partitions: 3 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (which, picks) => {
        const machine = machines[which] as ClassicMemberMachine;
        let snap = initialTransition(machine)[0];
        for (const pick of picks) {
          const events = memberEvents(snap);
          if (events.length === 0) break;
          const event = events[pick % events.length] as MemberEvent;
          if (event.type.startsWith('response.')) expect((event as { errorCode?: number }).errorCode).toBeDefined();
          if (event.type === 'response.syncGroup') expect(event.assigned).toBeDefined();
          const expected = stepMember(snap.context, event);
          const next = transition(machine, snap, event)[0];
          expect(next.value).toBe(expected?.state);
          expect(next.context).toEqual(expected?.context);
          expect(next.context.state).toBe(next.value);
          const reads = readablePartitions(next);
          for (const p of reads) {
            expect(next.context.owned).toContain(p);
            expect(next.context.revoked).not.toContain(p);
            expect(next.context.lost).not.toContain(p);
          }
          if (next.context.protocol === 'eager' && next.value !== 'stable') expect(reads).toEqual([]);
          if (['unjoined', 'leaving', 'left', 'fatal'].includes(String(next.value))) expect(next.context.owned).toEqual([]);
          if (!next.context.hasGeneration) expect(next.context.owned).toEqual([]);
          expect(JSON.parse(JSON.stringify(next.context))).toEqual(next.context);
          snap = next;
        }
      }),
      { seed: 20251121, numRuns: 200 },
    );
  });

  it('[CL-01] [CL-02] [CL-03] [CL-04] [CL-05] a new member discovers, joins twice (KIP-394), syncs and reads', () => {
    const machine = createClassicMemberMachine({ protocol: 'eager' });
    let snap = initialTransition(machine)[0];
    snap = send(machine, snap, POLL);
    expect([snap.value, snap.context.sent]).toEqual(['discovering', ['findCoordinator']]);
    snap = send(machine, snap, FOUND);
    expect([snap.value, snap.context.sent]).toEqual(['preparingRebalance', ['joinGroup']]);
    snap = send(machine, snap, joined(79));
    expect([snap.value, snap.context.hasMemberId, snap.context.sent]).toEqual(['preparingRebalance', true, ['joinGroup']]);
    snap = send(machine, snap, joined(0));
    expect([snap.value, snap.context.sent]).toEqual(['completingRebalance', ['syncGroup']]);
    expect(readablePartitions(snap)).toEqual([]);
    snap = send(machine, snap, synced('p1'));
    expect([snap.value, readablePartitions(snap)]).toEqual(['stable', ['p1']]);
  });

  it('[CL-05] [CL-14] a cooperative member revokes what the assignment leaves out, then rejoins keeping the rest', () => {
    const machine = createClassicMemberMachine({ protocol: 'cooperative' });
    let snap = run(machine, TO_STABLE('p0', 'p1'));
    snap = send(machine, snap, hb(27));
    expect([snap.value, snap.context.rejoinNeeded, readablePartitions(snap)]).toEqual(['stable', true, ['p0', 'p1']]);
    snap = send(machine, snap, POLL);
    expect([snap.value, snap.context.revoked, readablePartitions(snap)]).toEqual(['preparingRebalance', [], ['p0', 'p1']]);
    snap = send(machine, send(machine, snap, joined(0)), synced('p1'));
    expect([snap.context.lastCase, snap.context.revoked, readablePartitions(snap), snap.context.rejoinNeeded]).toEqual(['sync.okRevoked', ['p0'], ['p1'], true]);
  });

  it('[CL-13] an eager member revokes everything before it rejoins', () => {
    const machine = createClassicMemberMachine({ protocol: 'eager' });
    const snap = send(machine, send(machine, run(machine, TO_STABLE('p0', 'p1')), hb(27)), POLL);
    expect([snap.value, snap.context.revoked, readablePartitions(snap)]).toEqual(['preparingRebalance', ['p0', 'p1'], []]);
  });

  it('[CL-06] [CL-07] [CL-15] a reset by a heartbeat answer loses every partition; the member rejoins at its next poll', () => {
    const machine = createClassicMemberMachine({ protocol: 'cooperative' });
    const unknown = send(machine, run(machine, TO_STABLE('p0')), hb(25));
    expect([unknown.value, unknown.context.lost, unknown.context.hasMemberId]).toEqual(['unjoined', ['p0'], false]);
    expect(send(machine, unknown, POLL).context.sent).toEqual(['joinGroup']);
    const illegal = send(machine, run(machine, TO_STABLE('p0')), hb(22));
    expect([illegal.value, illegal.context.lost, illegal.context.hasMemberId]).toEqual(['unjoined', ['p0'], true]);
  });

  it('[CL-09] a stable member keeps its assignment when the coordinator moves', () => {
    const machine = createClassicMemberMachine({ protocol: 'eager' });
    let snap = send(machine, run(machine, TO_STABLE('p0')), hb(16));
    expect([snap.value, snap.context.coordinatorKnown, readablePartitions(snap), snap.context.sent]).toEqual(['stable', false, ['p0'], ['findCoordinator']]);
    expect(snap.can({ type: 'timer.heartbeat' })).toBe(false);
    snap = send(machine, snap, FOUND);
    expect(send(machine, snap, { type: 'timer.heartbeat' }).context.sent).toEqual(['heartbeat']);
  });

  it('[CL-11] [CL-20] FENCED_INSTANCE_ID is fatal; a fatal member only closes', () => {
    const machine = createClassicMemberMachine({ protocol: 'eager', isStatic: true });
    const fatal = send(machine, run(machine, TO_STABLE('p0')), hb(82));
    expect([fatal.value, readablePartitions(fatal)]).toEqual(['fatal', []]);
    expect(memberEvents(fatal)).toEqual([POLL, { type: 'close' }]);
    expect(send(machine, fatal, { type: 'close' }).value).toBe('left');
  });

  it('[CL-18] [CL-19] dynamic members send LeaveGroup on close and poll timeout; static members never do', () => {
    for (const isStatic of [false, true]) {
      const machine = createClassicMemberMachine({ protocol: 'eager', isStatic });
      const closed = send(machine, run(machine, TO_STABLE('p0')), { type: 'close' });
      expect([closed.value, closed.context.sent, closed.context.revoked]).toEqual(isStatic ? ['left', [], ['p0']] : ['leaving', ['leaveGroup'], ['p0']]);
      const timedOut = send(machine, run(machine, TO_STABLE('p0')), { type: 'timer.pollTimeout' });
      expect([timedOut.value, timedOut.context.sent, timedOut.context.lost]).toEqual(['unjoined', isStatic ? [] : ['leaveGroup'], ['p0']]);
    }
  });
});
