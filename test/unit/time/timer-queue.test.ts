import { describe, it, expect } from 'vitest';
import { TimerQueue, type TimerEntry } from '../../../src/time/index.js';

/** Pops every entry due at `nowMs`, in firing order. */
function drain<T>(queue: TimerQueue<T>, nowMs: number): TimerEntry<T>[] {
  const fired: TimerEntry<T>[] = [];
  for (let e = queue.popDue(nowMs); e !== undefined; e = queue.popDue(nowMs)) {
    fired.push(e);
  }
  return fired;
}

describe('TimerQueue', () => {
  it('starts empty', () => {
    const q = new TimerQueue<string>();
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
    expect(q.popDue(Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(q.entries()).toEqual([]);
  });

  it('schedule returns a snapshot of the armed entry with increasing seq', () => {
    const q = new TimerQueue<string>();
    const a = q.schedule('a', 100, 'pa');
    const b = q.schedule('b', 50, 'pb');
    expect(a).toEqual({ key: 'a', deadlineMs: 100, seq: 0, payload: 'pa' });
    expect(b.seq).toBe(1);
    expect(q.size).toBe(2);
    expect(q.get('a')).toEqual(a);
    expect(q.has('b')).toBe(true);
    expect(q.has('c')).toBe(false);
    expect(q.get('c')).toBeUndefined();
  });

  it('[TM-01] peek and popDue return the earliest deadline first', () => {
    const q = new TimerQueue<number>();
    for (const [key, deadline] of [['c', 30], ['a', 10], ['d', 40], ['b', 20]] as const) {
      q.schedule(key, deadline, deadline);
    }
    expect(q.peek()?.key).toBe('a');
    expect(drain(q, 100).map((e) => e.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(q.size).toBe(0);
  });

  it('[TM-01] ties fire in the order armed', () => {
    const q = new TimerQueue<null>();
    for (const key of ['x', 'y', 'z', 'w']) {
      q.schedule(key, 5, null);
    }
    expect(drain(q, 5).map((e) => e.key)).toEqual(['x', 'y', 'z', 'w']);
  });

  it('[TM-01] re-scheduling replaces the entry and re-arms it after existing ties', () => {
    const q = new TimerQueue<string>();
    q.schedule('a', 10, 'old');
    q.schedule('b', 10, 'b');
    const renewed = q.schedule('a', 10, 'new');
    expect(q.size).toBe(2);
    expect(renewed.seq).toBe(2);
    expect(q.get('a')).toEqual(renewed);
    expect(drain(q, 10).map((e) => [e.key, e.payload])).toEqual([
      ['b', 'b'],
      ['a', 'new'],
    ]);
  });

  it('[TM-01] re-scheduling can move an entry earlier or later', () => {
    const q = new TimerQueue<null>();
    for (const [key, deadline] of [['a', 10], ['b', 20], ['c', 30], ['d', 40]] as const) {
      q.schedule(key, deadline, null);
    }
    q.schedule('a', 35, null);
    q.schedule('d', 5, null);
    expect(q.entries().map((e) => e.key)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('popDue only returns entries whose deadline is at or before now', () => {
    const q = new TimerQueue<null>();
    q.schedule('a', 10, null);
    q.schedule('b', 20, null);
    expect(q.popDue(9)).toBeUndefined();
    expect(q.popDue(10)?.key).toBe('a');
    expect(q.popDue(19)).toBeUndefined();
    expect(q.has('b')).toBe(true);
    expect(q.popDue(20)?.key).toBe('b');
  });

  it('cancel removes an armed timer and reports whether one existed', () => {
    const q = new TimerQueue<null>();
    q.schedule('a', 10, null);
    q.schedule('b', 20, null);
    q.schedule('c', 30, null);
    expect(q.cancel('a')).toBe(true);
    expect(q.cancel('a')).toBe(false);
    expect(q.cancel('missing')).toBe(false);
    expect(q.has('a')).toBe(false);
    expect(q.peek()?.key).toBe('b');
    expect(drain(q, 100).map((e) => e.key)).toEqual(['b', 'c']);
  });

  it('[TM-01] entries returns a sorted copy that does not alias the heap', () => {
    const q = new TimerQueue<null>();
    q.schedule('b', 2, null);
    q.schedule('a', 1, null);
    q.schedule('c', 1, null);
    const snapshot = q.entries();
    expect(snapshot.map((e) => e.key)).toEqual(['a', 'c', 'b']);
    snapshot.length = 0;
    expect(q.size).toBe(3);
  });

  it('clear empties the queue but keeps seq increasing', () => {
    const q = new TimerQueue<null>();
    q.schedule('a', 1, null);
    q.schedule('b', 2, null);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.has('a')).toBe(false);
    expect(q.peek()).toBeUndefined();
    expect(q.schedule('a', 1, null).seq).toBe(2);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'schedule rejects deadlineMs = %s with a RangeError naming deadlineMs',
    (deadline) => {
      const q = new TimerQueue<null>();
      expect(() => q.schedule('a', deadline, null)).toThrow(RangeError);
      expect(() => q.schedule('a', deadline, null)).toThrow(/deadlineMs/);
      expect(q.size).toBe(0);
    },
  );

  it('accepts negative and fractional deadlines', () => {
    const q = new TimerQueue<null>();
    q.schedule('a', 0.5, null);
    q.schedule('b', -3, null);
    expect(drain(q, 0).map((e) => e.key)).toEqual(['b']);
    expect(q.popDue(0.5)?.key).toBe('a');
  });

  it('[TM-01] snapshots do not change when their key is re-armed', () => {
    const q = new TimerQueue<string>();
    const first = q.schedule('a', 10, 'x');
    q.schedule('a', 20, 'y');
    expect(first).toEqual({ key: 'a', deadlineMs: 10, seq: 0, payload: 'x' });
    expect(q.get('a')).toEqual({ key: 'a', deadlineMs: 20, seq: 1, payload: 'y' });
  });

  it('[TM-01] arm keeps the armed payload object when `same` says the new one is equal, and replaces it otherwise', () => {
    const q = new TimerQueue<{ id: string }>();
    const same = (a: { id: string }, b: { id: string }): boolean => a.id === b.id;
    const armed = { id: 'm' };
    q.arm('a', 10, armed, undefined, same);
    q.arm('a', 30, { id: 'm' }, undefined, same);
    expect(q.get('a')?.payload).toBe(armed);
    expect(q.get('a')?.deadlineMs).toBe(30);
    const other = { id: 'n' };
    q.arm('a', 40, other, undefined, same);
    expect(q.get('a')?.payload).toBe(other);
    q.arm('a', 50, { id: 'n' });
    expect(q.get('a')?.payload).not.toBe(other);
  });

  it('[TM-01] a key its caller holds (`keyHeld`) names the same timer as an equal key built anew', () => {
    const q = new TimerQueue<string>();
    const scope = {};
    const held = ['member', '1'].join('-');
    q.arm(held, 10, 'first', scope, undefined, true);
    q.schedule('other', 10, 'other', scope);
    // An equal string that is not the held object: the same timer, re-armed after the tie.
    q.arm(`member-${String(1)}`, 10, 'again', scope, undefined, true);
    expect(q.size).toBe(2);
    expect(q.scopeEntries(scope).map((e) => [e.key, e.payload])).toEqual([
      ['other', 'other'],
      ['member-1', 'again'],
    ]);
    expect(q.cancel('member-1', scope)).toBe(true);
    expect(q.has(held, scope)).toBe(false);
  });

  it('[TM-01] keys of a scope are its own; cancelScope disarms them all and nothing else', () => {
    const q = new TimerQueue<string>();
    const s1 = {};
    const s2 = {};
    q.schedule('k', 30, 'u');
    q.schedule('k', 10, 's1', s1);
    q.schedule('j', 20, 's1j', s1);
    q.schedule('k', 5, 's2', s2);
    expect(q.size).toBe(4);
    expect(q.get('k', s1)?.payload).toBe('s1');
    expect(q.scopeEntries(s1).map((e) => [e.key, e.payload])).toEqual([
      ['k', 's1'],
      ['j', 's1j'],
    ]);
    expect(q.popDue(5)).toEqual({ key: 'k', deadlineMs: 5, seq: 3, payload: 's2', scope: s2 });
    expect([q.scopeSize(s1), q.scopeSize(s2)]).toEqual([2, 0]);
    expect(q.cancel('j', s1)).toBe(true);
    expect(q.scopeSize(s1)).toBe(1);
    q.schedule('j', 20, 's1j', s1);
    expect(q.cancelScope(s1)).toBe(2);
    expect(q.cancelScope(s1)).toBe(0);
    expect(q.scopeEntries(s1)).toEqual([]);
    expect(q.entries().map((e) => e.payload)).toEqual(['u']);
  });
  it('[TM-01] a timer armed by handle fires in arming order among keyed timers, holds no key, and only its handle cancels it', () => {
    const q = new TimerQueue<string>();
    const scope = {};
    q.schedule('a', 10, 'a');
    const h = q.armHandle(10, 'h', scope);
    q.schedule('', 10, 'keyed', scope);
    q.schedule('b', 5, 'b');
    expect(h.deadlineMs).toBe(10);
    expect(q.scopeEntries(scope).map((e) => e.payload)).toEqual(['keyed']);
    expect(drain(q, 10).map((e) => e.payload)).toEqual(['b', 'a', 'h', 'keyed']);
    expect(q.cancelHandle(h)).toBe(false);

    const again = q.armHandle(20, 'again', scope);
    q.schedule('', 20, 'keyed', scope);
    // Cancelling the handle leaves the keyed timer of the same scope and (empty) key armed.
    expect(q.cancelHandle(again)).toBe(true);
    expect(q.cancelHandle(again)).toBe(false);
    expect(q.has('', scope)).toBe(true);
    expect(drain(q, 20).map((e) => e.payload)).toEqual(['keyed']);
    expect(q.size).toBe(0);
  });
});
