/**
 * Pure core of `npm run docs`: turns the project's Markdown (the guides, `spec/*.md` and the
 * generated transition tables in `spec/machines/`) into the HTML pages of the docs site, with
 * every rule heading anchored by its ID and every rule ID mentioned in a page linked to it.
 *
 * @remarks
 * Everything here works on in-memory text so it can be unit tested without a file system or a
 * browser; `scripts/docs-site.ts` reads the files, runs typedoc and writes the site. Links are
 * relative and the pages load nothing but the site's own stylesheet, so the site is browsable
 * offline from `file://`.
 * @see TRC-02
 * @packageDocumentation
 */
import { posix } from 'node:path';
import { Marked, type Tokens } from 'marked';
import { parseRules } from './spec-check-lib.js';

/** One Markdown source of the site and the page it becomes. */
export interface SitePage {
  /** Repository-relative path of the Markdown source, `/`-separated (`spec/join-group.md`). */
  readonly source: string;
  /** Site-relative path of the HTML page (`spec/join-group.html`). */
  readonly out: string;
  /** Title shown in the navigation and the browser tab. */
  readonly title: string;
  /** Where the page is listed in the navigation. */
  readonly section: 'Guides' | 'Spec' | 'Transition tables';
}

/** A diagram copied into the site (`docs/diagrams/*.svg` and `.mmd`). */
export interface SiteAsset {
  readonly source: string;
  readonly out: string;
}

/** What every page needs to know about the whole site. */
export interface SiteIndex {
  readonly pages: readonly SitePage[];
  readonly assets: readonly SiteAsset[];
  /** Each rule ID to its anchor, site-relative (`spec/join-group.html#JG-07`). */
  readonly rules: ReadonlyMap<string, string>;
  /** Whether the typedoc API reference is part of the site (under `api/`). */
  readonly api: boolean;
}

const GUIDES: readonly (readonly [string, string, string])[] = [
  ['README.md', 'index.html', 'Overview'],
  ['ARCHITECTURE.md', 'architecture.html', 'Architecture'],
  ['CONTRIBUTING.md', 'contributing.html', 'Contributing'],
];

/** The page title of a Markdown file: its first `# ` heading, else its file name. */
export function titleOf(source: string, content: string): string {
  const heading = /^#[ \t]+(.+)$/m.exec(content);
  return heading?.[1]?.replace(/`/g, '').trim() ?? posix.basename(source, '.md');
}

/**
 * The pages of the site, from the repository's Markdown files (`/`-separated relative paths
 * with their contents): the guides first, then `spec/README.md` as the spec's index page and
 * the other spec files in name order, then the transition tables.
 */
export function planPages(files: ReadonlyMap<string, string>): SitePage[] {
  const pages: SitePage[] = [];
  for (const [source, out, title] of GUIDES) {
    if (files.has(source)) pages.push({ source, out, title, section: 'Guides' });
  }
  const sorted = [...files.keys()].sort((a, b) => (a === 'spec/README.md' ? -1 : b === 'spec/README.md' ? 1 : a.localeCompare(b)));
  for (const source of sorted) {
    const content = files.get(source) ?? '';
    const spec = /^spec\/[^/]+\.md$/.test(source);
    const table = /^spec\/machines\/[^/]+\.md$/.test(source);
    if (!spec && !table) continue;
    const out = source === 'spec/README.md' ? 'spec/index.html' : source.replace(/\.md$/, '.html');
    pages.push({ source, out, title: titleOf(source, content), section: spec ? 'Spec' : 'Transition tables' });
  }
  return pages;
}

/** Where each rule of `spec/*.md` is anchored on the site. */
export function ruleAnchors(pages: readonly SitePage[], files: ReadonlyMap<string, string>): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const page of pages) {
    if (page.section !== 'Spec') continue;
    for (const rule of parseRules(page.source, files.get(page.source) ?? '')) {
      if (!anchors.has(rule.id)) anchors.set(rule.id, `${page.out}#${rule.id}`);
    }
  }
  return anchors;
}

/** A GitHub-style anchor for a heading that is not a rule: lowercase words joined by dashes. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** `to` (site-relative) as seen from the page `from` (site-relative). */
export function relativeHref(from: string, to: string): string {
  const [path = '', hash] = to.split('#', 2);
  const rel = path === from ? '' : posix.relative(posix.dirname(from), path) || posix.basename(path);
  return hash === undefined ? rel : `${rel}#${hash}`;
}

/**
 * Resolves a link found in the Markdown source `source` to a site-relative target: a page, an
 * asset or an anchor. Null when the target is a repository file the site does not contain.
 */
