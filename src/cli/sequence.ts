/**
 * A Mermaid sequence diagram of a demo run, drawn from the run's own entries: requests and
 * answers between the consumers and the brokers, requests lost to network errors as crossed
 * arrows, and the group's changes at its coordinator, crashes and failover as notes.
 */
import { isRoutine, type DemoEntry } from './demo-recorder.js';
import { describeRequest, describeResponse } from './timeline.js';

/**
 * Shortens generated member ids: `c1-00000000-0000-4000-8000-000000000001` (classic, the
 * coordinator's) to `c1-…0001`, and a bare UUID (KIP-848, the client's) to `…0001`.
 */
export function shortIds(text: string): string {
  return text
    .replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}([0-9a-f]{4})\b/g, '-…$1')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}([0-9a-f]{4})\b/g, '…$1');
}

/** Mermaid treats `;` and `#` specially in messages. */
function label(text: string): string {
  return shortIds(text).replace(/;/g, ',').replace(/#/g, 'no.');
}

/** The participants: consumers by name, then brokers by node id (`c1`..., `b0`...). */
function participants(entries: readonly DemoEntry[]): { consumers: string[]; brokers: string[] } {
  const consumers = new Set<string>();
  const brokers = new Set<number>();
  for (const e of entries) {
    if (e.kind === 'request' || e.kind === 'response' || e.kind === 'networkError') (consumers.add(e.who), brokers.add(e.node));
    else if (e.kind === 'group' && e.node >= 0) brokers.add(e.node);
    else if (e.kind === 'note') for (const o of e.over) (o.startsWith('b') ? brokers.add(Number(o.slice(1))) : consumers.add(o));
  }
  return { consumers: [...consumers].sort(), brokers: [...brokers].sort((a, b) => a - b).map((b) => `b${b}`) };
}

/** The cluster lookups the diagram leaves to the timeline, so that it shows the group protocol. */
const LOOKUPS: ReadonlySet<string> = new Set(['Metadata', 'ListOffsets']);

/** What the diagram says it leaves out. */
const LEFT_OUT = 'not drawn: Metadata and ListOffsets exchanges, the consumers\' own states and polls (the timeline of npm start shows them)';

/**
 * One entry as a diagram line, or null for what the diagram leaves out: routine traffic,
 * cluster lookups, the consumers' own state moves and what their application saw. A request
 * that came to a network error is drawn once, as a crossed arrow, when the error comes.
 */
function line(e: DemoEntry, span: string): string | null {
  if (isRoutine(e)) return null;
  switch (e.kind) {
    case 'request':
      return e.failed || LOOKUPS.has(e.request.api) ? null : `  ${e.who}->>b${e.node}: ${label(describeRequest(e.request))}`;
    case 'response':
      return LOOKUPS.has(e.response.api) ? null : `  b${e.node}-->>${e.who}: ${label(describeResponse(e.response))}`;
    case 'networkError':
      return LOOKUPS.has(e.api) ? null : `  ${e.who}-xb${e.node}: ${label(`${e.request === undefined ? e.api : describeRequest(e.request)}: ${e.reason}`)}`;
    case 'group':
      return `  Note over ${e.node >= 0 ? `b${e.node}` : span}: ${label(`${e.atMs} ms: ${e.text}`)}`;
    case 'note': {
      const over = e.over.length === 0 ? span : e.over.join(',');
      return `  Note over ${over}: ${label(`${e.atMs} ms: ${e.text}`)}`;
    }
    case 'member':
    case 'app':
      return null;
  }
}

/** The sequence diagram (Mermaid `sequenceDiagram`) of a demo run. */
export function sequenceDiagram(entries: readonly DemoEntry[]): string {
  const { consumers, brokers } = participants(entries);
  const all = [...consumers, ...brokers];
  const span = all.length > 1 ? `${all[0]},${all.at(-1)}` : (all[0] ?? 'b0');
  const out = ['sequenceDiagram', '  autonumber'];
  for (const p of all) out.push(`  participant ${p}`);
  out.push(`  Note over ${span}: ${label(LEFT_OUT)}`);
  for (const e of entries) {
    const l = line(e, span);
    if (l !== null) out.push(l);
  }
  return out.join('\n') + '\n';
}
