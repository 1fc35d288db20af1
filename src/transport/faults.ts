/**
 * Network faults as data: a plan that decides, message by message, whether the transport
 * delivers, drops, delays, duplicates or reorders it; and the seeded generator that the
 * plan's probabilities draw from.
 *
 * @remarks
 * Nothing here reads ambient randomness. A plan given as rules is plain data (it can be
 * printed, stored with a failing seed and replayed); a plan given as a function receives the
 * transport's generator, so it stays deterministic too.
 * @see spec/cluster.md NET-04
 */

/** A source of uniform numbers in [0, 1). */
export interface Prng {
  next(): number;
}

/**
 * Marsaglia's xorshift32: small, fast, and good enough to pick faults. The same seed always
 * yields the same sequence.
 */
export class XorShift32 implements Prng {
  private state: number;

  /** A generator from `seed` (any integer; 0, which xorshift cannot leave, is replaced). */
  constructor(seed: number) {
    const s = Math.trunc(seed) | 0;
    this.state = s === 0 ? 0x9e3779b9 | 0 : s;
  }

  /** The next 32-bit unsigned value. */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x | 0;
    return x >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** The next integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Which way a message travels. */
export type Direction = 'request' | 'response';

/** What a fault plan sees of a message. */
export interface MessageInfo {
  readonly direction: Direction;
  /** The client end of the connection. */
  readonly client: string;
  /** The broker end of the connection. */
  readonly nodeId: number;
  /** The request's API (`request.api`); responses carry their request's. */
  readonly api: string;
  readonly correlationId: number;
  /** Position of this message among every message the transport has sent (0-based). */
  readonly seq: number;
  readonly atMs: number;
}

/** What happens to one message. */
export type FaultAction =
  | { readonly type: 'deliver' }
  | { readonly type: 'drop' }
  /** Delivered `ms` later than normal, so later messages can overtake it. */
  | { readonly type: 'delay'; readonly ms: number }
  /** Delivered normally, plus `copies` (default 1) more, each `gapMs` (default 0) after the previous. */
  | { readonly type: 'duplicate'; readonly copies?: number; readonly gapMs?: number }
  /**
   * Held back and delivered right after the next message sent on the same connection in the
   * same direction; released after `holdMs` (default 100) if no such message comes.
   */
  | { readonly type: 'reorder'; readonly holdMs?: number };

/** Which messages a rule applies to; absent fields match anything. */
export interface MessageMatch {
  readonly direction?: Direction;
  readonly client?: string;
  readonly nodeId?: number;
  readonly api?: string;
  readonly correlationId?: number;
}

/** One fault rule. */
export interface FaultRule {
  readonly match?: MessageMatch;
  readonly action: FaultAction;
  /** Chance in [0, 1] that a matching message is hit (default 1: always, no draw). */
  readonly probability?: number;
  /** Most messages this rule may hit (default unlimited). */
  readonly limit?: number;
}

/**
 * A fault plan: rules tried in order (the first that matches, has budget left and wins its
 * draw decides; no rule: deliver), or a function of the message and the generator.
 */
export type FaultPlan = readonly FaultRule[] | ((message: MessageInfo, rng: Prng) => FaultAction);

const DELIVER: FaultAction = { type: 'deliver' };

/** Whether `message` satisfies every field of `match`. */
export function matches(match: MessageMatch | undefined, message: MessageInfo): boolean {
  if (match === undefined) return true;
  return (
    (match.direction === undefined || match.direction === message.direction) &&
    (match.client === undefined || match.client === message.client) &&
    (match.nodeId === undefined || match.nodeId === message.nodeId) &&
    (match.api === undefined || match.api === message.api) &&
    (match.correlationId === undefined || match.correlationId === message.correlationId)
  );
}

/** Applies a {@link FaultPlan}, keeping each rule's used budget. */
export class FaultInjector {
  private readonly plan: FaultPlan;
  private readonly rng: Prng;
  private readonly used: number[];

  constructor(plan: FaultPlan, rng: Prng) {
    this.plan = plan;
    this.rng = rng;
    this.used = typeof plan === 'function' ? [] : plan.map(() => 0);
  }

  /** The action for `message`. Draws from the generator only for matching rules with a probability. */
  decide(message: MessageInfo): FaultAction {
    if (typeof this.plan === 'function') return this.plan(message, this.rng);
    for (let i = 0; i < this.plan.length; i++) {
      const rule = this.plan[i] as FaultRule;
      const used = this.used[i] ?? 0;
      if (!matches(rule.match, message) || (rule.limit !== undefined && used >= rule.limit)) continue;
      if (rule.probability !== undefined && rule.probability < 1 && !(this.rng.next() < rule.probability)) continue;
      this.used[i] = used + 1;
      return rule.action;
    }
    return DELIVER;
  }
}
