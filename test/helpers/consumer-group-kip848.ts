/**
 * The invariants of the consumer group properties for KIP-848 members (`group.protocol=consumer`):
 * the classic ones that hold for any member (exclusive reads, reads and fetches of readable
 * partitions only, delivery, commits) from {@link GroupProperties}, and in place of the classic
 * generation checks:
 *
 * - `owners`/`target` (INV-17): once the group is settled (every running consumer is a member of
 *   the coordinator's group, which holds no other, every member there STABLE at the target
 *   assignment epoch (nothing unrevoked or unreleased) and subscribed as the client is, the client STABLE at that
 *   epoch with its last heartbeat answered (not in flight, not timed out), and the coordinator's subscription metadata
 *   showing every partition of the subscribed topics), each client owns exactly its target assignment, every
 *   subscribed partition has one owner, which subscribes to its topic; after healing the group
 *   settles.
 * - `reads`, besides the classic checks (INV-18): no Fetch of a partition after the heartbeat
 *   answer whose assignment left it out, until an answer gives it back.
 * - `revoke` (INV-18): a heartbeat that stops reporting an owned partition (the acknowledgement)
 *   comes after `onPartitionsRevoked` or `onPartitionsLost` ran for it; with auto-commit, the
 *   position read of a revoked partition is committed before that heartbeat.
 */
import type { TopicPartition } from '../../src/client/index.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, HeartbeatTopicPartitions } from '../../src/protocol/messages/consumer-group-heartbeat.js';
import { commits, GroupProperties, SETTLE_MS } from './consumer-group-properties.js';
import { ConsumerGroupWorld, HEAL_MAX_MS, key, show, type ConsumerRun } from './consumer-group-world.js';

/** The partition keys of a heartbeat's topic partitions, topic ids resolved to names by `w`'s cluster. */
function keysOf(w: ConsumerGroupWorld, tps: readonly HeartbeatTopicPartitions[]): Set<string> {
  const out = new Set<string>();
  for (const t of tps) {
    const name = w.kafka.cluster.topicNameById(t.topicId) ?? t.topicId;
    for (const p of t.partitions) out.add(key(name, p));
  }
  return out;
}

/**
 * Whether `run`'s last ConsumerGroupHeartbeat has no answer yet: none in the trace, or only a
 * network error. A request that timed out may have reached the coordinator, which then moved the
 * member (a new epoch, partitions) without the member hearing of it; the member learns it only
 * from the answer to its full retry (CL-53), so until then it is a step behind, as while the
 * request is in flight (FC_SEED=59, history 11).
 *
 * @remarks
 * Reads the trace backwards only to the last heartbeat request, so a check per tick stays cheap.
 */
export function heartbeatUnanswered(run: ConsumerRun): boolean {
  const trace = run.consumer.trace;
  const answered = new Set<number>();
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.type === 'state' || e.api !== 'ConsumerGroupHeartbeat') continue;
    if (e.type === 'request') return !answered.has(e.correlationId);
    if (e.type === 'response') answered.add(e.correlationId);
  }
  return false;
}

/** The invariants of a history of KIP-848 members. */
export class Kip848GroupProperties extends GroupProperties {
  /** By consumer: the trace length at each revoke or lost callback, and the partitions it named. */
  private readonly callbacks = new Map<number, { at: number; keys: Set<string> }[]>();

  private callback(run: ConsumerRun, tps: readonly TopicPartition[]): void {
    const list = this.callbacks.get(run.index) ?? [];
    list.push({ at: run.consumer.trace.length, keys: new Set(tps.map((tp) => key(tp.topic, tp.partition))) });
    this.callbacks.set(run.index, list);
  }

