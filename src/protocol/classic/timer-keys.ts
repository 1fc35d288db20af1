/**
 * The keys of a classic group's timers. A key names a timer so that arming it again replaces
 * it (TM-01); the shell keeps at most one timer per key.
 * @see spec/timers.md
 */
/** The key of a member's session timer (also used for a pending member). */
export function sessionTimerKey(groupId: string, memberId: string): string {
  return JSON.stringify(['session', groupId, memberId]);
}

/** The key of a group's join (rebalance) timer. */
export function joinTimerKey(groupId: string): string {
  return JSON.stringify(['join', groupId]);
}

/** The key of a group's pending-sync timer. */
export function syncTimerKey(groupId: string): string {
  return JSON.stringify(['sync', groupId]);
}
