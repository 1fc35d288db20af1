/**
 * Positions and fetching, after Kafka's `SubscriptionState`, `OffsetFetcher` and `Fetcher`: a
 * newly assigned partition starts from the group's committed offset, or from
 * `auto.offset.reset`; records come from the partition leaders and `poll` returns them in
 * offset order, moving each position past what it returned.
 *
 * @remarks
 * Each owned partition is in one phase: `initializing` (needs its committed offset),
 * `fetchingCommitted` (OffsetFetch in flight), `needsReset` (needs ListOffsets), `resetting`
 * (ListOffsets in flight) or `ready` (it has a position). Only `ready` partitions that the
 * member may read now are fetched and returned (CL-13, CL-14); an answer for a partition that
 * is no longer readable, or whose position moved, is dropped.
 * @see spec/consumer-member.md CL-28, CL-29
 * @packageDocumentation
 */
import { ErrorCodes } from '../protocol/errors.js';
import { fetchRequest, type FetchResponse } from '../protocol/messages/fetch.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, listOffsetsRequest, type ListOffsetsResponse } from '../protocol/messages/list-offsets.js';
import type { ResolvedConsumerConfig } from './config.js';
import type { Committer } from './committer.js';
import { ConsumerError } from './errors.js';
import type { ConsumerMetadata } from './metadata.js';
import type { ConsumerNetwork, NetResult } from './network.js';
import { toConsumerRecords } from './records.js';
import { tpKey, type ConsumerRecord, type OffsetAndMetadata, type TopicPartition } from './types.js';

type Phase = 'initializing' | 'fetchingCommitted' | 'needsReset' | 'resetting' | 'ready';

interface PartitionState {
  readonly tp: TopicPartition;
  phase: Phase;
  /** The next offset `poll` returns (valid when `ready`). */
  position: number;
  /** Fetched records from `position` on, not yet returned. */
  buffer: ConsumerRecord[];
  /** Why the partition cannot be reset (`auto.offset.reset=none`), raised by every poll. */
  error: ConsumerError | null;
}

/** What the fetcher needs from the consumer around it. */
export interface FetcherHost {
  readonly config: ResolvedConsumerConfig;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  readonly committer: Committer;
  /** The partitions the member may read now (CL-13, CL-14). */
  readable(): readonly TopicPartition[];
}

/** Per-partition positions and the fetches of one consumer. */
export class Fetcher {
  private readonly states = new Map<string, PartitionState>();
  private readonly fetching = new Set<number>();
  private readonly listing = new Set<number>();
  private committedInFlight = false;
  private rotation = 0;

  constructor(private readonly host: FetcherHost) {}

  /** Follows the member's assignment: new partitions start `initializing`, dropped ones are forgotten. */
  assign(owned: readonly TopicPartition[]): void {
    const keep = new Set(owned.map(tpKey));
    for (const key of [...this.states.keys()]) if (!keep.has(key)) this.states.delete(key);
    for (const tp of owned) {
      const key = tpKey(tp);
      if (!this.states.has(key)) this.states.set(key, { tp: { topic: tp.topic, partition: tp.partition }, phase: 'initializing', position: -1, buffer: [], error: null });
    }
  }

  /** The position of every owned partition that has one (Kafka's `allConsumed`), in Kafka's order. */
  consumed(of?: readonly TopicPartition[]): OffsetAndMetadata[] {
    const wanted = of === undefined ? undefined : new Set(of.map(tpKey));
    return [...this.states.entries()]
      .filter(([key, s]) => s.phase === 'ready' && (wanted === undefined || wanted.has(key)))
      .map(([, s]) => ({ topic: s.tp.topic, partition: s.tp.partition, offset: s.position, metadata: '' }))
      .sort((a, b) => (a.topic !== b.topic ? (a.topic < b.topic ? -1 : 1) : a.partition - b.partition));
  }

  /** The position of one partition, if it has one. */
  position(tp: TopicPartition): number | undefined {
    const s = this.states.get(tpKey(tp));
    return s?.phase === 'ready' ? s.position : undefined;
  }

  /** Sets the position of an owned partition (Kafka's `seek`); returns false if it is not owned. */
  seek(tp: TopicPartition, offset: number): boolean {
    const s = this.states.get(tpKey(tp));
    if (s === undefined) return false;
    Object.assign(s, { phase: 'ready', position: offset, buffer: [], error: null });
    return true;
  }

  /**
   * CL-28: raises a partition's reset error, asks for committed offsets of `initializing`
   * partitions and for reset offsets of `needsReset` ones.
   */
  updatePositions(): void {
    const failed = [...this.states.values()].find((s) => s.error !== null);
    if (failed?.error) throw failed.error;
    this.fetchCommitted();
    this.resetPositions();
  }

  private fetchCommitted(): void {
    const initializing = [...this.states.values()].filter((s) => s.phase === 'initializing');
    if (initializing.length === 0 || this.committedInFlight) return;
    this.committedInFlight = true;
    for (const s of initializing) s.phase = 'fetchingCommitted';
    this.host.committer.fetchCommitted(initializing.map((s) => s.tp), (offsets) => {
      this.committedInFlight = false;
      for (const s of initializing) {
        if (this.states.get(tpKey(s.tp)) !== s || s.phase !== 'fetchingCommitted') continue;
        const offset = offsets?.get(tpKey(s.tp));
        if (offsets === null || offset === undefined) s.phase = 'initializing';
        else if (offset >= 0) Object.assign(s, { phase: 'ready', position: offset });
        else this.needsReset(s, 'NoOffsetForPartition');
      }
    });
  }

