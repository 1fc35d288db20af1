/**
 * The in-memory cluster as a conformance target: three brokers with replicated
 * `__consumer_offsets`, requests sent to the group's coordinator as a client finds it, and
 * fault steps (crash, restart, leadership moves) for the failover scenarios.
 */
import { InMemoryKafka } from '../broker/in-memory-kafka.js';
import type { BrokerResponse } from '../broker/kafka-broker.js';
import { CONSUMER_OFFSETS_TOPIC } from '../broker/coordinator-placement.js';
import { findCoordinatorRequest } from '../protocol/messages/find-coordinator.js';
import { configFromKafkaProperties } from '../protocol/config.js';
import { combineByGroup, groupOf, splitByGroup } from '../protocol/front-door.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import { isDurable } from '../protocol/records.js';
import type { BrokerConfigs, ClusterSettings, DurableGroupRecord, GroupSnapshot, TopicSpec } from './scenario.js';
import { groupSnapshot } from './scenario.js';
import type { Target, TargetSession } from './target.js';
import type { ConsumerGroupSnapshot } from './consumer-scenario.js';
import { consumerGroupSnapshot } from './consumer-scenario.js';

type Sent = { kind: 'one'; id: string } | { kind: 'many'; request: GroupRequest; ids: string[] } | { kind: 'network' };

/** A session over a fresh {@link InMemoryKafka}. */
export class ClusterSession implements TargetSession {
  readonly kafka: InMemoryKafka;
  private readonly sent = new Map<string, Sent>();
  private previousCoordinator: number | null = null;

  constructor(kafka: InMemoryKafka) {
    this.kafka = kafka;
  }

  async send(label: string, request: GroupRequest): Promise<void> {
    this.sent.set(label, this.route(request));
  }

  /**
   * Finds a group's coordinator as a client does: FindCoordinator (v4) to a live broker.
   * Null when no broker is up or the answer is an error (no live leader).
   */
  private findCoordinator(groupId: string): number | null {
    const live = [...this.kafka.brokers.keys()].find((n) => this.kafka.cluster.isUp(n));
    if (live === undefined) return null;
    const answer = this.kafka.response(this.kafka.send(live, findCoordinatorRequest(4, [groupId])));
    const c = answer?.api === 'FindCoordinator' ? answer.coordinators[0] : undefined;
    return c !== undefined && c.errorCode === 0 ? c.nodeId : null;
  }

  /** Sends like a client: to the group's coordinator; requests naming several groups, split. */
  private route(request: GroupRequest): Sent {
    if (request.api === 'ListGroups') {
      const live = [...this.kafka.brokers.keys()].filter((n) => this.kafka.cluster.isUp(n));
      return { kind: 'many', request, ids: live.map((n) => this.kafka.send(n, request)) };
    }
    const parts = splitByGroup(request);
    if (parts !== null) {
      const ids: string[] = [];
      for (const part of parts) {
        const node = this.findCoordinator(part.groupId);
        if (node === null) return { kind: 'network' };
        ids.push(this.kafka.send(node, part.request));
      }
      return { kind: 'many', request, ids };
    }
    const node = this.findCoordinator(groupOf(request) ?? '');
    if (node === null) return { kind: 'network' };
    return { kind: 'one', id: this.kafka.send(node, request) };
  }

  response(label: string): GroupResponse | undefined {
    const s = this.sent.get(label);
    if (s === undefined || s.kind === 'network') return undefined;
    if (s.kind === 'one') return this.kafka.response(s.id) as GroupResponse | undefined;
    const parts = s.ids.map((id) => this.kafka.response(id) as GroupResponse | undefined);
    if (parts.some((p) => p === undefined)) return undefined;
    if (s.request.api === 'ListGroups') {
      const lists = parts as (GroupResponse & { api: 'ListGroups' })[];
      const failed = lists.find((l) => l.errorCode !== 0);
      return failed ?? { api: 'ListGroups', errorCode: 0, groups: lists.flatMap((l) => l.groups) };
    }
    return combineByGroup(s.request, parts as GroupResponse[]);
  }

  networkError(label: string): boolean {
    const s = this.sent.get(label);
    if (s === undefined) return false;
    if (s.kind === 'network') return true;
    const ids = s.kind === 'one' ? [s.id] : s.ids;
    return ids.some((id) => this.kafka.delivery(id)?.kind === 'networkError');
  }

