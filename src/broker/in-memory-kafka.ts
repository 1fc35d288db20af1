/**
 * The in-memory Kafka cluster with group coordinators: brokers, the replicated
 * `__consumer_offsets` topic, a coordinator shard on the leader of each of its partitions,
 * failover when leadership moves or a broker crashes, all in virtual time.
 * @see spec/failover.md
 */
import { Cluster } from './cluster/cluster.js';
import type { AdminResult, BrokerSpec, DeleteTopicResult } from './cluster/types.js';
import { clusterTransport } from './cluster/transport.js';
import { CONSUMER_OFFSETS_TOPIC, coordinatorNodeFor, ensureOffsetsTopic, partitionForGroup } from './coordinator-placement.js';
import type { AfterUnload, CoordinatorShard } from './coordinator-shard.js';
import { EventLoop } from '../time/event-loop.js';
import { KafkaBroker } from './kafka-broker.js';
import type { AutoCreateTopics, BrokerRequest, BrokerResponse, CoordinatorEvent } from './kafka-broker.js';
import { ManualClock } from '../time/clock.js';
import type { Transport, TransportOptions } from '../transport/channel.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { DEFAULT_CONFIG } from '../protocol/config.js';
import { sequentialIds } from '../protocol/ids.js';
import type { CoordinatorRecord } from '../protocol/records.js';

/** Options of an in-memory cluster. */
export interface InMemoryKafkaOptions {
  /** Number of brokers (ids 0..n-1) or their specs; 3 by default. */
  readonly brokers?: number | readonly BrokerSpec[];
  readonly config?: Partial<GroupCoordinatorConfig>;
  /** `offsets.topic.num.partitions` (50). */
  readonly offsetsTopicPartitions?: number;
  /** `offsets.topic.replication.factor` (3, capped at the broker count). */
  readonly offsetsTopicReplicationFactor?: number;
  /** Virtual delay before followers fetch an append (0: within the same instant). */
  readonly replicaFetchDelayMs?: number;
  /** Records a loading coordinator folds per virtual millisecond (1000). */
  readonly loadRecordsPerMs?: number;
  readonly newId?: () => string;
  /** RP-23: producer ids for InitProducerId (default a counter from 0). */
  readonly newProducerId?: () => number;
  readonly clock?: ManualClock;
  /** A deliberate bug for the mutation test: coordinators answer before replication. */
  readonly unsafeAckBeforeReplication?: boolean;
  /** Whether a topic partition exists for OffsetCommit's checks (default: the cluster has it). */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  /** How unloaded coordinator shells answer (`notCoordinator`). */
  readonly afterUnload?: AfterUnload;
  /** Receives what the coordinators do (requests admitted, records, timers, transitions). */
  readonly observe?: (event: CoordinatorEvent) => void;
  /**
   * Whether `observe` wants events at this moment (always, when absent). Events are built only
   * when it says yes: an observer that keeps nothing for now (the lone runtime with no record log
   * and no listener) costs no event object per request, result or transition.
   */
  readonly observing?: () => boolean;
  /** `auto.create.topics.enable` (off unless given; `kgspec serve` turns it on as Kafka does). */
  readonly autoCreateTopics?: AutoCreateTopics;
}

/** What a request sent to a broker came to. */
export type Delivery =
  | { readonly kind: 'response'; readonly response: BrokerResponse }
  | { readonly kind: 'networkError'; readonly reason: 'BROKER_DOWN' | 'UNKNOWN_NODE' | 'DISCONNECTED' };