  /** INV-17 in a settled group. */
  override polledAll(w: ConsumerGroupWorld): boolean {
    const g = w.consumerGroup();
    const running = w.running();
    if (g === undefined || running.length === 0 || g.members.size !== running.length || g.targetAssignmentEpoch !== g.groupEpoch) return false;
    if (w.kafka.loop.nowMs() - w.lastTopologyChangeMs < SETTLE_MS) return false;
    // The coordinator learns of new partitions only in a heartbeat: one whose member's answer was
    // lost may not have come yet, and the target does not cover them (FC_SEED=49, history 14).
    for (const topic of new Set(running.flatMap((r) => r.consumer.subscription()))) {
      if (g.subscriptionMetadata.get(topic)?.numPartitions !== w.kafka.cluster.partitionCount(topic)) return false;
    }
    for (const run of running) {
      // The coordinator moves a member only in that member's own heartbeat, and tells it in the
      // answer: until the answer arrives the coordinator is ahead of the client. A lost answer
      // keeps it ahead until the request times out and the full retry fetches the assignment
      // again (CL-53); the group is not settled before its answer (FC_SEED=12, history 21, failed
      // while the request was in flight; FC_SEED=59, history 11, in the 2 ms between the timeout
      // and the retry).
      if (heartbeatUnanswered(run)) return false;
      const m = run.consumer.consumerGroupMember!;
      const member = g.members.get(m.memberId);
      if (member === undefined || member.state !== 'STABLE' || member.memberEpoch !== g.targetAssignmentEpoch || m.state !== 'STABLE' || m.memberEpoch !== member.memberEpoch) return false;
      // A subscription the coordinator has not heard of yet is a change in flight, not a settled group.
      if ([...member.subscribedTopicNames].sort().join() !== [...run.consumer.subscription()].sort().join()) return false;
    }
    const owner = new Map<string, ConsumerRun>();
    for (const run of running) {
      const m = run.consumer.consumerGroupMember!;
      const target = keysOf(w, [...(g.targetAssignment.get(m.memberId) ?? new Map<string, ReadonlySet<number>>())].map(([topicId, ps]) => ({ topicId, partitions: [...ps] })));
      const owned = new Set(run.consumer.assignment().map((tp) => key(tp.topic, tp.partition)));
      if ([...target].sort().join() !== [...owned].sort().join()) w.fail('target', `${w.name(run)} is STABLE at epoch ${m.memberEpoch} owning [${[...owned]}], but its target is [${[...target]}]`);
      const subscribed = run.consumer.subscription();
      for (const tp of run.consumer.assignment()) {
        const other = owner.get(key(tp.topic, tp.partition));
        if (other !== undefined) w.fail('owners', `${show(tp)} is owned by ${w.name(other)} and ${w.name(run)} at epoch ${g.groupEpoch}`);
        if (!subscribed.includes(tp.topic)) w.fail('owners', `${w.name(run)} owns ${show(tp)} but subscribes to [${subscribed}]`);
        owner.set(key(tp.topic, tp.partition), run);
      }
    }
    for (const topic of new Set(running.flatMap((r) => r.consumer.subscription()))) {
      for (let p = 0; p < w.kafka.cluster.partitionCount(topic)!; p++) {
        if (!owner.has(key(topic, p))) w.fail('owners', `${topic}-${p} has no owner at group epoch ${g.groupEpoch} of ${running.length} members`);
      }
    }
    return true;
  }

  override revoking(w: ConsumerGroupWorld, run: ConsumerRun, tps: readonly TopicPartition[]): void {
    this.callback(run, tps);
    const c = run.consumer;
    const returned = this.returnedBy(run);
    // With auto-commit the member committed the positions before the callback (CL-39); without,
    // the world's listener commits them in the callback: either way before the acknowledgement.
    const offsets = tps.flatMap((tp) => {
      const offset = c.position(tp);
      return offset === undefined || returned.get(key(tp.topic, tp.partition)) !== offset - 1 ? [] : [{ topic: tp.topic, partition: tp.partition, offset }];
    });
    for (const tp of tps) returned.delete(key(tp.topic, tp.partition));
    this.revokes.set(run.index, [...(this.revokes.get(run.index) ?? []), { at: c.trace.length, offsets }]);
  }

  override lost(w: ConsumerGroupWorld, run: ConsumerRun, tps: readonly TopicPartition[]): void {
    this.callback(run, tps);
    super.lost(w, run, tps);
  }

