/**
 * Consumers of the in-memory cluster for tests: a `KafkaConsumer` told the cluster's bootstrap
 * servers and run over its transport (or one given, e.g. with faults) and its event loop.
 */
import type { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';
import { KafkaConsumer, type ConsumerConfig, type KafkaConsumerOptions } from '../../src/client/index.js';

/** A consumer of `kafka` with `config` (`bootstrap.servers` filled in unless given). */
export function consumerOf(kafka: InMemoryKafka, config: ConsumerConfig, options: Partial<KafkaConsumerOptions> = {}): KafkaConsumer {
  return new KafkaConsumer(
    { 'bootstrap.servers': kafka.bootstrapServers, ...config },
    { transport: options.transport ?? kafka.transport, scheduler: options.scheduler ?? kafka.loop },
  );
}
