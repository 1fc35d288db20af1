/**
 * The docs site in a real headless browser: it builds the site's pages (without typedoc's API
 * reference, which `npm run docs` adds and checks with warnings as errors), opens them from
 * `file://` in Chromium, checks that they load without console errors, follows a rule link and
 * saves a screenshot to `test-output/docs-site/` (git-ignored).
 *
 * Skipped, saying how to install it, when no Chromium is found (`$CHROMIUM` names another binary).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../scripts/docs-site.js';
import { findChromium, HeadlessChromium } from '../helpers/headless-chromium.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-output/docs-site');
const INSTALL = 'install Chromium to run it: apt-get update && apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)';
const chromium = findChromium();
if (chromium === null) console.warn(`docs site browser test skipped: no chromium found; ${INSTALL}`);

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.skipIf(chromium === null)(`docs site in headless Chromium (skipped without it: ${INSTALL})`, () => {
  let site: string;
  let browser: HeadlessChromium;
  const url = (page: string): string => pathToFileURL(join(site, page)).href;

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), 'kgspec-site-'));
    buildSite({ root: ROOT, out: site, api: false });
    browser = await HeadlessChromium.launch(chromium ?? 'chromium');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  }, 30_000);

  it('[TRC-02] the guides, a spec page, a transition table and the diagrams load without console errors', async () => {
    for (const page of ['index.html', 'architecture.html', 'contributing.html', 'spec/index.html', 'spec/join-group.html', 'spec/machines/classic-group.md'.replace('.md', '.html'), 'diagrams.html']) {
      browser.errors.length = 0;
      await browser.open(url(page));
      const seen = await browser.evaluate<{ title: string; nav: number; css: boolean; images: number; broken: number }>(`({
        title: document.title,
        nav: document.querySelectorAll('nav a').length,
        css: getComputedStyle(document.querySelector('nav')).position === 'sticky',
        images: document.images.length,
        broken: [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).length,
      })`);
      expect(browser.errors, page).toEqual([]);
      expect(seen.title, page).toMatch(/kafka-group-spec$/);
      expect(seen.nav, page).toBeGreaterThan(10);
      expect(seen.css, `${page}: the stylesheet applies`).toBe(true);
      expect(seen.broken, `${page}: broken images`).toBe(0);
      if (page === 'diagrams.html') expect(seen.images).toBeGreaterThanOrEqual(2);
    }
  });

  it('[TRC-02] a rule ID in the README links to the rule heading on its spec page; a screenshot is saved', async () => {
    browser.errors.length = 0;
    await browser.open(url('index.html'));
    const href = await browser.evaluate<string>(`document.querySelector('a.rule-ref[href$="#JG-07"]')?.getAttribute('href') ?? ''`);
    expect(href).toBe('spec/join-group.html#JG-07');
    await browser.navigateBy(`document.querySelector('a.rule-ref[href$="#JG-07"]').click()`);
    const landed = await browser.evaluate<{ path: string; hash: string; target: string; heading: string; scrolled: boolean }>(`({
      path: location.pathname.split('/').slice(-2).join('/'),
      hash: location.hash,
      target: document.querySelector(':target')?.id ?? '',
      heading: document.getElementById('JG-07')?.textContent ?? '',
      scrolled: window.scrollY > 0,
    })`);
    expect(landed).toMatchObject({ path: 'spec/join-group.html', hash: '#JG-07', target: 'JG-07', scrolled: true });
    expect(landed.heading).toMatch(/^JG-07 /);
    expect(browser.errors).toEqual([]);

    const png = await browser.screenshot();
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'rule-JG-07.png'), png);
    expect(pngSize(png)).toEqual({ width: 1280, height: 900 });
    // A blank page compresses to a few kilobytes; a rendered page of text is far larger.
    expect(png.length).toBeGreaterThan(30_000);
  });
});
