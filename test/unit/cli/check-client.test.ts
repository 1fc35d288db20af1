/**
 * `kgspec check-client` and `kgspec serve --check-clients`: real kafkajs apps run against a
 * server whose taps feed the client-obligation monitor.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli.js';
import { runServe } from '../../../src/cli/serve.js';
import type { KafkaWireServer } from '../../../src/wire/server/server.js';

const GREEDY = 'test/fixtures/clients/greedy-consumer.js';

/** Runs `kgspec` in process; returns the exit code and what it printed. */
async function kgspec(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** Runs `file` with `node` and KAFKA_BOOTSTRAP, KGSPEC_MEMBER set; resolves with its exit code. */
function runApp(file: string, bootstrap: string, member: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: { ...process.env, KAFKA_BOOTSTRAP: bootstrap, KGSPEC_MEMBER: String(member), RUN_MS: '5000' }, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

describe('kgspec check-client', () => {
  it('[CO-26] refuses a missing command and bad numbers before starting anything; its help shows the command after --', async () => {
    expect((await kgspec(['check-client'])).err.join('\n')).toMatch(/the command to run goes after --/);
    expect((await kgspec(['check-client'])).code).toBe(2);
    expect((await kgspec(['check-client', '--members', '0', '--', 'node', 'x.js'])).err.join('\n')).toMatch(/--members must be an integer from 1 to 64/);
    expect((await kgspec(['check-client', '--config', 'num.partitions=0', '--', 'node', 'x.js'])).err.join('\n')).toMatch(/num.partitions/);
    const help = await kgspec(['check-client', '--help']);
    expect(help.out.join('\n')).toMatch(/Usage: kgspec check-client \[options\] -- <command\.\.\.>/);
    expect(help.out.join('\n')).toMatch(/KAFKA_BOOTSTRAP/);
  });

  it('[CO-26] the README example: one clean kafkajs member keeps every obligation and the check exits 0', async () => {
    process.env['RUN_MS'] = '2000';
    try {
      const { code, out } = await kgspec(['check-client', '--timeout-ms', '60000', '--', process.execPath, 'examples/my-consumer.js']);
      expect(out.join('\n')).toMatch(/member my-consumer-1-\S+ \(client my-consumer-1, group my-group\): left, generations \[1\]: every obligation held/);
      expect(out.join('\n').split('\n').at(-1)).toBe('members: 1, MUST violations: 0, SHOULD violations: 0');
      expect(code).toBe(0);
    } finally {
      delete process.env['RUN_MS'];
    }
  }, 60_000);

  // The two apps below wait out their 5 s runs, and each check has its own server (port 0), so
  // they run at the same time: the file takes one run's time instead of three.
  it.concurrent('[CO-26] two members of an app whose assigner gives every partition to everyone: CO-04 in the JSON and JUnit reports, exit 1', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'kgspec-check-client-'));
    const json = join(dir, 'report.json');
    const [run, junit] = await Promise.all([
      kgspec(['check-client', '--members', '2', '--format', 'json', '--output', json, '--', process.execPath, GREEDY]),
      kgspec(['check-client', '--members', '2', '--format', 'junit', '--', process.execPath, GREEDY]),
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { violations: { rule: string; severity: string; evidence: { api: string }[] }[]; runs: { code: number }[]; mustViolated: boolean };
    expect([...new Set(report.violations.map((v) => v.rule))]).toEqual(['CO-04']);
    expect(report.violations[0]!.evidence.map((e) => e.api)).toEqual(['JoinGroup', 'SyncGroup']);
    expect(report.runs.map((r) => r.code)).toEqual([0, 0]);
    expect(report.mustViolated).toBe(true);
    expect(junit.code).toBe(1);
    const xml = junit.out.join('\n');
    expect(xml).toMatch(/<testcase name="CO-04 No partition to two members" classname="greedy-\d-[^"]+"><failure message="the leader gave partitions to two members/);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
  }, 60_000);

  it.concurrent('[CO-26] kafkajs 2.2.4 members with different subscriptions: its round robin gives a member a topic it never subscribed to (CO-05) and leaves the other topic unassigned (CO-07)', async ({ expect }) => {
    const run = await kgspec(['check-client', '--members', '2', '--format', 'json', '--', process.execPath, 'test/fixtures/clients/mixed-subscriptions-consumer.js']);
    const report = JSON.parse(run.out.join('\n')) as { violations: { rule: string; severity: string; message: string }[] };
    expect(report.violations.map((v) => `${v.rule} ${v.severity}`)).toEqual(['CO-05 MUST', 'CO-07 SHOULD']);
    expect(report.violations[0]!.message).toMatch(/mix-[ab]-\d to mixed-\d-\S+, which subscribed to mix-[ab]/);
    expect(run.code).toBe(1);
  }, 60_000);
});

describe('kgspec serve --check-clients', () => {
  it('[CO-25] prints each violation as it is found and a summary per member on exit', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let server!: KafkaWireServer;
    const ready = new Promise<void>((r) =>
      runServe(['--port', '0', '--check-clients', '--config', 'group.initial.rebalance.delay.ms=0'], { out: (l) => out.push(l), err: () => {} }, stopped, (s) => {
        server = s;
        r();
      }).then((code) => out.push(`exit ${code}`)),
    );
    await ready;
    await Promise.all([runApp(GREEDY, server.bootstrap, 1), runApp(GREEDY, server.bootstrap, 2)]);
    const beforeExit = out.length;
    expect(out.slice(3).some((l) => /^MUST CO-04 No partition to two members: member greedy-/.test(l))).toBe(true);
    stop();
    await new Promise((r) => setTimeout(r, 200));
    const summary = out.slice(beforeExit);
    expect(summary.filter((l) => /^member greedy-\d-\S+ \(client greedy-\d, group greedy-group\): left/.test(l))).toHaveLength(2);
    expect(summary).toContain('MUST violations: 1');
    expect(summary.at(-1)).toBe('exit 0');
  }, 60_000);
});
