/**
 * Hand-written exchanges for the client-obligation monitor: a group's requests and answers as a
 * server would see them, built from a few lines each, so that each CO- rule can be broken (and
 * kept) on purpose.
 */
import { ClientObligationMonitor, type MonitorOptions, type ObligationId } from '../../src/conformance/client-obligations/index.js';
import { encodeAssignment, encodeSubscription } from '../../src/protocol/consumer-protocol/index.js';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import { fetchRequest } from '../../src/protocol/messages/fetch.js';

/** `[topic, partition]`. */
export type Tp = readonly [string, number];

const tps = (list: readonly Tp[]) => list.map(([topic, partition]) => ({ topic, partition }));

/** A subscription's bytes. */
export function subscription(topics: readonly string[], owned: readonly Tp[] = []): Uint8Array {
  return encodeSubscription({ topics, userData: null, ownedPartitions: tps(owned), generationId: -1, rackId: null });
}

/** An assignment's bytes. */
export function assignment(partitions: readonly Tp[]): Uint8Array {
  return encodeAssignment({ partitions: tps(partitions), userData: null });
}

const header = (client: string) => ({ version: 9, clientId: client, clientHost: '/127.0.0.1' });

/** What a JoinGroup of the script says. */
export interface JoinSpec {
  readonly member: string;
  readonly topics?: readonly string[];
  readonly owned?: readonly Tp[];
  readonly protocol?: string;
  readonly sessionTimeoutMs?: number;
  /** `group.instance.id` (static membership). */
  readonly instance?: string;
  /** The answer; absent: none yet. */
  readonly answer?: { readonly generation: number; readonly leader: string; readonly memberId?: string; readonly errorCode?: number; readonly members?: readonly { readonly id: string; readonly topics: readonly string[]; readonly owned?: readonly Tp[] }[] };
}

/** A monitor and a clock: each call feeds it one request and, where given, its answer. */
export class Script {
  readonly monitor: ClientObligationMonitor;
  nowMs = 0;
  /** The protocol SyncGroups name (the one the group selected). */
  protocol = 'range';

  constructor(options: MonitorOptions = {}) {
    this.monitor = new ClientObligationMonitor({ graceMs: 10, ...options });
  }

  /** Lets `ms` pass. */
  wait(ms: number): this {
    this.nowMs += ms;
    return this;
  }

  /** Feeds `request` from `client` on `connection`, then its `response` (at the same time) if given. */
  send(client: string, connection: string, request: KafkaRequest, response?: KafkaResponse): this {
    this.monitor.observe({ atMs: this.nowMs, connectionId: connection, clientId: client, request });
    if (response !== undefined) this.monitor.observe({ atMs: this.nowMs, connectionId: connection, clientId: client, request, response });
    return this;
  }

  /** Feeds `request`'s answer only. */
  answer(client: string, connection: string, request: KafkaRequest, response: KafkaResponse): this {
    this.monitor.observe({ atMs: this.nowMs, connectionId: connection, clientId: client, request, response });
    return this;
  }

  joinRequest(client: string, j: JoinSpec, group = 'g'): KafkaRequest {
    const metadata = subscription(j.topics ?? ['t'], j.owned ?? []);
    return { api: 'JoinGroup', ...header(client), groupId: group, sessionTimeoutMs: j.sessionTimeoutMs ?? 10_000, rebalanceTimeoutMs: 60_000, memberId: j.member, groupInstanceId: j.instance ?? null, protocolType: 'consumer', protocols: [{ name: j.protocol ?? 'range', metadata }], reason: null };
  }

  joinResponse(j: JoinSpec): KafkaResponse {
    const a = j.answer!;
    const members = (a.members ?? []).map((m) => ({ memberId: m.id, groupInstanceId: null, metadata: subscription(m.topics, m.owned ?? []) }));
    return { api: 'JoinGroup', errorCode: a.errorCode ?? 0, generationId: a.generation, protocolType: 'consumer', protocolName: j.protocol ?? 'range', leader: a.leader, skipAssignment: false, memberId: a.memberId ?? j.member, members, throttleTimeMs: 0 } as KafkaResponse;
  }

