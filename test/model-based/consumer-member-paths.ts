/**
 * Model-based runs of the KIP-848 member statechart with a real `KafkaConsumer`
 * (`group.protocol=consumer`) on the in-memory cluster in virtual time: situations that cause
 * each answer (a join, a new target with revocation, fencing by cutting the member off past its
 * session, heartbeats delayed so answers arrive while it acknowledges, the poll timer in every
 * state that has one, close, a static leave, fatal errors), after which every consumer's own trace is
 * replayed on the statechart (`consumer-member-oracle.ts`). Shared by
 * `consumer-member.mbt.test.ts` and `scripts/mbt-coverage.ts`.
 *
 * @remarks
 * States and transitions are counted only from the consumers' runs, in steps the statechart
 * agreed with. Transitions of Java's table the consumer cannot be driven into are not in the
 * statechart; `CONSUMER_MEMBER_OMITTED` (machines/consumer-member.machine.ts) argues each.
 */
import { createConsumerMemberMachine } from '../../machines/index.js';
import type { KafkaConsumer } from '../../src/client/index.js';
import type { Transport } from '../../src/transport/index.js';
import type { BrokerRequest, BrokerResponse } from '../../src/broker/kafka-broker.js';
import { cluster, World, type Member } from '../unit/client/world.js';
import { Coverage } from './coverage.js';
import { recordingListener, replayMember, type CallbackEntry } from './consumer-member-oracle.js';

/** The transport of the in-memory cluster (it takes fault plans). */
type FaultyTransport = Transport<BrokerRequest, BrokerResponse>;

/** Consumer-group configs small enough for short runs (the defaults' minimum session is 45 s). */
const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };
const KIP848 = { 'group.protocol': 'consumer', 'auto.commit.interval.ms': 1_000 } as const;

/** One consumer of a situation and what its callbacks logged. */
interface Played {
  readonly member: Member;
  readonly callbacks: CallbackEntry[];
  readonly isStatic: boolean;
}

/** A situation: a cluster, consumers added to it, and what the test does with them. */
export class Situation {
  readonly world: World;
  readonly played: Played[] = [];
  constructor(partitions: number, config: object = {}) {
    this.world = new World(cluster(partitions, { ...FAST, ...config }));
  }

  add(config: Record<string, unknown> = {}, transport?: FaultyTransport): Member {
    const callbacks: CallbackEntry[] = [];
    let consumer: KafkaConsumer | undefined;
    const member = this.world.add({ ...KIP848, ...config }, transport === undefined ? {} : { transport }, recordingListener(callbacks, () => consumer?.trace.length ?? 0));
    consumer = member.consumer;
    this.played.push({ member, callbacks, isStatic: config['group.instance.id'] !== undefined });
    return member;
  }

  /** Lets time pass (without polling) until `done()` holds. */
  advanceUntil(done: () => boolean, maxMs = 60_000, stepMs = 10): void {
    for (let t = 0; !done(); t += stepMs) {
      if (t >= maxMs) throw new Error(`condition not reached within ${maxMs} ms`);
      this.world.kafka.advance(stepMs);
    }
  }

  /** A transport that can cut a member off, for a long pause (its session expires, so the coordinator fences it). */
  transport(): FaultyTransport {
    return this.world.kafka.createTransport();
  }

  /** Cuts the member off until its session has expired, then lets it through again. */
  pause(t: FaultyTransport): void {
    t.setFaults([{ action: { type: 'drop' } }]);
    this.world.kafka.advance(8_000);
    t.setFaults([]);
  }
}

/** One poll, whether or not the world polls the member. */
const once = (m: Member): void => void m.consumer.poll(0);
const state = (m: Member): string => String(m.consumer.state);
const stable = (...ms: Member[]) => (): boolean => ms.every((m) => state(m) === 'STABLE');

