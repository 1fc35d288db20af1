/**
 * The HTML conformance report: one self-contained page (inline CSS, SVG and a few lines of
 * script; nothing loaded from elsewhere, so it works offline and as a CI artifact).
 *
 * @remarks
 * It shows the summary, a matrix of every rule the run's scenarios cite coloured by result,
 * and for each failure the rules' text, the failed step with expected and actual, and the
 * scenario as a sequence diagram (sequence-svg.ts).
 * @see spec/README.md TRC-03
 */
import { familyOf, notCheckedLines, summarize } from './report.js';
import type { ScenarioResult } from './runner.js';
import type { SpecRule } from './rules.js';
import { esc, failedExchangeIndex, sequenceSvg } from './sequence-svg.js';

/** What {@link htmlReport} needs besides the results. */
export interface HtmlReportOptions {
  /** The target's name. */
  readonly target: string;
  /** The spec's rules by ID ({@link loadSpecRules}), for titles and texts. */
  readonly rules: ReadonlyMap<string, SpecRule>;
  /**
   * Rules the whole suite cites: those no scenario of this run cites (a run narrowed by
   * `only`) show as "not run". Absent: only the run's rules are shown.
   */
  readonly suiteRules?: Iterable<string>;
}

/** A rule's outcome in a run: failed if any scenario citing it failed, else passed if any passed. */
export type RuleStatus = 'passed' | 'failed' | 'skipped' | 'not-run';

