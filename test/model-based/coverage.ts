/**
 * What the model-based runs reached and fired: the edges of a statechart (one per transition
 * definition, as `toDirectedGraph` lists them) and the states, counted only for steps the real
 * broker agreed with.
 *
 * @remarks
 * Shared by the `*.mbt.test.ts` files and `scripts/mbt-coverage.ts`; it imports no vitest, so
 * the script runs it outside a test runner.
 */
import type { AnyStateMachine, AnyTransitionDefinition } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphEdge, DirectedGraphNode } from 'xstate/graph';

/** One transition of a statechart: an edge of `toDirectedGraph` with what its `meta` declares. */
export interface MachineEdge {
  readonly edge: DirectedGraphEdge;
  readonly transition: AnyTransitionDefinition;
  readonly source: string;
  readonly target: string;
  readonly eventType: string;
  readonly case: string;
  readonly rules: readonly string[];
  /** `source|case|target`: unique within a statechart (machine-rules.test.ts checks it). */
  readonly key: string;
}

interface TransitionMeta {
  readonly case: string;
  readonly rules: readonly string[];
}

/** Every edge of the statechart, in definition order. */
export function machineEdges(machine: AnyStateMachine): MachineEdge[] {
  const edges: MachineEdge[] = [];
  const walk = (node: DirectedGraphNode): void => {
    for (const edge of node.edges) {
      const meta = edge.transition.meta as TransitionMeta | undefined;
      if (meta === undefined) throw new Error(`transition ${edge.id} has no meta`);
      const source = edge.source.key;
      const target = edge.target.key;
      edges.push({
        edge,
        transition: edge.transition,
        source,
        target,
        eventType: edge.transition.eventType,
        case: meta.case,
        rules: meta.rules,
        key: edgeKey(source, meta.case, target),
      });
    }
    node.children.forEach(walk);
  };
  walk(toDirectedGraph(machine));
  return edges;
}

/** The key of an edge from its source state, case and target state. */
export function edgeKey(source: string, kase: string, target: string): string {
  return `${source}|${kase}|${target}`;
}

/** Reached states and fired transitions of one statechart. */
export class Coverage {
  readonly id: string;
  readonly edges: readonly MachineEdge[];
  readonly stateKeys: readonly string[];
  private readonly byTransition: Map<AnyTransitionDefinition, MachineEdge>;
  private readonly reached = new Set<string>();
  private readonly fired = new Set<string>();

  constructor(machine: AnyStateMachine) {
    this.id = machine.id;
    this.edges = machineEdges(machine);
    this.stateKeys = Object.keys(machine.root.states);
    this.byTransition = new Map(this.edges.map((e) => [e.transition, e]));
  }

  /** Records a state the real broker was in agreement with. */
  reach(state: string): void {
    if (!this.stateKeys.includes(state)) throw new Error(`${this.id}: no state ${state}`);
    this.reached.add(state);
  }

  /** The edge of a transition definition (as an inspection `@xstate.microstep` event carries it). */
  edgeOf(transition: AnyTransitionDefinition): MachineEdge {
    const edge = this.byTransition.get(transition);
    if (edge === undefined) throw new Error(`${this.id}: a transition outside toDirectedGraph fired`);
    return edge;
  }

  /** Records a fired transition. */
  fire(transition: AnyTransitionDefinition): void {
    this.fired.add(this.edgeOf(transition).key);
  }

  /** Adds what another record of the same statechart reached and fired. */
  merge(other: Coverage): void {
    if (other.id !== this.id) throw new Error(`cannot merge coverage of ${other.id} into ${this.id}`);
    other.reached.forEach((s) => this.reached.add(s));
    other.fired.forEach((k) => this.fired.add(k));
  }

  /** Edges never fired, in definition order. */
  missing(): MachineEdge[] {
    return this.edges.filter((e) => !this.fired.has(e.key));
  }

  /** States never reached. */
  unreached(): string[] {
    return this.stateKeys.filter((s) => !this.reached.has(s));
  }

  /** Whether every state was reached and every transition fired. */
  complete(): boolean {
    return this.missing().length === 0 && this.unreached().length === 0;
  }

  /** `coverage <id>: states S/S_total, transitions T/T_total`. */
  line(): string {
    const states = this.stateKeys.length - this.unreached().length;
    const transitions = this.edges.length - this.missing().length;
    return `coverage ${this.id}: states ${states}/${this.stateKeys.length}, transitions ${transitions}/${this.edges.length}`;
  }
}

/** A readable name of an edge for test titles: its rule IDs in brackets, then the transition. */
export function edgeTitle(edge: MachineEdge, detail = ''): string {
  const rules = edge.rules.map((r) => `[${r}]`).join('');
  return `${rules} ${edge.source} --${edge.eventType} (${edge.case})${detail}--> ${edge.target}`;
}
