/**
 * What the demo records of a run: the consumers' traces merged into one story, in the order
 * things happened, with the group's state at its coordinator and the demo's narration.
 *
 * @remarks
 * Each `KafkaConsumer` keeps its own trace (every request, answer, network error and state
 * move). The recorder drains the traces into one list whenever the transport reports a message
 * and after every step of the demo, so entries of different consumers land in the order they
 * happened; at the same moments it compares the group at its coordinator (the active shard of
 * the group's `__consumer_offsets` partition) with what it saw last and records the difference.
 * The timeline and the sequence diagram are both drawn from these entries.
 */
import { resolveAddress } from '../broker/cluster/transport.js';
import type { InMemoryKafka } from '../broker/in-memory-kafka.js';
import type { BrokerRequest, BrokerResponse } from '../broker/kafka-broker.js';
import type { ConsumerMemberState, GroupMemberState, KafkaConsumer } from '../client/index.js';
import { consumerGroupState } from '../protocol/consumer/group.js';
import type { ConsumerGroupStateName } from '../protocol/consumer/group.js';
import type { GroupStateName } from '../protocol/group.js';
import { parseBootstrapServers } from '../transport/client-transport.js';

/** One entry of the demo's story. */
export type DemoEntry =
  | {
      readonly kind: 'request';
      readonly atMs: number;
      /** The consumer that sent it (`c1`...). */
      readonly who: string;
      /** The broker it went to. */
      readonly node: number;
      readonly request: BrokerRequest;
      /** A successful heartbeat or fetch: left out of the timeline and the diagram. */
      routine: boolean;
      /** It came to a network error instead of an answer (the diagram draws the two as one arrow). */
      failed: boolean;
    }
  | { readonly kind: 'response'; readonly atMs: number; readonly who: string; readonly node: number; readonly response: BrokerResponse; readonly routine: boolean }
  | {
      readonly kind: 'networkError';
      readonly atMs: number;
      readonly who: string;
      readonly node: number;
      readonly api: string;
      readonly reason: string;
      /** The request that failed, if it was recorded. */
      readonly request: BrokerRequest | undefined;
    }
  /** A move of a consumer's member state; `from === to` records a rejoin request. */
  | { readonly kind: 'member'; readonly atMs: number; readonly who: string; readonly from: ConsumerMemberState | GroupMemberState; readonly to: ConsumerMemberState | GroupMemberState; readonly cause: string }
  /** What the application saw: a poll that returned records, a commit that returned. */
  | { readonly kind: 'app'; readonly atMs: number; readonly who: string; readonly text: string }
  /** The group at its coordinator `node`: a state change, a load, a member removed. */
  | { readonly kind: 'group'; readonly atMs: number; readonly node: number; readonly text: string }
  /** Narration; `over` names the participants it concerns (none: all). */
  | { readonly kind: 'note'; readonly atMs: number; readonly text: string; readonly over: readonly string[] };

/** Whether an entry is routine traffic the timeline and the diagram leave out. */
export function isRoutine(e: DemoEntry): boolean {
  return (e.kind === 'request' || e.kind === 'response') && e.routine;
}

/**
 * A heartbeat answered NONE, or a fetch answered without any error. A KIP-848 heartbeat is
 * routine only when it changes nothing: no owned partitions or subscription reported, no new
 * assignment or epoch answered.
 */
function routineResponse(r: BrokerResponse, request: BrokerRequest | undefined): boolean {
  if (r.api === 'Heartbeat') return r.errorCode === 0;
  if (r.api === 'ConsumerGroupHeartbeat') {
    const q = request?.api === 'ConsumerGroupHeartbeat' ? request : undefined;
    return r.errorCode === 0 && r.assignment === null && q !== undefined && q.memberEpoch === r.memberEpoch && q.topicPartitions === null && q.subscribedTopicNames === null;
  }
  if (r.api === 'Fetch') return r.errorCode === 0 && r.responses.every((t) => t.partitions.every((p) => p.errorCode === 0));
  return false;
}

/** What the recorder last saw of the group at its coordinator. */
interface GroupView {
  readonly node: number | null;
  readonly active: boolean;
  readonly state: GroupStateName | ConsumerGroupStateName | null;
  /** The generation (classic) or group epoch (consumer group). */
  readonly generation: number;
  /** `generation` or `epoch`: what `generation` counts. */
  readonly counter: string;
  readonly members: readonly string[];
}

/** A consumer the recorder follows, under its short name. */
interface Followed {
  readonly name: string;
  readonly consumer: KafkaConsumer;
  /** How much of its trace has been drained. */
  seen: number;
  /** False once its process is dead: what it still does is not part of the story. */
  alive: boolean;
}

/** Merges the consumers' traces and the group's changes into one list of entries. */
export class DemoRecorder {
  readonly entries: DemoEntry[] = [];
  private readonly followed: Followed[] = [];
  /** Requests waiting for their answer, by `<who>#<correlation id>`. */
  private readonly open = new Map<string, DemoEntry & { kind: 'request' }>();
  /** Member ids that sent LeaveGroup: their removal is a leave, not an expulsion. */
  private readonly leaving = new Set<string>();
  private view: GroupView;

  /** Starts from the group as it is now: only later changes are recorded. */
  constructor(
    private readonly kafka: InMemoryKafka,
    private readonly groupId: string,
  ) {
    this.view = this.look();
  }

  /** Follows a consumer from now on. */
  follow(name: string, consumer: KafkaConsumer): void {
    this.followed.push({ name, consumer, seen: consumer.trace.length, alive: true });
  }

