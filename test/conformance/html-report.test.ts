/**
 * The HTML report: one self-contained page, checked as text and in a real headless Chromium
 * (Debian's `chromium`; skipped with a message when absent): the rule matrix coloured by result
 * and, for a deliberately failing run, the failing rule's text and the sequence diagram with the
 * failed exchange. Screenshots go to `test-output/conformance-report/` (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformanceCommand } from '../../src/cli/conformance.js';
import { htmlReport, ruleStatuses } from '../../src/conformance/html-report.js';
import type { ScenarioResult } from '../../src/conformance/runner.js';
import { DEFAULT_CONFIG } from '../../src/protocol/config.js';
import { heartbeatNeverRebalancing } from '../helpers/broken-target.js';
import { findChromium, HeadlessChromium } from '../helpers/headless-chromium.js';
import { colourVariety, decodePng } from '../helpers/png.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-output/conformance-report');
const INSTALL = 'install Chromium to run it: apt-get update && apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)';
const chromium = findChromium();
if (chromium === null) console.warn(`conformance HTML report browser test skipped: no chromium found; ${INSTALL}`);

/** The built-in cluster answering Heartbeat in PreparingRebalance with NONE instead of REBALANCE_IN_PROGRESS: fails HB-03. */
const brokenTarget = heartbeatNeverRebalancing;

const base = { rules: ['XX-01'], name: 'n' } as const;

describe('the HTML report as text', () => {
  it('[TRC-03] a rule is failed when any citing scenario failed, else passed when any passed; rules of the suite not run show so', () => {
    const results: ScenarioResult[] = [
      { ...base, name: 'a', rules: ['A-01', 'A-02'], status: 'passed' },
      { ...base, name: 'b', rules: ['A-02', 'A-03'], status: 'failed', stepIndex: 0, step: 'start', expected: 'x', actual: 'y', transcript: [] },
      { ...base, name: 'c', rules: ['A-04', 'A-01'], status: 'skipped', reason: 'why' },
    ];
    expect(Object.fromEntries(ruleStatuses(results, ['A-05', 'A-01']))).toEqual({ 'A-01': 'passed', 'A-02': 'failed', 'A-03': 'failed', 'A-04': 'skipped', 'A-05': 'not-run' });
  });

  it('[TRC-03] is one page that loads nothing from elsewhere and escapes what it quotes', () => {
    const results: ScenarioResult[] = [{ ...base, name: '<script>alert(1)</script>', status: 'skipped', reason: 'a & b' }];
    const page = htmlReport(results, { target: 't', rules: new Map() });
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a &amp; b');
    expect(page).not.toMatch(/<(link|img|iframe)\b|\b(src|href)="(https?:)?\/\/|@import|url\(/i);
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script>']);
  });
});

describe.skipIf(chromium === null)(`the HTML report in headless Chromium (skipped without it: ${INSTALL})`, () => {
  let dir: string;
  let file: string;
  let browser: HeadlessChromium;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kgspec-report-'));
    file = join(dir, 'report.html');
    const out: string[] = [];
    const code = await runConformanceCommand(DEFAULT_CONFIG, ['--only', 'HB-*,JG-0*', '--report', 'html', '--out', file], { out: (s) => out.push(s), err: () => {} }, brokenTarget());
    expect(code).toBe(1);
    expect(out.at(-1)).toMatch(/^conformance: \d+ passed, [1-9]\d* failed, 0 skipped$/);
    browser = await HeadlessChromium.launch(chromium ?? 'chromium');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function screenshot(name: string): Promise<ReturnType<typeof colourVariety>> {
    const png = await browser.screenshot();
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, name), png);
    const pixels = decodePng(png);
    expect([pixels.width, pixels.height]).toEqual([1280, 900]);
    return colourVariety(pixels);
  }

  it('[TRC-03] shows the rule matrix coloured by result, without console errors', async () => {
    await browser.open(pathToFileURL(file).href);
    const seen = await browser.evaluate<{ failed: string[]; passed: number; notRun: number; link: string; colour: string }>(`({
      failed: [...document.querySelectorAll('.matrix .cell.failed')].map((c) => c.dataset.rule),
      passed: document.querySelectorAll('.matrix .cell.passed').length,
      notRun: document.querySelectorAll('.matrix .cell.not-run').length,
      link: document.querySelector('.matrix .cell[data-rule="HB-03"]').getAttribute('href'),
      colour: getComputedStyle(document.querySelector('.matrix .cell[data-rule="HB-03"]')).backgroundColor,
    })`);
    expect(browser.errors).toEqual([]);
    expect(seen.failed).toContain('HB-03');
    expect(seen.passed).toBeGreaterThan(10);
    expect(seen.notRun).toBeGreaterThan(10); // --only left most of the suite out
    expect(seen.link).toMatch(/^#failure-\d+$/);
    expect(seen.colour).toBe('rgb(255, 205, 210)');
    const variety = await screenshot('matrix.png');
    expect(variety.colours).toBeGreaterThan(20);
    expect(variety.nonBackground).toBeGreaterThan(0.05);
  });

  it("[TRC-03] shows a failure with the rule's text and a sequence diagram highlighting the failed exchange beside what Kafka answers", async () => {
    await browser.open(pathToFileURL(file).href);
    await browser.evaluate(`document.querySelector('.matrix .cell[data-rule="HB-03"]').click()`);
    const seen = await browser.evaluate<{ hash: string; rules: string; heads: string[]; failedRow: number; actual: string; expected: string; arrows: number; visible: boolean }>(`(() => {
      const f = document.querySelector(location.hash);
      const svg = f.querySelector('svg.sequence');
      const box = svg.getBoundingClientRect();
      return {
        hash: location.hash,
        rules: f.querySelector('.rule').textContent,
        heads: [...svg.querySelectorAll('.head-text')].map((t) => t.lastChild.textContent),
        failedRow: svg.querySelectorAll('rect.failed-row').length,
        actual: svg.querySelector('text.actual').lastChild.textContent,
        expected: svg.querySelector('text.expected.failed').lastChild.textContent,
        arrows: svg.querySelectorAll('line.req').length,
        visible: box.width > 600 && box.height > 200,
      };
    })()`);
    expect(seen.hash).toMatch(/^#failure-\d+$/);
    expect(seen.rules).toMatch(/^HB-03 Heartbeat during PreparingRebalance: A Heartbeat that passes HB-01/);
    expect(seen.heads).toContain('broker');
    expect(seen.heads.length).toBeGreaterThanOrEqual(2);
    expect(seen.failedRow).toBe(1);
    expect(seen.actual).toBe('NONE');
    expect(seen.expected).toContain('"errorCode":27');
    expect(seen.arrows).toBeGreaterThan(3);
    expect(seen.visible).toBe(true);
    expect(browser.errors).toEqual([]);
    await browser.evaluate(`document.querySelector(location.hash + ' svg.sequence').scrollIntoView()`);
    const variety = await screenshot('failure.png');
    expect(variety.colours).toBeGreaterThan(20);
    expect(variety.nonBackground).toBeGreaterThan(0.02);
    expect(readFileSync(file, 'utf8')).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });
});
