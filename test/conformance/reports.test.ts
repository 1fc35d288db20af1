/**
 * The conformance command's reports: the text table ends with the summary line, JSON parses,
 * and JUnit XML is well-formed with one test case per scenario.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { runCli } from '../../src/cli/cli.js';
import { runConformanceCommand } from '../../src/cli/conformance.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import type { Target } from '../../src/conformance/target.js';
import { DEFAULT_CONFIG } from '../../src/protocol/config.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A small well-formedness check: tags balance and nest, attributes are quoted, entities are known. */
function checkWellFormedXml(xml: string): number {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const stack: string[] = [];
  let elements = 0;
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let last = 0;
  for (let m = token.exec(body); m !== null; m = token.exec(body)) {
    expect(m.index, `unparseable XML near ${body.slice(last, last + 80)}`).toBe(last);
    last = token.lastIndex;
    if (m[5] !== undefined) {
      expect(m[5]).not.toMatch(/&(?!(lt|gt|amp|quot|apos);)/);
      continue;
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else {
      elements++;
      if (!selfClosing) stack.push(name!);
    }
  }
  expect(last).toBe(body.length);
  expect(stack).toEqual([]);
  return elements;
}

describe('kgspec conformance reports', () => {
  it('[TRC-03] the text report groups by area, titled in full, prints progress on stderr and ends with the summary line', async () => {
    const r = await cli('conformance');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^area\s+scenarios\s+passed\s+failed\s+skipped$/m);
    expect(r.out).toMatch(/^JG\s+JoinGroup \(API key 11, versions 0-9\)\s+\d+/m);
    // The longest spec title, in full: the column grows to fit it.
    expect(r.out).toMatch(/^DG\s+DescribeGroups and ListGroups \(API keys 15 and 16, versions 0-5\)\s+\d+\s+\d+/m);
    expect(r.err).toMatch(/^\[\d+\/\d+\] conformance: /m);
    expect(r.out.split('\n').at(-1)).toBe(`conformance: ${allScenarios.length} passed, 0 failed, 0 skipped`);
  });

  it('[TRC-05] --only selects scenarios by rule ID or glob, in comma lists and repeats, in any case', async () => {
    const r = await cli('conformance', '--only', 'HB-0*');
    const expected = allScenarios.filter((s) => s.rules.some((id) => id.startsWith('HB-0'))).length;
    expect(expected).toBeGreaterThan(0);
    expect(r.out.split('\n').at(-1)).toBe(`conformance: ${expected} passed, 0 failed, 0 skipped`);
    expect((await cli('conformance', '--only', 'NOPE-99')).code).toBe(2);
    const several = await cli('conformance', '--only', 'hb-0*,SG-01', '--only', 'jg-07');
    const wanted = allScenarios.filter((s) => s.rules.some((id) => id.startsWith('HB-0') || id === 'SG-01' || id === 'JG-07')).length;
    expect(wanted).toBeGreaterThan(expected);
    expect(several.out.split('\n').at(-1)).toBe(`conformance: ${wanted} passed, 0 failed, 0 skipped`);
  });

  it('[TRC-03] --report junit --out writes well-formed JUnit XML with one test case per scenario', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kgspec-')), 'r.xml');
    const r = await cli('conformance', '--report', 'junit', '--out', file);
    expect(r.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    checkWellFormedXml(xml);
    expect(xml.match(/<testcase /g)?.length).toBe(allScenarios.length);
    expect(xml).toMatch(new RegExp(`<testsuites [^>]*tests="${allScenarios.length}" failures="0"`));
  });

  it('[TRC-03] --report json parses and counts every scenario', async () => {
    const r = await cli('conformance', '--report', 'json');
    const report = JSON.parse(r.out) as { summary: { passed: number; failed: number } };
    expect(report.summary).toEqual({ passed: allScenarios.length, failed: 0, skipped: 0 });
  });

  it('[TRC-05] refuses an unknown report format, naming it', async () => {
    const r = await cli('conformance', '--report', 'yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--report takes text, json, junit or html, got 'yaml'");
  });

  it('[TRC-03] skip reasons are printed with every report: in the text, and on stderr for the others', async () => {
    const text = await cli('conformance', '--target', 'coordinator', '--only', 'FO-01');
    expect(text.out).toMatch(/^SKIPPED .*\n  why: the target cannot move coordinators$/m);
    const json = await cli('conformance', '--target', 'coordinator', '--only', 'FO-01', '--report', 'json');
    expect(json.err).toMatch(/^skipped \d+: the target cannot move coordinators\n  - Failover: /m);
    const file = join(mkdtempSync(join(tmpdir(), 'kgspec-')), 'r.txt');
    const toFile = await cli('conformance', '--target', 'coordinator', '--only', 'FO-01', '--out', file);
    expect(toFile.err).toMatch(/^skipped \d+: the target cannot move coordinators$/m);
  });

  it('[TRC-03] steps a target cannot check are counted by reason, in the text report and on stderr', async () => {
    const inner = new ClusterTarget();
    // The built-in cluster without its optional durableRecords.
    const noRecords: Target = {
      name: 'no-durable-records',
      async start(configs, topics, cluster) {
        const s = await inner.start(configs, topics, cluster);
        if ('skip' in s) return s;
        return new Proxy(s, {
          get(t, prop) {
            if (prop === 'durableRecords') return undefined;
            const value = Reflect.get(t, prop) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
          },
        });
      },
    };
    const n = allScenarios.filter((s) => s.rules.includes('REC-04')).length;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runConformanceCommand(DEFAULT_CONFIG, ['--only', 'REC-04'], io, noRecords)).toBe(0);
    const line = /^not checked in (\d+) scenarios?: expectDurable: the target cannot show durable records$/m.exec(out.join('\n'));
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThan(0);
    expect(Number(line![1])).toBeLessThanOrEqual(n);
    await runConformanceCommand(DEFAULT_CONFIG, ['--only', 'REC-04', '--report', 'json'], io, noRecords);
    expect(err.join('\n')).toContain(line![0]);
  });
});
