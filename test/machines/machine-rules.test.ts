/**
 * Structural rules every statechart in `machines/` follows: no `after` or `invoke`, a
 * description on every state, a case, an outcome and rule IDs on every transition, and every
 * cited rule defined in `spec/*.md`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../scripts/spec-check-lib.js';
import { machineEntries, statesOf, transitionRows } from '../../scripts/diagrams-lib.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every rule ID defined in `spec/*.md` (the generated `spec/machines/` tables define none). */
function specRuleIds(): Set<string> {
  const dir = join(ROOT, 'spec');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  return new Set(files.flatMap((f) => parseRules(`spec/${f}`, readFileSync(join(dir, f), 'utf8')).map((r) => r.id)));
}

describe('statechart structure', () => {
  const ids = specRuleIds();

  for (const entry of machineEntries()) {
    describe(entry.id, () => {
      it('has no after, no invoke and a description on every state', () => {
        for (const node of statesOf(entry.machine)) {
          expect(node.after, node.key).toEqual([]);
          expect(node.invoke, node.key).toEqual([]);
          expect(node.description?.length ?? 0, `${node.key} needs a description`).toBeGreaterThan(40);
        }
      });

      it('every transition has a case, an outcome and rule IDs, and each (state, case, target) once', () => {
        const rows = transitionRows(entry.machine);
        expect(rows.length).toBeGreaterThan(10);
        const withoutRules = rows.filter((r) => r.rules.length === 0).map((r) => `${r.source} ${r.event} ${r.case}`);
        expect(withoutRules).toEqual([]);
        for (const r of rows) {
          expect(r.case, `${r.source} ${r.event}`).not.toBe('');
          expect(r.outcome, `${r.source} ${r.case}`).not.toBe('');
        }
        const keys = rows.map((r) => `${r.source} ${r.case} ${r.target}`);
        expect(new Set(keys).size).toBe(keys.length);
      });

      it('every rule a transition cites exists in spec/*.md', () => {
        const cited = new Set(transitionRows(entry.machine).flatMap((r) => r.rules));
        expect([...cited].filter((id) => !ids.has(id))).toEqual([]);
      });
    });
  }
});
