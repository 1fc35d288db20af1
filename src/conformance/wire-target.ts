/**
 * Any Kafka broker over TCP as a conformance target (placeholder: the interface the CLI and the
 * tests build on; the implementation lands with issue 13's WireTarget).
 */
import type { BrokerConfigs, TopicSpec } from './scenario.js';
import type { Target, TargetSession } from './target.js';

/** How to reach a broker and what it is configured with. */
export interface WireTargetOptions {
  /** `host:port` of one or more brokers. */
  readonly bootstrap: readonly string[];
  /** The broker's group coordinator configs, as its operator set them (others: Kafka's defaults). */
  readonly configs?: BrokerConfigs;
  /** A name for reports (default: the bootstrap list). */
  readonly name?: string;
}

/** A broker over the wire, in real time. */
export class WireTarget implements Target {
  readonly name: string;
  readonly fixedConfigs: BrokerConfigs;
  readonly realTime = true;

  constructor(readonly options: WireTargetOptions) {
    this.name = options.name ?? options.bootstrap.join(',');
    this.fixedConfigs = options.configs ?? {};
  }

  async start(_configs: BrokerConfigs, _topics: readonly TopicSpec[]): Promise<TargetSession | { skip: string }> {
    throw new Error('WireTarget is not implemented yet');
  }
}