  /** `auto.offset.reset`: a partition without a usable offset is reset, or fails with `none`. */
  private needsReset(s: PartitionState, why: 'NoOffsetForPartition' | 'OffsetOutOfRange'): void {
    s.buffer = [];
    s.phase = 'needsReset';
    if (this.host.config.autoOffsetReset !== 'none') return;
    const what = why === 'NoOffsetForPartition' ? 'Undefined offset with no reset policy for partition' : 'Fetch position is out of range with no reset policy for partition';
    s.error = new ConsumerError(why, `${what}: ${s.tp.topic}-${s.tp.partition}`);
  }

  private resetPositions(): void {
    const strategy = this.host.config.autoOffsetReset;
    if (strategy === 'none') return;
    const byLeader = new Map<number, PartitionState[]>();
    for (const s of this.states.values()) {
      if (s.phase !== 'needsReset') continue;
      const leader = this.host.metadata.leaderOf(s.tp);
      if (leader === undefined) {
        this.host.metadata.want([s.tp.topic]);
        continue;
      }
      if (!this.listing.has(leader)) byLeader.set(leader, [...(byLeader.get(leader) ?? []), s]);
    }
    const timestamp = strategy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
    for (const [leader, list] of [...byLeader].sort(([a], [b]) => a - b)) {
      this.listing.add(leader);
      for (const s of list) s.phase = 'resetting';
      const request = listOffsetsRequest(timestamp, list.map((s) => [s.tp.topic, s.tp.partition] as const));
      this.host.network.send(leader, request, (result) => this.onListOffsets(leader, list, result));
    }
  }

  private onListOffsets(leader: number, list: readonly PartitionState[], result: NetResult<ListOffsetsResponse>): void {
    this.listing.delete(leader);
    for (const s of list) {
      if (this.states.get(tpKey(s.tp)) !== s || s.phase !== 'resetting') continue;
      const answer = result.ok ? result.response.topics.find((t) => t.name === s.tp.topic)?.partitions.find((p) => p.partitionIndex === s.tp.partition) : undefined;
      if (answer !== undefined && answer.errorCode === ErrorCodes.NONE && answer.offset >= 0) Object.assign(s, { phase: 'ready', position: answer.offset });
      else {
        s.phase = 'needsReset';
        this.host.metadata.refresh();
      }
    }
  }

  /** CL-29: returns up to `max.poll.records` buffered records of readable partitions, advancing positions. */
  collect(): ConsumerRecord[] {
    const readable = this.host.readable();
    const out: ConsumerRecord[] = [];
    const max = this.host.config.maxPollRecords;
    const start = readable.length === 0 ? 0 : this.rotation++ % readable.length;
    for (let i = 0; i < readable.length && out.length < max; i++) {
      const s = this.states.get(tpKey(readable[(start + i) % readable.length] as TopicPartition));
      if (s === undefined || s.phase !== 'ready' || s.buffer.length === 0) continue;
      const taken = s.buffer.splice(0, max - out.length);
      out.push(...taken);
      s.position = (taken[taken.length - 1] as ConsumerRecord).offset + 1;
    }
    return out;
  }

  /** CL-29: one Fetch per leader with none in flight, for readable `ready` partitions with nothing buffered. */
  sendFetches(): void {
    const byLeader = new Map<number, PartitionState[]>();
    for (const tp of this.host.readable()) {
      const s = this.states.get(tpKey(tp));
      if (s === undefined || s.phase !== 'ready' || s.buffer.length > 0) continue;
      const leader = this.host.metadata.leaderOf(tp);
      if (leader === undefined) {
        this.host.metadata.want([tp.topic]);
        continue;
      }
      if (!this.fetching.has(leader)) byLeader.set(leader, [...(byLeader.get(leader) ?? []), s]);
    }
    const { fetchMaxWaitMs, fetchMinBytes, maxPollRecords } = this.host.config;
    for (const [leader, list] of [...byLeader].sort(([a], [b]) => a - b)) {
      this.fetching.add(leader);
      const request = fetchRequest(
        list.map((s) => [s.tp.topic, s.tp.partition, s.position] as const),
        { maxWaitMs: fetchMaxWaitMs, minBytes: fetchMinBytes, partitionMaxRecords: maxPollRecords },
      );
      const sent = new Map(list.map((s) => [tpKey(s.tp), s.position]));
      this.host.network.send(leader, request, (result) => this.onFetch(leader, sent, result), this.host.config.requestTimeoutMs + fetchMaxWaitMs);
    }
  }

  private onFetch(leader: number, sent: ReadonlyMap<string, number>, result: NetResult<FetchResponse>): void {
    this.fetching.delete(leader);
    if (!result.ok) return this.host.metadata.refresh();
    const readable = new Set(this.host.readable().map(tpKey));
    for (const t of result.response.responses) {
      for (const p of t.partitions) {
        const key = tpKey({ topic: t.topic, partition: p.partitionIndex });
        const s = this.states.get(key);
        if (s === undefined || s.phase !== 'ready' || s.position !== sent.get(key) || !readable.has(key)) continue;
        if (p.errorCode === ErrorCodes.OFFSET_OUT_OF_RANGE) this.needsReset(s, 'OffsetOutOfRange');
        else if (p.errorCode !== ErrorCodes.NONE) this.host.metadata.refresh();
        else s.buffer.push(...toConsumerRecords(t.topic, p.partitionIndex, p.records).filter((r) => r.offset >= s.position));
      }
    }
  }

  /** Forgets every partition (the consumer closed). */
  clear(): void {
    this.states.clear();
  }
}
