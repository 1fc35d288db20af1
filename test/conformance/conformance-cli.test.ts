/**
 * `kgspec conformance`'s arguments (checked before any scenario runs) and its progress display
 * (a bar on a terminal, plain lines otherwise).
 */
import { Writable } from 'node:stream';
import { heartbeatNeverRebalancing } from '../helpers/broken-target.js';
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { runCli } from '../../src/cli/cli.js';
import type { CliIo } from '../../src/cli/command.js';
import { conformanceTarget, parseConformanceArgs, runConformanceCommand } from '../../src/cli/conformance.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import type { Target } from '../../src/conformance/target.js';
import { WireTarget } from '../../src/conformance/wire-target.js';
import { configFromKafkaProperties, DEFAULT_CONFIG } from '../../src/protocol/config.js';
import { runOptionsFor } from '../../src/conformance/run-conformance.js';

async function cli(argv: string[], terminal?: NodeJS.WritableStream): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s), ...(terminal ? { terminal } : {}) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 120 });
  return { stream, text: () => chunks.join('') };
}

describe('kgspec conformance arguments', () => {
  it('[TRC-05] --bootstrap takes host:port lists; a bad entry is a usage error naming the flag, before anything runs', async () => {
    for (const bad of ['localhost', 'localhost:0', 'localhost:65536', ':9092', 'a b:1', 'host:port']) {
      const r = await cli(['conformance', '--bootstrap', `ok:1,${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toContain(`kgspec conformance: --bootstrap takes host:port (port 1-65535), got '${bad}'`);
      expect(r.err, bad).not.toMatch(/\[\d+\/\d+\]/);
    }
    expect((await cli(['conformance', '--bootstrap', ','])).err).toContain('--bootstrap takes host:port, got nothing');
    expect(parseConformanceArgs(['--bootstrap', 'kafka-1:9092,127.0.0.1:9093', '--bootstrap', '[::1]:9094'])).toMatchObject({
      target: 'wire',
      bootstrap: ['kafka-1:9092', '127.0.0.1:9093', '[::1]:9094'],
    });
    const both = await cli(['conformance', '--bootstrap', 'h:1', '--target', 'cluster']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--target picks a built-in broker; --bootstrap tests another');
  });

  it('[TRC-05] with --bootstrap, --config declares the broker\'s configs to a wire target', () => {
    const opts = parseConformanceArgs(['--bootstrap', 'h:9092']);
    const target = conformanceTarget(configFromKafkaProperties({ 'group.initial.rebalance.delay.ms': '0' }), opts);
    expect(target).toBeInstanceOf(WireTarget);
    expect((target as WireTarget).options.bootstrap).toEqual(['h:9092']);
    expect(target.fixedConfigs?.['group.initial.rebalance.delay.ms']).toBe(0);
    expect(target.fixedConfigs?.['group.min.session.timeout.ms']).toBe(6000);
    expect(conformanceTarget(DEFAULT_CONFIG, parseConformanceArgs([])).fixedConfigs).toBeUndefined();
  });

  it('[TRC-05] --parallel takes 1 to 256; --only refuses patterns no rule ID can match', async () => {
    for (const bad of ['0', '257', 'x', '1.5', '-1']) {
      const r = await cli(['conformance', `--parallel=${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toContain(`--parallel takes a whole number from 1 to 256, got '${bad}'`);
    }
    expect(parseConformanceArgs(['--parallel', '16']).parallel).toBe(16);
    // Defaults: one at a time in process (CPU-bound, instant), 16 over the wire (mostly waiting on timers).
    expect(runOptionsFor(new ClusterTarget(), {}).parallel).toBe(1);
    expect(runOptionsFor(new WireTarget({ bootstrap: ['h:1'] }), {}).parallel).toBe(16);
    expect(runOptionsFor(new WireTarget({ bootstrap: ['h:1'] }), { parallel: 2 }).parallel).toBe(2);
    const space = await cli(['conformance', '--only', 'JG 07']);
    expect(space.code).toBe(2);
    expect(space.err).toContain("--only: 'JG 07' is not a rule ID or glob");
    const none = await cli(['conformance', '--only', 'zz-*']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--only matched nothing: no scenario cites a rule matching zz-*');
  });

  it('[TRC-05] --out is checked before the run: a missing directory is a usage error naming --out, and nothing runs', async () => {
    const r = await cli(['conformance', '--report', 'html', '--out', '/nonexistent-dir/report.html']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("kgspec conformance: --out '/nonexistent-dir/report.html': directory '/nonexistent-dir' does not exist (kgspec conformance --help)");
    expect(r.out).toBe('');
  });

  it('[TRC-05] --parallel runs scenarios at once with the same results', async () => {
    const one = await cli(['conformance', '--only', 'JG-0*', '--report', 'json']);
    const many = await cli(['conformance', '--only', 'JG-0*', '--report', 'json', '--parallel', '8']);
    expect(JSON.parse(many.out)).toEqual(JSON.parse(one.out));
  });
});

describe('kgspec conformance progress', () => {
  it('[TRC-03] draws a progress bar on a terminal, not plain lines, with failures logged above it', async () => {
    const term = fakeTerminal();
    const n = allScenarios.filter((s) => s.rules.includes('HB-03')).length;
    // A target that answers every Heartbeat in PreparingRebalance with NONE fails HB-03.
    const broken = heartbeatNeverRebalancing();
    const err: string[] = [];
    const code = await runConformanceCommand(DEFAULT_CONFIG, ['--only', 'HB-03'], { out: () => {}, err: (s) => err.push(s), terminal: term.stream }, broken);
    expect(code).toBe(1);
    expect(err.filter((l) => /^\[\d+\/\d+\]/.test(l))).toEqual([]);
    const drawn = term.text();
    expect(drawn).toMatch(new RegExp(`conformance \\[#+\\] ${n}/${n} \\| \\d+ passed \\d+ failed 0 skipped`));
    expect(drawn).toMatch(/failed: Heartbeat: .*\[.*HB-03.*\]\n/);
  });

  it('[TRC-03] prints plain progress lines when stderr is not a terminal', async () => {
    const r = await cli(['conformance', '--only', 'HB-01']);
    const n = allScenarios.filter((s) => s.rules.includes('HB-01')).length;
    expect(r.err).toContain(`[${n}/${n}] conformance: ${n} passed, 0 failed, 0 skipped`);
    expect(r.err).not.toContain('\u001b[');
  });
});
