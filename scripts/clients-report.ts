/**
 * Writes the measured part of docs/conformance/clients.md from one or more runs of
 * test/clients/measured.wire.test.ts (each a directory of `<client>.json` measurements):
 *
 * ```sh
 * KGSPEC_MEASURE_CLIENTS=all npx vitest run test/clients/measured.wire.test.ts   # x N, copying test-output/clients-measured each time
 * npx tsx scripts/clients-report.ts run1 run2 run3
 * ```
 *
 * It replaces what lies between the `<!-- measured:start -->` and `<!-- measured:end -->`
 * markers; the analysis around them is written by hand. A verdict or violation is shown with
 * the number of runs it appeared in, so that what reproduces can be told from what is timing.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OBLIGATIONS, type ObligationId } from '../src/conformance/client-obligations/index.js';
import type { ClientMeasurement, MeasuredViolation, PhaseName } from '../test/clients/measure-harness.js';

const DOC = 'docs/conformance/clients.md';
const CLIENTS = ['kafkajs', 'kcat', 'confluent', 'kafka-python', 'platformatic', 'node-rdkafka'];

/** Every measurement of every run, by file name without `.json`. */
function load(dirs: readonly string[]): Map<string, ClientMeasurement[]> {
  const byName = new Map<string, ClientMeasurement[]>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const name = file.slice(0, -'.json'.length);
      byName.set(name, [...(byName.get(name) ?? []), JSON.parse(readFileSync(join(dir, file), 'utf8')) as ClientMeasurement]);
    }
  }
  return byName;
}

/** `broken 3/3`, or `held 2/3, broken 1/3` when runs disagree. */
function verdicts(runs: readonly ClientMeasurement[], rule: ObligationId): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.obligations[rule], (counts.get(r.obligations[rule]) ?? 0) + 1);
  // Bold what needs a reader's attention: a break, or a check the monitor could not make.
  return [...counts].map(([v, n]) => `${v === 'held' || v === 'not exercised' ? v : `**${v}**`} ${n}/${runs.length}`).join(', ');
}

/** The obligation table: one row per rule, one column per client. */
function obligationTable(all: Map<string, ClientMeasurement[]>, names: readonly string[]): string[] {
  const present = names.filter((n) => all.has(n));
  const rows = (Object.keys(OBLIGATIONS) as ObligationId[]).map((r) => `| ${r} ${OBLIGATIONS[r].title} (${OBLIGATIONS[r].severity}) | ${present.map((n) => verdicts(all.get(n)!, r)).join(' | ')} |`);
  return [`| obligation | ${present.join(' | ')} |`, `| --- | ${present.map(() => '---').join(' | ')} |`, ...rows];
}

/** Per client and phase: how each run ended and what it read. */
function phaseTable(runs: readonly ClientMeasurement[]): string[] {
  const phases = [...new Set(runs.flatMap((r) => r.phases.map((p) => p.phase)))] as PhaseName[];
  const rows = phases.map((phase) => {
    const cells = runs.map((r) => {
      const p = r.phases.find((x) => x.phase === phase);
      if (p === undefined) return 'not run';
      const rules = [...new Set(p.violations.map((v) => `${v.rule}`))].join(',');
      return `${p.outcome === 'ok' ? 'ok' : `**${p.outcome}**`} ${p.seconds.toFixed(1)} s, read ${p.records.read}/${p.records.produced}${p.records.repeats > 0 ? ` (+${p.records.repeats} repeats)` : ''}${rules === '' ? '' : `; ${rules}`}`;
    });
    return `| ${phase} | ${cells.join(' | ')} |`;
  });
  return [`| phase | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} |`, `| --- | ${runs.map(() => '---').join(' | ')} |`, ...rows];
}

/** One violation per distinct rule and phase, from the first run that had it, with how many runs had it. */
function evidence(runs: readonly ClientMeasurement[]): string[] {
  const seen = new Map<string, { v: MeasuredViolation; runs: Set<number> }>();
  runs.forEach((r, i) => {
    for (const p of r.phases) {
      for (const v of p.violations) {
        const key = `${p.phase} ${v.rule}`;
        const entry = seen.get(key) ?? { v, runs: new Set<number>() };
        entry.runs.add(i);
        seen.set(key, entry);
      }
    }
  });
  if (seen.size === 0) return ['No violation in any run.'];
  return [...seen].flatMap(([key, { v, runs: inRuns }]) => [`- ${key}, in ${inRuns.size}/${runs.length} runs:`, '', '  ```', ...v.lines.map((l) => `  ${l}`), '  ```', '']);
}

/** The traffic summary of the first run: assignor, error answers. */
function trafficLine(m: ClientMeasurement): string {
  const errors = Object.entries(m.traffic.errors).map(([k, n]) => `${k} x${n}`).join(', ');
  return `Assignor chosen: ${m.traffic.protocols.join(', ') || 'none'}; highest generation ${m.traffic.generation}; error answers (run 1): ${errors || 'none'}.`;
}

function section(all: Map<string, ClientMeasurement[]>, name: string, title: string): string[] {
  const runs = all.get(name);
  if (runs === undefined) return [`### ${title}`, '', 'Not measured (client not installed).', ''];
  return [`### ${title}`, '', trafficLine(runs[0]!), '', ...phaseTable(runs), '', 'Evidence:', '', ...evidence(runs), ''];
}

function main(dirs: readonly string[]): void {
  if (dirs.length === 0) throw new Error('usage: tsx scripts/clients-report.ts <run-dir>...');
  const all = load(dirs);
  const lines = [
    `Measured over ${dirs.length} run(s) of \`KGSPEC_MEASURE_CLIENTS=all npx vitest run test/clients/measured.wire.test.ts\`; each cell counts the runs.`,
    '',
    '#### The shared script',
    '',
    ...obligationTable(all, CLIENTS),
    '',
    '#### Different subscriptions',
    '',
    ...obligationTable(all, CLIENTS.map((c) => `${c}-mixed`)),
    '',
    ...CLIENTS.flatMap((c) => [...section(all, c, `${c}: the shared script`), ...section(all, `${c}-mixed`, `${c}: different subscriptions`)]),
  ];
  const doc = readFileSync(DOC, 'utf8');
  const [head, rest] = doc.split('<!-- measured:start -->');
  const tail = rest!.split('<!-- measured:end -->')[1]!;
  writeFileSync(DOC, `${head}<!-- measured:start -->\n${lines.join('\n')}\n<!-- measured:end -->${tail}`);
}

main(process.argv.slice(2));
