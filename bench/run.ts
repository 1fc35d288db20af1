/**
 * `npm run bench`: runs every benchmark suite (each in its own Node process, with
 * `--expose-gc`), prints one table of the figures with their ratios against baselines measured
 * in the same run, and writes the figures as JSON with `--json file` (compare two such files,
 * from two commits, with `bench/compare.ts`). Never part of `npm test`.
 *
 * Exits non-zero when any suite's own check fails (it then reports nothing).
 *
 * Flags: `--json file`; `--only coordinator,cluster,assignors,server-assignors,wire`; `--sabotage` (the heartbeat
 * benches send heartbeats that must fail: expelled members, or a wrong generation over the wire); `--groups n` (the
 * heap-per-member size). `BENCH_RUNS` raises the number of timed runs (at least 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, describe, flag, headline, higherIsBetter } from './harness.js';
import type { Figure } from './harness.js';

const SUITES = ['coordinator', 'cluster', 'assignors', 'server-assignors', 'wire'] as const;

/** A ratio of two figures of the same run, with the target the project holds it to. */
interface RatioSpec {
  readonly label: string;
  readonly of: string;
  readonly to: string;
  /** How the ratio reads: `rate` = of/to rate, `time` = of/to time. */
  readonly kind: 'rate' | 'time';
  readonly target?: string;
}

const RATIOS: RatioSpec[] = [
  { label: 'heartbeats/s at 50k members vs at 100', of: 'heartbeat.50000', to: 'heartbeat.100', kind: 'rate', target: '>= 0.67' },
  { label: 'rebalance 10k vs 1k members (time)', of: 'rebalance.10000', to: 'rebalance.1000', kind: 'time', target: '<= 10.5' },
  { label: 'rebalance 100k vs 10k members (time)', of: 'rebalance.100000', to: 'rebalance.10000', kind: 'time', target: '<= 10.5' },
  { label: 'commits/s, 3-broker cluster vs lone coordinator', of: 'commits.cluster', to: 'commits.lone', kind: 'rate', target: '>= 0.7' },
  // The wire suite: kgspec serve vs librdkafka's mock cluster, both over loopback in the same run.
  { label: 'wire: heartbeats/s, 1 connection, kgspec vs mock', of: 'wire.heartbeat.1.kgspec', to: 'wire.heartbeat.1.mock', kind: 'rate' },
  { label: 'wire: heartbeats/s, 50 connections, kgspec vs mock', of: 'wire.heartbeat.50.kgspec', to: 'wire.heartbeat.50.mock', kind: 'rate' },
  { label: 'wire: spawn to READY, kgspec vs mock (time)', of: 'wire.ready.kgspec', to: 'wire.ready.mock', kind: 'time' },
  { label: 'wire: kafkajs group, 100k records, kgspec vs mock (time)', of: 'wire.kafkajs.kgspec', to: 'wire.kafkajs.mock', kind: 'time' },
  { label: 'wire: kafkajs group, first to last record, kgspec vs mock (time)', of: 'wire.kafkajs-consume.kgspec', to: 'wire.kafkajs-consume.mock', kind: 'time' },
];

/** Every assignor row against the kafkajs row of its shape (both encode their output). */
function assignorRatios(figures: Figure[]): RatioSpec[] {
  return figures
    .filter((f) => f.id.startsWith('assign.') && !f.id.startsWith('assign.kafkajs.'))
    .map((f) => {
      const shape = f.id.includes('.non-identical.') ? 'non-identical' : 'identical';
      return { label: `${f.label} vs kafkajs`, of: f.id, to: `assign.kafkajs.${shape}`, kind: 'time' as const };
    });
}

/** Every server-assignor row (and target-assignment row) against classic cooperative-sticky on the same group. */
function serverAssignorRatios(figures: Figure[]): RatioSpec[] {
  return figures
    .filter((f) => f.id.startsWith('sa.') && !f.id.startsWith('sa.cooperative-sticky.'))
    .map((f) => ({ label: `${f.label} vs cooperative-sticky`, of: f.id, to: `sa.cooperative-sticky.${f.id.split('.').slice(2).join('.')}`, kind: 'time' as const }));
}

function runSuite(suite: string, dir: string): Figure[] | null {
  const out = join(dir, `${suite}.json`);
  const passThrough = ['--sabotage', '--groups'].flatMap((name) => {
    if (!flag(name)) return [];
    const value = arg(name);
    return name === '--groups' && value !== undefined ? [name, value] : [name];
  });
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', new URL(`./${suite}.ts`, import.meta.url).pathname, '--json', out, ...passThrough],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) return null;
  return (JSON.parse(readFileSync(out, 'utf8')) as { figures: Figure[] }).figures;
}

/** The best run's headline: the highest rate, the smallest value or time. */
function bestOf(f: Figure): number {
  if (f.minValue !== undefined) return f.minValue;
  return higherIsBetter(f) ? f.work! / (f.minMs / 1000) : f.minMs;
}

function printTable(figures: Figure[], ratios: RatioSpec[]): void {
  const byId = new Map(figures.map((f) => [f.id, f]));
  console.log('figure'.padEnd(64) + 'median (min or best)');
  for (const f of figures) console.log(f.label.padEnd(64) + describe(f));
  console.log('');
  console.log('ratio (same run)'.padEnd(72) + 'median'.padStart(9) + 'best'.padStart(9) + '  target');
  for (const r of ratios) {
    const of = byId.get(r.of);
    const to = byId.get(r.to);
    if (of === undefined || to === undefined) continue;
    const median = headline(of) / headline(to);
    const best = bestOf(of) / bestOf(to);
    console.log(r.label.padEnd(72) + `${median.toFixed(2)}x`.padStart(9) + `${best.toFixed(2)}x`.padStart(9) + `  ${r.target ?? ''}`);
  }
}

function main(): void {
  const only = arg('--only')?.split(',') ?? [...SUITES];
  const dir = mkdtempSync(join(tmpdir(), 'kgspec-bench-'));
  const figures: Figure[] = [];
  const failed: string[] = [];
  for (const suite of SUITES.filter((s) => only.includes(s))) {
    const got = runSuite(suite, dir);
    if (got === null) failed.push(suite);
    else figures.push(...got);
  }
  console.log('');
  printTable(figures, [...RATIOS, ...assignorRatios(figures), ...serverAssignorRatios(figures)]);
  const out = arg('--json');
  if (out !== undefined) writeFileSync(out, JSON.stringify({ figures }, null, 2));
  if (failed.length > 0) {
    console.error(`bench: the check of ${failed.join(', ')} failed: those figures are not reported`);
    process.exit(1);
  }
}

main();
