import { describe, expect, it } from 'vitest';
import type { ConsumerError } from '../../../src/client/index.js';
import type { ListOffsetsRequest } from '../../../src/protocol/messages/list-offsets.js';
import type { FetchRequest } from '../../../src/protocol/messages/fetch.js';
import { cluster, sorted, TOPIC, World } from './world.js';

describe('positions and fetching', () => {
  it('[CL-28] auto.offset.reset=earliest starts from the log start, latest from the high watermark', () => {
    for (const reset of ['earliest', 'latest'] as const) {
      const w = new World(cluster(2));
      const old = w.produceAll(3);
      const a = w.add({ 'auto.offset.reset': reset });
      w.until(() => w.stable(1));
      w.run(500);
      const fresh = w.produceAll(2, 3);
      w.run(1000);
      expect(sorted(a.values())).toEqual(sorted(reset === 'earliest' ? [...old, ...fresh] : fresh));
      // OffsetFetch found nothing, so the member asked each partition's leader.
      const lookups = a.requests<ListOffsetsRequest>('ListOffsets').flatMap((r) => r.topics.flatMap((t) => t.partitions));
      expect(lookups.map((p) => p.timestamp)).toEqual([reset === 'earliest' ? -2 : -1, reset === 'earliest' ? -2 : -1]);
      expect(a.sent('OffsetFetch', 'ListOffsets').slice(0, 2)).toEqual(['OffsetFetch', 'ListOffsets']);
    }
  });

  it('[CL-28] auto.offset.reset=none makes every poll raise NoOffsetForPartition until the application seeks', () => {
    const w = new World(cluster(2));
    const old = w.produceAll(3);
    const a = w.add({ 'auto.offset.reset': 'none' });
    let error: ConsumerError | undefined;
    for (let i = 0; i < 200 && error === undefined; i++) {
      try {
        a.poll();
      } catch (e) {
        error = e as ConsumerError;
      }
      w.kafka.advance(50);
    }
    expect(error).toMatchObject({ kind: 'NoOffsetForPartition' });
    expect(error?.message).toMatch(/t-[01]/);
    expect(() => a.consumer.poll(0)).toThrow(/no reset policy/);
    expect(a.sent('ListOffsets')).toEqual([]);
    a.consumer.seek({ topic: TOPIC, partition: 0 }, 1);
    a.consumer.seek({ topic: TOPIC, partition: 1 }, 2);
    w.run(1000);
    expect(sorted(a.values())).toEqual(sorted(old.filter((v) => v === 'p0-1' || v === 'p0-2' || v === 'p1-2')));
  });

  it('[CL-28] a committed offset wins over auto.offset.reset, and a partition kept across a rebalance keeps its position', () => {
    const w = new World(cluster(2));
    w.produceAll(6);
    const a = w.add({ 'auto.offset.reset': 'latest', 'enable.auto.commit': false });
    w.until(() => w.stable(1));
    a.consumer.commitSync([
      { topic: TOPIC, partition: 0, offset: 2 },
      { topic: TOPIC, partition: 1, offset: 4 },
    ]);
    a.consumer.close();
    const b = w.add({ 'auto.offset.reset': 'latest' });
    w.until(() => w.stable(1));
    w.run(500);
    expect(sorted(b.values())).toEqual(['p0-2', 'p0-3', 'p0-4', 'p0-5', 'p1-4', 'p1-5']);
    expect(b.sent('ListOffsets')).toEqual([]);
  });

  it('[CL-28][CL-29] a fetch answered OFFSET_OUT_OF_RANGE is reset with auto.offset.reset', () => {
    const w = new World(cluster(1));
    w.produceAll(3);
    const a = w.add({ 'auto.offset.reset': 'earliest' });
    w.until(() => w.stable(1));
    w.run(500);
    a.consumer.seek({ topic: TOPIC, partition: 0 }, 100);
    w.run(500);
    expect(a.consumer.position({ topic: TOPIC, partition: 0 })).toBe(3);
    expect(a.values()).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-0', 'p0-1', 'p0-2']);
  });

  it('[CL-29] at most max.poll.records per poll, one fetch in flight per leader, offsets in order', () => {
    const kafka = cluster(3);
    const w = new World(kafka);
    const a = w.add({ 'max.poll.records': 4 });
    w.produceAll(10);
    w.until(() => w.stable(1));
    const sizes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const records = a.consumer.poll(0);
      a.records.push(...records);
      sizes.push(records.length);
      // Never two fetches in flight to one broker.
      const open = new Map<number, number>();
      for (const e of a.consumer.trace) {
        if (e.type === 'request' && e.api === 'Fetch') open.set(e.nodeId, (open.get(e.nodeId) ?? 0) + 1);
        if ((e.type === 'response' || e.type === 'networkError') && e.api === 'Fetch') open.set(e.nodeId, (open.get(e.nodeId) ?? 0) - 1);
      }
      for (const n of open.values()) expect(n).toBeLessThanOrEqual(1);
      kafka.advance(20);
    }
    expect(Math.max(...sizes)).toBe(4);
    expect(a.records).toHaveLength(30);
    for (let p = 0; p < 3; p++) expect(a.records.filter((r) => r.partition === p).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // A fetch names each partition at its position, at its leader.
    for (const e of a.consumer.trace) {
      if (e.type !== 'request' || e.api !== 'Fetch') continue;
      for (const t of (e.request as FetchRequest).topics) for (const p of t.partitions) expect(kafka.cluster.partition(TOPIC, p.partition)?.leader).toBe(e.nodeId);
    }
  });

  it('[CL-13][CL-29] an eager member reads nothing while it rebalances', () => {
    const w = new World(cluster(4));
    const a = w.add({ 'enable.auto.commit': false });
    w.until(() => w.stable(1));
    w.add({ 'enable.auto.commit': false });
    let rebalancing = 0;
    for (let i = 0; i < 400 && !w.stable(2); i++) {
      w.produceAll(1, i);
      const records = a.consumer.poll(0);
      if (a.consumer.state !== 'stable') {
        rebalancing++;
        expect(records).toEqual([]);
        expect(a.consumer.readablePartitions()).toEqual([]);
      }
      a.records.push(...records);
      w.members[1]!.poll();
      w.kafka.advance(25);
    }
    expect(rebalancing).toBeGreaterThan(0);
    expect(w.stable(2)).toBe(true);
  });
});
