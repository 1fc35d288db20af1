/**
 * `tsx scripts/peer-report.ts`: runs the conformance suite over the wire against a peer broker
 * and writes a Markdown report a broker author can act on (docs/conformance/*.md).
 *
 * Usage: `tsx scripts/peer-report.ts --name NAME --out FILE (--bootstrap host:port[,...] |
 * --mock PATH) [--config key=value]... [--notes KEY] [--only 'CG-*,CGO-*']`
 *
 * `--only` runs the scenarios citing a rule that matches one of the patterns (as
 * `kgspec conformance --only`), e.g. the consumer-group (KIP-848) scenarios alone.
 * `--paired-subscriptions` sends every ConsumerGroupHeartbeat subscription as librdkafka's client
 * does, a regex `""` beside topic names and an empty name list beside a regex (its mock asserts
 * that both or neither are null), to look past that crash.
 *
 * @remarks
 * `--mock PATH` starts a librdkafka mock cluster built from tools/mock-cluster (3 brokers) and
 * stops it afterwards. The report lists every rule the suite's scenarios cite with how they fared,
 * each failure with its step, what was expected and what came back, the explanation written for
 * it in `peer-notes.ts` (what the peer does, what Kafka does), and the skips by reason.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { allScenarios as everyScenario } from '../spec/scenarios/index.js';
import { selectScenarios } from '../src/conformance/select.js';
import { runScenarios, type ScenarioResult } from '../src/conformance/runner.js';
import { WireTarget, type WireTargetOptions } from '../src/conformance/wire-target.js';
import type { BrokerConfigs, TopicSpec } from '../src/conformance/scenario.js';
import type { Target } from '../src/conformance/target.js';
import type { GroupRequest } from '../src/protocol/messages/index.js';
import { PEER_NOTES, type PeerNote } from './peer-notes.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    out: { type: 'string' },
    bootstrap: { type: 'string' },
    mock: { type: 'string' },
    config: { type: 'string', multiple: true },
    notes: { type: 'string' },
    parallel: { type: 'string' },
    'max-version': { type: 'string', multiple: true },
    results: { type: 'string' },
    about: { type: 'string' },
    from: { type: 'string' },
    only: { type: 'string', multiple: true },
    'paired-subscriptions': { type: 'boolean' },
  },
});

/**
 * A ConsumerGroupHeartbeat with its subscription as librdkafka's client sends it: both fields
 * or neither (`--paired-subscriptions`). Kafka reads `""` as no regex and `[]` as no names.
 */
function paired(request: GroupRequest): GroupRequest {
  if (request.api !== 'ConsumerGroupHeartbeat' || (request.subscribedTopicNames === null) === (request.subscribedTopicRegex === null)) return request;
  return { ...request, subscribedTopicNames: request.subscribedTopicNames ?? [], subscribedTopicRegex: request.subscribedTopicRegex ?? '' };
}

/** The wire target, with its sessions' requests rewritten by {@link paired} when asked. */
function wireTarget(options: WireTargetOptions): Target {
  const target = new WireTarget(options);
  if (values['paired-subscriptions'] !== true) return target;
  return Object.assign(Object.create(target) as WireTarget, {
    async start(configs: BrokerConfigs, topics: readonly TopicSpec[]) {
      const session = await target.start(configs, topics);
      if ('skip' in session) return session;
      const send = session.send.bind(session);
      return Object.assign(session, { send: (label: string, r: GroupRequest) => send(label, paired(r)) });
    },
  });
}

/** The scenarios of this report: the whole suite, or those `--only` selects. */
const allScenarios = selectScenarios(everyScenario, values.only ?? []);

function need(v: string | undefined, flag: string): string {
  if (v === undefined) throw new Error(`${flag} is required`);
  return v;
}

/** A running mock cluster: its bootstrap list, its process, and how it ended (a signal when it crashed). */
interface Mock {
  readonly bootstrap: string;
  readonly child: ChildProcess;
  exit?: string;
}

