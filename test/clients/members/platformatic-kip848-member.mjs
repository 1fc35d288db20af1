// One @platformatic/kafka 1.35 consumer group member speaking KIP-848 (groupProtocol 'consumer')
// for the real-client tests. Usage: node platformatic-kip848-member.mjs <bootstrap> <group> <topic> <name>
// Prints "ASSIGNED <p,p,...>" whenever its assignment changes (the client emits no event per
// reconciliation step, so it is polled) and "CONSUMED <partition> <offset> <value>" per record;
// SIGTERM closes cleanly (a heartbeat with epoch -1), SIGKILL is a crash.
import { Consumer, stringDeserializers } from '@platformatic/kafka';

const [bootstrap, groupId, topic, name] = process.argv.slice(2);
const consumer = new Consumer({
  groupId,
  groupProtocol: 'consumer',
  clientId: name,
  bootstrapBrokers: bootstrap.split(','),
  deserializers: stringDeserializers,
  // The client validates these even under KIP-848, where the broker's group.consumer.* configs
  // decide: the session must not exceed the rebalance timeout.
  sessionTimeout: 3000,
  heartbeatInterval: 300,
  rebalanceTimeout: 4000,
  maxWaitTime: 100,
});
let last = '';
setInterval(() => {
  const parts = (consumer.assignments ?? []).filter((a) => a.topic === topic).flatMap((a) => a.partitions);
  const line = [...parts].sort((a, b) => a - b).join(',');
  if (line !== last) process.stdout.write(`ASSIGNED ${line}\n`);
  last = line;
}, 50);
const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: 200, maxWaitTime: 100 });
stream.on('data', (m) => process.stdout.write(`CONSUMED ${m.partition} ${m.offset} ${m.value}\n`));
stream.on('error', (e) => process.stderr.write(`STREAM ERROR ${e?.message}\n`));
process.on('SIGTERM', async () => {
  await stream.close().catch(() => undefined);
  await consumer.close(true).catch(() => undefined);
  process.exit(0);
});
