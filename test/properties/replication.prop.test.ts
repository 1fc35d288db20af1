/**
 * Properties of the in-memory cluster's replication over random histories of appends,
 * clock advances, broker crashes and restarts and leadership moves on a 3-broker cluster with
 * two partitions (replicas [0, 1, 2] and [2, 0, 1]). Seeds are pinned (FC_SEED replays
 * another); a failure prints the seed, the path and the shrunk history.
 *
 * What is checked after every step, for each partition:
 * - RP-14 every acknowledged record survives: the writer's own record (the test's copy, not
 *   the log's) is at its offset on the leader whenever there is a leader, and on the last ISR
 *   member while the partition is offline; every entry the high watermark ever passed stays
 *   the identical entry;
 * - RP-10/RP-14 the log of every replica, live or down, is a prefix of the leader's log;
 * - RP-05 the high watermark never decreases and never exceeds the leader's log end offset,
 *   and every ISR member's log end offset is at least the high watermark;
 * - RP-09/RP-11 a leader is a live ISR member; the ISR is non-empty, within the replicas, in
 *   replica order, and all live while there is a leader; the leader epoch goes up by exactly one
 *   when the leader changes and stays put otherwise;
 * - RP-06 a writer is told NONE only with a high watermark above its offset, and each waiter is
 *   answered at most once.
 * At the end (RP-14 convergence) every broker restarts and time passes: each partition has a
 * leader, every replica is in sync with the leader's log, the high watermark is the log end
 * offset, and every waiter has been answered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../src/time/event-loop.js';
import { Cluster, type CommitResult, type LogEntry } from '../../src/broker/cluster/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { FC_SEED, runs } from '../helpers/seed.js';

type Op =
  | { readonly type: 'append'; readonly partition: number; readonly count: number }
  | { readonly type: 'advance'; readonly ms: number }
  | { readonly type: 'crash'; readonly node: number }
  | { readonly type: 'restart'; readonly node: number }
  | { readonly type: 'move'; readonly partition: number; readonly to: number };

const partitionArb = fc.integer({ min: 0, max: 1 });
const nodeArb = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('append' as const), partition: partitionArb, count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.constantFrom(0, 0.5, 1, 2, 3) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('crash' as const), node: nodeArb }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('restart' as const), node: nodeArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('move' as const), partition: partitionArb, to: nodeArb }) },
);
const historyArb = fc.record({
  fetchMaxRecords: fc.constantFrom(1, 2, Number.POSITIVE_INFINITY),
  ops: fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }),
});

const PARTITIONS = [0, 1] as const;

/** Throws `message` unless `condition` holds. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
const REPLICAS = [[0, 1, 2], [2, 0, 1]];

interface Observed {
  maxHw: number;
  leader: number | null;
  epoch: number;
  /** The writer's own records, by offset, once acknowledged (RP-06 said so). */
  readonly written: Map<number, string>;
  /** Entries the high watermark has passed, by identity. */
  readonly passed: LogEntry<string>[];
}

/** Drives one history and checks the invariants after every step. */
class Run {
  readonly loop = new EventLoop(new ManualClock(0));
  readonly cluster: Cluster<string>;
  readonly observed: Observed[];
  private nextRecord = 0;
  private waiters = 0;
  private answered = 0;
  leaderCrashesAfterAck = 0;
  truncations = 0;

  constructor(fetchMaxRecords: number) {
    this.cluster = new Cluster<string>({ loop: this.loop, brokers: 3, replicaFetchMaxRecords: fetchMaxRecords });
    this.cluster.createTopic('t', -1, -1, { replicaAssignment: REPLICAS });
    this.cluster.on((e) => {
      if (e.type === 'truncate') this.truncations++;
    });
    this.observed = PARTITIONS.map((p) => {
      const info = this.cluster.partition('t', p);
      return { maxHw: 0, leader: info?.leader ?? null, epoch: 0, written: new Map(), passed: [] };
    });
  }

  apply(op: Op): void {
    switch (op.type) {
      case 'append':
        return this.append(op.partition, op.count);
      case 'advance':
        return this.loop.advance(op.ms);
      case 'crash':
        if (PARTITIONS.some((p) => this.cluster.partition('t', p)?.leader === op.node && this.cluster.highWatermark('t', p)! > 0)) {
          this.leaderCrashesAfterAck++;
        }
        this.cluster.crash(op.node);
        return;
      case 'restart':
        this.cluster.restart(op.node);
        return;
      case 'move':
        this.cluster.moveLeadership('t', op.partition, op.to);
        return;
    }
  }

  private append(partition: number, count: number): void {
    const values = Array.from({ length: count }, () => `r${this.nextRecord++}`);
    const result = this.cluster.append('t', partition, values);
    if ('error' in result) return;
    const { baseOffset, lastOffset, leaderEpoch } = result;
    let calls = 0;
    this.waiters++;
    this.cluster.onCommitted(
      't',
      partition,
      lastOffset,
      (c: CommitResult) => {
        calls++;
        this.answered++;
        check(calls === 1, `waiter for ${lastOffset} answered ${calls} times`);
        if (c.error === 'NONE' || c.error === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND') {
          check(c.highWatermark > lastOffset, `waiter for ${lastOffset} told NONE at high watermark ${c.highWatermark}`);
          const written = this.observed[partition]!.written;
          values.forEach((v, i) => written.set(baseOffset + i, v));
        }
      },
      leaderEpoch,
    );
  }

