/**
 * One broker of the in-memory cluster: it answers cluster requests (Metadata, ListOffsets,
 * Fetch, FindCoordinator) and routes group requests to the coordinator shard of the group's
 * `__consumer_offsets` partition, if it hosts it.
 * @see spec/failover.md
 */
import type { Cluster } from './cluster/cluster.js';
import { handleClusterRequest, isClusterRequest } from './cluster/api.js';
import type { FetchRequest } from '../protocol/messages/fetch.js';
import type { MetadataRequest } from '../protocol/messages/metadata.js';
import { INTERNAL_TOPICS } from './cluster/placement.js';
import { handleFetch, isEmptyFetch } from './cluster/fetch.js';
import type { Unsubscribe } from './cluster/types.js';
import { CONSUMER_OFFSETS_TOPIC, partitionForGroup } from './coordinator-placement.js';
import { activeObserver, CoordinatorShard } from './coordinator-shard.js';
import type { AfterUnload, Reply, ShellEvent } from './coordinator-shard.js';
import type { EventLoop } from '../time/event-loop.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { ErrorCodes } from '../protocol/errors.js';
import { combineByGroup, errorResponse, frontDoorError, groupOf, splitByGroup } from '../protocol/front-door.js';
import type { GroupRequest, GroupResponse, KafkaRequest, KafkaResponse, ListedGroup } from '../protocol/messages/index.js';
import type { CoordinatorRecord } from '../protocol/records.js';
import { validateRequest } from '../protocol/validate.js';

/** Any request a broker answers (the project-wide {@link KafkaRequest}). */
export type BrokerRequest = KafkaRequest;

/** Any response a broker gives (the project-wide {@link KafkaResponse}). */
export type BrokerResponse = KafkaResponse;

/**
 * What the coordinators of a cluster report: each group request a broker admits past its
 * front door, then what its shells do ({@link ShellEvent}).
 */
export type CoordinatorEvent =
  | { readonly type: 'request'; readonly atMs: number; readonly nodeId: number; readonly requestId: string; readonly request: GroupRequest }
  | ShellEvent;

/** Shared parts of every broker of one cluster. */
export interface BrokerContext {
  readonly cluster: Cluster<CoordinatorRecord>;
  readonly loop: EventLoop;
  readonly config: GroupCoordinatorConfig;
  readonly newId: () => string;
  readonly loadRecordsPerMs: number;
  /** Whether a topic partition exists (OffsetCommit's checks); by default, whether the cluster has it. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  /** How unloaded shells answer (see {@link AfterUnload}). */
  readonly afterUnload?: AfterUnload;
  /** Receives every {@link CoordinatorEvent}. */
  readonly observe?: (event: CoordinatorEvent) => void;
  /** Whether `observe` wants events now (always, when absent); see ShardOptions.observing. */
  readonly observing?: () => boolean;
  /** See ShardOptions.unsafeAckBeforeReplication (the mutation test only). */
  readonly unsafeAckBeforeReplication?: boolean;
  /** `auto.create.topics.enable` with its topic shape; absent: never auto-create (RP-16). */
  readonly autoCreateTopics?: AutoCreateTopics;
}

/**
 * `auto.create.topics.enable=true`: a Metadata request that names an unknown topic (and
 * allows auto-creation, v4+) creates it with `num.partitions` partitions and
 * `default.replication.factor` replicas (capped at the live brokers), as Kafka's
 * `AutoTopicCreationManager` does. Internal topics are never auto-created.
 * @see spec/server.md SRV-07
 */
export interface AutoCreateTopics {
  /** `num.partitions` (Kafka's default 1). */
  readonly numPartitions: number;
  /** `default.replication.factor` (Kafka's default 1). */
  readonly replicationFactor: number;
}

/** A broker and its coordinator shards. */
export class KafkaBroker {
  readonly nodeId: number;
  readonly shards = new Map<number, CoordinatorShard>();
  private readonly ctx: BrokerContext;

