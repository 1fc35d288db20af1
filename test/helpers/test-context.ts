/**
 * A test harness in the mould of Kafka's GroupMetadataManagerTestContext: verbs that send a
 * request to a real coordinator runtime in virtual time and return what it produced (the
 * response, the records appended, the timers armed), plus assertions on timers.
 */
import { expect } from 'vitest';
import { GroupCoordinatorRuntime } from '../../src/broker/group-coordinator.js';
import type { GroupCoordinatorConfig } from '../../src/protocol/config.js';
import type { ClassicGroup } from '../../src/protocol/group.js';
import type {
  GroupRequest,
  GroupResponse,
  HeartbeatResponse,
  JoinGroupResponse,
  LeaveGroupResponse,
  SyncGroupResponse,
} from '../../src/protocol/messages/index.js';
import type { CoordinatorRecord } from '../../src/protocol/records.js';
import { joinTimerKey, sessionTimerKey, syncTimerKey } from '../../src/protocol/classic/timer-keys.js';
import { bytes, heartbeat, joinGroup, leaveGroup, protocols, syncGroup } from '../../src/conformance/scenario.js';

/** What one verb produced. */
export interface Outcome<R extends GroupResponse> {
  readonly requestId: string;
  /** The immediate response, or undefined when the request is parked. */
  readonly response: R | undefined;
  /** The records appended while handling it. */
  readonly records: CoordinatorRecord[];
}

type Fields<A extends GroupRequest['api']> = Partial<Omit<Extract<GroupRequest, { api: A }>, 'api'>>;

/** The harness. */
export class GroupTestContext {
  readonly runtime: GroupCoordinatorRuntime;

  constructor(config: Partial<GroupCoordinatorConfig> = {}) {
    this.runtime = new GroupCoordinatorRuntime({ config });
  }

  /** Current virtual time. */
  get nowMs(): number {
    return this.runtime.clock.nowMs();
  }

  /** Sends any request. */
  send<R extends GroupResponse>(request: GroupRequest): Outcome<R> {
    const before = this.runtime.records.length;
    const requestId = this.runtime.submit(request);
    return { requestId, response: this.runtime.response(requestId) as R | undefined, records: this.runtime.records.slice(before) };
  }

  joinGroup(fields: Fields<'JoinGroup'> = {}): Outcome<JoinGroupResponse> {
    return this.send(joinGroup(fields));
  }

  syncGroup(fields: Fields<'SyncGroup'> = {}): Outcome<SyncGroupResponse> {
    return this.send(syncGroup(fields));
  }

  heartbeat(fields: Fields<'Heartbeat'> = {}): Outcome<HeartbeatResponse> {
    return this.send(heartbeat(fields));
  }

  leaveGroup(members: string[], fields: { groupId?: string; version?: number } = {}): Outcome<LeaveGroupResponse> {
    return this.send(leaveGroup(members, fields));
  }

  /** The response to a request sent earlier (e.g. a parked one), if answered. */
  response<R extends GroupResponse>(requestId: string): R | undefined {
    return this.runtime.response(requestId) as R | undefined;
  }

  /** Advances virtual time, firing due timers; returns the records they appended. */
  advance(ms: number): CoordinatorRecord[] {
    const before = this.runtime.records.length;
    this.runtime.advance(ms);
    return this.runtime.records.slice(before);
  }

  /** The live group. */
  group(groupId = 'g'): ClassicGroup {
    const g = this.runtime.state.groups.get(groupId);
    if (g === undefined) throw new Error(`no group ${groupId}`);
    return g;
  }

  /**
   * The KIP-394 two-step join of a new dynamic member; returns its member id and the request
   * id of its (usually parked) second JoinGroup.
   */
  joinDynamic(fields: Fields<'JoinGroup'> = {}): { memberId: string; requestId: string } {
    const first = this.joinGroup({ ...fields, memberId: '' });
    expect(first.response?.errorCode).toBe(79);
    const memberId = first.response!.memberId;
    const second = this.joinGroup({ ...fields, memberId });
    return { memberId, requestId: second.requestId };
  }

  /**
   * Joins `n` dynamic members (clients c1..cn) and lets the initial rebalance delay end: the group
   * is CompletingRebalance at generation 1 with every member awaiting SyncGroup (checked).
   * Returns the joins in order; the first member leads.
   */
  completingGroup(n: number, groupId = 'g'): { memberId: string; requestId: string }[] {
    const joins = Array.from({ length: n }, (_, i) => this.joinDynamic({ groupId, clientId: `c${i + 1}` }));
    this.advance(this.runtime.config.initialRebalanceDelayMs * (n + 1));
    expect(this.group(groupId).state).toBe('CompletingRebalance');
    expect(this.group(groupId).pendingSyncMembers.size).toBe(n);
    return joins;
  }

  /**
   * Builds a Stable group of `n` dynamic members at generation 1 (initial delay 0 is not
   * required: the helper advances past it). Returns member ids in join order; the first leads.
   */
  stableGroup(n: number, groupId = 'g'): string[] {
    const ids = this.completingGroup(n, groupId).map((j) => j.memberId);
    const gen = this.group(groupId).generationId;
    for (const id of ids.slice(1)) this.syncGroup({ groupId, memberId: id, generationId: gen });
    const leader = this.group(groupId).leaderId!;
    const r = this.syncGroup({ groupId, memberId: leader, generationId: gen, assignments: ids.map((id) => ({ memberId: id, assignment: bytes(`a-${id}`) })) });
    expect(r.response?.errorCode).toBe(0);
    expect(this.group(groupId).state).toBe('Stable');
    return ids;
  }

  /** Asserts the member's session timer is armed to fire `inMs` from now. */
  expectSessionTimer(groupId: string, memberId: string, inMs: number): void {
    expect(this.runtime.timer(sessionTimerKey(groupId, memberId))?.deadlineMs, `session timer of ${memberId}`).toBe(this.nowMs + inMs);
  }

  /** Asserts the member has no session timer armed. */
  expectNoSessionTimer(groupId: string, memberId: string): void {
    expect(this.runtime.timer(sessionTimerKey(groupId, memberId)), `session timer of ${memberId}`).toBeUndefined();
  }

  /** Asserts the group's join timer fires `inMs` from now (or is not armed, with `undefined`). */
  expectJoinTimer(groupId: string, inMs: number | undefined): void {
    const t = this.runtime.timer(joinTimerKey(groupId));
    expect(t === undefined ? undefined : t.deadlineMs - this.nowMs, 'join timer').toBe(inMs);
  }

  /** Asserts the group's sync timer fires `inMs` from now (or is not armed, with `undefined`). */
  expectSyncTimer(groupId: string, inMs: number | undefined): void {
    const t = this.runtime.timer(syncTimerKey(groupId));
    expect(t === undefined ? undefined : t.deadlineMs - this.nowMs, 'sync timer').toBe(inMs);
  }
}

export { bytes, protocols };
