/**
 * The client-obligation monitor: fed every request the server decodes and every answer it
 * sends, it tracks each consumer-group member and reports each obligation a member breaks.
 *
 * @remarks
 * Pure and synchronous: it keeps no clock and imports nothing of the coordinator, the broker,
 * the wire or the client; it knows what members must do (spec/client-obligations.md), not how
 * any client schedules its work. Feed it from the wire server's tap or the in-memory
 * transport's tap, in the order the server sees things.
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import type { MetadataResponse, OffsetCommitRequest } from '../../protocol/messages/index.js';
import { checkLeaderAssignment } from './assignment-checks.js';
import { onJoinAnswer, onOtherGroupAnswer, onSyncAnswer, type AnswerHost } from './answers.js';
import { ConsumerGroupObligations } from './consumer-group-checks.js';
import type { Culprit } from './context.js';
import { checkMemberRequest, onCommitRequest, onJoinRequest, onLeaveRequest, onSyncRequest } from './member-checks.js';
import { checkFetch } from './read-checks.js';
import { clientOf, newMember, type GroupState, type MemberState } from './state.js';
import {
  OBLIGATIONS,
  type Evidence,
  type MemberSummary,
  type MonitorOptions,
  type ObligationId,
  type ObservedExchange,
  type Unchecked,
  type Violation,
} from './types.js';

type MutableViolation = { -readonly [K in keyof Violation]: Violation[K] };

/** The read checks CO-22 says cannot be made for a shared client id. */
const READ_RULES: readonly ObligationId[] = ['CO-08', 'CO-09', 'CO-10', 'CO-11', 'CO-14'];

/** Tracks the members of every group it sees and the obligations they break. */
export class ClientObligationMonitor implements AnswerHost {
  readonly graceMs: number;
  readonly pending = new Map<string, { readonly memberId: string; readonly atMs: number }>();
  private readonly cooperative: ReadonlySet<string>;
  private readonly options: MonitorOptions;
  private readonly groups = new Map<string, GroupState>();
  private readonly members = new Map<string, MemberState>();
  private readonly byClient = new Map<string, MemberState[]>();
  private readonly found: MutableViolation[] = [];
  private readonly byKey = new Map<string, MutableViolation>();
  private readonly notes: Unchecked[] = [];
  private readonly noted = new Set<string>();
  private readonly counts = new Map<string, number>();
  private readonly countsByClient = new Map<string, Map<string, number>>();
  private readonly topicNames = new Map<string, string>();
  private lastAtMs = Number.NEGATIVE_INFINITY;
  /** KIP-848 members and their obligations (CO-27..CO-29). */
  private readonly consumerGroups = new ConsumerGroupObligations(this);

  constructor(options: MonitorOptions = {}) {
    this.options = options;
    this.graceMs = options.graceMs ?? 100;
    if (!(this.graceMs >= 0)) throw new RangeError(`graceMs must not be negative, got ${options.graceMs}`);
    this.cooperative = new Set(options.cooperativeProtocols ?? ['cooperative-sticky']);
  }

  /**
   * Takes one exchange: a request as it arrives (no `response`) or its answer as it leaves.
   *
   * @throws RangeError when `atMs` goes backwards: the checks depend on the order of events.
   */
  observe(e: ObservedExchange): void {
    if (e.atMs < this.lastAtMs) throw new RangeError(`exchanges must come in time order: ${e.atMs} after ${this.lastAtMs}`);
    this.lastAtMs = e.atMs;
    if (e.response === undefined) this.onRequest(e);
    else this.onResponse(e);
  }

  private onRequest(e: ObservedExchange): void {
    switch (e.request.api) {
      case 'JoinGroup':
        return onJoinRequest(this, e, this.pending);
      case 'SyncGroup': {
        const leader = onSyncRequest(this, e);
        if (leader !== undefined) checkLeaderAssignment(this, e, leader);
        return;
      }
      case 'Heartbeat':
        checkMemberRequest(this, e);
        return;
      case 'OffsetCommit':
        // A KIP-848 member commits with its member epoch: the classic commit checks do not apply.
        if (this.consumerGroups.member(e.request.groupId, (e.request as OffsetCommitRequest).memberId) !== undefined) return;
        return onCommitRequest(this, e);
      case 'LeaveGroup':
        return onLeaveRequest(this, e);
      case 'ConsumerGroupHeartbeat':
        return this.consumerGroups.onRequest(e);
      case 'FindCoordinator':
        return this.onFindCoordinator(e);
      case 'Fetch':
        return checkFetch(this, e);
      default:
        return;
    }
  }

  private onResponse(e: ObservedExchange): void {
    switch (e.request.api) {
      case 'JoinGroup':
        return onJoinAnswer(this, e);
      case 'SyncGroup':
        return onSyncAnswer(this, e);
      case 'Heartbeat':
      case 'OffsetCommit':
      case 'LeaveGroup':
        return onOtherGroupAnswer(this, e);
      case 'ConsumerGroupHeartbeat':
        return this.consumerGroups.onAnswer(e);
      case 'Metadata':
        return this.onMetadata(e, e.response as MetadataResponse);
      default:
        return;
    }
  }