export function resolveLink(source: string, href: string, site: SiteIndex): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
  if (href.startsWith('#')) return href;
  const [path = '', hash] = href.split('#', 2);
  let target = posix.normalize(posix.join(posix.dirname(source), path));
  if (href.endsWith('/') || path === '') target = posix.join(target, 'README.md');
  const page = site.pages.find((p) => p.source === target);
  const asset = site.assets.find((a) => a.source === target);
  const out = page?.out ?? asset?.out;
  if (out === undefined) return null;
  return hash === undefined ? out : `${out}#${hash}`;
}

const RULE_ID_IN_TEXT = /\b[A-Z]{2,5}-\d{2,3}\b/g;

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Links every known rule ID in the text of `html` to its anchor, seen from the page `from`.
 *
 * @remarks
 * Works on the rendered HTML: text between tags is scanned, except inside `<a>` (a link in a
 * link is invalid), `<pre>` (code blocks are quoted as they are) and the rule headings
 * themselves (`<h3 id="JG-07">` already is the anchor). IDs no rule defines are left alone.
 */
export function linkRuleIds(html: string, from: string, rules: ReadonlyMap<string, string>): string {
  let inLink = 0;
  let inPre = 0;
  let inRuleHeading = false;
  return html.replace(/<[^>]*>|[^<]+/g, (part) => {
    if (part.startsWith('<')) {
      const tag = /^<(\/?)([a-zA-Z0-9]+)/.exec(part);
      const closing = tag?.[1] === '/';
      const name = tag?.[2]?.toLowerCase();
      if (name === 'a') inLink += closing ? -1 : 1;
      if (name === 'pre') inPre += closing ? -1 : 1;
      if (name === 'h3') inRuleHeading = !closing && /class="rule"/.test(part);
      return part;
    }
    if (inLink > 0 || inPre > 0 || inRuleHeading) return part;
    return part.replace(RULE_ID_IN_TEXT, (id) => {
      const anchor = rules.get(id);
      return anchor === undefined ? id : `<a class="rule-ref" href="${escapeHtml(relativeHref(from, anchor))}">${id}</a>`;
    });
  });
}

/** Renders one page's Markdown to HTML (the body only), its links and rule IDs resolved. */
export function renderMarkdown(page: SitePage, markdown: string, site: SiteIndex): string {
  const used = new Set<string>();
  const unique = (base: string): string => {
    let id = base || 'section';
    for (let n = 1; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  const target = (href: string): string | null => {
    const resolved = resolveLink(page.source, href, site);
    if (resolved === null || /^[a-z][a-z0-9+.-]*:|^#/i.test(resolved)) return resolved;
    return relativeHref(page.out, resolved);
  };
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Heading): string {
        const inner = this.parser.parseInline(token.tokens);
        const first = /^([A-Z]{2,5}-\d{2,3})(?:\s|$)/.exec(token.text)?.[1];
        if (token.depth === 3 && first !== undefined && site.rules.get(first)?.startsWith(`${page.out}#`)) {
          const id = unique(first);
          return `<h3 id="${id}" class="rule"><a class="anchor" href="#${id}">${inner}</a></h3>\n`;
        }
        const id = unique(slug(token.text));
        return `<h${token.depth} id="${escapeHtml(id)}">${inner}</h${token.depth}>\n`;
      },
      link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link): string {
        const inner = this.parser.parseInline(token.tokens);
        const href = target(token.href);
        if (href === null) return `<span class="repo-path" title="${escapeHtml(token.href)} in the repository">${inner}</span>`;
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        return `<a href="${escapeHtml(href)}"${title}>${inner}</a>`;
      },
      image(token: Tokens.Image): string {
        const src = target(token.href);
        if (src === null) return `<span class="repo-path">${escapeHtml(token.text)}</span>`;
        return `<img src="${escapeHtml(src)}" alt="${escapeHtml(token.text)}">`;
      },
    },
  });
  // A rule's `Source:` line ends its paragraph in the Markdown; show it as a paragraph of its own.
  const text = page.section === 'Spec' ? markdown.replace(/\n(Source: )/g, '\n\n$1') : markdown;
  const html = marked.parse(text, { async: false });
  return linkRuleIds(html, page.out, site.rules);
}

/** A spec page's name in the navigation: its file name (the spec's README is its overview). */
function specLabel(page: SitePage): string {
  return page.source === 'spec/README.md' ? 'Overview' : page.source.slice('spec/'.length);
}