  async advance(ms: number): Promise<void> {
    this.kafka.advance(ms);
  }

  async describeGroup(groupId: string): Promise<GroupSnapshot | undefined> {
    const shard = this.kafka.shardFor(groupId);
    const g = shard?.status === 'active' ? shard.state.groups.get(groupId) : undefined;
    if (g === undefined) return undefined;
    return groupSnapshot(g);
  }

  async topicIds(topics: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return new Map(topics.flatMap((t) => {
      const topic = this.kafka.cluster.topic(t);
      return topic === undefined ? [] : [[t, topic.topicId] as const];
    }));
  }

  async createTopic(topic: TopicSpec): Promise<void> {
    const exists = this.kafka.cluster.topic(topic.name) !== undefined;
    const result = exists ? this.kafka.addPartitions(topic.name, topic.partitions) : this.kafka.cluster.createTopic(topic.name, topic.partitions, Math.min(3, this.kafka.brokers.size));
    if ('error' in result && result.error !== undefined) throw new Error(`cannot create topic ${topic.name}: ${result.error}`);
    this.kafka.settle();
  }

  async describeConsumerGroup(groupId: string): Promise<ConsumerGroupSnapshot | undefined> {
    const shard = this.kafka.shardFor(groupId);
    const g = shard?.status === 'active' ? shard.state.consumerGroups.get(groupId) : undefined;
    return g === undefined ? undefined : consumerGroupSnapshot(g);
  }

  async durableRecords(groupId: string): Promise<DurableGroupRecord[]> {
    const node = this.kafka.coordinatorFor(groupId);
    if (node === null) return [];
    const log = this.kafka.cluster.log(CONSUMER_OFFSETS_TOPIC, this.kafka.partitionFor(groupId), node) ?? [];
    return log.map((e) => e.record).filter((r) => isDurable(r) && r.groupId === groupId).map((r) => ({ groupId, value: (r as { value: unknown }).value }));
  }

  async crashCoordinator(groupId: string): Promise<void> {
    const node = this.kafka.coordinatorFor(groupId);
    if (node === null) throw new Error(`group ${groupId} has no coordinator to crash`);
    this.previousCoordinator = node;
    this.kafka.crash(node);
  }

  async restartBrokers(): Promise<void> {
    for (const n of this.kafka.brokers.keys()) if (!this.kafka.cluster.isUp(n)) this.kafka.restart(n);
  }

  async moveCoordinator(groupId: string): Promise<void> {
    const node = this.kafka.coordinatorFor(groupId);
    const p = this.kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, this.kafka.partitionFor(groupId));
    const to = p?.isr.find((n) => n !== node);
    if (node === null || to === undefined) throw new Error(`group ${groupId} has no other in-sync replica to move to`);
    this.previousCoordinator = node;
    this.kafka.moveCoordinator(groupId, to);
  }

  async sendToPreviousCoordinator(label: string, request: GroupRequest): Promise<void> {
    if (this.previousCoordinator === null) throw new Error('no fault step has run yet');
    this.sent.set(label, { kind: 'one', id: this.kafka.send(this.previousCoordinator, request) });
  }

  async close(): Promise<void> {}
}

/** The in-memory cluster (3 brokers by default), in virtual time. */
export class ClusterTarget implements Target {
  readonly name = 'in-memory-cluster';

  async start(configs: BrokerConfigs, topics: readonly TopicSpec[] = [], cluster: ClusterSettings = {}): Promise<TargetSession> {
    const kafka = new InMemoryKafka({
      config: configFromKafkaProperties(configs),
      brokers: cluster.brokers ?? 3,
      replicaFetchDelayMs: cluster.replicaFetchDelayMs ?? 0,
      offsetsTopicPartitions: cluster.offsetsPartitions ?? 50,
      offsetsTopicReplicationFactor: cluster.offsetsReplication ?? 3,
    });
    for (const t of topics) {
      const created = kafka.cluster.createTopic(t.name, t.partitions, Math.min(3, kafka.brokers.size));
      if ('error' in created) throw new Error(`cannot create topic ${t.name}: ${created.error}`);
    }
    kafka.settle();
    return new ClusterSession(kafka);
  }
}

/** The response union, for callers that inspect raw broker answers. */
export type { BrokerResponse };
