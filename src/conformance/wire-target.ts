/**
 * Any Kafka broker over TCP as a conformance target, in real time.
 *
 * @remarks
 * On the first start the target learns the cluster (ApiVersions, Metadata) and keeps it for the
 * run; each scenario then gets a {@link WireSession} with its own connections and topics. A
 * broker that cannot be reached fails each scenario at its start with the address and why.
 * The target has no durable records and no fault steps: the runner skips those steps and
 * scenarios, saying why (CONF-12).
 * @see spec/conformance.md
 */
import type { BrokerConfigs, TopicSpec } from './scenario.js';
import type { Target, TargetSession } from './target.js';
import { discoverCluster, type WireCluster } from './wire-cluster.js';
import { WireSession } from './wire-session.js';

/** How to reach a broker and what it is configured with. */
export interface WireTargetOptions {
  /** `host:port` of one or more brokers. */
  readonly bootstrap: readonly string[];
  /** The broker's group coordinator configs, as its operator set them (others: Kafka's defaults). */
  readonly configs?: BrokerConfigs;
  /** A name for reports (default: the bootstrap list). */
  readonly name?: string;
  /** How long opening a connection may take (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** How long the target's own requests (FindCoordinator, DescribeGroups, ...) may take (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** How long a coordinator may stay unavailable, or new topics without leaders (default 30 s). */
  readonly settleTimeoutMs?: number;
  /**
   * The newest version to negotiate per API, below what the broker advertises (`{ JoinGroup: 5 }`):
   * for a broker that advertises a version it cannot read, to see past that (CONF-07).
   */
  readonly maxVersions?: Readonly<Record<string, number>>;
}

/**
 * How many scenarios a run over the wire takes at once by default: most of a real-time scenario
 * is waiting (sessions, delays), so 16 at once keep two cores far from busy while the whole
 * suite, against a broker with `group.initial.rebalance.delay.ms=0` and 1 s minimum sessions,
 * ends within minutes.
 */
export const WIRE_DEFAULT_PARALLEL = 16;

/** A broker over the wire, in real time. */
export class WireTarget implements Target {
  readonly name: string;
  readonly fixedConfigs: BrokerConfigs;
  readonly realTime = true;
  private cluster: Promise<WireCluster> | undefined;

  constructor(readonly options: WireTargetOptions) {
    this.name = options.name ?? options.bootstrap.join(',');
    this.fixedConfigs = options.configs ?? {};
  }

  /** The cluster as learned on the first start (ApiVersions and Metadata), shared by the run's sessions. */
  discover(): Promise<WireCluster> {
    this.cluster ??= discoverCluster(this.options.bootstrap, this.options.connectTimeoutMs ?? 10_000);
    return this.cluster;
  }

  async start(_configs: BrokerConfigs, topics: readonly TopicSpec[] = []): Promise<TargetSession | { skip: string }> {
    const cluster = await this.discover();
    const session = new WireSession(cluster, {
      connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 10_000,
      settleTimeoutMs: this.options.settleTimeoutMs ?? 30_000,
      maxVersions: this.options.maxVersions ?? {},
    });
    try {
      await session.createTopics(topics);
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }
}
