/**
 * A Mermaid sequence diagram of a demo run, drawn from the run's own events: requests and
 * responses between the members and the coordinator, timers and state changes as notes.
 */
import type { DemoEntry } from './demo.js';
import { describeRequest, describeResponse } from './timeline.js';

/** Shortens generated member ids (`c1-00000000-0000-4000-8000-000000000001` to `c1-…0001`). */
export function shortIds(text: string): string {
  return text.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}([0-9a-f]{4})\b/g, '-…$1');
}

/** Mermaid treats `;` and `#` specially in messages. */
function label(text: string): string {
  return shortIds(text).replace(/;/g, ',').replace(/#/g, 'no.');
}

/** The sequence diagram (Mermaid `sequenceDiagram`) of a demo run. */
export function sequenceDiagram(entries: readonly DemoEntry[]): string {
  const members = [...new Set(entries.flatMap((e) => (e.kind === 'event' && e.who !== '' ? [e.who] : [])))];
  const out = ['sequenceDiagram', '  autonumber'];
  for (const m of members) out.push(`  participant ${m}`);
  out.push('  participant C as Coordinator');
  for (const e of entries) {
    if (e.kind === 'note') {
      out.push(`  Note over ${members[0] ?? 'C'},C: ${label(`${e.atMs} ms: ${e.text}`)}`);
      continue;
    }
    const ev = e.event;
    if (ev.type === 'request') out.push(`  ${e.who}->>C: ${label(describeRequest(ev.request))}`);
    else if (ev.type === 'response') out.push(`  C-->>${e.who}: ${label(describeResponse(ev.response))}`);
    else if (ev.type === 'timer') out.push(`  Note over C: ${label(`${ev.atMs} ms: ${ev.event.type}`)}`);
    else out.push(`  Note over C: ${label(`${ev.groupId}: ${ev.from} -> ${ev.to}`)}`);
  }
  return out.join('\n') + '\n';
}
