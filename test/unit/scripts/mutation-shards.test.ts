/**
 * The mutation run's shards (scripts/mutation-shards.ts) and its vitest file list
 * (vitest.mutation.config.ts): every source file of src/protocol is mutated by exactly one shard,
 * and every listed test file exists and runs in process.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTATION_SHARDS } from '../../../scripts/mutation-shards.js';
import { MUTATION_TESTS } from '../../../vitest.mutation.config.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Every file under `dir`, relative to the repository root, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Stryker/vitest glob semantics for the shapes used here: `**` spans folders, `*` does not. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}

describe('mutation testing setup', () => {
  it('every source file of src/protocol is in exactly one shard, and every shard has files', () => {
    const sources = filesUnder('src/protocol').filter((f) => f.endsWith('.ts'));
    const counts = new Map(sources.map((f) => [f, 0]));
    for (const shard of MUTATION_SHARDS) {
      const matched = sources.filter((f) => shard.mutate.some((g) => globRegExp(g).test(f)));
      expect(matched.length, `shard ${shard.name} mutates no file`).toBeGreaterThan(0);
      for (const f of matched) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it('every test pattern Stryker runs matches a test file, and none runs over TCP, a browser or a child process', () => {
    const tests = filesUnder('test').filter((f) => f.endsWith('.test.ts'));
    for (const pattern of MUTATION_TESTS) {
      const matched = tests.filter((f) => globRegExp(pattern).test(f));
      expect(matched.length, `${pattern} matches no test file`).toBeGreaterThan(0);
      expect(matched.filter((f) => /\.wire\.test\.ts$|^test\/(wire|clients|docs|package)\//.test(f))).toEqual([]);
    }
  });
});