  /** The end: INV-17 (settling), delivery, and the trace checks of INV-18. */
  override ended(w: ConsumerGroupWorld): void {
    if (!w.stats.settledAfterHeal) w.fail('target', `the group did not converge to its target assignment within ${HEAL_MAX_MS} ms of healing`);
    const missing = w.missing();
    if (missing.length > 0) w.fail('delivery', `${missing.length} records were never delivered after healing: ${missing.slice(0, 8).join(', ')}`);
    for (const run of w.consumers()) {
      this.checkNoFetchAfterRevoke(w, run);
      this.checkAcknowledgements(w, run);
    }
  }

  /** INV-18: no Fetch of a partition between the heartbeat answer that took it away and one that gives it back. */
  private checkNoFetchAfterRevoke(w: ConsumerGroupWorld, run: ConsumerRun): void {
    let taken = new Set<string>();
    let target: Set<string> | null = null;
    run.consumer.trace.forEach((e, i) => {
      if (e.type === 'response' && e.api === 'ConsumerGroupHeartbeat') {
        const r = e.response as ConsumerGroupHeartbeatResponse;
        if (r.errorCode !== 0 || r.assignment === null) return;
        const next = keysOf(w, r.assignment.topicPartitions);
        taken = new Set([...taken, ...[...(target ?? [])].filter((k) => !next.has(k))].filter((k) => !next.has(k)));
        target = next;
      } else if (e.type === 'request' && e.api === 'Fetch') {
        for (const x of (e.request as { topics: { topic: string; partitions: { partition: number }[] }[] }).topics) {
          for (const p of x.partitions) {
            if (taken.has(key(x.topic, p.partition))) w.fail('reads', `${w.name(run)} fetched ${x.topic}-${p.partition} (trace #${i}) after the heartbeat answer that revoked it`);
          }
        }
      }
    });
  }

  /**
   * INV-18: each heartbeat that stops reporting a partition it reported before comes after a
   * revoke or lost callback for it (since that report), and after the commit of the position
   * read at the revocation when the member auto-commits.
   */
  private checkAcknowledgements(w: ConsumerGroupWorld, run: ConsumerRun): void {
    const trace = run.consumer.trace;
    const calls = this.callbacks.get(run.index) ?? [];
    let reported = new Set<string>();
    // Where each reported partition was first reported since it was last absent: a callback may
    // start before a later full heartbeat that still reports the partition (it is owned until
    // the callback is over), so the window opens at the first report.
    const since = new Map<string, number>();
    trace.forEach((e, i) => {
      if (e.type !== 'request' || e.api !== 'ConsumerGroupHeartbeat') return;
      const r = e.request as ConsumerGroupHeartbeatRequest;
      if (r.topicPartitions === null) return;
      const now = keysOf(w, r.topicPartitions);
      for (const k of reported) {
        if (now.has(k) || r.memberEpoch < 0) continue;
        const from = since.get(k) ?? 0;
        if (!calls.some((c) => c.at >= from && c.at <= i && c.keys.has(k))) w.fail('revoke', `${w.name(run)} acknowledged giving up ${k} (heartbeat #${i}, epoch ${r.memberEpoch}) before its revoke callback ran`);
      }
      if (run.spec.autoCommit) this.checkCommittedBefore(w, run, i, reported, now);
      for (const k of now) if (!reported.has(k)) since.set(k, i);
      reported = now;
    });
  }

  /** The positions read of the partitions a heartbeat at trace index `i` gives up were committed before it. */
  private checkCommittedBefore(w: ConsumerGroupWorld, run: ConsumerRun, i: number, before: Set<string>, now: Set<string>): void {
    const trace = run.consumer.trace;
    for (const revoke of this.revokes.get(run.index) ?? []) {
      if (revoke.at > i) continue;
      for (const o of revoke.offsets) {
        const k = key(o.topic, o.partition);
        if (!before.has(k) || now.has(k)) continue;
        w.stats.revokesChecked++;
        if (!trace.slice(0, i).some((e) => commits(e, o))) w.fail('revoke', `${w.name(run)} acknowledged giving up ${show(o)} (heartbeat #${i}) before committing its position ${o.offset}`);
      }
    }
  }
}
