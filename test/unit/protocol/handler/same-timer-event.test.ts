import { describe, expect, it } from 'vitest';
import { sameTimerEvent } from '../../../../src/protocol/handler/index.js';
import type { TimerEvent } from '../../../../src/protocol/handler/index.js';

/** One event of every type, each with a variant differing in one field. */
const CASES: readonly (readonly [TimerEvent, TimerEvent[]])[] = [
  [{ type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' }, [{ type: 'timer.sessionExpired', groupId: 'h', memberId: 'm' }, { type: 'timer.sessionExpired', groupId: 'g', memberId: 'n' }, { type: 'timer.pendingMemberExpired', groupId: 'g', memberId: 'm' }]],
  [{ type: 'timer.pendingMemberExpired', groupId: 'g', memberId: 'm' }, [{ type: 'timer.pendingMemberExpired', groupId: 'g', memberId: 'n' }]],
  [{ type: 'timer.consumerSessionExpired', groupId: 'g', memberId: 'm' }, [{ type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' }]],
  [{ type: 'timer.consumerRebalanceExpired', groupId: 'g', memberId: 'm', memberEpoch: 3 }, [{ type: 'timer.consumerRebalanceExpired', groupId: 'g', memberId: 'm', memberEpoch: 4 }]],
  [{ type: 'timer.syncExpired', groupId: 'g', generationId: 1 }, [{ type: 'timer.syncExpired', groupId: 'g', generationId: 2 }, { type: 'timer.syncExpired', groupId: 'h', generationId: 1 }]],
  [{ type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: { delayMs: 3000, remainingMs: 100 } }, [{ type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: null }, { type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: { delayMs: 3000, remainingMs: 0 } }, { type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: { delayMs: 0, remainingMs: 100 } }]],
  [{ type: 'timer.joinPhaseExpired', groupId: 'g', initialDelay: null }, [{ type: 'timer.joinPhaseExpired', groupId: 'h', initialDelay: null }]],
  [{ type: 'timer.offsetsCleanup' }, [{ type: 'timer.sessionExpired', groupId: 'g', memberId: 'm' }]],
];

describe('sameTimerEvent (the shell keeps an armed event when a re-arm brings an equal one)', () => {
  it.each(CASES.map(([e, others]) => [e.type, e, others] as const))('[TM-01] %s: an equal copy is the same event, a change in any field is not', (_type, event, others) => {
    expect(sameTimerEvent(event, structuredClone(event))).toBe(true);
    for (const other of others) {
      expect(sameTimerEvent(event, other)).toBe(false);
      expect(sameTimerEvent(other, event)).toBe(false);
    }
  });
});