/** The status of every rule the results cite (and of `suiteRules` the results do not cite). */
export function ruleStatuses(results: readonly ScenarioResult[], suiteRules: Iterable<string> = []): Map<string, RuleStatus> {
  const rank: Record<RuleStatus, number> = { 'not-run': 0, skipped: 1, passed: 2, failed: 3 };
  const out = new Map<string, RuleStatus>();
  for (const id of suiteRules) out.set(id, 'not-run');
  for (const r of results) {
    for (const id of r.rules) {
      const now = out.get(id) ?? 'not-run';
      if (rank[r.status] > rank[now]) out.set(id, r.status);
    }
  }
  return out;
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;padding:24px 32px;color:#1d1d1f;background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #ddd}
h3{font-size:15px;margin:14px 0 6px}code,pre{font:12px/1.4 ui-monospace,monospace}
.counts span{display:inline-block;padding:4px 10px;margin:6px 6px 0 0;border-radius:4px;font-weight:600}
.passed{background:#c8e6c9;color:#1b5e20}.failed{background:#ffcdd2;color:#b71c1c}
.skipped{background:#fff3c4;color:#7a5d00}.not-run{background:#e0e0e0;color:#555}
.matrix .area{margin:6px 0}.matrix .cells{display:flex;flex-wrap:wrap;gap:4px}
.cell{display:inline-block;min-width:64px;text-align:center;padding:3px 4px;border-radius:3px;font:12px ui-monospace,monospace;text-decoration:none}
a.cell.failed{outline:2px solid #b71c1c}body.only-failed .matrix .cell:not(.failed){display:none}
.failure{background:#fff;border:1px solid #e0b4b4;border-left:6px solid #c62828;border-radius:4px;padding:8px 16px 16px;margin:16px 0}
.rule{margin:4px 0}.rule b{font-family:ui-monospace,monospace}
table.cmp{border-collapse:collapse;margin:8px 0}table.cmp td,table.cmp th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.diagram{overflow-x:auto;background:#fff;border:1px solid #eee;margin-top:8px}
svg.sequence{max-width:100%;height:auto}svg.sequence text{font:12px ui-monospace,monospace;fill:#222}svg.sequence .head-text{font-weight:700}
svg.sequence .lifeline{stroke:#aaa;stroke-dasharray:4 4}svg.sequence rect.head{fill:#e3f2fd;stroke:#1565c0}
svg.sequence rect.head.broker{fill:#ede7f6;stroke:#4527a0}svg.sequence line.req{stroke:#1565c0;stroke-width:1.5}
svg.sequence polygon.req{fill:#1565c0}svg.sequence line.res{stroke:#2e7d32;stroke-width:1.5;stroke-dasharray:6 3}
svg.sequence polygon.res{fill:#2e7d32}svg.sequence .pending{stroke:#999;fill:#999}
svg.sequence rect.failed-row{fill:#ffebee;stroke:#c62828}svg.sequence text.actual{fill:#b71c1c;font-weight:700}
svg.sequence text.expected{fill:#1b5e20}svg.sequence text.expected.failed{font-weight:700}
svg.sequence .column-title{font-style:italic;fill:#555}svg.sequence rect.note{fill:#fff8e1;stroke:#f9a825}
`;

const SCRIPT = `document.getElementById('only-failed').addEventListener('change',function(e){document.body.classList.toggle('only-failed',e.target.checked)});`;

function areaTitle(family: string, rules: ReadonlyMap<string, SpecRule>): string {
  for (const r of rules.values()) if (familyOf(r.id) === family) return r.area;
  return '';
}

/** Characters of a rule's text shown at once; a longer text (a rule with a table) unfolds. */
const RULE_TEXT_CHARS = 320;

function ruleHtml(id: string, rule: SpecRule | undefined): string {
  if (rule === undefined) return `<p class="rule"><b>${esc(id)}</b> (not in spec/)</p>`;
  const text = rule.text.replace(/\s*Source:.*$/, '');
  const head = `<b>${esc(id)}</b> <i>${esc(rule.title)}</i>: `;
  if (text.length <= RULE_TEXT_CHARS) return `<p class="rule">${head}${esc(text)}</p>`;
  const short = text.slice(0, text.lastIndexOf(' ', RULE_TEXT_CHARS));
  return `<details class="rule"><summary>${head}${esc(short)} …</summary>${esc(text)}</details>`;
}

function matrix(results: readonly ScenarioResult[], options: HtmlReportOptions, firstFailure: ReadonlyMap<string, number>): string {
  const statuses = ruleStatuses(results, options.suiteRules);
  const byFamily = new Map<string, string[]>();
  for (const id of [...statuses.keys()].sort()) byFamily.set(familyOf(id), [...(byFamily.get(familyOf(id)) ?? []), id]);
  const out = ['<h2>Rules</h2>', '<p class="legend"><span class="cell passed">passed</span> <span class="cell failed">failed</span> <span class="cell skipped">skipped</span> <span class="cell not-run">not run</span>', ' <label><input type="checkbox" id="only-failed"> only failed rules</label></p>', '<div class="matrix">'];
  for (const [family, ids] of [...byFamily].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`<div class="area" id="area-${esc(family)}"><h3>${esc(family)} ${esc(areaTitle(family, options.rules))}</h3><div class="cells">`);
    for (const id of ids) {
      const status = statuses.get(id)!;
      const rule = options.rules.get(id);
      const tip = `${id} ${rule?.title ?? '(not in spec/)'}: ${status}`;
      const failure = firstFailure.get(id);
      const attrs = `class="cell ${status}" data-rule="${esc(id)}" data-status="${status}" title="${esc(tip)}"`;
      out.push(failure === undefined ? `<span ${attrs}>${esc(id)}</span>` : `<a ${attrs} href="#failure-${failure}">${esc(id)}</a>`);
    }
    out.push('</div></div>');
  }
  out.push('</div>');
  return out.join('\n');
}

function failureSection(r: ScenarioResult & { status: 'failed' }, n: number, rules: ReadonlyMap<string, SpecRule>): string {
  const out = [`<section class="failure" id="failure-${n}" data-rules="${esc(r.rules.join(' '))}">`, `<h3>${esc(r.name)}</h3>`];
  for (const id of r.rules) out.push(ruleHtml(id, rules.get(id)));
  out.push('<table class="cmp">', `<tr><th>failed step</th><td><code>${r.stepIndex}: ${esc(r.step)}</code></td></tr>`);
  out.push(`<tr><th>expected (Kafka)</th><td><code class="expected">${esc(r.expected)}</code></td></tr>`, `<tr><th>actual</th><td><code class="actual">${esc(r.actual)}</code></td></tr>`, '</table>');
  if (r.notes !== undefined) out.push(`<p>${r.notes.map(esc).join('<br>')}</p>`);
  const failed = failedExchangeIndex(r.transcript, r.label, r.stepIndex);
  out.push(`<div class="diagram">${sequenceSvg(r.transcript, failed, `step ${r.stepIndex} (${r.step}): expected ${r.expected}, actual ${r.actual}`)}</div>`, '</section>');
  return out.join('\n');
}

function skippedSection(results: readonly ScenarioResult[]): string {
  const notChecked = notCheckedLines(results).map((l) => `<li>${esc(l)}</li>`);
  const unchecked = notChecked.length === 0 ? '' : `<h2>Not checked</h2><ul class="not-checked">${notChecked.join('')}</ul>`;
  const skipped = results.filter((r): r is ScenarioResult & { status: 'skipped' } => r.status === 'skipped');
  if (skipped.length === 0) return unchecked;
  const rows = skipped.map((r) => `<tr><td>${esc(r.name)}</td><td><code>${esc(r.rules.join(', '))}</code></td><td>${esc(r.reason)}</td></tr>`);
  return [`<h2>Skipped (${skipped.length})</h2>`, '<table class="cmp skipped-list"><tr><th>scenario</th><th>rules</th><th>why</th></tr>', ...rows, '</table>', unchecked].join('\n');
}

/** The HTML report of a run: one page, self-contained. */
export function htmlReport(results: readonly ScenarioResult[], options: HtmlReportOptions): string {
  const s = summarize(results);
  const failures = results.filter((r): r is ScenarioResult & { status: 'failed' } => r.status === 'failed');
  const firstFailure = new Map<string, number>();
  // A failed rule's cell links to the first failure citing it.
  for (const [n, r] of failures.entries()) for (const id of r.rules) if (!firstFailure.has(id)) firstFailure.set(id, n);
  const title = `kgspec conformance: ${options.target}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="counts"><span class="total">${results.length} scenarios</span><span class="passed">${s.passed} passed</span><span class="failed">${s.failed} failed</span><span class="skipped">${s.skipped} skipped</span></p>`,
    matrix(results, options, firstFailure),
    failures.length === 0 ? '<h2>Failures</h2><p>None.</p>' : `<h2>Failures (${failures.length})</h2>`,
    ...failures.map((r, n) => failureSection(r, n, options.rules)),
    skippedSection(results),
    `<h2>Passed (${s.passed})</h2><details><summary>scenarios</summary><ul>${results.filter((r) => r.status === 'passed').map((r) => `<li>${esc(r.name)}</li>`).join('')}</ul></details>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
