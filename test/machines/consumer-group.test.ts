/**
 * Tests of the KIP-848 consumer-group statecharts themselves: that each enumerates the shared
 * model exactly (every reachable case and target a transition, no transition unreachable),
 * that the model keeps the protocol's safety claims in every reachable state, and a worked
 * example of revocation before reassignment.
 */
import { initialTransition, transition } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  CG_SLOTS,
  FOCAL,
  consumerGroupEvents,
  consumerGroupKey,
  createConsumerGroupMachine,
  createConsumerGroupMemberMachine,
  explore,
  groupStateOf,
  initialConsumerGroupContext,
  memberStateOf,
  slotOfEvent,
  stepConsumerGroup,
} from '../../machines/index.js';
import type { CgContext, CgEvent, CgMemberEvent } from '../../machines/index.js';
import { machineEdges } from '../model-based/coverage.js';

/** Every reachable context and every (group edge, member edge) the model takes. */
function exploreModel(): { states: CgContext[]; group: Set<string>; member: Set<string> } {
  const group = new Set<string>();
  const member = new Set<string>();
  const states = explore({
    start: initialConsumerGroupContext(3),
    events: consumerGroupEvents,
    step: (c, e) => {
      const s = stepConsumerGroup(c, e);
      return s === null ? null : { next: s.context, info: s.case };
    },
    key: consumerGroupKey,
    onEdge: ({ from, event, step, to }) => {
      group.add(`${groupStateOf(from)}|${step}|${groupStateOf(to)}`);
      member.add(`${memberStateOf(from, FOCAL)}|${slotOfEvent(event) === FOCAL ? step : 'peer'}|${memberStateOf(to, FOCAL)}`);
    },
  });
  return { states, group, member };
}

const model = exploreModel();
const keys = (m: AnyStateMachine): string[] => machineEdges(m).map((e) => e.key).sort();

describe('consumer-group statecharts', () => {
  it('the group statechart has exactly the transitions the model takes', () => {
    expect(keys(createConsumerGroupMachine())).toEqual([...model.group].sort());
  });

  it('the member statechart has exactly the transitions the model takes for m1', () => {
    expect(keys(createConsumerGroupMemberMachine())).toEqual([...model.member].sort());
  });

  it('in every reachable state no partition has two holders, and member epoch <= target epoch <= group epoch', () => {
    expect(model.states.length).toBeGreaterThan(1000);
    for (const ctx of model.states) {
      const held = CG_SLOTS.flatMap((s) => [...(ctx.members[s]?.assigned ?? []), ...(ctx.members[s]?.revoking ?? [])]);
      expect(new Set(held).size, JSON.stringify(ctx)).toBe(held.length);
      expect(ctx.targetEpoch).toBeLessThanOrEqual(ctx.groupEpoch);
      for (const s of CG_SLOTS) expect(ctx.members[s]?.epoch ?? 0).toBeLessThanOrEqual(ctx.targetEpoch);
    }
  });

  it('a member holds nothing it is not assigned or revoking, and gets a partition only once nobody else holds it', () => {
    for (const ctx of model.states) {
      for (const event of consumerGroupEvents(ctx)) {
        const next = stepConsumerGroup(ctx, event)!.context;
        for (const s of CG_SLOTS) {
          const gained = (next.members[s]?.assigned ?? []).filter((t) => !(ctx.members[s]?.assigned.includes(t) ?? false));
          for (const t of gained) {
            const others = CG_SLOTS.filter((o) => o !== s && ((ctx.members[o]?.assigned.includes(t) ?? false) || (ctx.members[o]?.revoking.includes(t) ?? false)));
            expect(others, `${s} gained ${t} on ${JSON.stringify(event)}`).toEqual([]);
          }
        }
      }
    }
  });

  it('worked example: revocation first, then the partition moves to the member waiting for it', () => {
    const machine = createConsumerGroupMemberMachine();
    const events: CgMemberEvent[] = [
      { type: 'heartbeat.join', member: 'm1', topics: ['tA', 'tB'] },
      { type: 'heartbeat.subscribe', member: 'm1', topics: ['tA'] },
      { type: 'peer', event: { type: 'heartbeat.join', member: 'm2', topics: ['tB'] } },
      { type: 'peer', event: { type: 'heartbeat.regular', member: 'm2', ack: true } },
      { type: 'heartbeat.regular', member: 'm1', ack: true },
      { type: 'peer', event: { type: 'heartbeat.regular', member: 'm2', ack: true } },
    ];
    let snap = initialTransition(machine)[0];
    const seen: string[] = [];
    for (const e of events) {
      expect(snap.can(e), JSON.stringify(e)).toBe(true);
      snap = transition(machine, snap, e)[0];
      const m2 = snap.context.members.m2;
      seen.push(`${String(snap.value)} m2:${m2 === null ? '-' : `${m2.state}${JSON.stringify(m2.assigned)}`}`);
    }
    expect(seen).toEqual([
      'stable m2:-',
      'unrevokedPartitions m2:-',
      'unrevokedPartitions m2:UNRELEASED_PARTITIONS[]',
      'unrevokedPartitions m2:UNRELEASED_PARTITIONS[]',
      'stable m2:UNRELEASED_PARTITIONS[]',
      'stable m2:STABLE["tB"]',
    ]);
    expect(snap.context.groupEpoch).toBe(3);
    expect(groupStateOf(snap.context)).toBe('stable');
  });

  it('the group statechart follows the derived group state on every step of a random walk', () => {
    const machine = createConsumerGroupMachine();
    let snap = initialTransition(machine)[0];
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      const offered: CgEvent[] = consumerGroupEvents(snap.context);
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const e = offered[seed % offered.length]!;
      snap = transition(machine, snap, e)[0];
      expect(snap.value).toBe(groupStateOf(snap.context));
    }
  });
});
