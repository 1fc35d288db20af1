/**
 * Pure core of `npm run diagrams`: renders every statechart in `machines/` as Mermaid
 * `stateDiagram-v2` text, as Graphviz DOT, and as the Markdown transition table of
 * `spec/machines/<machine-id>.md`, all read from the machine definitions themselves.
 *
 * @remarks
 * Output is canonical: states and transitions in definition order, edges in order of first
 * appearance, no timestamps, `\n` line ends. So the generated files are byte-identical on
 * every run, and `test/machines/diagrams.test.ts` can regenerate them in memory to catch a
 * stale commit. SVG rendering (`@viz-js/viz`, WASM, offline) is in {@link renderSvg}.
 * @packageDocumentation
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { createClassicGroupMachine } from '../machines/classic-group.machine.js';
import { createClassicMemberMachine } from '../machines/classic-member.machine.js';
import { createConsumerMemberMachine } from '../machines/consumer-member.machine.js';
import { createConsumerGroupMachine } from '../machines/consumer-group.machine.js';
import { createConsumerGroupMemberMachine } from '../machines/consumer-group-member.machine.js';

/** A statechart to draw, with where its definition lives. */
export interface MachineEntry {
  /** The machine id, also the base name of every generated file. */
  readonly id: string;
  readonly title: string;
  /** The file that defines it, relative to the project root. */
  readonly source: string;
  /** The spec file with the rules its transitions cite. */
  readonly spec: string;
  readonly machine: AnyStateMachine;
}

/** Every statechart of the project. Structure does not depend on the factory options used here. */
export function machineEntries(): MachineEntry[] {
  return [
    {
      id: 'classic-group',
      title: 'Classic group (coordinator side)',
      source: 'machines/classic-group.machine.ts',
      spec: 'spec/group-states.md',
      machine: createClassicGroupMachine({ members: 3 }),
    },
    {
      id: 'classic-member',
      title: 'Consumer member (client side)',
      source: 'machines/classic-member.machine.ts',
      spec: 'spec/consumer-member.md',
      machine: createClassicMemberMachine({ protocol: 'cooperative' }),
    },
    {
      id: 'consumer-group',
      title: 'Consumer group, KIP-848 (coordinator side)',
      source: 'machines/consumer-group.machine.ts',
      spec: 'spec/consumer-group.md',
      machine: createConsumerGroupMachine(),
    },
    {
      id: 'consumer-group-member',
      title: 'Consumer group member reconciliation, KIP-848 (coordinator side)',
      source: 'machines/consumer-group-member.machine.ts',
      spec: 'spec/consumer-group-reconciliation.md',
      machine: createConsumerGroupMemberMachine(),
    },
    {
      id: 'consumer-member',
      title: 'Consumer member, KIP-848 (client side)',
      source: 'machines/consumer-member.machine.ts',
      spec: 'spec/consumer-member.md',
      machine: createConsumerMemberMachine(),
    },
  ];
}

/** One transition of a statechart, as the tables and diagrams show it. */
export interface TransitionRow {
  readonly source: string;
  readonly event: string;
  /** The case the transition stands for (`meta.case`), or `''`. */
  readonly case: string;
  readonly target: string;
  readonly outcome: string;
  readonly rules: readonly string[];
}

interface TransitionMeta {
  readonly case?: string;
  readonly rules?: readonly string[];
  readonly outcome?: string;
}

/** The top-level states of a machine, in definition order. */
export function statesOf(machine: AnyStateMachine): AnyStateNode[] {
  return Object.values(machine.root.states);
}

/** Every transition of a machine: states in definition order, then events, then guarded alternatives. */
export function transitionRows(machine: AnyStateMachine): TransitionRow[] {
  const rows: TransitionRow[] = [];
  for (const node of statesOf(machine)) {
    for (const [event, definitions] of node.transitions) {
      for (const def of definitions) {
        const meta = (def.meta ?? {}) as TransitionMeta;
        rows.push({
          source: node.key,
          event,
          case: meta.case ?? '',
          target: def.target?.[0]?.key ?? node.key,
          outcome: meta.outcome ?? def.description ?? '',
          rules: meta.rules ?? [],
        });
      }
    }
  }
  return rows;
}

/** The initial state's key. */
function initialOf(machine: AnyStateMachine): string {
  const key = machine.root.initial?.target[0]?.key;
  if (key === undefined) throw new Error(`${machine.id}: no initial state`);
  return key;
}

interface Edge {
  readonly source: string;
  readonly target: string;
  readonly events: string[];
  readonly rows: TransitionRow[];
}