/** The navigation of every page: the guides, the spec, the tables, the diagrams and the API. */
function navigation(from: string, site: SiteIndex): string {
  const link = (out: string, title: string): string => {
    const current = out === from ? ' aria-current="page"' : '';
    return `<li><a href="${escapeHtml(relativeHref(from, out))}"${current}>${escapeHtml(title)}</a></li>`;
  };
  const sections: string[] = [];
  for (const section of ['Guides', 'Spec', 'Transition tables'] as const) {
    const items = site.pages.filter((p) => p.section === section).map((p) => link(p.out, section === 'Spec' ? specLabel(p) : p.title));
    if (items.length > 0) sections.push(`<h2>${section}</h2><ul>${items.join('')}</ul>`);
  }
  const more = [link('diagrams.html', 'Statechart diagrams')];
  if (site.api) more.push(link('api/index.html', 'API reference (typedoc)'));
  sections.push(`<h2>More</h2><ul>${more.join('')}</ul>`);
  return sections.join('\n');
}

/** A whole HTML page around `body`: the site's stylesheet and navigation, nothing fetched from elsewhere. */
export function layout(from: string, title: string, body: string, site: SiteIndex): string {
  const css = relativeHref(from, 'site.css');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · kafka-group-spec</title>`,
    `<link rel="stylesheet" href="${escapeHtml(css)}">`,
    '</head>',
    '<body>',
    `<nav><p class="brand"><a href="${escapeHtml(relativeHref(from, 'index.html'))}">kafka-group-spec</a></p>\n${navigation(from, site)}</nav>`,
    `<main>\n${body}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The page that shows every statechart diagram (`docs/diagrams/*.svg`). */
export function diagramsPage(site: SiteIndex): string {
  const svgs = site.assets.filter((a) => a.out.endsWith('.svg'));
  const body = [
    '<h1 id="statechart-diagrams">Statechart diagrams</h1>',
    '<p>Drawn by <code>npm run diagrams</code> from the statecharts in <code>machines/</code>; each transition, with its rule IDs, is in the transition tables.</p>',
    ...svgs.map((a) => {
      const name = posix.basename(a.out, '.svg');
      const table = site.pages.find((p) => p.source === `spec/machines/${name}.md`);
      const tableLink = table ? ` (<a href="${escapeHtml(relativeHref('diagrams.html', table.out))}">transition table</a>)` : '';
      return `<h2 id="${escapeHtml(name)}">${escapeHtml(name)}${tableLink}</h2>\n<p><img src="${escapeHtml(a.out)}" alt="The ${escapeHtml(name)} statechart"></p>`;
    }),
  ].join('\n');
  return layout('diagrams.html', 'Statechart diagrams', body, site);
}

/**
 * Makes a typedoc page work from `file://`: its icons are `<use href="../assets/icons.svg#icon-x">`,
 * which Chromium refuses to load across files ("file: URLs are treated as unique security
 * origins", a console error), while typedoc's `icons.js` also puts the same symbols into the page
 * itself. Pointing the references at the page (`#icon-x`) uses those.
 */
export function localIconRefs(html: string): string {
  return html.replace(/(href=")(?:\.\.\/)*assets\/icons\.svg#/g, '$1#');
}

/**
 * A typedoc page as part of the site: icons that work from `file://` ({@link localIconRefs}) and,
 * in typedoc's (otherwise empty) toolbar links, the way back to the guides and the spec.
 *
 * @param file - the page's path under `api/`, `/`-separated (`classes/src.EventLoop.html`).
 */
export function typedocPage(html: string, file: string): string {
  const up = '../'.repeat(file.split('/').length);
  const links = `<div id="tsd-toolbar-links"><a href="${up}index.html">Guides</a><a href="${up}spec/index.html">Spec</a></div>`;
  return localIconRefs(html).replace('<div id="tsd-toolbar-links"></div>', links);
}

/** The site's one stylesheet. */
export const SITE_CSS = `:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; display: flex; font: 15px/1.55 system-ui, sans-serif; color: var(--fg); }
nav { width: 250px; flex: none; padding: 1rem; border-right: 1px solid var(--line); height: 100vh; position: sticky; top: 0; overflow-y: auto; font-size: 14px; }
nav h2 { font-size: 12px; text-transform: uppercase; color: var(--muted); margin: 1.2rem 0 .3rem; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav a[aria-current] { font-weight: 600; }
.brand { font-weight: 700; font-size: 16px; margin: 0; }
main { padding: 1.5rem 2.5rem; max-width: 980px; min-width: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
h3.rule { border-top: 1px solid var(--line); padding-top: .6rem; }
h3.rule a.anchor { color: inherit; }
:target { background: #fff8c5; }
code { font: 13px ui-monospace, monospace; background: #f6f8fa; padding: .1em .3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; border-radius: 6px; }
pre code { padding: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; }
img { max-width: 100%; }
a.rule-ref { white-space: nowrap; }
.repo-path { font-family: ui-monospace, monospace; font-size: 13px; }
`;
