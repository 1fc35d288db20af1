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
import type { TimerHandle } from '../../time/timer-queue.js';

/** Fetches armed as one loop task, run in the order they were armed. */
interface Batch {
  /** The batch's loop timer (armed without a key: the batch itself is its data). */
  handle: TimerHandle | undefined;
  deadlineMs: number;
  /** The `seq` the loop gave the batch's task. */
  seq: number;
  /**
   * Followers to fetch for, in arming order, in the first `count` places (one place per replica,
   * so a batch armed again reuses them); a cancelled one is set to -1.
   */
  readonly nodes: number[];
  count: number;
  /** How many entries of `nodes` are still to run. */
  live: number;
  /** Set once the loop has started it: it can no longer be joined or cancelled on the loop. */
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
  private last: Batch | undefined;
  /**
   * A batch that has run, kept to be armed again: a replicated write arms one batch and the loop
   * runs it before the next write, so one object (and its `nodes` array) serves every write.
   */
  private spare: Batch | undefined;
  /** The loop runs a batch of this scope when it is due (a {@link TimerScope} whose data is the batch). */
  readonly fire = (_key: string, batch: Batch): void => this.run(batch);

  /**
   * @param fetch - one follower fetch (RP-04): replicate, then deliver what it caused
   */
  constructor(loop: EventLoop, delayMs: number, replicas: readonly number[], fetch: (nodeId: number) => void) {
    this.loop = loop;
    this.delayMs = delayMs;
    this.replicas = replicas;
    this.fetch = fetch;
    this.armedIn = replicas.map(() => undefined);
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
      batch = this.spare ?? { handle: undefined, deadlineMs, seq: 0, nodes: this.replicas.map(() => -1), count: 0, live: 0, running: false };
      this.spare = undefined;
      batch.count = 0;
      batch.live = 0;
      batch.running = false;
      batch.deadlineMs = deadlineMs;
      batch.handle = this.loop.armHandle<Batch>(this, this.delayMs, batch);
      batch.seq = this.loop.lastSeq;
      this.last = batch;
    }
    batch.nodes[batch.count++] = nodeId;
    batch.live++;
    this.armedIn[at] = batch;
  }

  /** Disarms the fetch of `nodeId`, if armed; a batch left empty leaves the loop. */
  cancel(nodeId: number): void {
    const at = this.replicas.indexOf(nodeId);
    const batch = at < 0 ? undefined : this.armedIn[at];
    if (batch === undefined) return;
    this.armedIn[at] = undefined;
    // Its place is among the first `count`: places past them hold nothing armed in this batch.
    batch.nodes[batch.nodes.indexOf(nodeId)] = -1;
    if (--batch.live > 0 || batch.running) return;
    if (batch.handle !== undefined) this.loop.cancelHandle(batch.handle);
    batch.handle = undefined;
  }

  /** Disarms every fetch (the partition's topic was deleted). */
  cancelAll(): void {
    for (const nodeId of this.replicas) this.cancel(nodeId);
  }

  /** The loop runs a batch: each fetch still armed in it, in arming order. */
  private run(batch: Batch): void {
    batch.handle = undefined;
    batch.running = true;
    const nodes = batch.nodes;
    for (let i = 0; i < batch.count; i++) {
      const nodeId = nodes[i] as number;
      // -1: cancelled, possibly by an earlier fetch of this batch (what it caused crashed the broker).
      if (nodeId < 0) continue;
      this.armedIn[this.replicas.indexOf(nodeId)] = undefined;
      batch.live--;
      this.fetch(nodeId);
    }
    // Nothing refers to it now but `last`, which never joins a batch that has run.
    this.spare = batch;
  }
}
