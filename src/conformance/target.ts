/**
 * Targets: what a scenario runs against.
 * @see ARCHITECTURE.md "Scenarios and targets"
 */
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { BrokerConfigs, ClusterSettings, DurableGroupRecord, GroupSnapshot, TopicSpec } from './scenario.js';
import type { ConsumerGroupSnapshot } from './consumer-scenario.js';

/**
 * One fresh broker (or group coordinator) for one scenario, or one scenario's share of a broker
 * that runs for the whole suite.
 *
 * @remarks
 * Labels are unique within a session: the runner renames a label a scenario reuses. A method
 * may throw {@link ScenarioSkip} to skip the scenario with a reason (a request version the
 * broker does not support).
 */
export interface TargetSession {
  /** Sends a request; the response may arrive now or later. */
  send(label: string, request: GroupRequest): Promise<void>;
  /** The response to the labelled request, if it has arrived. */
  response(label: string): GroupResponse | undefined;
  /** Lets time pass (virtual time: instantly; real time: waits). */
  advance(ms: number): Promise<void>;
  /**
   * The group's observable state, or undefined when the coordinator has no such group. Throws
   * {@link Unobservable} when the target cannot tell (the check is then noted, not failed).
   */
  describeGroup(groupId: string): Promise<GroupSnapshot | undefined>;
  /**
   * The ids of these topics (named as the broker sees them), as far as the target can tell: the
   * in-process cluster's own, Metadata v10+ over the wire (CONF-16). Absent: none.
   */
  topicIds?(topics: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Creates a topic, or grows an existing one to `partitions` (a `createTopic` step). Absent: such scenarios skip. */
  createTopic?(topic: TopicSpec): Promise<void>;
  /**
   * The consumer group's observable state (ConsumerGroupDescribe over the wire), or undefined
   * when there is no such consumer group. Throws {@link Unobservable} when the target cannot
   * tell. Absent: scenarios checking it skip.
   */
  describeConsumerGroup?(groupId: string): Promise<ConsumerGroupSnapshot | undefined>;
  /** The durable records written for a group; absent when the target cannot show them (the step is then skipped). */
  durableRecords?(groupId: string): Promise<DurableGroupRecord[]>;
  /**
   * Fault steps, for targets that can inject them (absent: scenarios using them are skipped).
   * `crashCoordinator` crashes the broker coordinating the group; `restartBrokers` restarts
   * every crashed broker; `moveCoordinator` moves the group's coordinator to another in-sync
   * replica (a controlled leadership move).
   */
  crashCoordinator?(groupId: string): Promise<void>;
  restartBrokers?(): Promise<void>;
  moveCoordinator?(groupId: string): Promise<void>;
  /**
   * Sends to the broker that coordinated the group before the last fault step (the old
   * coordinator), to see what it answers now. Absent where the target cannot address it.
   */
  sendToPreviousCoordinator?(label: string, request: GroupRequest): Promise<void>;
  /** Whether the labelled request failed at the network level (its broker was down or crashed). */
  networkError?(label: string): boolean;
  /** Why the labelled request failed at the network level (for reports), when it did. */
  networkErrorReason?(label: string): string | undefined;
  /**
   * The version to send of an API whose scenario named none: the newest the broker offers
   * within `oldest..newest`, or why there is none (the scenario is skipped). Absent: `newest`.
   */
  negotiate?(api: string, oldest: number, newest: number): number | { skip: string };
  /**
   * Top-level fields of the labelled answer that its version cannot carry (an older version
   * than the scenario's default): expectations of them are not checked.
   */
  unobservable?(label: string): readonly string[];
  /**
   * False when the broker does not answer a first JoinGroup with MEMBER_ID_REQUIRED (JG-08): the
   * shared setups then join members in one step, so that scenarios still reach the rules they
   * are about (JG-08's own scenarios fail there, as they should).
   */
  readonly memberIdRequired?: boolean;
  /** Releases the session. */
  close(): Promise<void>;
}

/** Something scenarios run against: the built-in broker, or another implementation. */
export interface Target {
  /** A short name for reports. */
  readonly name: string;
  /**
   * The configs of a broker that runs with fixed configs (one its operator started): every
   * scenario runs in the environment they give, and one needing other values is skipped.
   * Absent: the target starts a broker per scenario with the configs the scenario asks for.
   */
  readonly fixedConfigs?: BrokerConfigs;
  /** Real time (a broker over the wire): `advance` waits, and deadlines are checked with wider margins. */
  readonly realTime?: boolean;
  /**
   * Starts a session with these broker configs and topics (named as the broker must see
   * them), or returns the reason it cannot, which skips the scenario. `cluster` carries the
   * in-memory cluster's settings where a scenario gives them (other targets ignore them).
   */
  start(configs: BrokerConfigs, topics: readonly TopicSpec[], cluster?: ClusterSettings): Promise<TargetSession | { skip: string }>;
}

/** Thrown by a target (or the runner) to skip the running scenario, with the reason. */
export class ScenarioSkip extends Error {}

/**
 * Thrown by a target when it cannot observe what a check step asks (a broker without
 * DescribeGroups): the runner notes the step as not checked and goes on.
 */
export class Unobservable extends Error {}