/** The whole in-memory cluster. */
export class InMemoryKafka {
  readonly clock: ManualClock;
  readonly loop: EventLoop;
  readonly cluster: Cluster<CoordinatorRecord>;
  readonly config: GroupCoordinatorConfig;
  readonly brokers = new Map<number, KafkaBroker>();
  /** Outcomes not taken yet, except the latest, which waits in {@link recent}. */
  private readonly outbox = new Map<string, Delivery>();
  /**
   * The latest outcome, kept out of {@link outbox} until another arrives: a caller that takes
   * each answer right after its send (a client loop, the commit benchmark) then never adds and
   * deletes a map entry per request.
   */
  private recentId: string | undefined;
  /** What {@link recentId} came to. */
  private recent: Delivery | undefined;
  /** Requests sent to each broker and not answered yet (see {@link InFlight}). */
  private readonly inFlight = new Map<number, InFlight>();
  private nextRequestId = 1;
  private defaultTransport: Transport<BrokerRequest, BrokerResponse> | undefined;

  constructor(options: InMemoryKafkaOptions = {}) {
    this.clock = options.clock ?? new ManualClock(0);
    this.loop = new EventLoop(this.clock);
    this.config = Object.freeze({ ...DEFAULT_CONFIG, ...options.config });
    this.cluster = new Cluster<CoordinatorRecord>({
      loop: this.loop,
      brokers: options.brokers ?? 3,
      replicaFetchDelayMs: options.replicaFetchDelayMs ?? 0,
      ...(options.newProducerId ? { newProducerId: options.newProducerId } : {}),
    });
    const ctx = {
      cluster: this.cluster,
      loop: this.loop,
      config: this.config,
      newId: options.newId ?? sequentialIds(),
      loadRecordsPerMs: options.loadRecordsPerMs ?? 1000,
      ...(options.unsafeAckBeforeReplication ? { unsafeAckBeforeReplication: true } : {}),
      ...(options.partitionExists ? { partitionExists: options.partitionExists } : {}),
      ...(options.afterUnload ? { afterUnload: options.afterUnload } : {}),
      ...(options.observe ? { observe: options.observe } : {}),
      ...(options.observing ? { observing: options.observing } : {}),
      ...(options.autoCreateTopics ? { autoCreateTopics: options.autoCreateTopics } : {}),
    };
    for (const b of this.cluster.brokers()) this.brokers.set(b.nodeId, new KafkaBroker(b.nodeId, ctx));
    this.cluster.onLeaderChange((change) => {
      if (change.topic !== CONSUMER_OFFSETS_TOPIC) return;
      if (change.oldLeader !== null) this.brokers.get(change.oldLeader)?.resign(change.partition);
      if (change.newLeader !== null) this.brokers.get(change.newLeader)?.becomeLeader(change.partition, change.leaderEpoch);
    });
    const created = ensureOffsetsTopic(this.cluster, {
      numPartitions: options.offsetsTopicPartitions ?? 50,
      replicationFactor: options.offsetsTopicReplicationFactor ?? 3,
    });
    if ('error' in created) throw new Error(`cannot create ${CONSUMER_OFFSETS_TOPIC}: ${created.error}`);
    this.settle();
  }

  /**
   * Sends a request to a broker; read the outcome with {@link delivery} or {@link response}
   * (which keep it) or {@link take} (which drops it).
   */
  send(nodeId: number, request: BrokerRequest, requestId = `r${this.nextRequestId++}`): string {
    const broker = this.brokers.get(nodeId);
    if (broker === undefined) this.post(requestId, { kind: 'networkError', reason: 'UNKNOWN_NODE' });
    else if (!this.cluster.isUp(nodeId)) this.post(requestId, { kind: 'networkError', reason: 'BROKER_DOWN' });
    else {
      let pending = this.inFlight.get(nodeId);
      if (pending === undefined) this.inFlight.set(nodeId, (pending = new InFlight()));
      const sent = pending.add(requestId);
      broker.handle(requestId, request, (response) => {
        // A broker that crashed sends nothing: its clients saw the connection drop (NET rules).
        if (!pending.settle(sent) || !this.cluster.isUp(nodeId)) return;
        this.post(requestId, { kind: 'response', response });
      });
    }
    this.settle();
    return requestId;
  }