  constructor(nodeId: number, ctx: BrokerContext) {
    this.nodeId = nodeId;
    this.ctx = ctx;
  }

  /** Becomes coordinator of `partition` at `leaderEpoch`: starts loading it. */
  becomeLeader(partition: number, leaderEpoch: number): void {
    this.shards.get(partition)?.unload();
    const shard = new CoordinatorShard({
      partition,
      nodeId: this.nodeId,
      leaderEpoch,
      cluster: this.ctx.cluster,
      loop: this.ctx.loop,
      config: this.ctx.config,
      newId: this.ctx.newId,
      loadRecordsPerMs: this.ctx.loadRecordsPerMs,
      ...(this.ctx.unsafeAckBeforeReplication ? { unsafeAckBeforeReplication: true } : {}),
      ...(this.ctx.afterUnload ? { afterUnload: this.ctx.afterUnload } : {}),
      ...(this.ctx.observe ? { observe: this.ctx.observe } : {}),
      ...(this.ctx.observing ? { observing: this.ctx.observing } : {}),
      partitionExists:
        this.ctx.partitionExists ??
        ((topic, p) => {
          const count = this.ctx.cluster.partitionCount(topic);
          return count !== undefined && p >= 0 && p < count;
        }),
    });
    this.shards.set(partition, shard);
    shard.load();
  }

  /** Stops coordinating `partition` (leadership moved, or this broker crashed). */
  resign(partition: number): void {
    this.shards.get(partition)?.unload();
    this.shards.delete(partition);
  }

  /** Drops every shard (the broker crashed). */
  resignAll(): void {
    for (const p of [...this.shards.keys()]) this.resign(p);
  }

  /** Handles a request; the reply may come later (parked, or waiting for replication). */
  handle(requestId: string, request: BrokerRequest, reply: (r: BrokerResponse) => void): void {
    if (request.api === 'Fetch') return this.fetch(requestId, request, reply);
    if (request.api === 'Metadata') this.autoCreate(request);
    if (isClusterRequest(request)) {
      reply(handleClusterRequest(this.ctx.cluster, this.nodeId, request));
      return;
    }
    this.handleGroup(requestId, request, reply);
  }

  /**
   * Handles a group request: the front door (validation, Kafka's API-layer checks), then the
   * coordinator shard of the group, or NOT_COORDINATOR. Throws InvalidRequestError, changing
   * nothing, for input no version can carry (a non-group API included).
   */
  handleGroup(requestId: string, request: GroupRequest, reply: (r: GroupResponse) => void): void {
    // The front door, the one place Kafka's API-layer checks are made (VER-*, front-door.ts).
    const req = validateRequest(request);
    activeObserver(this.ctx)?.({ type: 'request', atMs: this.ctx.loop.nowMs(), nodeId: this.nodeId, requestId, request: req });
    const early = frontDoorError(req, this.ctx.config);
    if (early !== null) return reply(errorResponse(req, early));
    if (req.api === 'ListGroups') return this.listGroups(requestId, req, reply);
    const parts = splitByGroup(req);
    if (parts !== null) return this.fanOut(requestId, req, parts, reply);
    const groupId = groupOf(req);
    const shard = groupId === null ? undefined : this.shardFor(groupId);
    if (shard === undefined) return reply(errorResponse(req, ErrorCodes.NOT_COORDINATOR));
    shard.handle(requestId, req, reply);
  }

