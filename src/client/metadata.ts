/**
 * The consumer's view of the cluster: brokers, and the partitions and leaders of the topics it
 * needs, refreshed with Metadata requests every `metadata.max.age.ms` and whenever a fetch or
 * an assignment needs fresher data.
 *
 * @remarks
 * Requests that need "any broker" (Metadata, FindCoordinator) go to the known brokers in turn,
 * starting from the first bootstrap server (then, once Metadata has answered, from the lowest
 * id) and moving on past a broker that failed: a deterministic stand-in for Kafka's
 * least-loaded node. The turn survives the switch from bootstrap servers to the brokers
 * Metadata names, matched by address.
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
import { metadataRequest, type MetadataResponse } from '../protocol/messages/metadata.js';
import type { Scheduler } from '../time/scheduler.js';
import type { NodeAddress } from '../transport/client-transport.js';
import type { TopicMetadata } from '../protocol/assignors/types.js';
import type { ConsumerNetwork } from './network.js';
import type { TopicPartition } from './types.js';

/** One partition as the consumer knows it. */
export interface KnownPartition {
  readonly partition: number;
  /** -1 while it has no leader. */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
}

/** The consumer's metadata cache. */
export class ConsumerMetadata {
  private brokers: number[];
  private readonly racks = new Map<number, string | null>();
  private readonly topics = new Map<string, readonly KnownPartition[]>();
  private readonly wanted = new Set<string>();
  /** Every topic is wanted (a pattern subscription, {@link ConsumerMetadata.wantAll}). */
  private all = false;
  private cursor = 0;
  private inFlight = false;
  private again = false;
  private readonly waiters: (() => void)[] = [];
  /** Topic names by topic id (Metadata v10+), for a KIP-848 member's assignments (CL-36). */
  private readonly names = new Map<string, string>();
  /** Bumped at every answer: lets the leader notice changes (Kafka's `updateVersion`). */
  version = 0;
  /** Ask with Metadata v10, whose answers carry topic ids (a KIP-848 member needs them). */
  withTopicIds = false;

  constructor(
    private readonly network: ConsumerNetwork,
    private readonly loop: Scheduler,
    bootstrap: readonly NodeAddress[],
    private readonly maxAgeMs: number,
    private readonly retryBackoffMs: number,
    private readonly timerKey: string,
  ) {
    for (const node of bootstrap) network.learn(node);
    this.brokers = bootstrap.map((node) => node.nodeId);
  }

  /** A broker to send an any-broker request to. */
  anyNode(): number {
    return this.brokers[this.cursor % this.brokers.length] as number;
  }

  /** `nodeId` failed: later any-broker requests try the next one. */
  nodeFailed(nodeId: number): void {
    if (this.anyNode() === nodeId) this.cursor = (this.cursor + 1) % this.brokers.length;
  }

  /**
   * Asks for every topic from now on (CL-50): a pattern subscription learns the names of the
   * topics the coordinator assigns only by id, so the member cannot name what it wants.
   *
   * @remarks Kafka's `ConsumerMetadata.newMetadataRequestBuilder` asked for all topics for a
   * pattern subscription; newer clients ask an RE2J member's assigned topics by id instead.
   */
  wantAll(): void {
    if (this.all) return;
    this.all = true;
    this.refresh();
  }

  /** Adds topics to keep metadata for and refreshes at once if any is new. */
  want(topics: Iterable<string>): void {
    let added = false;
    for (const t of topics) {
      if (!this.wanted.has(t)) added = true;
      this.wanted.add(t);
    }
    if (added) this.refresh();
  }

  /** Whether metadata of every topic in `topics` has been received. */
  knows(topics: Iterable<string>): boolean {
    for (const t of topics) if (!this.topics.has(t)) return false;
    return true;
  }

  /** Runs `then` after the next answer (or at once if the topics are known and nothing is in flight). */
  afterRefresh(then: () => void): void {
    this.waiters.push(then);
    this.refresh();
  }

  /** Sends a Metadata request for every wanted topic (one at a time; a request during one is queued). */
  refresh(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.again = false;
    const node = this.anyNode();
    const request = metadataRequest(this.all ? null : [...this.wanted].sort());
    this.network.send(node, this.withTopicIds ? { ...request, version: 10 } : request, (result) => {
      this.inFlight = false;
      if (result.ok) this.update(result.response);
      else this.nodeFailed(node);
      if (this.again || !result.ok) this.loop.schedule(`${this.timerKey}:retry`, result.ok ? 0 : this.retryBackoffMs, () => this.refresh());
      else this.schedulePeriodic();
      if (result.ok) for (const w of this.waiters.splice(0)) w();
    });
  }

  private schedulePeriodic(): void {
    if (this.maxAgeMs > 0) this.loop.schedule(this.timerKey, this.maxAgeMs, () => this.refresh());
  }

  private update(response: MetadataResponse): void {
    if (response.brokers.length > 0) {
      const previous = this.network.addressOf(this.anyNode());
      const brokers = [...response.brokers].sort((a, b) => a.nodeId - b.nodeId);
      this.brokers = brokers.map((b) => b.nodeId);
      this.cursor = Math.max(0, brokers.findIndex((b) => b.host === previous.host && b.port === previous.port));
      for (const b of brokers) {
        this.network.learn(b);
        this.racks.set(b.nodeId, b.rack);
      }
    }
    for (const t of response.topics) {
      if (t.errorCode !== 0 && t.partitions.length === 0) this.topics.delete(t.name);
      else this.topics.set(t.name, t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: p.replicaNodes })));
      if (t.topicId !== undefined && t.errorCode === 0) this.names.set(t.topicId, t.name);
    }
    this.version++;
  }

  /** Stops the periodic refresh (the consumer closed). */
  stop(): void {
    this.loop.cancel(this.timerKey);
    this.loop.cancel(`${this.timerKey}:retry`);
  }

  /** The name of the topic with id `topicId`, or undefined while no Metadata answer named it (CL-36). */
  topicName(topicId: string): string | undefined {
    return this.names.get(topicId);
  }

  /** The number of partitions of `topic`, or undefined while unknown. */
  partitionCount(topic: string): number | undefined {
    return this.topics.get(topic)?.length;
  }

  /** The leader of a partition, or undefined while unknown or leaderless. */
  leaderOf(tp: TopicPartition): number | undefined {
    const leader = this.topics.get(tp.topic)?.find((p) => p.partition === tp.partition)?.leader;
    return leader === undefined || leader < 0 ? undefined : leader;
  }

  /** What the assignors get: each known topic of `topics` with its partition count (and racks, if brokers have any). */
  topicMetadata(topics: Iterable<string>): TopicMetadata[] {
    const out: TopicMetadata[] = [];
    const withRacks = [...this.racks.values()].some((r) => r !== null);
    for (const topic of [...new Set(topics)].sort()) {
      const partitions = this.topics.get(topic);
      if (partitions === undefined) continue;
      const sorted = [...partitions].sort((a, b) => a.partition - b.partition);
      const partitionRacks = sorted.map((p) => [...new Set(p.replicas.map((r) => this.racks.get(r)).filter((r): r is string => typeof r === 'string'))].sort());
      out.push(withRacks ? { topic, partitionCount: sorted.length, partitionRacks } : { topic, partitionCount: sorted.length });
    }
    return out;
  }

  /** Partition counts of `topics`, for the leader's snapshot (unknown topics: -1). */
  snapshot(topics: Iterable<string>): ReadonlyMap<string, number> {
    return new Map([...new Set(topics)].sort().map((t) => [t, this.partitionCount(t) ?? -1]));
  }
}
