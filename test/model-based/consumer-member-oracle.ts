/**
 * The KIP-848 member statechart as the oracle of a real `KafkaConsumer`'s run: the consumer's
 * own trace (its state moves, heartbeat requests and answers) and the rebalance callbacks it
 * ran are turned into the statechart's events, in the order they happened, and the statechart
 * must accept each one and land where the consumer did.
 *
 * @remarks
 * The oracle derives the revoke/add counts of a new target from the heartbeat answer and from
 * what the callbacks say the member owns, never from the consumer's internals; the counts the
 * consumer reports when it acknowledges (`reconciled: -r +a`) and the leave epoch it sends are
 * checked against the model's prediction. One topic, so a partition is its index.
 */
import { createActor } from 'xstate';
import type { AnyTransitionDefinition } from 'xstate';
import type { ConsumerMemberEvent, ConsumerMemberMachine } from '../../machines/index.js';
import type { ConsumerRebalanceListener, ConsumerTraceEntry, TopicPartition } from '../../src/client/index.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/consumer-group-heartbeat.js';
import type { Coverage } from './coverage.js';

/** A rebalance callback, with the consumer's trace length when it ran. */
export interface CallbackEntry {
  readonly at: number;
  readonly kind: 'revoked' | 'assigned' | 'lost';
  readonly partitions: readonly number[];
}

/** A listener that logs each callback into `log` with `traceLength()` at that moment. */
export function recordingListener(log: CallbackEntry[], traceLength: () => number): ConsumerRebalanceListener {
  const entry = (kind: CallbackEntry['kind']) => (tps: readonly TopicPartition[]) => log.push({ at: traceLength(), kind, partitions: tps.map((tp) => tp.partition) });
  return { onPartitionsRevoked: entry('revoked'), onPartitionsAssigned: entry('assigned'), onPartitionsLost: entry('lost') };
}

/** The consumer and the statechart disagree. */
export class MemberMismatch extends Error {
  override readonly name = 'MemberMismatch';
}

type StateEntry = Extract<ConsumerTraceEntry, { type: 'state' }>;

/** Replays one consumer's run on a fresh statechart, recording agreed states and transitions in `coverage`. */
export function replayMember(machine: ConsumerMemberMachine, trace: readonly ConsumerTraceEntry[], callbacks: readonly CallbackEntry[], isStatic: boolean, coverage: Coverage): void {
  const fired: AnyTransitionDefinition[] = [];
  const actor = createActor(machine, {
    input: { isStatic },
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep') fired.push(...ev._transitions);
    },
  });
  actor.start();
  coverage.reach(String(actor.getSnapshot().value));
  const owned = new Set<number>();
  let target: number[] = [];
  let lastEpochSent = 0;
  const steps: string[] = [];
  const send = (event: ConsumerMemberEvent, expected?: string): void => {
    const before = actor.getSnapshot();
    steps.push(`${String(before.value)} ${JSON.stringify(event)}`);
    const where = (): string => `${JSON.stringify(event)} in ${String(before.value)} (context ${JSON.stringify(before.context)})\nsteps:\n  ${steps.join('\n  ')}`;
    if (!before.can(event)) throw new MemberMismatch(`the statechart does not accept ${where()}`);
    fired.length = 0;
    actor.send(event);
    const after = String(actor.getSnapshot().value);
    if (expected !== undefined && after !== expected) throw new MemberMismatch(`the consumer moved to ${expected}, the statechart to ${after} on ${where()}`);
    for (const t of fired) coverage.fire(t);
    coverage.reach(after);
  };
  let next = 0;
  const callbacksUpTo = (index: number): void => {
    for (; next < callbacks.length && callbacks[next]!.at <= index; next++) {
      const c = callbacks[next]!;
      if (c.kind === 'assigned') c.partitions.forEach((p) => owned.add(p));
      else c.partitions.forEach((p) => owned.delete(p));
      if (c.kind !== 'assigned' && c.partitions.length > 0) send({ type: c.kind === 'revoked' ? 'callback.revoked' : 'callback.lost', count: c.partitions.length });
    }
  };
  trace.forEach((e, index) => {
    callbacksUpTo(index);
    if (e.type === 'request' && e.api === 'ConsumerGroupHeartbeat') lastEpochSent = (e.request as ConsumerGroupHeartbeatRequest).memberEpoch;
    if (e.type === 'response' && e.api === 'ConsumerGroupHeartbeat') {
      const r = e.response as ConsumerGroupHeartbeatResponse;
      if (r.assignment !== null) {
        target = r.assignment.topicPartitions.flatMap((t) => t.partitions);
        // An answer while acknowledging moves no state but changes the target the acknowledgement is checked against.
        if (String(actor.getSnapshot().value) === 'ACKNOWLEDGING') send(targetEvent(owned, target), 'ACKNOWLEDGING');
      }
    }
    if (e.type === 'state') send(eventOf(e, { owned, target, lastEpochSent }), e.to);
  });
  callbacksUpTo(Number.POSITIVE_INFINITY);
}

/** A heartbeat answer with a target: how many owned partitions it takes away and how many it adds. */
function targetEvent(owned: ReadonlySet<number>, target: readonly number[]): ConsumerMemberEvent {
  const t = new Set(target);
  return { type: 'heartbeat.ok', revoke: [...owned].filter((p) => !t.has(p)).length, add: [...t].filter((p) => !owned.has(p)).length };
}

/** The statechart event a state move of the consumer stands for. */
function eventOf(e: StateEntry, seen: { owned: ReadonlySet<number>; target: readonly number[]; lastEpochSent: number }): ConsumerMemberEvent {
  const { from, to, cause } = e;
  if (to === 'JOINING') return { type: 'poll' };
  if (cause.startsWith('ConsumerGroupHeartbeat:NONE')) return targetEvent(seen.owned, seen.target);
  if (to === 'FENCED') return { type: 'heartbeat.fenced' };
  if (to === 'FATAL') return { type: 'heartbeat.fatal' };
  if (to === 'ACKNOWLEDGING') {
    const m = /reconciled: -(\d+) \+(\d+)/.exec(cause);
    if (m === null) throw new MemberMismatch(`unexpected cause of ${from} -> ${to}: ${cause}`);
    return { type: 'reconciled', revoked: Number(m[1]), added: Number(m[2]) };
  }
  if (to === 'PREPARE_LEAVING') return cause === 'poll timeout' ? { type: 'timer.poll' } : { type: 'close' };
  if (to === 'LEAVING') return { type: 'leave' };
  if (from === 'FENCED' && to === 'UNSUBSCRIBED') return { type: 'close' };
  if (cause === 'acknowledged' || cause === 'leave heartbeat sent') return { type: 'heartbeat.sent', epoch: seen.lastEpochSent };
  throw new MemberMismatch(`no statechart event for ${from} -> ${to} (${cause})`);
}
