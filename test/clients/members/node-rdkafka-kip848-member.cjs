// One node-rdkafka 3.6.1 (librdkafka 2.12.0) consumer group member speaking KIP-848
// (group.protocol=consumer), for the real-client tests. NODE_RDKAFKA names the directory to load
// node-rdkafka from (see node-rdkafka-kip848.wire.test.ts).
// Usage: node node-rdkafka-kip848-member.cjs <bootstrap> <group> <topic> <name>
// Prints "ASSIGNED <p,p,...>" (the whole current assignment) after every incremental assign or
// revoke and "CONSUMED <partition> <offset> <value>" per record; SIGTERM leaves the group (a
// heartbeat with epoch -1), SIGKILL is a crash. The session timeout and heartbeat interval are the
// broker's (group.consumer.*): librdkafka refuses its own session.timeout.ms and
// heartbeat.interval.ms under group.protocol=consumer.
const Kafka = require(process.env.NODE_RDKAFKA);

const [bootstrap, groupId, topic, name] = process.argv.slice(2);
const printAssignment = (consumer) => {
  const parts = consumer.assignments().filter((a) => a.topic === topic).map((a) => a.partition);
  process.stdout.write(`ASSIGNED ${parts.sort((a, b) => a - b).join(',')}\n`);
};
const consumer = new Kafka.KafkaConsumer(
  {
    'group.id': groupId,
    'group.protocol': 'consumer',
    'client.id': name,
    'metadata.broker.list': bootstrap,
    'fetch.wait.max.ms': 100,
    'topic.metadata.refresh.interval.ms': 1000,
    'auto.commit.interval.ms': 200,
    rebalance_cb(err, assignment) {
      if (err.code === Kafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) this.incrementalAssign(assignment);
      else this.incrementalUnassign(assignment);
      printAssignment(this);
    },
  },
  { 'auto.offset.reset': 'earliest' },
);
consumer.on('ready', () => {
  process.stderr.write(`PROTOCOL ${consumer.rebalanceProtocol()}\n`);
  consumer.subscribe([topic]);
  consumer.consume();
});
consumer.on('data', (m) => process.stdout.write(`CONSUMED ${m.partition} ${m.offset} ${m.value.toString()}\n`));
consumer.on('event.error', (e) => process.stderr.write(`ERROR ${e.message}\n`));
consumer.connect();
process.on('SIGTERM', () => {
  // A leave that never completes would hold the test until its timeout: say so and exit.
  setTimeout(() => {
    process.stderr.write('DISCONNECT HUNG: the leave did not complete within 10 s\n');
    process.exit(2);
  }, 10_000).unref();
  consumer.disconnect(() => process.exit(0));
});