  /** CO-17: a FindCoordinator for a group satisfies its members of the same client. */
  private onFindCoordinator(e: ObservedExchange): void {
    const r = e.request;
    if (r.api !== 'FindCoordinator' || r.keyType !== 0) return;
    const keys = r.coordinatorKeys.length > 0 ? r.coordinatorKeys : [r.key];
    for (const m of this.byClient.get(clientOf(e)) ?? []) {
      if (m.rediscover !== null && keys.includes(m.groupId)) m.rediscover = null;
    }
  }

  /** Partition counts (CO-06, CO-07) and topic ids (Fetch v13+) from what the cluster told clients. */
  private onMetadata(e: ObservedExchange, res: MetadataResponse): void {
    const client = clientOf(e);
    const mine = this.countsByClient.get(client) ?? new Map<string, number>();
    this.countsByClient.set(client, mine);
    for (const t of res.topics) {
      if (t.errorCode !== 0) continue;
      const count = t.partitions.length;
      mine.set(t.name, count);
      this.counts.set(t.name, Math.max(this.counts.get(t.name) ?? 0, count));
      if (t.topicId !== undefined) this.topicNames.set(t.topicId, t.name);
    }
  }

  // ---- MonitorContext -------------------------------------------------------------------------

  report(rule: ObligationId, who: Culprit, atMs: number, message: string, evidence: readonly Evidence[], key = ''): void {
    const full = `${rule}\u0000${who.groupId}\u0000${who.memberId}\u0000${who.generationId}\u0000${key}`;
    const seen = this.byKey.get(full);
    if (seen !== undefined) {
      seen.occurrences++;
      return;
    }
    const v: MutableViolation = {
      rule,
      severity: OBLIGATIONS[rule].severity,
      groupId: who.groupId,
      memberId: who.memberId,
      clientId: who.clientId,
      atMs,
      generationId: who.generationId,
      message,
      evidence: [...evidence],
      occurrences: 1,
    };
    this.byKey.set(full, v);
    this.found.push(v);
    this.options.onViolation?.({ ...v });
  }

  group(groupId: string): GroupState {
    let g = this.groups.get(groupId);
    if (g === undefined) {
      g = { groupId, generations: new Map(), holders: new Map() };
      this.groups.set(groupId, g);
    }
    return g;
  }

  member(groupId: string, memberId: string): MemberState | undefined {
    return this.members.get(`${groupId}\u0000${memberId}`);
  }

  membersOf(groupId: string): MemberState[] {
    return [...this.members.values()].filter((m) => m.groupId === groupId);
  }

  ensureMember(groupId: string, memberId: string, clientId: string | null, atMs: number): MemberState {
    const key = `${groupId}\u0000${memberId}`;
    let m = this.members.get(key);
    if (m === undefined) {
      m = newMember(groupId, memberId, clientId, atMs);
      this.members.set(key, m);
      const client = clientId ?? '';
      this.byClient.set(client, [...(this.byClient.get(client) ?? []), m]);
    }
    return m;
  }

  liveMembersOf(clientId: string): MemberState[] {
    const live = (this.byClient.get(clientId) ?? []).filter((m) => m.status === 'active');
    // A member id handed out with MEMBER_ID_REQUIRED that never joined (its client may have
    // died) does not make the client's reads ambiguous when one other member did join.
    const joined = live.filter((m) => m.joined.size > 0);
    return live.length > 1 && joined.length === 1 ? joined : live;
  }

  unchecked(clientId: string, members: readonly MemberState[], atMs: number): void {
    const ids = members.map((m) => m.memberId);
    const key = `${clientId}\u0000${ids.join('\u0000')}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    const note: Unchecked = {
      rules: READ_RULES,
      clientId,
      memberIds: ids,
      atMs,
      message: `members ${ids.join(', ')} share client id ${JSON.stringify(clientId)}: their reads cannot be told apart, so ${READ_RULES.join(', ')} were not checked for them`,
    };
    this.notes.push(note);
    this.options.onUnchecked?.(note);
  }

  partitionCount(topic: string, clientId?: string | null): number | undefined {
    return (clientId == null ? undefined : this.countsByClient.get(clientId)?.get(topic)) ?? this.counts.get(topic);
  }

  topicName(topicId: string): string | undefined {
    return this.topicNames.get(topicId);
  }

  isCooperative(protocolName: string | null): boolean {
    return protocolName !== null && this.cooperative.has(protocolName);
  }

  // ---- results --------------------------------------------------------------------------------

  /** Every violation found so far, in the order found (the first occurrence of each). */
  get violations(): readonly Violation[] {
    return this.found.map((v) => ({ ...v }));
  }

  /** The checks that could not be made (CO-22). */
  get uncheckedReads(): readonly Unchecked[] {
    return [...this.notes];
  }

  /** Whether any MUST was broken. */
  get mustViolated(): boolean {
    return this.found.some((v) => v.severity === 'MUST');
  }

  /**
   * One line per member seen, in the order first seen, with its violations per rule: the classic
   * members, then the KIP-848 ones (their `generations` are the member epochs they were given).
   */
  summary(): MemberSummary[] {
    const members = [...this.members.values(), ...this.consumerGroups.summary()];
    return members.map((m) => {
      const violations: Partial<Record<ObligationId, number>> = {};
      for (const v of this.found) if (v.groupId === m.groupId && v.memberId === m.memberId) violations[v.rule] = (violations[v.rule] ?? 0) + v.occurrences;
      const generations = 'joined' in m ? [...m.joined.keys()] : m.generations;
      return { groupId: m.groupId, memberId: m.memberId, clientId: m.clientId, generations, status: m.status, violations };
    });
  }
}
