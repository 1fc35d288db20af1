/**
 * The world a real `KafkaConsumer` ("me") runs in for the model-based tests of
 * `consumer.mbt.test.ts`: the three-broker in-memory cluster of {@link World}, "me" on a
 * transport of its own whose faults the test controls, the other consumers of the group (all
 * real `KafkaConsumer`s) and an administrator, with the situations a director brings about.
 *
 * @remarks
 * Every consumer is polled by the test and virtual time moves 1 ms at a time; after each
 * millisecond the {@link ConsumerOracle} maps what "me" traced. The situations are real ones:
 * a consumer joins or leaves (rebalances), a static twin with "me"'s `group.instance.id`
 * starts (fencing), an administrator removes "me" (KIP-345), the coordinator moves or its
 * broker crashes, a coordinator loads a long `__consumer_offsets` log, and "me"'s network
 * holds a request back or loses answers (transport faults).
 */
import type { FaultAction, MessageInfo } from '../../src/transport/index.js';
import type { KafkaConsumer } from '../../src/client/index.js';
import { consumerOf } from '../helpers/consumer.js';
import type { ConsumerConfig } from '../../src/client/index.js';
import { CONSUMER_OFFSETS_TOPIC } from '../../src/broker/coordinator-placement.js';
import type { ClassicMemberMachine } from '../../machines/index.js';
import type { Coverage } from './coverage.js';
import { ConsumerOracle } from './consumer-oracle.js';
import type { MemberVariant } from './member-driver.js';
import { MEMBER_PARTITIONS } from './member-driver.js';
import { GROUP, TOPIC, World } from './member-world.js';

/** The timing every consumer of the tests runs with (ms). */
export const TIMING = {
  heartbeatIntervalMs: 1_000,
  /** Long enough for a static member to sit out a rebalance while its answers are lost. */
  sessionTimeoutMs: 20_000,
  /** Also the rebalance timeout: a rebalance waits this long for a member that does not rejoin. */
  maxPollIntervalMs: 8_000,
  /** A peer whose larger rebalance timeout lets "me" time out in CompletingRebalance. */
  slowMaxPollIntervalMs: 20_000,
  /** How often the test polls each consumer. */
  pollEveryMs: 20,
} as const;

/** Records written to `__consumer_offsets` up front: a moved coordinator loads for about this many ms. */
const PREFILLED_RECORDS = 200;

const INSTANCE = 'i-me';

/** The other consumers a situation may start. */
export type OtherKind = 'joiner' | 'twin' | 'incompatible' | 'slow';

interface Other {
  readonly kind: OtherKind;
  readonly consumer: KafkaConsumer;
  polling: boolean;
}

/** "me", the cluster and the rest of the group. */
export class ConsumerWorld {
  readonly cluster: World;
  readonly me: KafkaConsumer;
  readonly oracle: ConsumerOracle;
  readonly others: Other[] = [];
  /** One-shot delays of "me"'s next request of an API. */
  private readonly holds = new Map<string, number>();
  /** APIs whose answers to "me" are lost while listed. */
  readonly droppedAnswers = new Set<string>();
  /** APIs whose requests from "me" are lost while listed. */
  readonly droppedRequests = new Set<string>();
  private nextOther = 1;
  private lastPollMs = -Infinity;

  constructor(readonly variant: MemberVariant, machine: ClassicMemberMachine, coverage: Coverage) {
    this.cluster = new World(MEMBER_PARTITIONS);
    this.prefill();
    const transport = this.kafka.createTransport({ faults: (m) => this.fault(m) });
    this.me = consumerOf(this.kafka, this.config('me', variant.isStatic ? INSTANCE : null), { transport });
    this.me.subscribe([TOPIC]);
    this.oracle = new ConsumerOracle(machine, this.me, TOPIC, coverage, () => this.kafka.loop.nowMs());
  }

  get kafka() {
    return this.cluster.kafka;
  }

  private strategy(): string[] {
    return [this.variant.protocol === 'eager' ? 'range' : 'cooperative-sticky'];
  }

  private config(clientId: string, instance: string | null, extra: Partial<ConsumerConfig> = {}): ConsumerConfig {
    return {
      'group.id': GROUP,
      'client.id': clientId,
      'group.instance.id': instance,
      'enable.auto.commit': false,
      'auto.offset.reset': 'earliest',
      'heartbeat.interval.ms': TIMING.heartbeatIntervalMs,
      'session.timeout.ms': TIMING.sessionTimeoutMs,
      'max.poll.interval.ms': TIMING.maxPollIntervalMs,
      'partition.assignment.strategy': this.strategy(),
      ...extra,
    };
  }

  /** Offset commits of another group sharing the offsets partition, so that loading it takes a while. */
  private prefill(): void {
    const node = this.cluster.coordinator();
    for (let i = 0; i < PREFILLED_RECORDS; i++) {
      this.kafka.send(node, {
        api: 'OffsetCommit',
        version: 9,
        clientId: 'aux',
        clientHost: '/127.0.0.1',
        groupId: 'aux',
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1,
        topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: i, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
      });
    }
  }

  private fault(m: MessageInfo): FaultAction {
    if (m.direction === 'request') {
      const ms = this.holds.get(m.api);
      if (ms !== undefined) {
        this.holds.delete(m.api);
        return { type: 'delay', ms };
      }
      if (this.droppedRequests.has(m.api)) return { type: 'drop' };
    } else if (this.droppedAnswers.has(m.api)) return { type: 'drop' };
    return { type: 'deliver' };
  }

