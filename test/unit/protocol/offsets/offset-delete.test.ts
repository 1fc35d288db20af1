import { describe, expect, it } from 'vitest';
import type { OffsetDeleteResponse } from '../../../../src/protocol/messages/index.js';
import { offsetCommit, offsetDelete, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { Harness } from './harness.js';

const cluster = (t: string, p: number): boolean => t !== 'gone' && p < 3;

function simpleGroupWithOffsets(h: Harness): void {
  h.send(offsetCommit({ topics: [topic('t', part(0, 1), part(1, 2)), topic('u', part(0, 3))] }));
}

function codes(r: unknown): [number, [string, [number, number][]][]] {
  const d = r as OffsetDeleteResponse;
  return [d.errorCode, d.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])])];
}

describe('OffsetDelete', () => {
  it('[OD-02] unknown partitions are answered first; the coordinator\'s results are merged in', () => {
    const h = new Harness(undefined, cluster);
    simpleGroupWithOffsets(h);
    const step = h.send(offsetDelete('g', { t: [0, 7], gone: [0], u: [0] }));
    expect(codes(step.response)).toEqual([0, [['t', [[7, 3], [0, 0]]], ['gone', [[0, 3]]], ['u', [[0, 0]]]]]);
    expect(step.records).toEqual([
      { type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 0, value: null },
      { type: 'OffsetCommit', groupId: 'g', topic: 'u', partition: 0, value: null },
    ]);
  });

  it('[OD-02][OD-03] the coordinator is asked even with no partition left, and its top-level error replaces everything', () => {
    const h = new Harness(undefined, cluster);
    expect(codes(h.send(offsetDelete('nobody', { gone: [0] })).response)).toEqual([69, []]);
    simpleGroupWithOffsets(h);
    expect(codes(h.send(offsetDelete('g', { gone: [0] })).response)).toEqual([0, [['gone', [[0, 3]]]]]);
    expect(codes(h.send(offsetDelete('', { gone: [0], t: [0] })).response)).toEqual([24, []]);
  });

  it('[OD-03] a Dead group -> GROUP_ID_NOT_FOUND', () => {
    const h = new Harness();
    simpleGroupWithOffsets(h);
    h.force('g', 'Dead');
    const step = h.send(offsetDelete('g', { t: [0] }));
    expect(codes(step.response)).toEqual([69, []]);
    expect(step.records).toEqual([]);
  });

  it('[OD-05][REC-08] a tombstone only for partitions with an offset; replay deletes it and the group keeps the rest', () => {
    const h = new Harness();
    simpleGroupWithOffsets(h);
    const step = h.send(offsetDelete('g', { t: [1, 2] }));
    expect(codes(step.response)).toEqual([0, [['t', [[1, 0], [2, 0]]]]]);
    expect(step.records).toEqual([{ type: 'OffsetCommit', groupId: 'g', topic: 't', partition: 1, value: null }]);
    expect([...h.state.offsets.get('g')!.keys()]).toEqual(['t/0', 'u/0']);
  });

  it('[OD-06] nothing else changes: no timer, same state, the group stays when its offsets are gone', () => {
    const h = new Harness();
    simpleGroupWithOffsets(h);
    const step = h.send(offsetDelete('g', { t: [0, 1], u: [0] }));
    expect(step.timers).toEqual([]);
    expect(step.records.every((r) => r.type === 'OffsetCommit' && r.value === null)).toBe(true);
    expect(h.state.offsets.has('g')).toBe(false);
    expect(h.state.groups.get('g')?.state).toBe('Empty');
  });
});
