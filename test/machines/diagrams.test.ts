/**
 * The committed diagrams (`docs/diagrams/`) and transition tables (`spec/machines/`) are what
 * `npm run diagrams` generates from the statecharts now: a stale file fails here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../scripts/spec-check-lib.js';
import { generatedTextFiles, machineEntries, renderSvg, toDot, toMermaid } from '../../scripts/diagrams-lib.js';

const ROOT = resolve(import.meta.dirname, '../..');

function committed(path: string): string {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return `(missing: ${path})`;
  }
}

const STALE = 'stale: run `npm run diagrams` and commit the result';

describe('generated diagrams and transition tables', () => {
  const files = generatedTextFiles();

  it('cover every statechart with a .mmd, a .dot and a transition table', () => {
    const paths = files.map((f) => f.path);
    for (const entry of machineEntries()) {
      expect(paths).toContain(`docs/diagrams/${entry.id}.mmd`);
      expect(paths).toContain(`docs/diagrams/${entry.id}.dot`);
      expect(paths).toContain(`spec/machines/${entry.id}.md`);
    }
  });

  for (const file of files) {
    it(`${file.path} is up to date`, () => {
      expect(committed(file.path), STALE).toBe(file.content);
    });
  }

  it('generation is deterministic', () => {
    const again = generatedTextFiles();
    expect(again).toEqual(files);
    for (const entry of machineEntries()) {
      expect(toMermaid(entry).startsWith('---\n')).toBe(true);
      expect(toMermaid(entry)).toContain('stateDiagram-v2');
    }
  });

  it('the transition tables define no rules (no ### headings)', () => {
    for (const file of files.filter((f) => f.path.endsWith('.md'))) {
      expect(file.content).not.toMatch(/^###/m);
      expect(parseRules(file.path, file.content)).toEqual([]);
    }
  });

  it('the committed SVGs are what Graphviz renders from the DOT', async () => {
    for (const entry of machineEntries()) {
      const svg = await renderSvg(toDot(entry));
      expect(svg).toContain('<svg');
      expect(committed(`docs/diagrams/${entry.id}.svg`), STALE).toBe(svg);
    }
  });
});
