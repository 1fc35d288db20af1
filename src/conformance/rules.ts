/**
 * Reads the rules of `spec/*.md` (`### ID Title`, text up to the next heading, `Source:` line)
 * so reports can print a failed rule's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A spec rule as reports show it. */
export interface SpecRule {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** The title of the spec file (its `# ` heading), used as the area name. */
  readonly area: string;
}

/** Parses one spec Markdown file. */
export function parseSpecRules(markdown: string): SpecRule[] {
  const rules: SpecRule[] = [];
  let area = '';
  let current: { id: string; title: string; lines: string[] } | undefined;
  const close = (): void => {
    if (current) rules.push({ id: current.id, title: current.title, text: current.lines.join(' ').replace(/\s+/g, ' ').trim(), area });
    current = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) {
      close();
      if (h[1] === '#' && area === '') area = h[2]!.trim();
      const rule = /^([A-Z]{2,5}-\d{2,3})\s+(.*)$/.exec(h[2]!);
      if (h[1] === '###' && rule) current = { id: rule[1]!, title: rule[2]!.trim(), lines: [] };
      continue;
    }
    current?.lines.push(line);
  }
  close();
  return rules;
}

/** Every rule under a spec directory, by ID. */
export function loadSpecRules(specDir: string): Map<string, SpecRule> {
  const out = new Map<string, SpecRule>();
  for (const file of readdirSync(specDir).filter((f) => f.endsWith('.md')).sort()) {
    for (const r of parseSpecRules(readFileSync(join(specDir, file), 'utf8'))) out.set(r.id, r);
  }
  return out;
}
