/**
 * Random histories of a KIP-848 consumer group: what happens to 1-6 simulated members, the
 * topics they subscribe to and the coordinator, as fast-check arbitraries (shrinkable data).
 */
import fc from 'fast-check';

/** Topics the members may subscribe to; `c` does not exist until a `grow` creates it. */
export const TOPICS = ['a', 'b', 'c'] as const;
/** Partitions of the topics that exist at the start. */
export const INITIAL_PARTITIONS: Readonly<Record<string, number>> = { a: 2, b: 3 };
/** Most partitions a topic grows to. */
export const MAX_PARTITIONS = 6;
/** Slots a member may run in (one incarnation at a time). */
export const SLOTS = 6;

/** One thing that happens. `topics` is a bit mask over {@link TOPICS} (never 0). */
export type Action =
  /** A consumer starts in an empty slot (or one whose consumer stopped). */
  | {
      readonly kind: 'join';
      readonly slot: number;
      readonly topics: number;
      readonly static: boolean;
      readonly version: 0 | 1;
      /** The server assignor it asks for (null: the group's default). */
      readonly assignor?: 'uniform' | 'range' | null;
    }
  /** The slot's consumer leaves (epoch -1, or -2 when static). */
  | { readonly kind: 'leave'; readonly slot: number }
  /** The slot's consumer dies silently: its session expires. */
  | { readonly kind: 'die'; readonly slot: number }
  /** The slot's consumer changes its subscription. */
  | { readonly kind: 'subscribe'; readonly slot: number; readonly topics: number }
  /** A topic grows by 1-2 partitions (or is created). */
  | { readonly kind: 'grow'; readonly topic: number; readonly by: number }
  /** The slot's consumer (or the next that owns partitions) commits the next offset of each, at its epoch. */
  | { readonly kind: 'commit'; readonly slot: number }
  /** The next answer to the slot's consumer is lost (at most three in a row). */
  | { readonly kind: 'lose'; readonly slot: number }
  /** Time passes while members heartbeat. */
  | { readonly kind: 'wait'; readonly ms: number }
  /**
   * A broker crashes (never the last one up), mid-step: after that step's heartbeats (and, with
   * `commitFirst`, an offset commit) went out, before their writes are replicated.
   */
  | { readonly kind: 'crash'; readonly broker: number; readonly commitFirst: boolean }
  /** A crashed broker comes back. */
  | { readonly kind: 'restart'; readonly broker: number }
  /** The group's coordinator moves to another in-sync broker, mid-step as a crash does. */
  | { readonly kind: 'move'; readonly broker: number; readonly commitFirst: boolean };

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const broker = fc.integer({ min: 0, max: 2 });
const topics = fc.integer({ min: 1, max: 7 });

/** One action; `failovers` false leaves out crashes, restarts and moves, `commits` false offset commits. */
export function actionArb(failovers: boolean, commits: boolean): fc.Arbitrary<Action> {
  const common: fc.WeightedArbitrary<Action>[] = [
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('join' as const), slot, topics, static: fc.boolean(), version: fc.constantFrom(0 as const, 1 as const), assignor: fc.constantFrom(null, null, 'uniform' as const, 'range' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), slot }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('die' as const), slot }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), slot, topics }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('grow' as const), topic: fc.integer({ min: 0, max: TOPICS.length - 1 }), by: fc.integer({ min: 1, max: 2 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('lose' as const), slot }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(100, 300, 1000, 2500, 6000) }) },
  ];
  const faults: fc.WeightedArbitrary<Action>[] = [
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash' as const), broker, commitFirst: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const), broker }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), broker, commitFirst: fc.boolean() }) },
  ];
  const commit: fc.WeightedArbitrary<Action> = { weight: 4, arbitrary: fc.record({ kind: fc.constant('commit' as const), slot }) };
  return fc.oneof(...common, ...(failovers ? faults : []), ...(commits ? [commit] : []));
}

/** A history: 5-40 actions. */
export function historyArb(options: { readonly failovers?: boolean; readonly commits?: boolean } = {}): fc.Arbitrary<Action[]> {
  return fc.array(actionArb(options.failovers ?? true, options.commits ?? false), { minLength: 5, maxLength: 40, size: 'max' });
}

/** The topic names of a mask. */
export function topicsOf(mask: number): string[] {
  return TOPICS.filter((_, i) => (mask & (1 << i)) !== 0);
}