/** The situations, each a name and a run. */
export const SITUATIONS: readonly { readonly title: string; readonly rules: readonly string[]; readonly config?: object; readonly partitions?: number; readonly play: (s: Situation) => void }[] = [
  {
    rules: ['CL-35', 'CL-37', 'CL-39', 'CL-40', 'CL-43', 'CL-45'],
    title: 'a join, a second member whose target waits for a revocation, close of both',
    play: (s) => {
      const [a, b] = [s.add(), s.add()];
      b.polling = false;
      s.world.until(stable(a));
      b.polling = true;
      s.world.until(() => stable(a, b)() && a.partitions().length === 1 && b.partitions().length === 1);
      a.consumer.close();
      b.consumer.close();
    },
  },
  {
    rules: ['CL-40', 'CL-44'],
    title: 'a static member leaves with epoch -2',
    play: (s) => {
      const a = s.add({ 'group.instance.id': 'i1' });
      s.world.until(stable(a));
      a.consumer.close();
    },
  },
  {
    rules: ['CL-38'],
    title: 'a member cut off for longer than its session is fenced (UNKNOWN_MEMBER_ID), loses its partitions and rejoins; then fenced again, closes',
    play: (s) => {
      const t = s.transport();
      const a = s.add({}, t);
      s.world.until(stable(a));
      a.polling = false;
      s.pause(t);
      s.advanceUntil(() => state(a) === 'FENCED', 120_000);
      a.polling = true;
      s.world.until(stable(a));
      a.polling = false;
      s.pause(t);
      s.advanceUntil(() => state(a) === 'FENCED', 120_000);
      a.consumer.close();
    },
  },
  {
    rules: ['CL-37', 'CL-38', 'CL-39'],
    title: 'a newer target while reconciling restarts it; a member cut off while reconciling is fenced',
    partitions: 6,
    play: (s) => {
      const t = s.transport();
      const [a, b] = [s.add({}, t), s.add()];
      a.polling = false;
      b.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      once(b);
      s.advanceUntil(() => a.consumer.trace.some((e) => e.type === 'state' && e.from === 'RECONCILING' && e.to === 'RECONCILING'));
      s.pause(t);
      s.advanceUntil(() => state(a) === 'FENCED', 120_000);
      a.consumer.close();
    },
  },
  {
    rules: ['CL-37', 'CL-54'],
    title: 'a target that reverts to what the member owns before it polls is acknowledged at once, without reconciling',
    partitions: 6,
    play: (s) => {
      const [a, b] = [s.add(), s.add()];
      s.world.until(() => stable(a, b)() && a.partitions().length === 3);
      a.polling = false;
      b.consumer.close();
      s.advanceUntil(() => state(a) === 'RECONCILING');
      const c = s.add();
      c.polling = false;
      once(c);
      s.advanceUntil(() => state(a) === 'STABLE');
      a.consumer.close();
      c.consumer.close();
    },
  },
  {
    rules: ['CL-38', 'CL-43'],
    title: 'a heartbeat delayed past the session is in flight when the member reconciles: fenced while acknowledging',
    play: (s) => {
      const t = s.transport();
      const a = s.add({}, t);
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      const sent = a.sent('ConsumerGroupHeartbeat').length;
      t.setFaults([{ match: { direction: 'request', api: 'ConsumerGroupHeartbeat' }, action: { type: 'delay', ms: 10_000 }, limit: 1 }]);
      s.advanceUntil(() => a.sent('ConsumerGroupHeartbeat').length > sent);
      once(a);
      s.advanceUntil(() => state(a) === 'FENCED', 30_000);
      a.polling = true;
      s.world.until(stable(a));
      a.consumer.close();
    },
  },
  {
    rules: ['CL-37', 'CL-39', 'CL-43'],
    title: 'a heartbeat in flight when the member reconciles brings a newer target: acknowledging, then reconciling again',
    partitions: 6,
    play: (s) => {
      const t = s.transport();
      const a = s.add({}, t);
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      const sent = a.sent('ConsumerGroupHeartbeat').length;
      t.setFaults([{ match: { direction: 'request', api: 'ConsumerGroupHeartbeat' }, action: { type: 'delay', ms: 3_000 }, limit: 1 }]);
      s.advanceUntil(() => a.sent('ConsumerGroupHeartbeat').length > sent);
      once(a);
      const b = s.add();
      b.polling = false;
      once(b);
      s.advanceUntil(() => state(a) === 'RECONCILING', 30_000);
      a.polling = true;
      b.polling = true;
      s.world.until(() => stable(a, b)() && a.partitions().length === 3);
      a.consumer.close();
      b.consumer.close();
    },
  },
  {
    rules: ['CL-38', 'CL-44'],
    title: 'the poll timer expires while joining (its join heartbeat delayed): the member leaves and is STALE',
    play: (s) => {
      const t = s.transport();
      const a = s.add({ 'max.poll.interval.ms': 10_000 }, t);
      a.polling = false;
      t.setFaults([{ match: { direction: 'request', api: 'ConsumerGroupHeartbeat' }, action: { type: 'delay', ms: 15_000 }, limit: 1 }]);
      once(a);
      s.advanceUntil(() => state(a) === 'STALE', 30_000);
    },
  },
  {
    rules: ['CL-38', 'CL-44'],
    title: 'the poll timer expires while reconciling a target that only adds partitions (no rebalance timeout runs): STALE',
    play: (s) => {
      const a = s.add({ 'max.poll.interval.ms': 10_000 });
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      s.advanceUntil(() => state(a) === 'STALE', 30_000);
    },
  },
  {
    rules: ['CL-38', 'CL-43', 'CL-44'],
    title: 'the poll timer expires while acknowledging (a heartbeat in flight is delayed): STALE, its partitions lost at the next poll',
    play: (s) => {
      const t = s.transport();
      const a = s.add({ 'max.poll.interval.ms': 10_000 }, t);
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      const sent = a.sent('ConsumerGroupHeartbeat').length;
      t.setFaults([{ match: { direction: 'request', api: 'ConsumerGroupHeartbeat' }, action: { type: 'delay', ms: 15_000 }, limit: 1 }]);
      s.advanceUntil(() => a.sent('ConsumerGroupHeartbeat').length > sent);
      once(a);
      s.advanceUntil(() => state(a) === 'STALE', 30_000);
      once(a);
    },
  },
  {
    rules: ['CL-42'],
    title: 'a static member cut off past its session finds its instance id taken: FENCED_INSTANCE_ID is fatal for a member in the group',
    play: (s) => {
      const t = s.transport();
      const a = s.add({ 'group.instance.id': 'i1' }, t);
      s.world.until(stable(a));
      a.polling = false;
      t.setFaults([{ action: { type: 'drop' } }]);
      s.world.kafka.advance(8_000);
      const b = s.add({ 'group.instance.id': 'i1' });
      s.world.until(stable(b));
      t.setFaults([]);
      s.advanceUntil(() => state(a) === 'FATAL', 60_000);
      b.consumer.close();
    },
  },
  {
    rules: ['CL-42'],
    title: 'FENCED_INSTANCE_ID while reconciling (cut off) and while acknowledging (its heartbeat delayed past the takeover)',
    play: (s) => {
      const ta = s.transport();
      const a = s.add({ 'group.instance.id': 'i1' }, ta);
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'RECONCILING');
      ta.setFaults([{ action: { type: 'drop' } }]);
      s.world.kafka.advance(8_000);
      const b = s.add({ 'group.instance.id': 'i1' });
      s.world.until(stable(b));
      ta.setFaults([]);
      s.advanceUntil(() => state(a) === 'FATAL', 60_000);
      b.polling = false;
      b.consumer.close();
      const tc = s.transport();
      const c = s.add({ 'group.instance.id': 'i2' }, tc);
      c.polling = false;
      once(c);
      s.advanceUntil(() => state(c) === 'RECONCILING');
      const sent = c.sent('ConsumerGroupHeartbeat').length;
      tc.setFaults([{ match: { direction: 'request', api: 'ConsumerGroupHeartbeat' }, action: { type: 'delay', ms: 20_000 }, limit: 1 }]);
      s.advanceUntil(() => c.sent('ConsumerGroupHeartbeat').length > sent);
      once(c);
      s.world.kafka.advance(8_000);
      const d = s.add({ 'group.instance.id': 'i2' });
      s.world.until(stable(d));
      s.advanceUntil(() => state(c) === 'FATAL', 60_000);
      d.consumer.close();
    },
  },
  {
    rules: ['CL-40', 'CL-43'],
    title: 'close while joining, while reconciling and while acknowledging',
    play: (s) => {
      const a = s.add();
      once(a);
      s.advanceUntil(() => a.sent('ConsumerGroupHeartbeat').length > 0, 60_000, 1);
      a.consumer.close();
      const b = s.add();
      once(b);
      s.advanceUntil(() => state(b) === 'RECONCILING');
      b.consumer.close();
      const c = s.add();
      once(c);
      s.advanceUntil(() => state(c) === 'RECONCILING');
      once(c);
      c.consumer.close();
    },
  },
  {
    rules: ['CL-38', 'CL-44'],
    title: 'the poll timer expires: the member leaves, is STALE, loses its partitions at the next poll and rejoins',
    play: (s) => {
      const a = s.add({ 'max.poll.interval.ms': 10_000 });
      s.world.until(stable(a));
      a.polling = false;
      s.advanceUntil(() => state(a) === 'STALE', 30_000);
      a.polling = true;
      s.world.until(stable(a));
      a.consumer.close();
    },
  },
  {
    rules: ['CL-42'],
    title: 'a fatal error: UNSUPPORTED_ASSIGNOR',
    play: (s) => {
      const a = s.add({ 'group.remote.assignor': 'bogus' });
      a.polling = false;
      once(a);
      s.advanceUntil(() => state(a) === 'FATAL');
    },
  },
  {
    rules: ['CL-42'],
    title: 'a fatal error: GROUP_MAX_SIZE_REACHED',
    config: { consumerMaxSize: 1 },
    play: (s) => {
      const a = s.add();
      s.world.until(stable(a));
      const b = s.add();
      b.polling = false;
      once(b);
      s.advanceUntil(() => state(b) === 'FATAL');
      a.consumer.close();
    },
  },
];

/** What running the situations came to. */
export interface ConsumerMemberRun {
  readonly coverage: Coverage;
  readonly paths: number;
  readonly failures: readonly { title: string; message: string }[];
}

/** The statechart the runs are counted against. */
export const consumerMemberMachine = (() => {
  const machine = createConsumerMemberMachine();
  return () => machine;
})();

/** Plays one situation and replays each of its consumers on the statechart; throws on a disagreement. */
export function playSituation(situation: (typeof SITUATIONS)[number], coverage: Coverage): void {
  const s = new Situation(situation.partitions ?? 2, situation.config ?? {});
  situation.play(s);
  s.world.kafka.advance(100);
  for (const p of s.played) replayMember(consumerMemberMachine(), p.member.consumer.trace, p.callbacks, p.isStatic, coverage);
}

/** Plays every situation. */
export function runAllConsumerMemberPaths(): ConsumerMemberRun {
  const coverage = new Coverage(consumerMemberMachine());
  const failures: { title: string; message: string }[] = [];
  for (const situation of SITUATIONS) {
    try {
      playSituation(situation, coverage);
    } catch (error) {
      failures.push({ title: situation.title, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return { coverage, paths: SITUATIONS.length, failures };
}