  /** Holds "me"'s next request of `api` back for `ms` (a slow network), so a situation can arise first. */
  hold(api: string, ms: number): void {
    this.holds.set(api, ms);
  }

  // ---- time and polling -----------------------------------------------------------------------

  /** One millisecond: polls whoever is due (me only if `pollMe`), advances, maps me's trace. */
  tick(pollMe: boolean): void {
    const now = this.kafka.loop.nowMs();
    if (now - this.lastPollMs >= TIMING.pollEveryMs) {
      this.lastPollMs = now;
      if (pollMe) this.oracle.poll();
      this.pollOthers();
    }
    this.kafka.advance(1);
    this.oracle.sync();
  }

  pollOthers(): void {
    for (const o of this.others) {
      if (!o.polling) continue;
      try {
        o.consumer.poll(0);
      } catch {
        // A fenced or failed peer stops; "me" is what is checked.
        o.polling = false;
      }
    }
  }

  /** Ticks (me polled when `pollMe()` says so) until `done()`, failing after `maxMs`. */
  until(done: () => boolean, what: string, pollMe: () => boolean, maxMs = 40_000): void {
    for (let waited = 0; !done(); waited++) {
      if (waited >= maxMs) throw new NotRealized(`${what}: not within ${maxMs} ms`);
      this.tick(pollMe());
    }
  }

  // ---- the other consumers --------------------------------------------------------------------

  /** Starts another consumer of the group. */
  start(kind: OtherKind): KafkaConsumer {
    const id = `${kind}-${this.nextOther++}`;
    const config =
      kind === 'twin'
        ? this.config(id, INSTANCE)
        : kind === 'incompatible'
          ? this.config(id, null, { 'partition.assignment.strategy': [this.variant.protocol === 'eager' ? 'roundrobin' : 'range'] })
          : kind === 'slow'
            ? this.config(id, null, { 'max.poll.interval.ms': TIMING.slowMaxPollIntervalMs })
            : this.config(id, null);
    const consumer = consumerOf(this.kafka, config);
    consumer.subscribe([TOPIC]);
    this.others.push({ kind, consumer, polling: true });
    return consumer;
  }

  /** A live, stable peer that may leave, if any. */
  stablePeer(): Other | undefined {
    return this.others.find((o) => o.polling && (o.kind === 'joiner' || o.kind === 'slow') && o.consumer.state === 'stable');
  }

  /** Makes the group rebalance: a stable joiner leaves (`leaving`), else a new consumer joins. */
  triggerRebalance(preferLeave: boolean): void {
    const peer = preferLeave ? this.stablePeer() : undefined;
    if (peer !== undefined) {
      peer.polling = false;
      peer.consumer.close();
      return;
    }
    this.start('joiner');
  }

  // ---- the administrator and the cluster -----------------------------------------------------

  /** An administrator removes "me" from the group (by member id, or by instance id if static). */
  removeMe(): void {
    this.cluster.removeClient('me', this.variant.isStatic ? INSTANCE : null);
  }

  /** Whether the group has "me" as a member (or pending member) with a JoinGroup parked. */
  meParked(): boolean {
    const g = this.cluster.group();
    if (g === undefined) return false;
    return [...g.members.values()].some((m) => m.clientId === 'me' && m.awaitingJoin !== null);
  }

  /** Another in-sync replica of the offsets partition than `node`. */
  private otherReplica(node: number): number {
    const info = this.kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0);
    const other = info?.isr.find((n) => n !== node && this.kafka.cluster.isUp(n));
    if (other === undefined) throw new NotRealized(`no in-sync replica besides ${node}`);
    return other;
  }

  /** The coordinator moves away from `node` (when it is there): the new one loads first. */
  moveCoordinatorAwayFrom(node: number): void {
    if (this.cluster.coordinator() === node) this.kafka.moveCoordinator(GROUP, this.otherReplica(node));
  }

  /** `node` becomes the coordinator afresh and loads the whole offsets log (moved away and back). */
  reloadOn(node: number): void {
    if (this.cluster.coordinator() === node) this.kafka.moveCoordinator(GROUP, this.otherReplica(node));
    this.kafka.moveCoordinator(GROUP, node);
    if (this.cluster.active()) throw new NotRealized(`broker ${node} loaded at once`);
  }

  /** The coordinator's broker crashes (its requests in flight fail); returns the node. */
  crashCoordinator(): number {
    const node = this.cluster.coordinator();
    this.kafka.crash(node);
    return node;
  }

  /** The node "me" sent its latest request of `api` to. */
  lastNode(api: string): number {
    const e = [...this.me.trace].reverse().find((x) => x.type === 'request' && x.api === api);
    if (e === undefined || e.type !== 'request') throw new NotRealized(`me has sent no ${api}`);
    return e.nodeId;
  }

  /** The member id of "me"'s latest request of `api`. */
  lastMemberId(api: string): string {
    const e = [...this.me.trace].reverse().find((x) => x.type === 'request' && x.api === api);
    return e?.type === 'request' ? ((e.request as { memberId?: string }).memberId ?? '') : '';
  }
}

/** The director could not bring about the planned situation (the real world took another turn). */
export class NotRealized extends Error {
  override readonly name = 'NotRealized';
}