  /** What a request came to, if anything yet. */
  delivery(requestId: string): Delivery | undefined {
    return requestId === this.recentId ? this.recent : this.outbox.get(requestId);
  }

  /** The response to a request, if it has one. */
  response(requestId: string): BrokerResponse | undefined {
    const d = this.delivery(requestId);
    return d?.kind === 'response' ? d.response : undefined;
  }

  /**
   * The response to a request, if it has one, which the cluster then forgets (as it forgets a
   * network error read with `take`): a long-running caller keeps nothing per request served.
   */
  take(requestId: string): BrokerResponse | undefined {
    let d: Delivery | undefined;
    if (requestId === this.recentId) {
      d = this.recent;
      this.recentId = this.recent = undefined;
    } else {
      d = this.outbox.get(requestId);
      if (d !== undefined) this.outbox.delete(requestId);
    }
    return d?.kind === 'response' ? d.response : undefined;
  }

  /** Keeps what a request came to, replacing anything kept under its id. */
  private post(requestId: string, delivery: Delivery): void {
    if (this.recentId !== undefined && this.recentId !== requestId) this.outbox.set(this.recentId, this.recent!);
    // An id used again replaces what it came to before (the map holds at most one of each id).
    if (this.outbox.size > 0) this.outbox.delete(requestId);
    this.recentId = requestId;
    this.recent = delivery;
  }

  /**
   * Wires `transport` to every broker: a request it delivers is handled by that broker (under
   * a request id unique in this cluster) and its answer, immediate or parked, goes back through
   * the transport. Clients such as `KafkaConsumer` talk to the cluster this way, with latency
   * and faults, instead of through {@link send}.
   */
  connect(transport: Transport<BrokerRequest, BrokerResponse>): void {
    for (const [nodeId, broker] of this.brokers) {
      transport.listen(nodeId, (request, ctx) => {
        let answered = false;
        broker.handle(`r${this.nextRequestId++}`, request, (response) => {
          if (answered) return;
          answered = true;
          ctx.respond(response);
        });
        return undefined;
      });
    }
  }

  /** A new transport over this cluster (crashes disconnect it), wired to every broker with {@link connect}. */
  createTransport(options: Omit<TransportOptions<BrokerRequest, BrokerResponse>, 'loop' | 'isNodeUp' | 'resolve'> = {}): Transport<BrokerRequest, BrokerResponse> {
    const transport = clusterTransport<BrokerRequest, BrokerResponse>(this.cluster, options);
    this.connect(transport);
    return transport;
  }

  /** The cluster's default transport (1 ms each way, no faults), created on first use. */
  get transport(): Transport<BrokerRequest, BrokerResponse> {
    this.defaultTransport ??= this.createTransport();
    return this.defaultTransport;
  }

  /**
   * Kafka's `bootstrap.servers` for a client of this cluster: every broker's advertised
   * `host:port`, by id (down ones too, as a client's static config would list them).
   */
  get bootstrapServers(): string[] {
    return this.cluster.brokers().map((b) => `${b.host}:${b.port}`);
  }

  /** The broker coordinating a group now (leader of its offsets partition), or null. */
  coordinatorFor(groupId: string): number | null {
    return coordinatorNodeFor(this.cluster, groupId);
  }

