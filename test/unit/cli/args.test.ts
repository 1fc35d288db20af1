import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, runCli } from '../../../src/cli/cli.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import { BROKER_CONFIGS, DEFAULT_CONFIG, KAFKA_CONFIG_NAMES } from '../../../src/protocol/config.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(...s.split('\n')), err: (s) => err.push(...s.split('\n')) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'kgspec-args-'));
const readOnly = join(dir, 'read-only');
mkdirSync(readOnly);
chmodSync(readOnly, 0o555);
const badProps = join(dir, 'bad.properties');
writeFileSync(badProps, 'group.max.size\n');

/** Each mistake, with a word its one-line message must contain. */
const MISTAKES: Array<readonly [string[], string]> = [
  [['demo', '--bogus'], "'--bogus'"],
  [['demo', 'extra'], "'extra'"],
  [['demo', '--sequence'], '--sequence'],
  [['demo', '--sequence', join(dir, 'missing', 'x.mmd')], 'does not exist'],
  [['demo', '--sequence', dir], 'is a directory'],
  [['demo', '--config', 'nokey'], "'nokey'"],
  [['demo', '--config', 'group.bogus.ms=1'], "'group.bogus.ms'"],
  [['demo', '--config-file', join(dir, 'nope.properties')], 'nope.properties'],
  [['demo', '--config-file', badProps], 'group.max.size'],
  [['demo', '--config', 'group.min.session.timeout.ms=10', '--config', 'group.max.session.timeout.ms=5'], 'group.min.session.timeout.ms'],
  [['demo', '--help=yes'], '--help'],
  [['conformance', '--report', 'xml'], "'xml'"],
  [['conformance', '--target', 'mars'], "'mars'"],
  [['conformance', '--out', join(dir, 'missing', 'r.json')], '--out'],
  [['conformance', '--only'], '--only'],
  [['conformance', '--only', 'NOPE-99'], 'NOPE-99'],
  [['nope'], "'nope'"],
  [['--nope'], "'--nope'"],
];
// Every broker config, just outside its range and not an integer.
for (const c of BROKER_CONFIGS) {
  for (const bad of [String(c.min - 1), String(c.max + 1), '1.5', 'soon', '']) MISTAKES.push([['demo', '--config', `${c.name}=${bad}`], c.name]);
}
if (process.getuid?.() !== 0) MISTAKES.push([['demo', '--sequence', join(readOnly, 'x.mmd')], 'not writable']);

describe('kgspec command line', () => {
  it('every mistake gets one line on stderr naming it, exit 2, and nothing on stdout', async () => {
    for (const [argv, names] of MISTAKES) {
      const r = await cli(...argv);
      expect({ argv, code: r.code, out: r.out, lines: r.err.length }).toEqual({ argv, code: 2, out: [], lines: 1 });
      expect(r.err[0], argv.join(' ')).toContain(names);
      expect(r.err[0], argv.join(' ')).toMatch(/^kgspec/);
    }
  });

  it('an out-of-range broker config names the key and the range from the table: group.max.size is atLeast(1) as in Kafka', async () => {
    const r = await cli('demo', '--config', 'group.max.size=0');
    expect(r.err).toEqual(["kgspec demo: broker config 'group.max.size' must be an integer in 1..2147483647 (Kafka: atLeast(1)), got '0' (kgspec demo --help)"]);
  });

  it('every command answers --help on stdout with exit 0, listing every broker config of the one table', async () => {
    for (const c of COMMANDS) {
      const r = await cli(c.name, '--help');
      expect({ name: c.name, code: r.code, err: r.err }).toEqual({ name: c.name, code: 0, err: [] });
      expect(r.out[0]).toBe(`Usage: kgspec ${c.name} [options]${c.rest === undefined ? '' : ` -- ${c.rest.value}`}`);
      for (const option of Object.keys(c.options)) expect(r.out.join('\n')).toContain(`--${option}`);
      for (const b of BROKER_CONFIGS) {
        expect(r.out.some((l) => l.includes(b.name) && l.includes(b.field) && l.includes(String(DEFAULT_CONFIG[b.field])) && l.includes(`${b.min}..${b.max}`))).toBe(true);
      }
    }
  });

  it('the config table covers every field the properties accept', () => {
    expect(Object.keys(KAFKA_CONFIG_NAMES)).toEqual(BROKER_CONFIGS.map((c) => c.name));
    expect(BROKER_CONFIGS).toHaveLength(14);
  });

  it('kgspec --help lists every command on stdout with exit 0; kgspec alone prints the same on stderr with exit 2', async () => {
    const help = await cli('--help');
    expect(help).toEqual({ code: 0, out: helpText().split('\n'), err: [] });
    for (const c of COMMANDS) expect(help.out.join('\n')).toContain(`  ${c.name}  `);
    expect(await cli()).toEqual({ code: 2, out: [], err: helpText().split('\n') });
  });

  it('kgspec --version prints the version of package.json', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, out: [pkg.version], err: [] });
  });

  it('a broker config in range is taken: the smallest group.max.size, 1', async () => {
    const r = await cli('demo', '--config', 'group.max.size=1');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('GROUP_MAX_SIZE_REACHED(81)');
  });
});
