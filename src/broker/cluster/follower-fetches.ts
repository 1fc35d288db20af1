/**
 * The follower fetches of one partition (RP-04) on the event loop, armed in batches: one loop
 * task for the fetches that two or more separate tasks would have run back to back.
 *
 * @remarks
 * Every append arms a fetch for each live follower that has none armed. As separate keyed tasks
 * (one per follower, as this model first had them) those fetches are armed one right after the
 * other with the same deadline, so the loop runs them consecutively: nothing can be armed
 * between them, and whatever the first fetch arms gets a later place than the second. One task
 * that runs the same fetches in the same order is therefore indistinguishable from them, and
 * costs one timer instead of one per follower on every commit of a replicated
 * `__consumer_offsets` partition.
 *
 * A fetch joins the batch armed last only when that batch is still the very last task armed on
 * the loop (by its `seq`) and falls due at the same instant; otherwise it starts a new batch.
 * So the order of every task, fetches included, is exactly what per-follower tasks give, and a
 * run replays the same (DET-01). Cancelling a fetch (its broker crashed, the partition went
 * offline) drops it from its batch; a batch left with no fetch is cancelled on the loop.
 * @see spec/cluster.md RP-04
 */
import type { EventLoop } from '../../time/event-loop.js';

/** Fetches armed as one loop task, run in the order they were armed. */
interface Batch {
  /** The batch's loop key (scoped to its {@link FollowerFetches}), one per free slot. */
  readonly key: string;
  readonly deadlineMs: number;
  /** The `seq` the loop gave the batch's task. */
  readonly seq: number;
  /** Followers to fetch for, in arming order; a cancelled one is set to -1. */
  readonly nodes: number[];
  /** How many entries of `nodes` are still to run. */
  live: number;
  /** Set once the loop has started it: its key no longer names it on the loop. */
  running: boolean;
}

/** The armed follower fetches of one partition. */
export class FollowerFetches {
  private readonly loop: EventLoop;
  private readonly delayMs: number;
  private readonly fetch: (nodeId: number) => void;
  private readonly replicas: readonly number[];
  /** The batch each replica's fetch is armed in (by replica position), or undefined. */
  private readonly armedIn: (Batch | undefined)[];
  /** Batches armed on the loop, by slot; a slot's key is its index. */
  private readonly slots: (Batch | undefined)[];
  private last: Batch | undefined;
  /** The loop runs a batch of this scope when it is due (a {@link TimerScope} of no data). */
  readonly fire = (key: string): void => this.run(key);

  /**
   * @param fetch - one follower fetch (RP-04): replicate, then deliver what it caused
   */
  constructor(loop: EventLoop, delayMs: number, replicas: readonly number[], fetch: (nodeId: number) => void) {
    this.loop = loop;
    this.delayMs = delayMs;
    this.replicas = replicas;
    this.fetch = fetch;
    this.armedIn = replicas.map(() => undefined);
    this.slots = replicas.map(() => undefined);
  }

  /** Whether a fetch of `nodeId` is armed and has not run yet. */
  has(nodeId: number): boolean {
    const at = this.replicas.indexOf(nodeId);
    return at >= 0 && this.armedIn[at] !== undefined;
  }

  /** Arms a fetch of follower `nodeId` `delayMs` from now, unless one is armed (RP-04). */
  schedule(nodeId: number): void {
    const at = this.replicas.indexOf(nodeId);
    if (at < 0 || this.armedIn[at] !== undefined) return;
    const deadlineMs = this.loop.nowMs() + this.delayMs;
    let batch = this.last;
    if (batch === undefined || batch.running || batch.live === 0 || batch.seq !== this.loop.lastSeq || batch.deadlineMs !== deadlineMs) {
      const slot = this.slots.indexOf(undefined);
      const key = String(slot);
      this.loop.arm<undefined>(this, key, this.delayMs, undefined);
      batch = { key, deadlineMs, seq: this.loop.lastSeq, nodes: [], live: 0, running: false };
      this.slots[slot] = batch;
      this.last = batch;
    }
    batch.nodes.push(nodeId);
    batch.live++;
    this.armedIn[at] = batch;
  }

  /** Disarms the fetch of `nodeId`, if armed; a batch left empty leaves the loop. */
  cancel(nodeId: number): void {
    const at = this.replicas.indexOf(nodeId);
    const batch = at < 0 ? undefined : this.armedIn[at];
    if (batch === undefined) return;
    this.armedIn[at] = undefined;
    batch.nodes[batch.nodes.indexOf(nodeId)] = -1;
    if (--batch.live > 0 || batch.running) return;
    this.loop.cancel(batch.key, this);
    this.slots[Number(batch.key)] = undefined;
  }

  /** Disarms every fetch (the partition's topic was deleted). */
  cancelAll(): void {
    for (const nodeId of this.replicas) this.cancel(nodeId);
  }

  /** The loop runs a batch: each fetch still armed in it, in arming order. */
  private run(key: string): void {
    const slot = Number(key);
    const batch = this.slots[slot];
    if (batch === undefined) return;
    this.slots[slot] = undefined;
    batch.running = true;
    for (const nodeId of batch.nodes) {
      // -1: cancelled, possibly by an earlier fetch of this batch (what it caused crashed the broker).
      if (nodeId < 0) continue;
      this.armedIn[this.replicas.indexOf(nodeId)] = undefined;
      batch.live--;
      this.fetch(nodeId);
    }
  }
}
