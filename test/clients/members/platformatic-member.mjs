// One @platformatic/kafka 1.35 consumer group member (classic protocol) for the real-client
// tests. Usage: node platformatic-member.mjs <bootstrap> <group> <topic> <name>
// Prints "ASSIGNED <p,p,...>" after each join and "CONSUMED <partition> <offset> <value>" per
// record; SIGTERM closes cleanly (LeaveGroup), SIGKILL is a crash.
import { Consumer, stringDeserializers } from '@platformatic/kafka';

const [bootstrap, groupId, topic, name] = process.argv.slice(2);
const consumer = new Consumer({
  groupId,
  clientId: name,
  bootstrapBrokers: bootstrap.split(','),
  deserializers: stringDeserializers,
  sessionTimeout: 3000,
  rebalanceTimeout: 4000,
  heartbeatInterval: 300,
  maxWaitTime: 100,
});
consumer.on('consumer:group:join', ({ assignments }) => {
  const parts = (assignments ?? []).filter((a) => a.topic === topic).flatMap((a) => a.partitions);
  process.stdout.write(`ASSIGNED ${[...parts].sort((a, b) => a - b).join(',')}\n`);
});
const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 200, sessionTimeout: 3000, heartbeatInterval: 300, maxWaitTime: 100 });
stream.on('data', (m) => process.stdout.write(`CONSUMED ${m.partition} ${m.offset} ${m.value}\n`));
stream.on('error', (e) => process.stderr.write(`STREAM ERROR ${e?.message}\n`));
process.on('SIGTERM', async () => {
  await stream.close().catch(() => undefined);
  await consumer.close(true).catch(() => undefined);
  process.exit(0);
});
