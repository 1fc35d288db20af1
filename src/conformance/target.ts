/**
 * Targets: what a scenario runs against.
 * @see ARCHITECTURE.md "Scenarios and targets"
 */
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { BrokerConfigs, DurableGroupRecord, GroupSnapshot, TopicSpec } from './scenario.js';

/** One fresh broker (or group coordinator) for one scenario. */
export interface TargetSession {
  /** Sends a request; the response may arrive now or later. */
  send(label: string, request: GroupRequest): Promise<void>;
  /** The response to the labelled request, if it has arrived. */
  response(label: string): GroupResponse | undefined;
  /** Lets time pass. */
  advance(ms: number): Promise<void>;
  /** The group's observable state, or undefined when the coordinator has no such group. */
  describeGroup(groupId: string): Promise<GroupSnapshot | undefined>;
  /** The durable records written for a group; absent when the target cannot show them. */
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
  /** Releases the session. */
  close(): Promise<void>;
}

/** Something scenarios run against: the built-in broker, or another implementation. */
export interface Target {
  /** A short name for reports. */
  readonly name: string;
  /**
   * Starts a session with these broker configs and topics, or returns the reason it cannot (a
   * config or API version the target lacks), which skips the scenario.
   */
  start(configs: BrokerConfigs, topics?: readonly TopicSpec[]): Promise<TargetSession | { skip: string }>;
}
