/**
 * The one way a handler builds its result: a {@link ResultBuilder}, and for a handler about one
 * group a {@link GroupDraft}, which also keeps a working copy of that group.
 *
 * @remarks
 * A handler never mutates the state it is given (it gets a read-only view). A group handler
 * emits records through a {@link GroupDraft}, which applies the volatile ones to a private
 * copy-on-write fork of the group, so later steps of the same handler see earlier ones, exactly
 * as Kafka's handlers see their own mutations. The shell then replays the same records onto the
 * live state. (Named a draft, not a transaction, so it is not confused with Kafka's
 * transactional offset commits.)
 */
import type { AddressedResponse, GroupResponse } from '../messages/index.js';
import type { ClassicGroup, MutableClassicGroup } from '../group.js';
import { forkGroup } from '../group.js';
import type { CoordinatorRecord } from '../records.js';
import { isDurable } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { replayVolatile } from '../replay.js';
import type { HandlerContext, HandlerResult, TimerEvent, TimerKey, TimerOp } from './contract.js';

/**
 * The records of a result that wrote none: one shared list, read-only to everyone (a heartbeat
 * writes no record, and a fresh empty list per read was a tenth of the bytes it allocated).
 * Not frozen: a loop over a frozen array allocates an iterator.
 */
const NO_RECORDS: readonly CoordinatorRecord[] = [];

/**
 * Everything a handler has produced so far: records, answers and timer operations.
 *
 * @remarks
 * Each list is made on its first entry, holding just that entry: a heartbeat produces one answer
 * and one timer, and an empty list that then grows would reserve room for seventeen (two thirds
 * of the bytes a heartbeat allocated, all garbage at once).
 */
export class ResultBuilder {
  readonly ctx: HandlerContext;
  private recordList: CoordinatorRecord[] | undefined;
  private responses: AddressedResponse[] | undefined;
  private timers: TimerOp[] | undefined;

  constructor(ctx: HandlerContext) {
    this.ctx = ctx;
  }

  /** The records emitted so far, in order. */
  protected get records(): readonly CoordinatorRecord[] {
    return this.recordList ?? NO_RECORDS;
  }

  /** Emits a record (replayed and, if durable, appended by the shell). */
  emit(record: CoordinatorRecord): void {
    if (this.recordList === undefined) this.recordList = [record];
    else this.recordList.push(record);
  }

  /** Answers a request (now, or a parked one). */
  respond(requestId: string, response: GroupResponse): void {
    this.answer({ requestId, response });
  }

  /**
   * Adds an answer built by the caller. A handler on a hot path (Heartbeat) builds its objects
   * itself so that they come from allocation sites of its own: V8 allocates straight into the old
   * generation from a site most of whose objects outlived a young collection, as this builder's do
   * while a large group forms, and a heartbeat's objects are garbage at once.
   */
  answer(answer: AddressedResponse): void {
    if (this.responses === undefined) this.responses = [answer];
    else this.responses.push(answer);
  }

  /** Arms the timer `key` to fire `delayMs` from now, replacing any timer with that key. */
  schedule(key: TimerKey, delayMs: number, event: TimerEvent): void {
    this.timer({ op: 'schedule', key, deadlineMs: this.ctx.nowMs + delayMs, event });
  }

  /** Cancels the timer `key` (a no-op if it is not armed). */
  cancel(key: TimerKey): void {
    this.timer({ op: 'cancel', key });
  }

  /** Adds a timer operation built by the caller (see {@link ResultBuilder.answer} for why). */
  timer(op: TimerOp): void {
    if (this.timers === undefined) this.timers = [op];
    else this.timers.push(op);
  }

  /** Whether a record of this type was emitted. */
  wrote(type: CoordinatorRecord['type']): boolean {
    for (const r of this.records) if (r.type === type) return true;
    return false;
  }

  /** Everything produced. */
  result(): HandlerResult {
    // Fresh empty lists of answers and timers (they are few and read once); records share one.
    return { responses: this.responses ?? [], records: this.records, timers: this.timers ?? [] };
  }
}

/**
 * A handler's working copy of one group plus everything it has produced so far.
 *
 * @remarks
 * The working copy is brought up to date only when the handler reads the group: records
 * emitted since the last read are applied then, in order, and the fork is made on the first
 * such application. A handler whose last step writes (a JoinGroup answered MEMBER_ID_REQUIRED,
 * a follower's SyncGroup in a Stable group) forks nothing, and a rebalance of n members makes
 * about n fewer forks of the group. Every read still sees every record emitted before it. An
 * impossible record that the handler never reads back is reported (InvariantViolation) by the
 * shell's replay instead of inside the handler.
 */
export class GroupDraft extends ResultBuilder {
  readonly groupId: string;
  private readonly live: CoordinatorState;
  private draft: Map<string, MutableClassicGroup> | null = null;
  /** How many of the records emitted so far the working copy reflects (durable ones need no applying). */
  private applied = 0;

  constructor(state: CoordinatorState, groupId: string, ctx: HandlerContext) {
    super(ctx);
    this.live = state;
    this.groupId = groupId;
  }

  /** The group as the records emitted so far have left it. */
  group(): ClassicGroup | undefined {
    if (this.applied < this.records.length) this.catchUp();
    return (this.draft ?? this.live.groups).get(this.groupId);
  }

  /**
   * The group's state and the state before it, as the records emitted so far have left them.
   *
   * @remarks
   * Only a state change moves them (or the group's creation or load), so the records emitted
   * since the last read are applied first only when one of those is among them. A member
   * joining the initial join phase asks for the state and nothing more (JG-13), and so forks
   * nothing. The object may be the working copy as it was before those records: read only
   * these two fields from it.
   */
  lifecycle(): Pick<ClassicGroup, 'state' | 'previousState'> | undefined {
    const records = this.records;
    for (let i = this.applied; i < records.length; i++) {
      const type = records[i]!.type;
      if (type === 'GroupStateChanged' || type === 'GroupCreated' || type === 'GroupLoaded') {
        this.catchUp();
        break;
      }
    }
    return (this.draft ?? this.live.groups).get(this.groupId);
  }

  /** The group, which must exist. */
  existing(): ClassicGroup {
    const g = this.group();
    if (g === undefined) throw new Error(`group ${this.groupId} vanished inside a handler`);
    return g;
  }

  /** Applies the volatile records emitted since the last read to the working copy, forking it first if need be. */
  private catchUp(): void {
    const records = this.records;
    for (; this.applied < records.length; this.applied++) {
      const record = records[this.applied]!;
      if (isDurable(record)) continue;
      if (this.draft === null) {
        const g = this.live.groups.get(this.groupId);
        this.draft = new Map();
        if (g !== undefined) this.draft.set(this.groupId, forkGroup(g));
      }
      replayVolatile(this.draft, record);
    }
  }
}
