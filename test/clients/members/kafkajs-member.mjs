// One kafkajs consumer group member for the real-client tests (run as a child process so that
// it can be killed). Usage: node kafkajs-member.mjs <bootstrap> <group> <topic> <name>
// Prints "ASSIGNED <p,p,...>" after each rebalance and "CONSUMED <partition> <offset> <value>"
// for each record; SIGTERM disconnects cleanly (LeaveGroup), SIGKILL is a crash. Metadata is
// refreshed every second (as the librdkafka members do), so that added partitions are seen.
import { Kafka, logLevel } from 'kafkajs';

const [bootstrap, groupId, topic, name] = process.argv.slice(2);
const kafka = new Kafka({ clientId: name, brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100 } });
const consumer = kafka.consumer({ groupId, sessionTimeout: 3000, rebalanceTimeout: 4000, heartbeatInterval: 300, maxWaitTimeInMs: 100, metadataMaxAge: 1000 });
consumer.on(consumer.events.GROUP_JOIN, (e) => {
  const parts = e.payload.memberAssignment[topic] ?? [];
  process.stdout.write(`ASSIGNED ${[...parts].sort((a, b) => a - b).join(',')}\n`);
});
consumer.on(consumer.events.CRASH, (e) => process.stderr.write(`CRASH ${e.payload.error}\n`));
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    process.stdout.write(`CONSUMED ${partition} ${message.offset} ${message.value.toString()}\n`);
  },
});
process.on('SIGTERM', async () => {
  await consumer.disconnect();
  process.exit(0);
});
