/**
 * The docs site's rendering (scripts/docs-site-lib.ts) and a build of its pages: rule anchors,
 * rule links, relative links that resolve offline.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkRuleIds,
  localIconRefs,
  typedocPage,
  planPages,
  relativeHref,
  renderMarkdown,
  ruleAnchors,
  slug,
  type SiteIndex,
} from '../../../scripts/docs-site-lib.js';
import { buildSite } from '../../../scripts/docs-site.js';
import { parseRules } from '../../../scripts/spec-check-lib.js';

const ROOT = resolve(import.meta.dirname, '../../..');

const FILES = new Map([
  ['README.md', '# Project\n\nSee JG-07 and `JG-07`, [the rule](spec/join-group.md#JG-07), XX-99, ![d](docs/diagrams/g.svg) and [code](src/x.ts).\n'],
  ['ARCHITECTURE.md', '# Architecture\n\n## Time, ids and determinism\n'],
  ['spec/README.md', '# The spec\n\n[join](join-group.md), [tables](machines/)\n'],
  ['spec/join-group.md', '# JoinGroup\n\n### JG-07 Compatibility\nText citing JG-08.\nSource: ours\n\n```\n### JG-99 not a rule, JG-08 not linked\n```\n\n### JG-08 Two steps\nBack to JG-07.\nSource: ours\n'],
  ['spec/machines/group.md', '# Transitions of `group`\n\n| rules |\n| --- |\n| JG-07, JG-08 |\n'],
]);

function site(): SiteIndex {
  const pages = planPages(FILES);
  return { pages, assets: [{ source: 'docs/diagrams/g.svg', out: 'diagrams/g.svg' }], rules: ruleAnchors(pages, FILES), api: false };
}

const page = (source: string) => {
  const found = site().pages.find((p) => p.source === source);
  if (found === undefined) throw new Error(source);
  return found;
};

describe('docs site rendering', () => {
  it('[TRC-02] plans the guides, the spec (its README as index) and the transition tables', () => {
    expect(site().pages.map((p) => [p.out, p.section, p.title])).toEqual([
      ['index.html', 'Guides', 'Overview'],
      ['architecture.html', 'Guides', 'Architecture'],
      ['spec/index.html', 'Spec', 'The spec'],
      ['spec/join-group.html', 'Spec', 'JoinGroup'],
      ['spec/machines/group.html', 'Transition tables', 'Transitions of group'],
    ]);
    expect([...site().rules]).toEqual([
      ['JG-07', 'spec/join-group.html#JG-07'],
      ['JG-08', 'spec/join-group.html#JG-08'],
    ]);
  });

  it('[TRC-02] anchors every rule heading by its ID and links the rule IDs in the text, not in code blocks', () => {
    const html = renderMarkdown(page('spec/join-group.md'), FILES.get('spec/join-group.md') ?? '', site());
    expect(html).toContain('<h3 id="JG-07" class="rule"><a class="anchor" href="#JG-07">JG-07 Compatibility</a></h3>');
    expect(html).toContain('<h3 id="JG-08" class="rule">');
    expect(html).toContain('Text citing <a class="rule-ref" href="#JG-08">JG-08</a>.');
    expect(html).toContain('<p>Source: ours</p>');
    expect(html).toContain('### JG-99 not a rule, JG-08 not linked');
  });

  it('[TRC-02] links rule IDs across pages, in inline code too; leaves unknown IDs and existing links alone', () => {
    const html = renderMarkdown(page('README.md'), FILES.get('README.md') ?? '', site());
    expect(html).toContain('See <a class="rule-ref" href="spec/join-group.html#JG-07">JG-07</a>');
    expect(html).toContain('<code><a class="rule-ref" href="spec/join-group.html#JG-07">JG-07</a></code>');
    expect(html).toContain('<a href="spec/join-group.html#JG-07">the rule</a>');
    expect(html).toContain('XX-99');
    expect(html).not.toContain('#XX-99');
    const table = renderMarkdown(page('spec/machines/group.md'), FILES.get('spec/machines/group.md') ?? '', site());
    expect(table).toContain('<a class="rule-ref" href="../join-group.html#JG-08">JG-08</a>');
  });

  it('[TRC-02] resolves relative links to pages and diagrams; a repository file outside the site is not a link', () => {
    const readme = renderMarkdown(page('README.md'), FILES.get('README.md') ?? '', site());
    expect(readme).toContain('<img src="diagrams/g.svg" alt="d">');
    expect(readme).toContain('<span class="repo-path" title="src/x.ts in the repository">code</span>');
    const spec = renderMarkdown(page('spec/README.md'), FILES.get('spec/README.md') ?? '', site());
    expect(spec).toContain('<a href="join-group.html">join</a>');
    expect(spec).toContain('<span class="repo-path"');
  });

  it("[TRC-02] typedoc's icon references point at the symbols in the page, which work from file://", () => {
    expect(localIconRefs('<use href="../assets/icons.svg#icon-search"></use><use href="assets/icons.svg#icon-1"></use>')).toBe(
      '<use href="#icon-search"></use><use href="#icon-1"></use>',
    );
  });

  it('[TRC-02] a typedoc page links back to the guides and the spec, relative to its depth', () => {
    const html = '<div id="tsd-toolbar-links"></div><use href="../assets/icons.svg#icon-menu"></use>';
    expect(typedocPage(html, 'classes/src.EventLoop.html')).toBe(
      '<div id="tsd-toolbar-links"><a href="../../index.html">Guides</a><a href="../../spec/index.html">Spec</a></div><use href="#icon-menu"></use>',
    );
    expect(typedocPage(html, 'index.html')).toContain('<a href="../index.html">Guides</a>');
  });

  it('[TRC-02] relative hrefs and heading slugs', () => {
    expect(relativeHref('spec/a.html', 'index.html')).toBe('../index.html');
    expect(relativeHref('spec/a.html', 'spec/a.html#JG-07')).toBe('#JG-07');
    expect(relativeHref('spec/machines/t.html', 'spec/a.html#X')).toBe('../a.html#X');
    expect(relativeHref('index.html', 'api/index.html')).toBe('api/index.html');
    expect(slug('Time, ids and determinism')).toBe('time-ids-and-determinism');
    expect(linkRuleIds('<a href="x">JG-07</a> <pre><code>JG-07</code></pre>', 'index.html', site().rules)).toBe('<a href="x">JG-07</a> <pre><code>JG-07</code></pre>');
  });
});

describe('docs site build', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'kgspec-site-unit-'));
    buildSite({ root: ROOT, out, api: false });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const htmlFiles = (): string[] =>
    readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.html'))
      .map((f) => f.split('\\').join('/'));

  it('[TRC-02] every rule of spec/*.md has its anchor on its page', () => {
    for (const name of readdirSync(join(ROOT, 'spec')).filter((f) => f.endsWith('.md'))) {
      const rules = parseRules(`spec/${name}`, readFileSync(join(ROOT, 'spec', name), 'utf8'));
      const html = readFileSync(join(out, name === 'README.md' ? 'spec/index.html' : `spec/${name.replace(/\.md$/, '.html')}`), 'utf8');
      for (const rule of rules) expect(html, `${name} ${rule.id}`).toContain(`<h3 id="${rule.id}" class="rule">`);
    }
  });

  it('[TRC-02] every relative link and image of every page resolves to a file of the site, and nothing is fetched from elsewhere', () => {
    const pages = htmlFiles();
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'architecture.html', 'contributing.html', 'diagrams.html', 'spec/join-group.html']));
    const broken: string[] = [];
    for (const file of pages) {
      const html = readFileSync(join(out, file), 'utf8');
      expect(html, file).not.toMatch(/<(script|link|img)\b[^>]*(src|href)="(https?:)?\/\//);
      for (const [, ref = ''] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
        if (/^[a-z]+:/.test(ref)) continue;
        const [path = '', hash] = ref.split('#');
        const target = path === '' ? join(out, file) : join(dirname(join(out, file)), path);
        if (!existsSync(target)) broken.push(`${file}: ${ref}`);
        else if (hash !== undefined && path.endsWith('.html') && !readFileSync(target, 'utf8').includes(`id="${hash}"`)) {
          broken.push(`${file}: ${ref} (no anchor in ${relative(out, target)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