/** Transitions grouped by (source, target), in order of first appearance; events listed once each. */
export function edgesOf(machine: AnyStateMachine): Edge[] {
  const edges = new Map<string, Edge>();
  for (const row of transitionRows(machine)) {
    const key = `${row.source}\u0000${row.target}`;
    let edge = edges.get(key);
    if (edge === undefined) {
      edge = { source: row.source, target: row.target, events: [], rows: [] };
      edges.set(key, edge);
    }
    if (!edge.events.includes(row.event)) edge.events.push(row.event);
    edge.rows.push(row);
  }
  return [...edges.values()];
}

const GENERATED = (entry: MachineEntry): string =>
  `Generated by npm run diagrams from ${entry.source}; do not edit.`;

/** Mermaid `stateDiagram-v2` text: one edge per (source, target) labelled with its events. */
export function toMermaid(entry: MachineEntry): string {
  const { machine } = entry;
  const lines = ['---', `title: ${entry.title}`, '---', `%% ${GENERATED(entry)}`, 'stateDiagram-v2', '  direction LR'];
  lines.push(`  [*] --> ${initialOf(machine)}`);
  for (const edge of edgesOf(machine)) lines.push(`  ${edge.source} --> ${edge.target} : ${edge.events.join(', ')}`);
  for (const node of statesOf(machine)) if (node.type === 'final') lines.push(`  ${node.key} --> [*]`);
  return `${lines.join('\n')}\n`;
}

/** A double-quoted DOT string. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Graphviz DOT: states as rounded boxes (final ones doubled), descriptions and rules as tooltips. */
export function toDot(entry: MachineEntry): string {
  const { machine } = entry;
  const lines = [
    `// ${GENERATED(entry)}`,
    `digraph ${dotString(machine.id)} {`,
    `  label=${dotString(entry.title)};`,
    '  labelloc=t;',
    '  rankdir=LR;',
    '  fontname="Helvetica";',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  __start [shape=point, label="", width=0.15];',
    `  __start -> ${dotString(initialOf(machine))};`,
  ];
  for (const node of statesOf(machine)) {
    const attrs = [`tooltip=${dotString(node.description ?? node.key)}`];
    if (node.type === 'final') attrs.push('peripheries=2');
    lines.push(`  ${dotString(node.key)} [${attrs.join(', ')}];`);
  }
  for (const edge of edgesOf(machine)) {
    const tooltip = edge.rows.map((r) => `${r.event} ${r.case}: ${r.rules.join(' ') || '-'}`).join('\n');
    lines.push(
      `  ${dotString(edge.source)} -> ${dotString(edge.target)} [label=${dotString(edge.events.join('\n'))}, tooltip=${dotString(tooltip)}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The transition table of `spec/machines/<id>.md`: per state its description, then one row
 * per transition with its rule IDs. Only `#` and `##` headings, so spec:check finds no rules here.
 */
export function toTransitionTable(entry: MachineEntry): string {
  const { machine } = entry;
  const rows = transitionRows(machine);
  const out = [
    `# Transitions of \`${machine.id}\``,
    '',
    `${entry.title}. ${GENERATED(entry)}`,
    '',
    'Every row is one transition of the statechart: the event, the case of the model it stands for, the',
    'target state, the predicted outcome and the rule IDs it cites in `meta.rules`. The rules are in',
    `[${entry.spec.slice('spec/'.length)}](../${entry.spec.slice('spec/'.length)}) and the other spec files.`,
    '',
    `States: ${statesOf(machine)
      .map((n) => `\`${n.key}\``)
      .join(', ')}; initial: \`${initialOf(machine)}\`. Transitions: ${rows.length}.`,
  ];
  let n = 0;
  for (const node of statesOf(machine)) {
    out.push('', `## ${node.key}`, '');
    if (node.type === 'final') out.push('Final state.', '');
    out.push(...(node.description ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== ''));
    const own = rows.filter((r) => r.source === node.key);
    if (own.length === 0) continue;
    out.push('', '| # | event | case | to | outcome | rules |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of own) {
      n++;
      const rules = r.rules.length > 0 ? r.rules.join(', ') : '(none yet)';
      out.push(`| ${n} | \`${r.event}\` | \`${r.case}\` | ${r.target} | ${cell(r.outcome)} | ${rules} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** A generated text file: path relative to the project root, and its content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Every generated text file (Mermaid, DOT, transition tables), in a fixed order. */
export function generatedTextFiles(entries: readonly MachineEntry[] = machineEntries()): GeneratedFile[] {
  return entries.flatMap((entry) => [
    { path: `docs/diagrams/${entry.id}.mmd`, content: toMermaid(entry) },
    { path: `docs/diagrams/${entry.id}.dot`, content: toDot(entry) },
    { path: `spec/machines/${entry.id}.md`, content: toTransitionTable(entry) },
  ]);
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`), offline. */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
