/**
 * The invariants of the consumer group properties (test/properties/consumer-group.prop.test.ts),
 * watched while a history of {@link ConsumerGroupWorld} runs: the classic protocol's here, the
 * KIP-848 member's in consumer-group-kip848.ts, which shares the checks of polls and commits.
 */
import type { ConsumerRecord, ConsumerTraceEntry, TopicPartition } from '../../src/client/index.js';
import { decodeText } from '../../src/protocol/messages/index.js';
import type { JoinGroupResponse, OffsetCommitRequest } from '../../src/protocol/messages/index.js';
import { ConsumerGroupWorld, HEAL_MAX_MS, key, METADATA_MAX_AGE_MS, show, type ConsumerRun, type Watcher } from './consumer-group-world.js';

/** How long after a change of brokers or partition counts the leader has surely seen it (CL-30) and polled. */
export const SETTLE_MS = METADATA_MAX_AGE_MS + 400;

/** Whether `e` is an OffsetCommit request committing `o.offset` for `o`'s partition. */
export function commits(e: ConsumerTraceEntry, o: TopicPartition & { readonly offset: number }): boolean {
  if (e.type !== 'request' || e.api !== 'OffsetCommit') return false;
  return (e.request as OffsetCommitRequest).topics.some((x) => x.name === o.topic && x.partitions.some((p) => p.partitionIndex === o.partition && p.committedOffset === o.offset));
}

/** The invariants of one history, watched while it runs. */
export class GroupProperties implements Watcher {
  /** By consumer: the last offset a poll returned of each partition, while it owns the partition. */
  protected readonly returned = new Map<number, Map<string, number>>();
  /** By consumer: each `onPartitionsRevoked`, the trace length then and the positions reached by reading. */
  protected readonly revokes = new Map<number, { at: number; offsets: (TopicPartition & { offset: number })[] }[]>();
  protected readonly maxRead = new Map<string, number>();
  private readonly lastCommitted = new Map<string, number>();

  protected returnedBy(run: ConsumerRun): Map<string, number> {
    const m = this.returned.get(run.index) ?? new Map<string, number>();
    this.returned.set(run.index, m);
    return m;
  }

  /** Invariants 3 and 5 at one poll, then 2. */
  polled(w: ConsumerGroupWorld, run: ConsumerRun, records: readonly ConsumerRecord[], before: number): void {
    const c = run.consumer;
    const owned = new Set(c.assignment().map((tp) => key(tp.topic, tp.partition)));
    const readable = new Set(c.readablePartitions().map((tp) => key(tp.topic, tp.partition)));
    if (w.eager && records.length > 0 && c.state !== 'stable') w.fail('reads', `eager ${w.name(run)} returned ${records.length} records in state ${c.state}`);
    for (const r of records) {
      const k = key(r.topic, r.partition);
      if (!owned.has(k) || !readable.has(k)) w.fail('reads', `${w.name(run)} returned ${show(r)}@${r.offset} but owns [${[...owned]}] and may read [${[...readable]}]`);
      const produced = w.produced.get(k)?.[r.offset];
      if (decodeText(r.value) !== produced) w.fail('delivery', `${w.name(run)} returned ${show(r)}@${r.offset} = ${decodeText(r.value)}, produced ${produced}`);
      if (r.offset < (w.start.get(k) ?? 0)) w.fail('delivery', `${w.name(run)} returned ${show(r)}@${r.offset}, below the group's committed offset ${w.start.get(k)} at the start`);
      this.maxRead.set(k, Math.max(r.offset, this.maxRead.get(k) ?? -1));
      this.returnedBy(run).set(k, r.offset);
    }
    for (const e of c.trace.slice(before)) {
      if (e.type !== 'request' || e.api !== 'Fetch') continue;
      for (const x of (e.request as { topics: { topic: string; partitions: { partition: number }[] }[] }).topics) {
        for (const p of x.partitions) if (!readable.has(key(x.topic, p.partition))) w.fail('reads', `${w.name(run)} (${c.state}) fetched ${x.topic}-${p.partition}, which it may not read`);
      }
    }
    const reader = new Map<string, ConsumerRun>();
    for (const other of w.running()) {
      for (const tp of other.consumer.readablePartitions()) {
        const first = reader.get(key(tp.topic, tp.partition));
        if (first !== undefined) w.fail('exclusive', `${show(tp)} is readable by ${w.name(first)} and ${w.name(other)}`);
        reader.set(key(tp.topic, tp.partition), other);
      }
    }
  }

