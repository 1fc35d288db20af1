/** The README's `startKafka` example, kept runnable (the import is the package's own, aliased to src). */
import { afterAll, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka } from 'kafka-group-spec/server';

const server = await startKafka({ brokers: 3, config: { 'group.initial.rebalance.delay.ms': 0 } });
afterAll(() => server.close());

it('[SRV-13] [SRV-07] produces and consumes', async () => {
  const kafka = new Kafka({ brokers: server.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'orders', messages: [{ value: 'hello' }] }); // auto-created
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: 'app', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  const got = new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }));
  expect(await got).toBe('hello');
  await consumer.disconnect();
});

it('[SRV-13] [SRV-06] returns the listeners and refuses configs it does not have', async () => {
  expect(server.brokers).toEqual(server.listeners.map((l) => `127.0.0.1:${l.port}`));
  expect(server.bootstrap).toBe(server.brokers.join(','));
  await expect(startKafka({ config: { 'log.dirs': '/tmp' } })).rejects.toThrow(/log.dirs/);
});
