/**
 * A shard's member session timers (TM-03): one timer table per group in the event loop, each
 * timer filed under the member id string the group state holds.
 *
 * @remarks
 * A heartbeat re-arms its member's timer here, so this is the shell's share of the hot path at
 * 50,000 members, where the cost is memory latency: every object a heartbeat reads for its member
 * is a likely cache miss. A session timer's event is the key's own (`timer.sessionExpired` or
 * `timer.pendingMemberExpired` of the key's group and member), so the table keeps only its type,
 * a constant string: re-arming compares two constants instead of reading the armed event, and an
 * idle member's timer holds no event object. The event is built again, equal to the one armed,
 * when the timer fires or is listed. An event that is not the key's own (no handler arms one) is
 * kept as it is, so nothing is lost either way.
 */
import type { EventLoop, TimerScope } from '../time/event-loop.js';
import type { TimerEntry } from '../time/timer-queue.js';
import { sameTimerEvent, sessionTimerKey } from '../protocol/classic/index.js';
import type { SessionTimerKey, TimerEvent } from '../protocol/classic/index.js';

/** The types of the events a session key names: its member's session or pending-member expiry. */
type SessionEventType = 'timer.sessionExpired' | 'timer.pendingMemberExpired';

/** What a group's table holds per timer: the type of the key's own event, or any other event. */
type SessionData = SessionEventType | TimerEvent;

/** Equal data: the same constant type (no read of an armed event), else equal events. */
function sameData(armed: SessionData, next: SessionData): boolean {
  if (armed === next) return true;
  return typeof armed !== 'string' && typeof next !== 'string' && sameTimerEvent(armed, next);
}

/** The data to arm for `event` under `key`: its type alone when the event is the key's own. */
function dataOf(key: SessionTimerKey, event: TimerEvent): SessionData {
  const own =
    (event.type === 'timer.sessionExpired' || event.type === 'timer.pendingMemberExpired') &&
    event.groupId === key.groupId &&
    event.memberId === key.memberId;
  return own ? event.type : event;
}

/** The event armed as `data` under member `memberId` of `groupId`. */
function eventOf(groupId: string, memberId: string, data: SessionData): TimerEvent {
  return typeof data === 'string' ? { type: data, groupId, memberId } : data;
}

/** The session timers of one shard: a table per group, made on its first timer and dropped with its last. */
export class SessionTimers {
  private readonly loop: EventLoop;
  private readonly onFire: (event: TimerEvent) => void;
  private readonly scopes = new Map<string, TimerScope<SessionData>>();

  /** `onFire` gets each timer's event when it is due. */
  constructor(loop: EventLoop, onFire: (event: TimerEvent) => void) {
    this.loop = loop;
    this.onFire = onFire;
  }

  /** Arms (or re-arms: the key's timer is replaced) the timer `key` at `deadlineMs` with `event`. */
  arm(key: SessionTimerKey, deadlineMs: number, event: TimerEvent): void {
    const loop = this.loop;
    loop.arm(this.scope(key.groupId), key.memberId, Math.max(0, deadlineMs - loop.nowMs()), dataOf(key, event));
  }

  /** Disarms the timer `key`, if armed. */
  cancel(key: SessionTimerKey): void {
    const scope = this.scopes.get(key.groupId);
    if (scope !== undefined && this.loop.cancel(key.memberId, scope)) this.dropIfEmpty(key.groupId, scope);
  }

  /** Disarms every timer (an unload). */
  cancelAll(): void {
    for (const scope of this.scopes.values()) this.loop.cancelScope(scope);
    this.scopes.clear();
  }

  /** Every armed timer with its key as `sessionTimerKey` spells it and the event it was armed with. */
  entries(): TimerEntry<TimerEvent>[] {
    const all: TimerEntry<TimerEvent>[] = [];
    for (const [groupId, scope] of this.scopes) {
      for (const { key, deadlineMs, seq, payload } of this.loop.entries(scope)) {
        all.push({ key: sessionTimerKey(groupId, key), deadlineMs, seq, payload: eventOf(groupId, key, payload) });
      }
    }
    return all;
  }

  /** How many groups have session timers armed (what the shard keeps per group for them). */
  get groups(): number {
    return this.scopes.size;
  }

  /** The table of a group's session timers, made on its first timer. */
  private scope(groupId: string): TimerScope<SessionData> {
    const scope = this.scopes.get(groupId);
    if (scope !== undefined) return scope;
    const made: TimerScope<SessionData> = {
      fire: (memberId, data) => {
        this.onFire(eventOf(groupId, memberId, data));
        this.dropIfEmpty(groupId, made);
      },
      same: sameData,
      // The member ids a group's timers are filed under are the strings its state holds.
      keysHeld: true,
    };
    this.scopes.set(groupId, made);
    return made;
  }

  /** Forgets a group's table once it holds no timer (a later timer makes a new one). */
  private dropIfEmpty(groupId: string, scope: TimerScope<SessionData>): void {
    if (this.scopes.get(groupId) === scope && this.loop.scopeSize(scope) === 0) this.scopes.delete(groupId);
  }
}