  /** Invariants 1 and 4 in a settled group. */
  polledAll(w: ConsumerGroupWorld): boolean {
    const g = w.coordinator()?.group;
    const running = w.running();
    if (g === undefined || g.state !== 'Stable' || running.length === 0 || g.members.size !== running.length) return false;
    if (w.kafka.loop.nowMs() - w.lastTopologyChangeMs < SETTLE_MS) return false;
    const views = running.map((r) => r.consumer.memberView());
    if (views.some((v) => v.state !== 'stable' || v.generationId !== g.generationId || v.rejoinNeeded || !g.members.has(v.memberId))) return false;
    const owner = new Map<string, ConsumerRun>();
    for (const run of running) {
      const subscribed = run.consumer.subscription();
      for (const tp of run.consumer.assignment()) {
        const other = owner.get(key(tp.topic, tp.partition));
        if (other !== undefined) w.fail('owners', `${show(tp)} is owned by ${w.name(other)} and ${w.name(run)} in generation ${g.generationId}`);
        if (!subscribed.includes(tp.topic)) w.fail('owners', `${w.name(run)} owns ${show(tp)} but subscribes to [${subscribed}]`);
        owner.set(key(tp.topic, tp.partition), run);
      }
    }
    for (const topic of new Set(running.flatMap((r) => r.consumer.subscription()))) {
      for (let p = 0; p < w.kafka.cluster.partitionCount(topic)!; p++) {
        if (!owner.has(key(topic, p))) w.fail('owners', `${topic}-${p} has no owner in Stable generation ${g.generationId} of ${running.length} members`);
      }
    }
    const leaders = running.filter((r) => r.consumer.isLeader);
    if (leaders.length !== 1 || leaders[0]!.consumer.memberView().memberId !== g.leaderId) {
      w.fail('leader', `generation ${g.generationId}: the coordinator's leader is ${g.leaderId}; consumers that think they lead: [${leaders.map((r) => w.name(r))}]`);
    }
    return true;
  }

  /** Invariant 6. */
  advanced(w: ConsumerGroupWorld): void {
    for (const [k, { offset }] of w.coordinator()?.offsets ?? []) {
      const previous = this.lastCommitted.get(k) ?? w.start.get(k) ?? 0;
      if (offset < previous) w.fail('commits', `the committed offset of ${k} went back from ${previous} to ${offset}`);
      this.lastCommitted.set(k, offset);
      const read = this.maxRead.get(k) ?? -1;
      if (offset > Math.max(w.start.get(k) ?? 0, read + 1)) w.fail('commits', `${k} is committed at ${offset} but polls returned up to ${read} only`);
    }
  }

  /** Invariant 7, first half (CL-15), and the positions the second half checks. */
  revoking(w: ConsumerGroupWorld, run: ConsumerRun, tps: readonly TopicPartition[]): void {
    const c = run.consumer;
    if (tps.length > 0 && c.state !== 'stable') {
      w.fail('revoke', `${w.name(run)} revoked [${tps.map(show)}] in state ${c.state} (generation ${c.memberView().generationId}), where it cannot commit them: they are lost (CL-15)`);
    }
    // A cooperative member with auto-commit that revokes the partitions of topics it no longer
    // subscribes to (CL-24) committed them when it started preparing its join and read on while
    // that commit was in flight, as Kafka's consumer does (it marks partitions pending revocation
    // only for eager members): those positions are left out.
    const exempt = (tp: TopicPartition): boolean => !w.eager && run.spec.autoCommit && !c.subscription().includes(tp.topic);
    const returned = this.returnedBy(run);
    const offsets = tps.flatMap((tp) => {
      const offset = c.position(tp);
      return offset === undefined || exempt(tp) || returned.get(key(tp.topic, tp.partition)) !== offset - 1 ? [] : [{ topic: tp.topic, partition: tp.partition, offset }];
    });
    for (const tp of tps) returned.delete(key(tp.topic, tp.partition));
    this.revokes.set(run.index, [...(this.revokes.get(run.index) ?? []), { at: c.trace.length, offsets }]);
  }

  lost(_w: ConsumerGroupWorld, run: ConsumerRun, tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.returnedBy(run).delete(key(tp.topic, tp.partition));
  }

  /** The end: invariants 1 (settling) and 5 (delivery), and the checks of the consumers' traces. */
  ended(w: ConsumerGroupWorld): void {
    if (!w.stats.settledAfterHeal) w.fail('owners', `the group did not settle within ${HEAL_MAX_MS} ms of healing`);
    const missing = w.missing();
    if (missing.length > 0) w.fail('delivery', `${missing.length} records were never delivered after healing: ${missing.slice(0, 8).join(', ')}`);
    this.checkLeaders(w);
    for (const run of w.consumers()) {
      if (w.eager && run.spec.autoCommit) this.checkNoReadsWhileRevoking(w, run);
      this.checkRevokesCommitted(w, run);
    }
  }

