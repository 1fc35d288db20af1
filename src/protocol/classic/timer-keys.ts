/**
 * The keys of a classic group's timers. A key names a timer so that arming it again replaces
 * it (TM-01); the shell keeps at most one timer per key.
 * @see spec/timers.md
 */
import type { SessionTimerKey } from '../handler/index.js';
import { timerKeyText } from '../handler/index.js';

/**
 * A member's session timer (also a pending member's), by group id and member id: what handlers
 * arm and cancel. Pass the member id the group state holds, so the shell finds the timer by the
 * very string it was filed under.
 */
export function sessionTimer(groupId: string, memberId: string): SessionTimerKey {
  return { timer: 'session', groupId, memberId };
}

/** The text of a member's session timer key, as the shell reports it ({@link timerKeyText}). */
export function sessionTimerKey(groupId: string, memberId: string): string {
  return timerKeyText(sessionTimer(groupId, memberId));
}

/** The key of a group's join (rebalance) timer. */
export function joinTimerKey(groupId: string): string {
  return JSON.stringify(['join', groupId]);
}

/** The key of a group's pending-sync timer. */
export function syncTimerKey(groupId: string): string {
  return JSON.stringify(['sync', groupId]);
}
