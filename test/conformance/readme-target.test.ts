/**
 * The README's custom target example, run as written (its imports pointed at the sources and
 * at a `MyCoordinator` made of the built-in broker): it must end with 0 failed, and every
 * optional capability of `TargetSession` must be in the README's table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SECTION = '### Running the conformance suite against your own implementation';

function readmeSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  expect(start, `README.md has a section '${SECTION}'`).toBeGreaterThanOrEqual(0);
  return readme.slice(start, readme.indexOf('\n## ', start));
}

/** The section's ```ts block with its imports pointed at the sources. */
function example(): string {
  const code = /```ts\n([\s\S]*?)```/.exec(readmeSection())?.[1];
  if (code === undefined) throw new Error(`no \`\`\`ts block under '${SECTION}'`);
  expect(code).toContain("from 'kafka-group-spec'");
  expect(code).toContain("from './my-coordinator.js'");
  return code
    .replace("from 'kafka-group-spec'", `from ${JSON.stringify(join(ROOT, 'src/index.ts'))}`)
    .replace("from './my-coordinator.js'", `from ${JSON.stringify(join(ROOT, 'test/conformance/readme/my-coordinator.ts'))}`);
}

afterEach(() => vi.restoreAllMocks());

describe("the README's custom target", () => {
  it('[TRC-04] runs as written against the built-in broker and ends with 0 failed, printing every skip with its reason', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    const dir = join(ROOT, 'test-output/readme-target');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `example-${process.pid}.ts`);
    writeFileSync(file, example());
    await import(pathToFileURL(file).href);
    const last = printed.at(-1) ?? '';
    const m = /^conformance: (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(last);
    expect(m, printed.filter((l) => l.startsWith('FAILED')).join('\n') || last).not.toBeNull();
    const [passed, failed, skipped] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(printed.filter((l) => l.startsWith('FAILED'))).toEqual([]);
    expect(failed).toBe(0);
    expect(passed + skipped).toBe(allScenarios.length);
    // Only what the example leaves out (fault steps) may be skipped, each with its reason printed.
    expect(skipped).toBeLessThan(allScenarios.length / 10);
    expect(printed.filter((l) => l.startsWith('SKIPPED'))).toHaveLength(skipped);
    for (const line of printed.filter((l) => l.startsWith('SKIPPED'))) expect(line).toMatch(/: the target cannot /);
  }, 120_000);

  it('[TRC-04] documents every optional capability of TargetSession and Target', () => {
    const section = readmeSection();
    const source = readFileSync(join(ROOT, 'src/conformance/target.ts'), 'utf8');
    const optional = [...source.matchAll(/^\s+(?:readonly )?(\w+)\?[(:]/gm)].map((m) => m[1]!);
    expect(optional).toEqual(expect.arrayContaining(['durableRecords', 'crashCoordinator', 'networkError', 'fixedConfigs', 'realTime']));
    for (const name of optional) expect(section, `README mentions ${name}`).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
