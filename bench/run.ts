/**
 * Benchmarks of the in-process coordinator (never part of `npm test`). Prints a table of
 * figures measured in this run; ratios compare against the first row of each table.
 *
 * - heartbeats handled per second by a Stable group of 100 members;
 * - a full rebalance of N members: all join (two-step), the join phase completes, the leader
 *   syncs, every follower syncs; wall time and peak heap.
 */
import { performance } from 'node:perf_hooks';
import { GroupCoordinatorRuntime } from '../src/broker/group-coordinator.js';
import { heartbeat, joinGroup, syncGroup } from '../src/conformance/scenario.js';
import type { JoinGroupResponse } from '../src/protocol/messages/index.js';

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function rebalance(n: number): { ms: number; peakHeapMb: number } {
  global.gc?.();
  // Every member joins at time 0; the initial delay (3000 ms) is extended once (KIP-134), so
  // the join phase ends at 6000 ms.
  const rt = new GroupCoordinatorRuntime();
  let peak = heapMb();
  const t0 = performance.now();
  const ids: string[] = [];
  const joins: string[] = [];
  for (let i = 0; i < n; i++) {
    const first = rt.submit(joinGroup({ clientId: `c${i}`, rebalanceTimeoutMs: 60_000 }));
    const memberId = (rt.response(first) as JoinGroupResponse).memberId;
    ids.push(memberId);
    joins.push(rt.submit(joinGroup({ clientId: `c${i}`, memberId, rebalanceTimeoutMs: 60_000 })));
    if (i % 1000 === 0) peak = Math.max(peak, heapMb());
  }
  rt.advance(6000);
  const leaderJoin = rt.response(joins[0]!) as JoinGroupResponse;
  if (leaderJoin?.errorCode !== 0) throw new Error(`join phase did not complete: ${JSON.stringify(leaderJoin)}`);
  const gen = leaderJoin.generationId;
  const assignments = ids.map((memberId) => ({ memberId, assignment: new Uint8Array(8) }));
  rt.submit(syncGroup({ memberId: ids[0]!, generationId: gen, assignments }));
  for (const id of ids.slice(1)) rt.submit(syncGroup({ memberId: id, generationId: gen }));
  peak = Math.max(peak, heapMb());
  const ms = performance.now() - t0;
  if (rt.state.groups.get('g')?.state !== 'Stable') throw new Error('group is not Stable');
  return { ms, peakHeapMb: peak };
}

function heartbeatsPerSecond(members: number, count: number): number {
  const rt = new GroupCoordinatorRuntime();
  const ids: string[] = [];
  for (let i = 0; i < members; i++) {
    const r = rt.response(rt.submit(joinGroup({ clientId: `c${i}`, rebalanceTimeoutMs: 1000 }))) as JoinGroupResponse;
    ids.push(r.memberId);
    rt.submit(joinGroup({ clientId: `c${i}`, memberId: r.memberId, rebalanceTimeoutMs: 1000 }));
  }
  rt.advance(6000);
  rt.submit(syncGroup({ memberId: ids[0]!, generationId: 1, assignments: [] }));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) rt.submit(heartbeat({ memberId: ids[i % members]!, generationId: 1 }));
  return count / ((performance.now() - t0) / 1000);
}

const hb = heartbeatsPerSecond(100, 200_000);
console.log(`heartbeats/s (100-member Stable group, 200000 heartbeats): ${Math.round(hb)}`);
const rows: [number, { ms: number; peakHeapMb: number }][] = [];
for (const n of [1000, 10_000]) rows.push([n, rebalance(n)]);
const base = rows[0]![1].ms;
console.log('full rebalance (join x2, join phase, leader sync, follower syncs):');
for (const [n, r] of rows) {
  console.log(`  ${String(n).padStart(6)} members: ${r.ms.toFixed(0).padStart(7)} ms  peak heap ${r.peakHeapMb.toFixed(0)} MB  (${(r.ms / base).toFixed(1)}x the 1000-member time)`);
}
