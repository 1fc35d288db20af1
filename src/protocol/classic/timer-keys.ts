/**
 * The keys of a classic group's timers. A key names a timer so that arming it again replaces
 * it (TM-01); the shell keeps at most one timer per key.
 * @see spec/timers.md
 */
/** The key of a member's session timer (also used for a pending member). */
export function sessionTimerKey(groupId: string, memberId: string): string {
  // The JSON text of ['session', groupId, memberId], built without JSON.stringify when neither
  // id needs escaping (every heartbeat computes it).
  if (PLAIN.test(groupId) && PLAIN.test(memberId)) return '["session","' + groupId + '","' + memberId + '"]';
  return JSON.stringify(['session', groupId, memberId]);
}

/** A string JSON.stringify writes as is between quotes: no quote, backslash, control character or surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** The key of a group's join (rebalance) timer. */
export function joinTimerKey(groupId: string): string {
  return JSON.stringify(['join', groupId]);
}

/** The key of a group's pending-sync timer. */
export function syncTimerKey(groupId: string): string {
  return JSON.stringify(['sync', groupId]);
}
