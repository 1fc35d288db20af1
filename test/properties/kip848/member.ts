/**
 * A simulated KIP-848 consumer for the properties of `consumer-group.kip848.prop.test.ts`: the
 * smallest client that heartbeats as a correct one must, reduced to what the coordinator sees.
 *
 * @remarks
 * Modelled on Kafka 4.0's client (`ConsumerMembershipManager`, `AbstractMembershipManager`,
 * `ConsumerHeartbeatRequestManager.HeartbeatState`):
 *
 * - it joins with epoch 0, a full request and no owned partitions (v0: an empty member id that
 *   the coordinator fills in; v1: an id of its own);
 * - a later heartbeat carries the current epoch, and each optional field only when it changed
 *   since it was last sent (`null`: unchanged), except after a failure, when the next request is
 *   full again (every field), as `HeartbeatState.reset()` makes it;
 * - an answer with an assignment is reconciled at once: partitions not in it are revoked before
 *   new ones are taken, and the next heartbeat (sent right away) reports what it now owns, which
 *   is how the coordinator learns that a revocation is done;
 * - FENCED_MEMBER_EPOCH and UNKNOWN_MEMBER_ID: it loses every partition and rejoins with epoch 0
 *   (v1 with the same member id, v0 with an empty one);
 * - leaving: it gives up its partitions, then sends epoch -1 (dynamic) or -2 (static) once, and
 *   stops whatever the answer;
 * - an answer lost on the way (or a network error) is a request timeout: it retries with a full
 *   request and the epoch it knew, which is what the coordinator's lost-response tolerance is for.
 *
 * What it believes it owns is `owned`; the properties compare these beliefs across members.
 */
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, HeartbeatTopicPartitions } from '../../../src/protocol/messages/index.js';
import { ErrorCodes } from '../../../src/protocol/errors.js';

/** Partitions by topic id, as a member holds them. */
export type Owned = ReadonlyMap<string, ReadonlySet<number>>;

/** Where a simulated member is in its life. */
export type MemberPhase = 'joining' | 'member' | 'stopped';

/** What a member sent and is waiting an answer for. */
export interface InFlight {
  readonly requestId: string;
  readonly request: ConsumerGroupHeartbeatRequest;
  readonly sentAtMs: number;
}

/** An error answer a member got, kept for the properties. */
export interface ErrorAnswer {
  readonly atMs: number;
  readonly memberId: string;
  readonly errorCode: number;
  /** Answers lost in a row just before it (one can make a FENCED_MEMBER_EPOCH legitimate). */
  readonly lostBefore: number;
  readonly requestEpoch: number;
  /** Whether it answered a rejoin (epoch 0) after the member was fenced, with no success since. */
  readonly rejoiningAfterFence: boolean;
}

/** The fixed settings every simulated member uses. */
export interface MemberSettings {
  readonly groupId: string;
  readonly rebalanceTimeoutMs: number;
  /** The server assignor it asks for (null: the group's default), sent with every full request. */
  readonly serverAssignor?: string | null;
}

/** The canonical list form of an owned set, topics by id, partitions ascending. */
export function ownedToList(owned: Owned): HeartbeatTopicPartitions[] {
  return [...owned]
    .filter(([, ps]) => ps.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((x, y) => x - y) }));
}

/** The owned set of a list form. */
export function ownedFromList(list: readonly HeartbeatTopicPartitions[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const { topicId, partitions } of list) {
    if (partitions.length === 0) continue;
    const set = out.get(topicId) ?? new Set<number>();
    out.set(topicId, set);
    for (const p of partitions) set.add(p);
  }
  return out;
}

/** A key equal for equal owned sets. */
export function ownedKey(owned: Owned): string {
  return JSON.stringify(ownedToList(owned));
}

const RETRIABLE = new Set<number>([ErrorCodes.NOT_COORDINATOR, ErrorCodes.COORDINATOR_NOT_AVAILABLE, ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS]);

