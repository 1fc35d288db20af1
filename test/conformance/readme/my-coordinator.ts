/**
 * The `MyCoordinator` of the README's custom target example, made of the built-in broker (one
 * coordinator in virtual time), so the example runs as written against a correct broker.
 */
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import { groupSnapshot } from '../../../src/conformance/scenario.js';
import { consumerGroupSnapshot, type ConsumerGroupSnapshot } from '../../../src/conformance/consumer-scenario.js';
import type { BrokerConfigs, GroupSnapshot, TopicSpec } from '../../../src/conformance/scenario.js';
import { configFromKafkaProperties } from '../../../src/protocol/config.js';
import type { GroupRequest, GroupResponse } from '../../../src/protocol/messages/index.js';

/** An implementation with the API the README's example calls. */
export class MyCoordinator {
  private readonly runtime: GroupCoordinatorRuntime;
  private readonly ids = new Map<string, string>();

  constructor(configs: BrokerConfigs, topics: readonly TopicSpec[]) {
    const counts = new Map(topics.map((t) => [t.name, t.partitions]));
    // Without declared topics every partition exists, as for the in-process target.
    const partitionExists = topics.length === 0 ? undefined : (topic: string, p: number) => p >= 0 && p < (counts.get(topic) ?? 0);
    this.runtime = new GroupCoordinatorRuntime({ config: configFromKafkaProperties(configs), ...(partitionExists ? { partitionExists } : {}) });
    // Consumer groups subscribe to the cluster's topics, by id.
    for (const t of topics) this.ids.set(t.name, this.runtime.createTopic(t.name, t.partitions));
  }

  topicId(name: string): string {
    return this.ids.get(name) ?? '';
  }

  describeConsumerGroup(groupId: string): ConsumerGroupSnapshot | undefined {
    const g = this.runtime.state.consumerGroups.get(groupId);
    return g === undefined ? undefined : consumerGroupSnapshot(g);
  }

  handle(request: GroupRequest, onResponse: (response: GroupResponse) => void): void {
    this.runtime.send(request, onResponse);
  }

  advanceClock(ms: number): void {
    this.runtime.advance(ms);
  }

  describe(groupId: string): GroupSnapshot | undefined {
    const g = this.runtime.state.groups.get(groupId);
    return g === undefined ? undefined : groupSnapshot(g);
  }

  groupMetadata(groupId: string): unknown[] {
    return this.runtime.durableRecords().filter((r) => r.groupId === groupId).map((r) => r.value);
  }
}
