/**
 * Issue 14 part 5: the six real clients of the wire tests run the same script under the
 * client-obligation monitor (measure-harness.ts), and each run's measurement is written to
 * `test-output/clients-measured/<client>.json`, from which `scripts/clients-report.ts` writes
 * docs/conformance/clients.md.
 *
 * @remarks
 * Time: each client's script takes about 10 s when it goes through (most of it the killed
 * member's 3 s session), its different-subscriptions case 2 to 9 s. `npm test` runs kafkajs and
 * @platformatic/kafka, the two with a MUST finding (about 40 s; platformatic's crash phase waits
 * out an 8 s timeout); `npm run test:soak` runs all six (`KGSPEC_MEASURE_CLIENTS=all`, or a
 * comma-separated list of names).
 * A client that is absent is skipped with an install hint. What is asserted is what reproduced
 * in every run (docs/conformance/clients.md): the clean batch read exactly once, the MUST rules
 * broken while the group is clean (none, except platformatic's CO-21), where the script stops,
 * and the assignors' behaviour across subscriptions.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ObligationId } from '../../src/conformance/client-obligations/index.js';
import { measureClient, measureMixed, PHASES, type ClientMeasurement, type MeasureOptions } from './measure-harness.js';
import { runs, type MemberCommand } from './group-harness.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const PYTHON = '/usr/bin/python3';
const RDKAFKA = join(process.env['KGSPEC_CLIENTS_DIR'] ?? '/opt/kgspec-clients', 'node_modules', 'node-rdkafka');
const LIBRDKAFKA_TIMERS = ['-X', 'session.timeout.ms=3000', '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100', '-X', 'topic.metadata.refresh.interval.ms=1000'];

function resolves(module: string): boolean {
  try {
    createRequire(import.meta.url).resolve(module);
    return true;
  } catch {
    return false;
  }
}

/** One client: how to start a member, whether it is installed, and what reproduced in every run. */
interface Client {
  readonly name: string;
  readonly member: MemberCommand;
  readonly installed: () => boolean;
  readonly hint: string;
  readonly options?: Partial<MeasureOptions>;
  /**
   * Run without KGSPEC_MEASURE_CLIENTS: the two clients with a MUST finding to keep checking
   * (npm test's time budget); `npm run test:soak` measures all six.
   */
  readonly byDefault?: boolean;
  /** The MUST rules broken while the group is clean (none by default). */
  readonly cleanMusts?: readonly ObligationId[];
  /** The phase that times out in every run, if any; the script stops there. */
  readonly stopsAt?: (typeof PHASES)[number];
}

const CLIENTS: readonly Client[] = [
  { name: 'kafkajs', member: (b, g, t, n) => ({ command: process.execPath, args: [here('./members/kafkajs-member.mjs'), b, g, t, n] }), installed: () => resolves('kafkajs'), hint: 'npm ci', byDefault: true },
  {
    name: 'kcat',
    member: (b, g, t, n) => ({ command: 'kcat', args: ['-b', b, '-G', g, t, '-u', '-f', 'CONSUMED %p %o %s\\n', '-X', `client.id=${n}`, '-X', 'auto.offset.reset=earliest', ...LIBRDKAFKA_TIMERS] }),
    installed: () => runs('kcat', ['-V']),
    hint: 'apt-get install -y kcat',
  },
  ...(['confluent', 'kafka-python'] as const).map((flavour) => ({
    name: flavour,
    member: ((b, g, t, n) => ({ command: PYTHON, args: [here('./members/python-member.py'), flavour, b, g, t, n], env: { PYTHONUNBUFFERED: '1' } })) as MemberCommand,
    installed: () => runs(PYTHON, ['-c', `import ${flavour === 'confluent' ? 'confluent_kafka' : 'kafka'}`]),
    hint: `apt-get install -y ${flavour === 'confluent' ? 'python3-confluent-kafka' : 'python3-kafka'}`,
    options: { phaseTimeoutMs: 30_000 },
  })),
  {
    name: 'platformatic',
    member: (b, g, t, n) => ({ command: process.execPath, args: [here('./members/platformatic-member.mjs'), b, g, t, n] }),
    installed: () => resolves('@platformatic/kafka'),
    hint: 'npm install --save-exact --save-dev @platformatic/kafka@1.35.0',
    // Its stream stops after the coordinator's broker crashes: a short timeout keeps that phase cheap.
    options: { settleMs: 1500, phaseTimeoutMs: 8000 },
    byDefault: true,
    cleanMusts: ['CO-21'],
    stopsAt: 'coordinator-crash',
  },
  {
    name: 'node-rdkafka',
    member: (b, g, t, n) => ({ command: process.execPath, args: [here('./members/node-rdkafka-member.cjs'), b, g, t, n], env: { NODE_RDKAFKA: RDKAFKA } }),
    installed: () => existsSync(join(RDKAFKA, 'build', 'Release', 'node-librdkafka.node')),
    hint: 'build node-rdkafka@3.6.1 in /opt/kgspec-clients (test/clients/node-rdkafka.wire.test.ts)',
    options: { phaseTimeoutMs: 30_000 },
  },
];

