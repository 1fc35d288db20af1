/**
 * One scenario's session with a broker over the wire: its topics, its connections, and each
 * request routed as a Kafka client routes it.
 *
 * @remarks
 * A request goes to its group's coordinator, found with FindCoordinator (retried while the
 * coordinator is not available or loading, as it is right after the offsets topic is created);
 * ListGroups goes to every broker and the answers are merged; DescribeGroups, DeleteGroups and
 * OffsetFetch v8+ naming several groups are split by group and the answers combined, as
 * Kafka's admin client does. A request whose API version the broker does not offer skips the
 * scenario with the reason. Group state is read through DescribeGroups, which carries neither
 * the generation nor the leader, and the selected protocol only in Stable.
 * @see spec/conformance.md CONF-09, CONF-10, CONF-11
 */
import { errorName } from '../protocol/errors.js';
import { combineByGroup, groupOf, splitByGroup } from '../protocol/front-door.js';
import { findCoordinatorRequest, type FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import { metadataRequest, type MetadataResponse } from '../protocol/messages/metadata.js';
import type { CreateTopicsResponse } from '../protocol/messages/create-topics.js';
import type { DescribeGroupsResponse, GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { GroupStateName } from '../protocol/group.js';
import { ConnectionLost, ConnectionPool } from '../wire/client/index.js';
import type { WireRequest, WireResponse } from '../wire/frames.js';
import type { GroupSnapshot, TopicSpec } from './scenario.js';
import { describedConsumerSnapshot, type ConsumerGroupSnapshot } from './consumer-scenario.js';
import type { ConsumerGroupDescribeResponse } from '../protocol/messages/consumer-group-describe.js';
import { ScenarioSkip, Unobservable, type TargetSession } from './target.js';
import { API_BY_NAME, SUPPORTED_VERSIONS } from '../wire/registry.js';
import { fieldsAt } from '../wire/schema.js';

/** DescribeGroups' API key. */
const DESCRIBE_GROUPS_KEY = 15;
/** CreateTopics' API key. */
const CREATE_TOPICS_KEY = 19;
/** The first Metadata version that names topic ids (KIP-516). */
const METADATA_TOPIC_IDS_VERSION = 10;
/** Kafka's printed all-zero uuid: no topic id. */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
import { commonVersion, versionGap, type WireCluster } from './wire-cluster.js';

/** Timings of a session (all in ms). */
export interface WireSessionTimings {
  /** Opening a connection. */
  readonly connectTimeoutMs: number;
  /** The target's own requests (FindCoordinator, DescribeGroups, CreateTopics, Metadata). */
  readonly requestTimeoutMs: number;
  /** How long a coordinator may stay unavailable, and new topics without leaders. */
  readonly settleTimeoutMs: number;
  /** The newest version to negotiate per API (below the broker's own newest). */
  readonly maxVersions?: Readonly<Record<string, number>>;
}

/** One part of a sent request: its answer once it came, or the network failure. */
interface Part {
  answer?: GroupResponse;
  lost?: string;
}

interface Sent {
  readonly request: GroupRequest;
  readonly how: 'one' | 'everyBroker' | 'byGroup';
  readonly parts: Part[];
}

const COORDINATOR_NOT_AVAILABLE = 15;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const TOPIC_ALREADY_EXISTS = 36;
const GROUP_ID_NOT_FOUND = 69;
const RETRY_MS = 50;
const CLIENT = { clientId: 'kgspec-conformance', clientHost: '' } as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A scenario's session with a broker over TCP. */
export class WireSession implements TargetSession {
  private readonly pool: ConnectionPool;
  private readonly sent = new Map<string, Sent>();
  private readonly coordinators = new Map<string, string>();

  constructor(
    readonly cluster: WireCluster,
    private readonly timings: WireSessionTimings,
  ) {
    this.pool = new ConnectionPool(timings.connectTimeoutMs);
  }

  /** The target's own request and its answer, bounded by the request timeout. */
  private async call<A extends WireResponse['api']>(address: string, request: WireRequest, api: A): Promise<WireResponse & { api: A }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${request.api} to ${address}: no answer within ${this.timings.requestTimeoutMs} ms`)), this.timings.requestTimeoutMs);
    });
    try {
      const r = await Promise.race([this.pool.request(address, request), limit]);
      if (r.api !== api) throw new Error(`${request.api} to ${address}: a ${r.api} answer`);
      return r as WireResponse & { api: A };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Creates the scenario's topics (those already there are fine) and waits until every partition has a leader. */
  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    if (!this.cluster.versions.has(CREATE_TOPICS_KEY)) return this.autoCreate(topics);
    const version = commonVersion(this.cluster, 'CreateTopics');
    // v4+ may leave the replication factor to the broker's default.
    const replicationFactor = version >= 4 ? -1 : Math.min(3, this.cluster.brokers.length);
    const request: WireRequest = {
      api: 'CreateTopics',
      version,
      topics: topics.map((t) => ({ name: t.name, numPartitions: t.partitions, replicationFactor, assignments: [], configs: [] })),
      timeoutMs: this.timings.requestTimeoutMs,
      validateOnly: false,
    };
    const r = (await this.call(this.cluster.controller ?? this.cluster.bootstrap, request, 'CreateTopics')) as CreateTopicsResponse;
    const bad = r.topics.find((t) => t.errorCode !== 0 && t.errorCode !== TOPIC_ALREADY_EXISTS);
    if (bad !== undefined) throw new Error(`cannot create topic ${bad.name}: ${errorName(bad.errorCode)}${bad.errorMessage ? ` (${bad.errorMessage})` : ''}`);
    await this.awaitLeaders(topics);
  }

  /** Kafka creates topics asynchronously: polls Metadata until each partition has a leader. */
  /**
   * A broker without CreateTopics (librdkafka's mock) creates a topic when Metadata names it with
   * auto-creation allowed; its partition count is then the broker's, which scenarios may notice.
   */
  private async autoCreate(topics: readonly TopicSpec[]): Promise<void> {
    const version = commonVersion(this.cluster, 'Metadata');
    await this.call(this.cluster.bootstrap, { ...metadataRequest(topics.map((t) => t.name)), version, allowAutoTopicCreation: true }, 'Metadata');
    await this.awaitLeaders(topics.map((t) => ({ ...t, partitions: 1 })));
  }

  private async awaitLeaders(topics: readonly TopicSpec[]): Promise<void> {
    const deadline = Date.now() + this.timings.settleTimeoutMs;
    for (;;) {
      const request = { ...metadataRequest(topics.map((t) => t.name)), version: commonVersion(this.cluster, 'Metadata') };
      const md = (await this.call(this.cluster.bootstrap, request, 'Metadata')) as MetadataResponse;
      const ready = topics.every((t) => {
        const m = md.topics.find((x) => x.name === t.name);
        return m !== undefined && m.errorCode === 0 && m.partitions.length >= t.partitions && m.partitions.every((p) => p.leaderId >= 0);
      });
      if (ready) return;
      if (Date.now() >= deadline) throw new Error(`topics ${topics.map((t) => t.name).join(', ')} have no leaders after ${this.timings.settleTimeoutMs} ms`);
      await sleep(RETRY_MS);
    }
  }

  /**
   * The topics' ids as Metadata v10+ names them (CONF-16); none from a broker without v10, or
   * for a topic it reports with an error or the all-zero id.
   */
  async topicIds(topics: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const version = commonVersion(this.cluster, 'Metadata');
    if (version < METADATA_TOPIC_IDS_VERSION || topics.length === 0) return new Map();
    const md = (await this.call(this.cluster.bootstrap, { ...metadataRequest([...topics]), version }, 'Metadata')) as MetadataResponse;
    return new Map(md.topics.flatMap((t) => (t.errorCode === 0 && t.topicId !== undefined && t.topicId !== ZERO_UUID ? [[t.name, t.topicId] as const] : [])));
  }

  /**
   * A `createTopic` step: CreateTopics for a new topic. Growing one needs CreatePartitions, which
   * this client does not speak: the scenario is skipped, saying so.
   */
  async createTopic(topic: TopicSpec): Promise<void> {
    const md = (await this.call(this.cluster.bootstrap, { ...metadataRequest([topic.name]), version: commonVersion(this.cluster, 'Metadata'), allowAutoTopicCreation: false }, 'Metadata')) as MetadataResponse;
    const known = md.topics.find((t) => t.name === topic.name && t.errorCode === 0);
    if (known === undefined) return this.createTopics([topic]);
    if (known.partitions.length < topic.partitions) throw new ScenarioSkip('the target cannot add partitions to a topic over the wire (CreatePartitions is not spoken here)');
  }

  /**
   * The consumer group as ConsumerGroupDescribe shows it at its coordinator; undefined for a
   * group that is not a consumer group. Unobservable on a broker without the API.
   */
  async describeConsumerGroup(groupId: string): Promise<ConsumerGroupSnapshot | undefined> {
    if (!this.offers('ConsumerGroupDescribe')) {
      throw new Unobservable('the broker does not offer ConsumerGroupDescribe, so consumer-group state cannot be read');
    }
    const version = commonVersion(this.cluster, 'ConsumerGroupDescribe');
    const request: WireRequest = { api: 'ConsumerGroupDescribe', version, ...CLIENT, groupIds: [groupId], includeAuthorizedOperations: false };
    const r = (await this.call(await this.coordinator(groupId), request, 'ConsumerGroupDescribe')) as ConsumerGroupDescribeResponse;
    const g = r.groups[0];
    if (g === undefined) throw new Error(`ConsumerGroupDescribe of ${groupId}: no group in the answer`);
    return describedConsumerSnapshot(g);
  }

  /** Whether the broker offers the API at all and this codec speaks it. */
  private offers(api: string): boolean {
    const spec = API_BY_NAME.get(api);
    return spec !== undefined && this.cluster.versions.has(spec.apiKey);
  }

  /**
   * The coordinator of a group, as FindCoordinator (key type group) names it. Retried while
   * not available or loading; any other error sends the request to the bootstrap broker, whose
   * own checks answer it (an empty group id is refused before any coordinator is looked up).
   */
  private async coordinator(groupId: string): Promise<string> {
    const known = this.coordinators.get(groupId);
    if (known !== undefined) return known;
    const version = commonVersion(this.cluster, 'FindCoordinator');
    const deadline = Date.now() + this.timings.settleTimeoutMs;
    for (;;) {
      const r = (await this.call(this.cluster.bootstrap, findCoordinatorRequest(version, [groupId]), 'FindCoordinator')) as FindCoordinatorResponse;
      const c = version >= 4 ? r.coordinators[0] : r;
      const errorCode = c?.errorCode ?? -1;
      if (c !== undefined && errorCode === 0) {
        const address = `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
        this.coordinators.set(groupId, address);
        return address;
      }
      const retriable = errorCode === COORDINATOR_NOT_AVAILABLE || errorCode === COORDINATOR_LOAD_IN_PROGRESS;
      if (!retriable || Date.now() >= deadline) return this.cluster.bootstrap;
      await sleep(RETRY_MS);
    }
  }

  /** Where each part of a request goes. */
  private async route(request: GroupRequest): Promise<{ how: Sent['how']; parts: { address: string; request: GroupRequest }[] }> {
    if (request.api === 'ListGroups') return { how: 'everyBroker', parts: this.cluster.brokers.map((address) => ({ address, request })) };
    const split = splitByGroup(request);
    // A request naming no group at all still gets the broker's own (empty) answer.
    if (split !== null && split.length > 0) {
      const parts = [];
      for (const p of split) parts.push({ address: await this.coordinator(p.groupId), request: p.request });
      return { how: 'byGroup', parts };
    }
    const group = split === null ? groupOf(request) : null;
    return { how: 'one', parts: [{ address: group === null ? this.cluster.bootstrap : await this.coordinator(group), request }] };
  }

  /** @throws {@link ScenarioSkip} when the broker does not offer the request's API version. */
  async send(label: string, request: GroupRequest): Promise<void> {
    const gap = versionGap(this.cluster, request.api, request.version);
    if (gap !== undefined) throw new ScenarioSkip(gap);
    const parts: Part[] = [];
    this.sent.set(label, { request, how: 'one', parts });
    let routed;
    try {
      routed = await this.route(request);
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      parts.push({ lost: e.message });
      return;
    }
    this.sent.set(label, { request, how: routed.how, parts });
    for (const p of routed.parts) {
      const part: Part = {};
      parts.push(part);
      try {
        const out = await this.pool.send(p.address, p.request);
        out.answer.then(
          (r) => void (part.answer = r as GroupResponse),
          // The connection failed, or the answer could not be read (which closes the connection).
          (e: Error) => void (part.lost = e.message),
        );
        // Sent in step order: the next request leaves only once this one is on the wire.
        await out.written;
      } catch (e) {
        if (!(e instanceof ConnectionLost)) throw e;
        part.lost = e.message;
      }
    }
  }

  /**
   * The newest version of `api` in `oldest..newest` that the broker and this codec both speak, or
   * why there is none (CONF-07).
   */
  negotiate(api: string, oldest: number, newest: number): number | { skip: string } {
    const spec = API_BY_NAME.get(api);
    const theirs = spec === undefined ? undefined : this.cluster.versions.get(spec.apiKey);
    const ours = spec === undefined ? undefined : SUPPORTED_VERSIONS.get(spec.apiKey);
    if (theirs === undefined || ours === undefined) return { skip: `the broker does not offer ${api}` };
    const top = Math.min(newest, theirs.max, ours.max, this.timings.maxVersions?.[api] ?? Number.MAX_SAFE_INTEGER);
    if (top < Math.max(oldest, theirs.min, ours.min)) return { skip: `the broker offers ${api} v${theirs.min}-v${theirs.max}; the scenario needs v${oldest}-v${newest}` };
    return top;
  }

  /** Top-level answer fields the labelled request's version cannot carry, that the newest version has (CONF-07). */
  unobservable(label: string): readonly string[] {
    const request = this.sent.get(label)?.request;
    const spec = request === undefined ? undefined : API_BY_NAME.get(request.api);
    if (request === undefined || spec === undefined) return [];
    const newest = SUPPORTED_VERSIONS.get(spec.apiKey)?.max ?? request.version;
    const now = new Set(fieldsAt(spec.response, request.version).filter((f) => f.present && f.typed).map((f) => f.key));
    return fieldsAt(spec.response, newest).filter((f) => f.present && f.typed && !now.has(f.key)).map((f) => f.key);
  }

  /** Whether the broker answers a first join with MEMBER_ID_REQUIRED, as the cluster probe found. */
  get memberIdRequired(): boolean | undefined {
    return this.cluster.memberIdRequired;
  }

  response(label: string): GroupResponse | undefined {
    const s = this.sent.get(label);
    if (s === undefined || s.parts.length === 0 || s.parts.some((p) => p.answer === undefined)) return undefined;
    const answers = s.parts.map((p) => p.answer!);
    if (s.how === 'one') return answers[0];
    if (s.how === 'byGroup') return combineByGroup(s.request, answers);
    const lists = answers as (GroupResponse & { api: 'ListGroups' })[];
    return lists.find((l) => l.errorCode !== 0) ?? { api: 'ListGroups', errorCode: 0, groups: lists.flatMap((l) => l.groups) };
  }

  networkErrorReason(label: string): string | undefined {
    return this.sent.get(label)?.parts.find((p) => p.lost !== undefined)?.lost;
  }

  networkError(label: string): boolean {
    return this.sent.get(label)?.parts.some((p) => p.lost !== undefined) ?? false;
  }

  async advance(ms: number): Promise<void> {
    await sleep(ms);
  }

  /**
   * The group as DescribeGroups shows it; undefined when it is Dead (Kafka's answer for an
   * unknown group before v6) or not found (v6+).
   */
  async describeGroup(groupId: string): Promise<GroupSnapshot | undefined> {
    if (!this.cluster.versions.has(DESCRIBE_GROUPS_KEY)) throw new Unobservable('the broker does not offer DescribeGroups, so group state cannot be read');
    const version = Math.min(5, commonVersion(this.cluster, 'DescribeGroups'));
    const request: WireRequest = { api: 'DescribeGroups', version, ...CLIENT, groups: [groupId], includeAuthorizedOperations: false };
    const r = (await this.call(await this.coordinator(groupId), request, 'DescribeGroups')) as DescribeGroupsResponse;
    const g = r.groups[0];
    if (g === undefined) throw new Error(`DescribeGroups of ${groupId}: no group in the answer`);
    if (g.errorCode === GROUP_ID_NOT_FOUND) return undefined;
    if (g.errorCode !== 0) throw new Error(`DescribeGroups of ${groupId}: ${errorName(g.errorCode)}`);
    return describedSnapshot(g);
  }

  async close(): Promise<void> {
    this.pool.close();
  }
}

/**
 * A DescribeGroups entry as a {@link GroupSnapshot}: Kafka writes '' where the in-process
 * snapshot has null; the protocol name is shown only in Stable, so elsewhere it is left out
 * (not checked); Kafka before 1.1 named CompletingRebalance `AwaitingSync`.
 */
export function describedSnapshot(g: DescribeGroupsResponse['groups'][number]): GroupSnapshot | undefined {
  if (g.groupState === 'Dead' || g.groupState === '') return undefined;
  const state = (g.groupState === 'AwaitingSync' ? 'CompletingRebalance' : g.groupState) as GroupStateName;
  return {
    state,
    protocolType: g.protocolType === '' ? null : g.protocolType,
    ...(state === 'Stable' ? { protocolName: g.protocolData === '' ? null : g.protocolData } : {}),
    members: g.members.map((m) => m.memberId),
  };
}