/** One incarnation of a consumer in a slot. */
export class SimMember {
  phase: MemberPhase = 'joining';
  memberId: string;
  memberEpoch = 0;
  owned: Owned = new Map();
  inFlight: InFlight | null = null;
  /** When the next heartbeat is due. */
  nextAtMs: number;
  /** Answers to drop on arrival (the history's lost responses). */
  loseNext = 0;
  /** Answers lost in a row since the last one that arrived. */
  lostInARow = 0;
  /** Set when it decided to leave: the next heartbeat is the leave. */
  leaving = false;
  /** Every error answer it got. */
  readonly errors: ErrorAnswer[] = [];
  /** Assignments it reconciled that took partitions away (revocations it performed). */
  revocations = 0;
  private subscription: readonly string[];
  private needFull = true;
  private lastSentSubscription: string | null = null;
  private lastSentOwned: string | null = null;
  private heartbeatIntervalMs = 0;
  /** Fenced (or forgotten) and not accepted since. */
  private fencedSinceAccepted = false;

  constructor(
    readonly slot: number,
    readonly version: 0 | 1,
    readonly instanceId: string | null,
    /** v1: the id the client generated; v0: unused (the coordinator generates one). */
    private readonly ownId: string,
    subscription: readonly string[],
    private readonly settings: MemberSettings,
    nowMs: number,
  ) {
    this.memberId = version === 1 ? ownId : '';
    this.subscription = subscription;
    this.nextAtMs = nowMs;
  }

  /** Whether it is a live process (beliefs count). */
  get alive(): boolean {
    return this.phase !== 'stopped';
  }

  /** A new subscription, sent with the next heartbeat. */
  subscribe(topics: readonly string[]): void {
    this.subscription = topics;
  }

  /** Gives up its partitions now; the next heartbeat is the leave. */
  leave(nowMs: number): void {
    if (!this.alive) return;
    if (this.memberId === '') {
      // A v0 member that never learnt its id has nothing to name in a leave.
      this.die();
      return;
    }
    this.leaving = true;
    this.owned = new Map();
    this.nextAtMs = nowMs;
  }

  /** The process dies: it owns nothing and sends nothing more. */
  die(): void {
    this.phase = 'stopped';
    this.owned = new Map();
    this.inFlight = null;
  }

  /** Whether it has a heartbeat to send now. */
  due(nowMs: number): boolean {
    return this.alive && this.inFlight === null && nowMs >= this.nextAtMs;
  }

  /** The heartbeat it would send now. */
  heartbeat(): { request: ConsumerGroupHeartbeatRequest; sentSubscription: string | null; sentOwned: string | null } {
    const joining = this.phase === 'joining';
    const full = joining || this.needFull;
    const subscriptionKey = JSON.stringify(this.subscription);
    const ownedNow = ownedKey(this.owned);
    const sendSubscription = !this.leaving && (full || subscriptionKey !== this.lastSentSubscription);
    const sendOwned = !this.leaving && (full || ownedNow !== this.lastSentOwned);
    const epoch = this.leaving ? (this.instanceId !== null ? -2 : -1) : this.memberEpoch;
    const request: ConsumerGroupHeartbeatRequest = {
      api: 'ConsumerGroupHeartbeat',
      version: this.version,
      clientId: `consumer-${this.slot}`,
      clientHost: '/127.0.0.1',
      groupId: this.settings.groupId,
      memberId: this.memberId,
      memberEpoch: epoch,
      instanceId: this.instanceId,
      rackId: null,
      rebalanceTimeoutMs: full && !this.leaving ? this.settings.rebalanceTimeoutMs : -1,
      subscribedTopicNames: sendSubscription ? [...this.subscription] : null,
      subscribedTopicRegex: null,
      serverAssignor: full && !this.leaving ? (this.settings.serverAssignor ?? null) : null,
      topicPartitions: sendOwned ? (joining ? [] : ownedToList(this.owned)) : null,
    };
    return { request, sentSubscription: sendSubscription ? subscriptionKey : null, sentOwned: sendOwned ? (joining ? '[]' : ownedNow) : null };
  }