  /** Sends each group's part to its shard and answers once every part is answered. */
  private fanOut(requestId: string, req: GroupRequest, parts: { groupId: string; request: GroupRequest }[], reply: (r: GroupResponse) => void): void {
    const answers: (GroupResponse | undefined)[] = parts.map(() => undefined);
    let missing = parts.length;
    const done = (i: number, r: GroupResponse): void => {
      if (answers[i] !== undefined) return;
      answers[i] = r;
      if (--missing === 0) reply(combineByGroup(req, answers as GroupResponse[]));
    };
    if (parts.length === 0) return reply(combineByGroup(req, []));
    parts.forEach((part, i) => {
      // A part the front door refuses on its own is answered here (CGO-01: an empty group id).
      const early = frontDoorError(part.request, this.ctx.config);
      if (early !== null) return done(i, errorResponse(part.request, early));
      const shard = this.shardFor(part.groupId);
      if (shard === undefined) done(i, errorResponse(part.request, ErrorCodes.NOT_COORDINATOR));
      else shard.handle(`${requestId}/${i}`, part.request, (r) => done(i, r));
    });
  }

  /**
   * RP-15: a consumer Fetch. An answer with neither records nor errors is held, as Kafka's
   * `DelayedFetch` holds it, until the high watermark or the leadership of a requested
   * partition changes, this broker goes down, or `maxWaitMs` passes; the broker then answers
   * from the logs as they are at that moment.
   */
  private fetch(requestId: string, request: FetchRequest, reply: (r: BrokerResponse) => void): void {
    const { cluster, loop } = this.ctx;
    const first = handleFetch(cluster, this.nodeId, request);
    if (request.maxWaitMs <= 0 || request.minBytes <= 0 || !isEmptyFetch(first)) return reply(first);
    const wanted = new Set(request.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}\u0000${p.partition}`)));
    const key = `fetch-wait:${this.nodeId}:${requestId}`;
    let off: Unsubscribe | undefined;
    const complete = (): void => {
      if (off === undefined) return;
      off();
      off = undefined;
      loop.cancel(key);
      reply(handleFetch(cluster, this.nodeId, request));
    };
    off = cluster.on((e) => {
      if (e.type === 'brokerDown' && e.nodeId === this.nodeId) complete();
      else if ((e.type === 'highWatermark' || e.type === 'leaderChange') && wanted.has(`${e.topic}\u0000${e.partition}`)) complete();
    });
    loop.schedule(key, request.maxWaitMs, complete);
  }

  /** SRV-07: creates the unknown topics a Metadata request names, when auto-creation is on. */
  private autoCreate(request: MetadataRequest): void {
    const auto = this.ctx.autoCreateTopics;
    if (auto === undefined || !request.allowAutoTopicCreation || request.topics === null) return;
    const cluster = this.ctx.cluster;
    for (const { name } of request.topics) {
      // From v10 a topic may be named by id only (null name): nothing to create.
      if (typeof name !== 'string' || cluster.topic(name) !== undefined || INTERNAL_TOPICS.includes(name)) continue;
      const live = cluster.brokers().filter((b) => b.up).length;
      // An invalid name or no live broker leaves the topic unknown; Metadata reports that.
      cluster.createTopic(name, auto.numPartitions, Math.min(auto.replicationFactor, Math.max(live, 1)));
    }
  }

  private shardFor(groupId: string): CoordinatorShard | undefined {
    const count = this.ctx.cluster.partitionCount(CONSUMER_OFFSETS_TOPIC);
    return count === undefined ? undefined : this.shards.get(partitionForGroup(groupId, count));
  }

  /** Every hosted shard lists its groups; a loading shard fails the whole request (Java). */
  private listGroups(requestId: string, req: GroupRequest & { api: 'ListGroups' }, reply: (r: GroupResponse) => void): void {
    const groups: ListedGroup[] = [];
    for (const [p, shard] of [...this.shards].sort(([a], [b]) => a - b)) {
      let error = ErrorCodes.NONE as number;
      shard.handle(`${requestId}/${p}`, req, (r) => {
        const listed = r as unknown as { errorCode: number; groups: ListedGroup[] };
        error = listed.errorCode;
        groups.push(...listed.groups);
      });
      if (error !== ErrorCodes.NONE) return reply(errorResponse(req, error));
    }
    reply({ api: 'ListGroups', errorCode: ErrorCodes.NONE, groups });
  }
}