/** Starts the mock cluster binary and resolves with its bootstrap list. */
function startMock(path: string): Promise<Mock> {
  const child = spawn(path, ['3', '600'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (mock !== undefined) mock.exit = signal ?? `exit code ${code}`;
    });
    let mock: Mock | undefined;
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^BOOTSTRAP (\S+)/.exec(line);
      if (m) resolve((mock = { bootstrap: m[1]!, child }));
    });
  });
}

/** `--max-version JoinGroup=5`: the newest version to negotiate per API. */
const maxVersions = configs(values['max-version'] ?? []);

function configs(list: readonly string[]): Record<string, number> {
  return Object.fromEntries(list.map((kv) => {
    const [k, v] = kv.split('=');
    return [k!, Number(v)];
  }));
}

function noteFor(r: ScenarioResult, notes: readonly PeerNote[]): PeerNote | undefined {
  const text = r.status === 'failed' ? `${r.name}\n${r.step}\n${r.expected}\n${r.actual}` : r.name;
  return notes.find((n) => n.match.test(text));
}

function ruleTable(results: readonly ScenarioResult[]): string[] {
  const byRule = new Map<string, { passed: number; failed: number; skipped: number }>();
  for (const r of results) {
    // A failed check of a shared setup counts against the rules it names, not the scenario's.
    const ids = r.status === 'failed' && r.stepRules !== undefined ? r.stepRules : r.rules;
    for (const id of ids) {
      const c = byRule.get(id) ?? { passed: 0, failed: 0, skipped: 0 };
      c[r.status]++;
      byRule.set(id, c);
    }
  }
  const ids = [...byRule.keys()].sort();
  const held = ids.filter((id) => byRule.get(id)!.failed === 0 && byRule.get(id)!.passed > 0);
  const broken = ids.filter((id) => byRule.get(id)!.failed > 0);
  const unrun = ids.filter((id) => byRule.get(id)!.failed === 0 && byRule.get(id)!.passed === 0);
  return [
    `Rules cited by the suite: ${ids.length}. Held in every scenario that ran (${held.length}); broken in at least one (${broken.length}); no scenario ran (${unrun.length}).`,
    '',
    `- Broken: ${broken.join(', ') || 'none'}`,
    `- Not run: ${unrun.join(', ') || 'none'}`,
    `- Held: ${held.join(', ') || 'none'}`,
  ];
}

/** How many failures each explanation covers, most first, with the rule and the note's first sentence. */
function causes(results: readonly ScenarioResult[], notes: readonly PeerNote[]): string[] {
  const counts = new Map<PeerNote | undefined, number>();
  for (const r of results) if (r.status === 'failed') counts.set(noteFor(r, notes), (counts.get(noteFor(r, notes)) ?? 0) + 1);
  const rows = [...counts].sort((a, b) => b[1] - a[1]);
  return [
    '| failures | rule | what the peer does (the first divergence each failed scenario met) |',
    '| ---: | --- | --- |',
    ...rows.map(([n, c]) => `| ${c} | ${n?.rule ?? '?'} | ${n === undefined ? 'not explained yet' : n.text.split(/(?<=\.) /)[0]} |`),
  ];
}

function failureSection(results: readonly ScenarioResult[], notes: readonly PeerNote[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.status !== 'failed') continue;
    const note = noteFor(r, notes);
    const setup = r.stepRules === undefined ? '' : ` The failed check is a shared setup's, demonstrating ${r.stepRules.join(', ')}.`;
    out.push(`### ${r.name}`, '', `Rules: ${r.rules.join(', ') || 'none (a setup check)'}. Failed at step ${r.stepIndex} (\`${r.step}\`).${setup}`, '');
    out.push(`- expected: \`${r.expected.slice(0, 400)}\``, `- actual: \`${r.actual.slice(0, 400)}\``, '');
    out.push(note === undefined ? '_No explanation written yet._' : `**${note.rule}.** ${note.text}`, '');
  }
  return out;
}

function skipSection(results: readonly ScenarioResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const r of results) if (r.status === 'skipped') byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.name]);
  const out: string[] = [];
  for (const [reason, names] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
    out.push(`- ${names.length} × ${reason}`);
    for (const n of names.slice(0, 3)) out.push(`  - ${n}`);
    if (names.length > 3) out.push(`  - ... and ${names.length - 3} more`);
  }
  return out;
}