const wanted = process.env['KGSPEC_MEASURE_CLIENTS']?.split(',');

/** Whether to measure `c` in this run. */
function selected(c: Client): boolean {
  return wanted === undefined ? c.byDefault === true : wanted.includes('all') || wanted.includes(c.name);
}
const OUT = 'test-output/clients-measured';

/** Writes one measurement as JSON for scripts/clients-report.ts. */
function save(name: string, m: ClientMeasurement): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(m, null, 2) + '\n');
}

/** The MUST rules broken in a phase. */
function musts(m: ClientMeasurement, phase: string): string[] {
  return [...new Set(m.phases.filter((p) => p.phase === phase).flatMap((p) => p.violations.filter((v) => v.severity === 'MUST').map((v) => v.rule)))];
}

describe('real clients measured against the client obligations', () => {
  for (const c of CLIENTS) {
    const installed = selected(c) && c.installed();
    if (selected(c) && !installed) console.warn(`${c.name} is not installed, skipping its measurement: ${c.hint}`);
    if (!selected(c)) console.warn(`${c.name}'s measurement (about 10 s, the same librdkafka as kcat) runs with KGSPEC_MEASURE_CLIENTS=all or =${c.name}`);
    const clean = (c.cleanMusts ?? []).length === 0 ? 'no MUST broken while the group is clean' : `${c.cleanMusts!.join(', ')} broken while the group is clean`;
    it.skipIf(!installed)(`[CO-24] [CO-25] ${c.name}: clean group, join, leave, kill, expel, coordinator crash, added partitions; ${clean}`, async () => {
      const m = await measureClient({ client: c.name, member: c.member, ...c.options });
      save(c.name, m);
      const phases = JSON.stringify(m.phases, null, 1);
      expect(m.phases[0]!.outcome, phases).toBe('ok');
      expect(m.phases[0]!.records, phases).toEqual({ produced: 24, read: 24, repeats: 0 });
      expect(musts(m, 'clean'), phases).toEqual(c.cleanMusts ?? []);
      // Every phase read its records, up to the one this client is known to stop at.
      const last = c.stopsAt === undefined ? PHASES.length : PHASES.indexOf(c.stopsAt);
      expect(m.phases.map((p) => `${p.phase} ${p.outcome === 'ok' ? 'ok' : 'failed'}`), phases).toEqual(PHASES.slice(0, last + 1).map((p, i) => `${p} ${i < last ? 'ok' : 'failed'}`));
    }, 150_000);
  }

  it.skipIf(!resolves('kafkajs'))('[CO-05] [CO-07] kafkajs 2.2.4: two members on different topics; its round robin deals each member the other topic too', async () => {
    const m = await measureMixed({ client: 'kafkajs', member: CLIENTS[0]!.member });
    save('kafkajs-mixed', m);
    const rules = m.phases[0]!.violations.map((v) => `${v.rule} ${v.severity}`);
    expect(rules).toEqual(['CO-05 MUST', 'CO-07 SHOULD']);
    expect(m.phases[0]!.violations.find((v) => v.rule === 'CO-05')!.message).toMatch(/kafkajs-mix-[ab]-\d to m[12]-\S+, which subscribed to kafkajs-mix-[ab]/);
  }, 60_000);

  for (const c of CLIENTS.slice(1)) {
    const installed = selected(c) && c.installed();
    const title = c.name === 'platformatic' ? 'its subscriptions do not decode (CO-21), so CO-05 cannot be judged' : 'each gets only its own topic';
    it.skipIf(!installed)(`[CO-05] [CO-21] ${c.name}: two members on different topics; ${title}`, async () => {
      const m = await measureMixed({ client: c.name, member: c.member, ...c.options });
      save(`${c.name}-mixed`, m);
      expect(m.phases[0]!.violations.filter((v) => v.rule === 'CO-05').map((v) => v.lines[0])).toEqual([]);
      expect(m.obligations['CO-05']).toBe(c.name === 'platformatic' ? 'not judged' : 'held');
    }, 60_000);
  }
});
