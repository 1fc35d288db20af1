/**
 * The built-in broker as a conformance target: one in-memory coordinator with a manual
 * clock, so `advance` is instant.
 */
import { GroupCoordinatorRuntime } from '../broker/group-coordinator.js';
import { configFromKafkaProperties } from '../protocol/config.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { BrokerConfigs, ClusterSettings, DurableGroupRecord, GroupSnapshot, TopicSpec } from './scenario.js';
import { groupSnapshot } from './scenario.js';
import type { Target, TargetSession } from './target.js';
import type { ConsumerGroupSnapshot } from './consumer-scenario.js';
import { consumerGroupSnapshot } from './consumer-scenario.js';

/** A session over a fresh {@link GroupCoordinatorRuntime}. */
export class InProcessSession implements TargetSession {
  readonly runtime: GroupCoordinatorRuntime;
  private readonly ids = new Map<string, string>();
  /** Topic ids by name, as the runtime's cluster gave them when the topics were created. */
  private readonly topicIdsByName = new Map<string, string>();

  /**
   * @param counts partition counts of the declared topics, which the runtime's `partitionExists`
   * reads; a `createTopic` step updates them.
   */
  constructor(runtime: GroupCoordinatorRuntime, private readonly counts: Map<string, number> = new Map()) {
    this.runtime = runtime;
    for (const [name, partitions] of counts) this.topicIdsByName.set(name, runtime.createTopic(name, partitions));
  }

  async topicIds(topics: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return new Map(topics.flatMap((t) => (this.topicIdsByName.has(t) ? [[t, this.topicIdsByName.get(t)!] as const] : [])));
  }

  async createTopic(topic: TopicSpec): Promise<void> {
    this.topicIdsByName.set(topic.name, this.runtime.createTopic(topic.name, topic.partitions));
    this.counts.set(topic.name, Math.max(topic.partitions, this.counts.get(topic.name) ?? 0));
  }

  async describeConsumerGroup(groupId: string): Promise<ConsumerGroupSnapshot | undefined> {
    const g = this.runtime.state.consumerGroups.get(groupId);
    return g === undefined ? undefined : consumerGroupSnapshot(g);
  }

  async send(label: string, request: GroupRequest): Promise<void> {
    this.ids.set(label, this.runtime.submit(request));
  }

  response(label: string): GroupResponse | undefined {
    const id = this.ids.get(label);
    return id === undefined ? undefined : this.runtime.response(id);
  }

  async advance(ms: number): Promise<void> {
    this.runtime.advance(ms);
  }

  async describeGroup(groupId: string): Promise<GroupSnapshot | undefined> {
    const g = this.runtime.state.groups.get(groupId);
    if (g === undefined) return undefined;
    return groupSnapshot(g);
  }

  async durableRecords(groupId: string): Promise<DurableGroupRecord[]> {
    return this.runtime
      .durableRecords()
      .filter((r) => r.groupId === groupId)
      .map((r) => ({ groupId: r.groupId, value: r.value }));
  }

  async close(): Promise<void> {}
}

/** The built-in broker, in process, in virtual time. */
export class InProcessTarget implements Target {
  readonly name = 'in-process';

  async start(configs: BrokerConfigs, topics: readonly TopicSpec[] = [], cluster?: ClusterSettings): Promise<TargetSession | { skip: string }> {
    if (cluster !== undefined) return { skip: 'needs the in-memory cluster (its settings, failover), which a lone coordinator does not have' };
    const counts = new Map(topics.map((t) => [t.name, t.partitions]));
    // Without declared topics every partition exists: the coordinator alone has no cluster.
    const partitionExists = topics.length === 0 ? undefined : (topic: string, p: number) => p >= 0 && p < (counts.get(topic) ?? 0);
    const runtime = new GroupCoordinatorRuntime({ config: configFromKafkaProperties(configs), ...(partitionExists ? { partitionExists } : {}) });
    // The session creates the topics in the runtime's cluster: consumer groups (KIP-848) subscribe to them, by id (CONF-16).
    return new InProcessSession(runtime, counts);
  }
}