/**
 * Runs the suite against fresh mock clusters, one per batch of `parallel` scenarios, so that a
 * scenario that crashes the mock (it aborts on some inputs) costs only its batch; the failures of
 * a batch whose mock crashed say so.
 */
async function runOnMocks(path: string, name: string, declared: Record<string, number>, parallel: number): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (let i = 0; i < allScenarios.length; i += parallel) {
    const mock = await startMock(path);
    const batch = allScenarios.slice(i, i + parallel);
    const target = wireTarget({ bootstrap: mock.bootstrap.split(','), configs: declared, name, maxVersions });
    const got = await runScenarios(batch, target, { parallel, timeLimitMs: 120_000, runId: `kgs-${i}` });
    const crashed = mock.exit;
    mock.child.kill('SIGKILL');
    results.push(...got.map((r) => (r.status === 'failed' && crashed !== undefined ? { ...r, actual: `${r.actual} [the mock process died (${crashed}) during this batch of ${batch.length} scenarios]` } : r)));
    process.stderr.write(`[${results.length}/${allScenarios.length}]${crashed ? ` mock died: ${crashed}` : ''}\n`);
  }
  return results;
}

async function main(): Promise<void> {
  const name = need(values.name, '--name');
  const out = need(values.out, '--out');
  const declared = configs(values.config ?? []);
  const parallel = Number(values.parallel ?? 16);
  const started = Date.now();
  {
    let results: ScenarioResult[];
    let seconds: number | undefined;
    // --from: rewrite the report from a saved run (after editing the explanations), without running.
    if (values.from !== undefined) ({ results, seconds } = JSON.parse(readFileSync(values.from, 'utf8')) as { results: ScenarioResult[]; seconds: number });
    else if (values.mock !== undefined) results = await runOnMocks(values.mock, name, declared, parallel);
    else {
      const target = wireTarget({ bootstrap: need(values.bootstrap, '--bootstrap or --mock').split(','), configs: declared, name });
      results = await runScenarios(allScenarios, target, { parallel, timeLimitMs: 120_000 });
    }
    const count = (s: ScenarioResult['status']): number => results.filter((r) => r.status === s).length;
    const notes = PEER_NOTES[values.notes ?? ''] ?? [];
    const lines = [
      `# Conformance report: ${name}`,
      '',
      `Generated by \`tsx scripts/peer-report.ts\` (kafka-group-spec's ${values.only === undefined ? 'whole suite' : `scenarios citing ${values.only.join(', ')}`} over the wire, ${allScenarios.length} scenarios,`,
      `${parallel} at a time${values.mock !== undefined ? ', each batch on a freshly started mock cluster of 3 brokers' : ''}${Object.keys(maxVersions).length > 0 ? `, versions capped at ${JSON.stringify(maxVersions)}` : ''}) on ${new Date(started).toISOString().slice(0, 10)}; declared configs: ${Object.keys(declared).length === 0 ? "Kafka's defaults" : JSON.stringify(declared)}.`,
      `It took ${(seconds ??= Math.round((Date.now() - started) / 1000))} s.`,
      '',
      `**${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped.**`,
      '',
      ...(notes.length > 0 && PEER_NOTES[`${values.notes}:summary`] ? [PEER_NOTES[`${values.notes}:summary`]![0]!.text, ''] : []),
      ...(values.about !== undefined ? [values.about, ''] : []),
      '## Divergences by cause',
      '',
      ...causes(results, notes),
      '',
      'A scenario stops at its first failed check, so each failure is counted once, under the first divergence it met.',
      '',
      '## Rules',
      '',
      ...ruleTable(results),
      '',
      '## Failures',
      '',
      ...failureSection(results, notes),
      '## Skipped',
      '',
      ...skipSection(results),
      '',
    ];
    writeFileSync(out, lines.join('\n'));
    if (values.results !== undefined) writeFileSync(values.results, JSON.stringify({ name, seconds, results }, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)));
    console.log(`${name}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped -> ${out}`);
  }
}

await main();