  /** A JoinGroup on the client's coordinator connection (`<client>->c`), answered if `j.answer` is given. */
  join(client: string, j: JoinSpec): this {
    const request = this.joinRequest(client, j);
    return this.send(client, `${client}->c`, request, j.answer === undefined ? undefined : this.joinResponse(j));
  }

  /** A JoinGroup without a member id answered MEMBER_ID_REQUIRED with `member` (KIP-394). */
  handOut(client: string, member: string, protocol = 'range'): this {
    return this.join(client, { member: '', protocol, answer: { generation: -1, leader: '', memberId: member, errorCode: 79 } });
  }

  syncRequest(client: string, member: string, generation: number, assignments: Readonly<Record<string, readonly Tp[]>> = {}, protocol: string | null = 'range'): KafkaRequest {
    const list = Object.entries(assignments).map(([memberId, parts]) => ({ memberId, assignment: assignment(parts) }));
    return { api: 'SyncGroup', ...header(client), version: 5, groupId: 'g', generationId: generation, memberId: member, groupInstanceId: null, protocolType: 'consumer', protocolName: protocol, assignments: list };
  }

  /** A SyncGroup answered NONE with `assigned` (or answered `errorCode`). */
  sync(client: string, member: string, generation: number, assigned: readonly Tp[], assignments: Readonly<Record<string, readonly Tp[]>> = {}, errorCode = 0): this {
    const request = this.syncRequest(client, member, generation, assignments, this.protocol);
    const response = { api: 'SyncGroup', errorCode, protocolType: 'consumer', protocolName: this.protocol, assignment: errorCode === 0 ? assignment(assigned) : new Uint8Array(0), throttleTimeMs: 0 } as KafkaResponse;
    return this.send(client, `${client}->c`, request, response);
  }

  heartbeat(client: string, member: string, generation: number, errorCode = 0): this {
    const request: KafkaRequest = { api: 'Heartbeat', ...header(client), version: 4, groupId: 'g', generationId: generation, memberId: member, groupInstanceId: null };
    return this.send(client, `${client}->c`, request, { api: 'Heartbeat', errorCode, throttleTimeMs: 0 } as KafkaResponse);
  }