  /** The invariants listed in the file comment (plain checks: this runs tens of thousands of times). */
  check(): void {
    for (const p of PARTITIONS) {
      const info = this.cluster.partition('t', p)!;
      const seen = this.observed[p]!;
      const logOf = (n: number) => this.cluster.log('t', p, n)!;
      const where = `partition ${p} at ${this.loop.nowMs()}ms`;
      // RP-05
      check(info.highWatermark >= seen.maxHw, `${where}: high watermark went from ${seen.maxHw} to ${info.highWatermark}`);
      // RP-09, RP-11
      check(info.isr.length > 0, `${where}: empty ISR`);
      check(info.isr.every((r, i) => i === 0 || info.replicas.indexOf(info.isr[i - 1]!) < info.replicas.indexOf(r)), `${where}: ISR out of replica order`);
      const expectedEpoch = seen.epoch + (info.leader !== seen.leader ? 1 : 0);
      check(info.leaderEpoch === expectedEpoch, `${where}: epoch ${info.leaderEpoch}, expected ${expectedEpoch}`);
      if (info.leader !== null) {
        const leaderLog = logOf(info.leader);
        check(this.cluster.isUp(info.leader) && info.isr.includes(info.leader), `${where}: leader ${info.leader} is not a live ISR member`);
        check(info.isr.every((r) => this.cluster.isUp(r)), `${where}: a down ISR member while there is a leader`);
        check(info.highWatermark <= leaderLog.length, `${where}: high watermark above the leader's log end`);
        for (const r of info.replicas) {
          const log = logOf(r);
          // RP-10/RP-14: every replica's log is a prefix of the leader's, entry for entry.
          check(log.length <= leaderLog.length && log.every((e, i) => e === leaderLog[i]), `${where}: replica ${r} is not a prefix of leader ${info.leader}`);
          check(!info.isr.includes(r) || log.length >= info.highWatermark, `${where}: ISR member ${r} below the high watermark`);
        }
        // RP-14: what the high watermark passed stays, by identity; the writer's records are there.
        for (let i = 0; i < info.highWatermark; i++) {
          if (i < seen.passed.length) check(leaderLog[i] === seen.passed[i], `${where}: acknowledged entry ${i} replaced`);
          else seen.passed.push(leaderLog[i]!);
        }
        for (const [offset, value] of seen.written) check(leaderLog[offset]?.record === value, `${where}: acknowledged ${value} lost at ${offset}`);
      } else {
        check(info.isr.length === 1, `${where}: offline with ISR ${info.isr.join(',')}`);
        const last = logOf(info.isr[0]!);
        for (const [offset, value] of seen.written) check(last[offset]?.record === value, `${where}: acknowledged ${value} lost at ${offset} while offline`);
        check(seen.passed.every((e, i) => last[i] === e), `${where}: acknowledged entries lost while offline`);
      }
      seen.maxHw = info.highWatermark;
      seen.leader = info.leader;
      seen.epoch = info.leaderEpoch;
    }
  }

  /** RP-14 convergence: all brokers up, time passes, every replica in sync. */
  converge(): void {
    for (const n of [0, 1, 2]) this.cluster.restart(n);
    this.check();
    this.loop.advance(500);
    this.check();
    for (const p of PARTITIONS) {
      const info = this.cluster.partition('t', p)!;
      expect(info.leader).not.toBeNull();
      expect(info.isr).toEqual(info.replicas);
      const leaderLog = this.cluster.log('t', p, info.leader!)!;
      expect(info.highWatermark).toBe(leaderLog.length);
      for (const r of info.replicas) expect(this.cluster.log('t', p, r)).toEqual(leaderLog);
    }
    expect(this.answered).toBe(this.waiters);
  }
}

describe(`replication properties (seed ${FC_SEED})`, () => {
  it(`[RP-14][RP-05][RP-10][RP-09][RP-11][RP-06] acknowledged records survive crashes, restarts and moves; logs stay prefixes of the leader's (seed ${FC_SEED})`, () => {
    let leaderCrashes = 0;
    let truncations = 0;
    const numRuns = runs(1000);
    fc.assert(
      fc.property(historyArb, ({ fetchMaxRecords, ops }) => {
        const run = new Run(fetchMaxRecords);
        for (const op of ops) {
          run.apply(op);
          run.check();
        }
        run.converge();
        leaderCrashes += run.leaderCrashesAfterAck;
        truncations += run.truncations;
      }),
      { seed: FC_SEED, numRuns },
    );
    // Guard against a vacuous run: leaders holding acknowledged data crash, and logs get truncated.
    expect(leaderCrashes).toBeGreaterThan(numRuns / 4);
    expect(truncations).toBeGreaterThan(numRuns / 10);
  });
});