  /**
   * Invariant 4 from the traces. A coordinator that fails over may lose a generation that was
   * never written (JoinGroup answers precede the GroupMetadata record), so generations are told
   * apart by the coordinator load that answered: loads change at the times in
   * `coordinatorChanges`, and no answer of an earlier load arrives after a change (the crash
   * voids it).
   */
  private checkLeaders(w: ConsumerGroupWorld): void {
    const leaders = new Map<string, string>();
    for (const run of w.consumers()) {
      for (const e of run.consumer.trace) {
        if (e.type !== 'response' || e.api !== 'JoinGroup' || (e.response as JoinGroupResponse).errorCode !== 0) continue;
        const r = e.response as JoinGroupResponse;
        w.stats.maxGeneration = Math.max(w.stats.maxGeneration, r.generationId);
        const load = w.coordinatorChanges.filter((at) => at < e.atMs).length;
        const leader = leaders.get(`${load}/${r.generationId}`) ?? r.leader;
        leaders.set(`${load}/${r.generationId}`, leader);
        if (leader !== r.leader) w.fail('leader', `generation ${r.generationId} (coordinator load ${load}) has leaders ${leader} and ${r.leader}`);
        if ((r.members.length > 0) !== (r.memberId === r.leader)) w.fail('leader', `${r.memberId} got ${r.members.length} members in generation ${r.generationId} led by ${r.leader}`);
      }
    }
  }

  /**
   * Invariant 3 for an eager consumer with auto-commit (CL-24): between the last OffsetCommit
   * before a rejoin from `stable` (at or after its commit before revoking) and that JoinGroup,
   * it neither returns a record nor sends a Fetch. Only a commit sent since the member last
   * became `stable` counts: with no position to commit (nothing read since the assignment) it
   * sends none, and a commit of an earlier generation says nothing about this rejoin.
   */
  private checkNoReadsWhileRevoking(w: ConsumerGroupWorld, run: ConsumerRun): void {
    const trace = run.consumer.trace;
    trace.forEach((e, j) => {
      const previous = trace[j - 1];
      if (e.type !== 'request' || e.api !== 'JoinGroup' || previous?.type !== 'state' || previous.from !== 'stable') return;
      const commit = trace.slice(0, j).findLastIndex((x) => x.type === 'request' && x.api === 'OffsetCommit');
      const synced = trace.slice(0, j).findLastIndex((x) => x.type === 'state' && x.to === 'stable' && x.from !== 'stable');
      if (commit < 0 || commit < synced) return;
      const read = run.polls.find((p) => p.records > 0 && p.after > commit && p.before < j);
      if (read !== undefined) w.fail('reads', `eager ${w.name(run)} returned ${read.records} records after its commit before rejoining (trace #${commit}) and before its JoinGroup (#${j})`);
      const fetch = trace.slice(commit + 1, j).find((x) => x.type === 'request' && x.api === 'Fetch');
      if (fetch !== undefined) w.fail('reads', `eager ${w.name(run)} sent a Fetch at ${fetch.atMs} ms, after its commit before rejoining and before its JoinGroup`);
    });
  }

  /**
   * Invariant 7, second half: each position recorded at a revocation is in an OffsetCommit the
   * consumer sent before its next JoinGroup (or before the end, if it never rejoined), unless its
   * generation was reset in between, which makes any commit fail.
   */
  private checkRevokesCommitted(w: ConsumerGroupWorld, run: ConsumerRun): void {
    const trace = run.consumer.trace;
    for (const revoke of this.revokes.get(run.index) ?? []) {
      const join = trace.findIndex((e, i) => i >= revoke.at && e.type === 'request' && e.api === 'JoinGroup');
      const end = join < 0 ? trace.length : join;
      if (trace.slice(revoke.at, end).some((e) => e.type === 'state' && (e.to === 'unjoined' || e.to === 'fatal'))) continue;
      for (const o of revoke.offsets) {
        w.stats.revokesChecked++;
        if (trace.slice(0, end).some((e) => commits(e, o))) continue;
        w.fail('revoke', `${w.name(run)} revoked ${show(o)} at position ${o.offset} (trace #${revoke.at}) without committing it before ${join < 0 ? 'the end' : `its JoinGroup (#${join})`}`);
      }
    }
  }
}