  /** Stops following a consumer whose process died: nothing it does afterwards is recorded. */
  bury(name: string): void {
    this.sync();
    for (const f of this.followed) if (f.name === name) f.alive = false;
  }

  /** Adds an entry of the demo's own (narration, what the application saw). */
  add(entry: DemoEntry): void {
    this.sync();
    this.entries.push(entry);
  }

  /** Drains every consumer's new trace entries, then records what changed in the group. */
  sync(): void {
    for (const f of this.followed) {
      const trace = f.consumer.trace;
      for (; f.seen < trace.length; f.seen++) if (f.alive) this.take(f.name, trace[f.seen]!);
    }
    this.watchGroup();
  }

  /**
   * The story as it stands: a request never answered is routine if its API is (a fetch held
   * at the end, the heartbeat of a consumer that died).
   */
  finish(): DemoEntry[] {
    this.sync();
    for (const r of this.open.values()) r.routine = r.request.api === 'Heartbeat' || r.request.api === 'Fetch' || r.request.api === 'ConsumerGroupHeartbeat';
    this.open.clear();
    return this.entries;
  }

  private take(who: string, e: KafkaConsumer['trace'][number]): void {
    const key = e.type === 'state' ? '' : `${who}#${e.correlationId}`;
    switch (e.type) {
      case 'request': {
        const entry = { kind: 'request' as const, atMs: e.atMs, who, node: this.brokerOf(e.nodeId), request: e.request as BrokerRequest, routine: false, failed: false };
        if (entry.request.api === 'LeaveGroup') for (const m of entry.request.members ?? []) this.leaving.add(m.memberId);
        if (entry.request.api === 'ConsumerGroupHeartbeat' && entry.request.memberEpoch < 0) this.leaving.add(entry.request.memberId);
        this.open.set(key, entry);
        this.entries.push(entry);
        return;
      }
      case 'response': {
        const response = e.response as BrokerResponse;
        const request = this.open.get(key);
        const routine = routineResponse(response, request?.request);
        this.open.delete(key);
        if (request !== undefined) request.routine = routine;
        this.entries.push({ kind: 'response', atMs: e.atMs, who, node: this.brokerOf(e.nodeId), response, routine });
        return;
      }
      case 'networkError': {
        const request = this.open.get(key);
        this.open.delete(key);
        if (request !== undefined) request.failed = true;
        this.entries.push({ kind: 'networkError', atMs: e.atMs, who, node: this.brokerOf(e.nodeId), api: e.api, reason: e.reason, request: request?.request });
        return;
      }
      case 'state':
        this.entries.push({ kind: 'member', atMs: e.atMs, who, from: e.from, to: e.to, cause: e.cause });
    }
  }

  /**
   * The broker a consumer's node id stands for: a bootstrap server (negative id, see
   * `ClientTransport`) is shown as the broker advertising its address.
   */
  private brokerOf(nodeId: number): number {
    if (nodeId >= 0) return nodeId;
    const server = parseBootstrapServers(this.kafka.bootstrapServers)[-nodeId - 1];
    return server === undefined ? nodeId : resolveAddress(this.kafka.cluster, server);
  }

  /** The group as its coordinator holds it now. */
  private look(): GroupView {
    const shard = this.kafka.shardFor(this.groupId);
    const active = shard?.status === 'active';
    const node = this.kafka.coordinatorFor(this.groupId);
    const cg = active ? shard.state.consumerGroups.get(this.groupId) : undefined;
    if (cg !== undefined) return { node, active, state: consumerGroupState(cg), generation: cg.groupEpoch, counter: 'epoch', members: [...cg.members.keys()] };
    const group = active ? shard.state.groups.get(this.groupId) : undefined;
    return {
      node,
      active,
      state: group?.state ?? null,
      generation: group?.generationId ?? -1,
      counter: 'generation',
      members: group === undefined ? [] : [...group.members.keys()],
    };
  }

  /**
   * Records how the group at its coordinator differs from what was seen last: another
   * coordinator, a load, members removed (by LeaveGroup or because their session expired),
   * a state change.
   */
  private watchGroup(): void {
    const prev = this.view;
    const next = (this.view = this.look());
    const node = next.node ?? -1;
    const atMs = this.kafka.loop.nowMs();
    const say = (text: string): void => void this.entries.push({ kind: 'group', atMs, node, text });
    const g = this.groupId;
    if (next.node !== prev.node) {
      const p = `__consumer_offsets-${this.kafka.partitionFor(g)}`;
      say(next.node === null ? `${p} has no leader: ${g} has no coordinator` : `b${node} leads ${p} and becomes the coordinator of ${g}${next.active ? '' : '; loading it'}`);
    }
    if (!next.active || next.state === null) return;
    if (next.node !== prev.node || !prev.active) {
      say(`loaded ${g}: ${next.state} at ${next.counter} ${next.generation} with ${next.members.length} members`);
      return;
    }
    if (prev.state === null) return say(`${g} created: ${next.state}`);
    for (const m of prev.members) {
      if (!next.members.includes(m)) say(`${g}: ${m} removed (${this.leaving.has(m) ? (next.counter === 'epoch' ? 'it left with epoch -1' : 'it sent LeaveGroup') : 'its session expired'})`);
    }
    if (next.state !== prev.state) say(`${g}: ${prev.state} -> ${next.state}${next.counter === 'epoch' ? ` (epoch ${next.generation})` : ''}`);
  }
}
