import { describe, expect, it } from 'vitest';
import { sameTimerEvent, timerKeyText } from '../../../../src/protocol/handler/index.js';
import { sessionTimer, sessionTimerKey } from '../../../../src/protocol/classic/index.js';
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

describe('timer keys (a session timer is named by its group and member ids, not by a string)', () => {
  it('[TM-03] a session timer is spelled as its group and member ids in JSON; a string key as it is', () => {
    expect(timerKeyText(sessionTimer('g', 'm-1'))).toBe('["session","g","m-1"]');
    expect(sessionTimerKey('g', 'm-1')).toBe('["session","g","m-1"]');
    expect(timerKeyText('["join","g"]')).toBe('["join","g"]');
  });

  it('[TM-03] ids that contain quotes or the separator never spell another member\'s key', () => {
    const a = timerKeyText(sessionTimer('g","h', 'm'));
    const b = timerKeyText(sessionTimer('g', 'h","m'));
    expect(a).not.toBe(b);
    expect(JSON.parse(a)).toEqual(['session', 'g","h', 'm']);
  });
});