  commit(client: string, member: string, generation: number, offsets: readonly (readonly [string, number, number])[], errorCode = 0): this {
    const names = [...new Set(offsets.map(([t]) => t))];
    const topics = names.map((name) => ({ name, partitions: offsets.filter(([t]) => t === name).map(([, p, o]) => ({ partitionIndex: p, committedOffset: o, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: '' })) }));
    const request: KafkaRequest = { api: 'OffsetCommit', ...header(client), groupId: 'g', generationIdOrMemberEpoch: generation, memberId: member, groupInstanceId: null, retentionTimeMs: -1, topics };
    const response = { api: 'OffsetCommit', throttleTimeMs: 0, topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })) } as KafkaResponse;
    return this.send(client, `${client}->c`, request, response);
  }

  leave(client: string, member: string): this {
    const request: KafkaRequest = { api: 'LeaveGroup', ...header(client), version: 5, groupId: 'g', members: [{ memberId: member, groupInstanceId: null, reason: null }] };
    return this.send(client, `${client}->c`, request, { api: 'LeaveGroup', errorCode: 0, members: [{ memberId: member, groupInstanceId: null, errorCode: 0 }], throttleTimeMs: 0 } as KafkaResponse);
  }

  /**
   * A ConsumerGroupHeartbeat (v1) of `member` with `epoch` on `<client>->c`; answered when
   * `answer` is given: NONE with the epoch (default: `epoch`, or 1 when joining) and a 1 s interval,
   * or `errorCode`.
   */
  consumerHeartbeat(client: string, member: string, epoch: number, answer?: { readonly epoch?: number; readonly errorCode?: number; readonly intervalMs?: number }, instance: string | null = null): this {
    const request: KafkaRequest = {
      api: 'ConsumerGroupHeartbeat', ...header(client), version: 1, groupId: 'g', memberId: member, memberEpoch: epoch, instanceId: instance, rackId: null,
      rebalanceTimeoutMs: epoch === 0 ? 60_000 : -1, subscribedTopicNames: epoch === 0 ? ['t'] : null, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: epoch === 0 ? [] : null,
    };
    if (answer === undefined) return this.send(client, `${client}->c`, request);
    const errorCode = answer.errorCode ?? 0;
    const response: KafkaResponse = {
      api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode, errorMessage: null, memberId: errorCode === 0 ? member : null,
      memberEpoch: errorCode === 0 ? (answer.epoch ?? (epoch === 0 ? 1 : epoch)) : -1, heartbeatIntervalMs: errorCode === 0 && epoch >= 0 ? (answer.intervalMs ?? 1_000) : 0, assignment: null,
    };
    return this.send(client, `${client}->c`, request, response);
  }

  findCoordinator(client: string): this {
    const request: KafkaRequest = { api: 'FindCoordinator', ...header(client), version: 4, key: '', keyType: 0, coordinatorKeys: ['g'] };
    return this.send(client, `${client}->b`, request);
  }

  /** A Fetch of `[topic, partition, offset]`s on the client's leader connection (`<client>->l`). */
  fetch(client: string, partitions: readonly (readonly [string, number, number])[]): this {
    return this.send(client, `${client}->l`, fetchRequest(partitions));
  }

  /** A Metadata answer to `client` giving topic counts. */
  metadata(client: string, counts: Readonly<Record<string, number>>): this {
    const topics = Object.entries(counts).map(([name, n]) => ({ errorCode: 0, name, isInternal: false, topicAuthorizedOperations: 0, partitions: Array.from({ length: n }, (_, i) => ({ errorCode: 0, partitionIndex: i, leaderId: 0, leaderEpoch: 0, replicaNodes: [0], isrNodes: [0], offlineReplicas: [] })) }));
    const request = { api: 'Metadata', version: 9, clientId: client, clientHost: '', topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as KafkaRequest;
    return this.answer(client, `${client}->b`, request, { api: 'Metadata', throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: 0, topics, clusterAuthorizedOperations: 0 } as KafkaResponse);
  }

  /** The rules broken so far, sorted, without repeats. */
  rules(): ObligationId[] {
    return [...new Set(this.monitor.violations.map((v) => v.rule))].sort();
  }
}

/**
 * A stable group of two members of protocol `protocol` on topic `t` (4 partitions): m1 (client
 * c1, the leader) holds t-0, t-1 and m2 (client c2) t-2, t-3 in generation 1.
 */
export function stableGroup(options: MonitorOptions = {}, protocol = 'range'): Script {
  const s = new Script(options);
  s.protocol = protocol;
  s.metadata('c1', { t: 4 }).metadata('c2', { t: 4 });
  const members = [{ id: 'm1', topics: ['t'] }, { id: 'm2', topics: ['t'] }];
  s.handOut('c1', 'm1', protocol).handOut('c2', 'm2', protocol);
  s.join('c2', { member: 'm2', protocol, answer: { generation: 1, leader: 'm1' } });
  s.join('c1', { member: 'm1', protocol, answer: { generation: 1, leader: 'm1', members } });
  s.sync('c1', 'm1', 1, [['t', 0], ['t', 1]], { m1: [['t', 0], ['t', 1]], m2: [['t', 2], ['t', 3]] });
  s.sync('c2', 'm2', 1, [['t', 2], ['t', 3]]);
  return s;
}