  /** Records a heartbeat as sent. */
  sent(requestId: string, hb: ReturnType<SimMember['heartbeat']>, nowMs: number): void {
    this.inFlight = { requestId, request: hb.request, sentAtMs: nowMs };
    if (hb.sentSubscription !== null) this.lastSentSubscription = hb.sentSubscription;
    if (hb.sentOwned !== null) this.lastSentOwned = hb.sentOwned;
  }

  /**
   * The outcome of the heartbeat in flight: its answer, or `lost` (a network error, a timeout
   * or a response dropped on the way). Returns whether what it owns changed.
   */
  receive(outcome: { kind: 'lost' } | { kind: 'response'; response: ConsumerGroupHeartbeatResponse }, nowMs: number): boolean {
    const flight = this.inFlight;
    if (flight === null || !this.alive) return false;
    this.inFlight = null;
    if (flight.request.memberEpoch < 0) {
      // The leave is sent once; whatever came of it, the session timeout cleans up after us.
      this.phase = 'stopped';
      return false;
    }
    if (this.leaving) {
      // The answer to a heartbeat sent before it decided to leave: the leave goes out next.
      this.nextAtMs = nowMs;
      return false;
    }
    if (outcome.kind === 'lost') return this.failed(nowMs, true);
    const r = outcome.response;
    if (r.errorCode === ErrorCodes.NONE) return this.accepted(r, nowMs);
    this.errors.push({
      atMs: nowMs, memberId: this.memberId, errorCode: r.errorCode, lostBefore: this.lostInARow, requestEpoch: flight.request.memberEpoch,
      rejoiningAfterFence: this.fencedSinceAccepted && flight.request.memberEpoch === 0,
    });
    if (RETRIABLE.has(r.errorCode)) return this.failed(nowMs, r.errorCode === ErrorCodes.NOT_COORDINATOR);
    if (r.errorCode === ErrorCodes.FENCED_MEMBER_EPOCH || r.errorCode === ErrorCodes.UNKNOWN_MEMBER_ID) return this.fenced(nowMs);
    if (r.errorCode === ErrorCodes.UNRELEASED_INSTANCE_ID) {
      // The previous incarnation of this instance id has not left yet: try again later.
      this.lostInARow = 0;
      this.nextAtMs = nowMs + 500;
      return false;
    }
    // Anything else is not an answer a correct member can get here: stop, the property sees it.
    const had = this.owned.size > 0;
    this.die();
    return had;
  }

  private accepted(r: ConsumerGroupHeartbeatResponse, nowMs: number): boolean {
    this.lostInARow = 0;
    this.fencedSinceAccepted = false;
    this.needFull = false;
    if (r.memberId !== null) this.memberId = r.memberId;
    this.memberEpoch = r.memberEpoch;
    this.phase = 'member';
    this.heartbeatIntervalMs = r.heartbeatIntervalMs;
    let changed = false;
    if (r.assignment !== null) {
      const next = ownedFromList(r.assignment.topicPartitions);
      const before = ownedKey(this.owned);
      const revoked = [...this.owned].some(([t, ps]) => [...ps].some((p) => !next.get(t)?.has(p)));
      if (revoked) this.revocations++;
      // Revoke first, then take the new partitions: both in this one step.
      this.owned = next;
      changed = ownedKey(next) !== before;
    }
    // A reconciliation that changed what it owns is acknowledged at once (the next heartbeat).
    this.nextAtMs = changed ? nowMs : nowMs + this.heartbeatIntervalMs;
    return changed;
  }

  private failed(nowMs: number, maybeProcessed: boolean): boolean {
    if (maybeProcessed) this.lostInARow++;
    this.needFull = true;
    this.nextAtMs = nowMs;
    return false;
  }

  private fenced(nowMs: number): boolean {
    const had = this.owned.size > 0;
    this.fencedSinceAccepted = true;
    this.owned = new Map();
    this.memberEpoch = 0;
    this.phase = 'joining';
    if (this.version === 0) this.memberId = '';
    this.needFull = true;
    this.lostInARow = 0;
    this.nextAtMs = nowMs;
    return had;
  }
}