  /** The `__consumer_offsets` partition of a group. */
  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.cluster.partitionCount(CONSUMER_OFFSETS_TOPIC)!);
  }

  /** The active or loading shard coordinating a group, if any. */
  shardFor(groupId: string): CoordinatorShard | undefined {
    const node = this.coordinatorFor(groupId);
    return node === null ? undefined : this.brokers.get(node)?.shards.get(this.partitionFor(groupId));
  }

  /** Crashes a broker: it loses unacknowledged data and its coordinators fail over. */
  crash(nodeId: number): void {
    for (const id of this.inFlight.get(nodeId)?.drain() ?? []) this.post(id, { kind: 'networkError', reason: 'DISCONNECTED' });
    this.cluster.crash(nodeId);
    this.brokers.get(nodeId)?.resignAll();
    this.settle();
  }

  /** Restarts a crashed broker. */
  restart(nodeId: number): void {
    this.cluster.restart(nodeId);
    this.settle();
  }

  /** Moves the leadership of a group's offsets partition to another in-sync replica. */
  moveCoordinator(groupId: string, toNodeId: number): void {
    const result = this.cluster.moveLeadership(CONSUMER_OFFSETS_TOPIC, this.partitionFor(groupId), toNodeId);
    if ('error' in result) throw new Error(`cannot move the coordinator of ${groupId} to broker ${toNodeId}: ${result.error}`);
    this.settle();
  }

  /** RP-24: takes a partition offline (no leader) or brings it back; see `Cluster.setPartitionOffline`. */
  setPartitionOffline(topic: string, partition: number, offline: boolean): { readonly changed: boolean } | { readonly error: 'UNKNOWN_TOPIC_OR_PARTITION' } {
    const result = this.cluster.setPartitionOffline(topic, partition, offline);
    this.settle();
    return result;
  }

  /** RP-01: grows a topic to `newTotal` partitions, as CreatePartitions does. */
  addPartitions(topic: string, newTotal: number): AdminResult {
    const result = this.cluster.addPartitions(topic, newTotal);
    this.settle();
    return result;
  }

  /**
   * SRV-18: deletes a topic, as DeleteTopics does; consumer groups see it gone through the
   * topics image on their next heartbeat.
   */
  deleteTopic(topic: string): DeleteTopicResult {
    const result = this.cluster.deleteTopic(topic);
    this.settle();
    return result;
  }

  /**
   * Expels a member of a group as its session expiring would, at the group's coordinator (see
   * `CoordinatorShard.expireSession`); `noCoordinator` when no broker coordinates the group now.
   */
  expel(groupId: string, memberId: string): ReturnType<CoordinatorShard['expireSession']> | 'noCoordinator' {
    const shard = this.shardFor(groupId);
    if (shard === undefined) return 'noCoordinator';
    const outcome = shard.expireSession(groupId, memberId);
    this.settle();
    return outcome;
  }

  /** Lets virtual time pass. */
  advance(ms: number): void {
    this.loop.advance(ms);
  }

  /** Runs everything due now (replication with no delay, timers armed with delay 0). */
  settle(): void {
    this.loop.runDue();
  }
}

/** One request sent to a broker, until it is answered or its broker crashes. */
interface Sent {
  readonly requestId: string;
  open: boolean;
}

/**
 * The requests sent to one broker and not answered yet, in the order they were sent (a crash
 * disconnects them in that order).
 *
 * @remarks
 * An array whose answered entries are dropped in bulk, rather than a set of ids: most requests
 * are answered before the next is sent, so the array empties at once, and no hash entry is
 * added and deleted per request. Parked requests (a JoinGroup waiting for its join phase) stay
 * open; answered entries behind them are compacted away once they outnumber the open ones.
 */
class InFlight {
  private sent: Sent[] = [];
  private open = 0;

  /** Records a request sent. */
  add(requestId: string): Sent {
    const s: Sent = { requestId, open: true };
    this.sent.push(s);
    this.open++;
    return s;
  }

  /** Marks a request answered; false when it was answered already or disconnected. */
  settle(s: Sent): boolean {
    if (!s.open) return false;
    s.open = false;
    if (--this.open === 0) this.sent.length = 0;
    else if (this.sent.length > 2 * this.open + 16) this.sent = this.sent.filter((x) => x.open);
    return true;
  }

  /** The ids of every open request, in the order sent, each now settled (its broker crashed). */
  drain(): string[] {
    const ids: string[] = [];
    for (const s of this.sent) {
      if (!s.open) continue;
      s.open = false;
      ids.push(s.requestId);
    }
    this.sent.length = 0;
    this.open = 0;
    return ids;
  }
}
