// One node-rdkafka 3.6.1 (librdkafka 2.12.0) consumer group member, classic protocol, for the
// real-client tests. node-rdkafka is built outside the project (see node-rdkafka.wire.test.ts);
// NODE_RDKAFKA names the directory to load it from.
// Usage: node node-rdkafka-member.cjs <bootstrap> <group> <topic> <name>
// Prints "ASSIGNED <p,p,...>" after each assignment and "CONSUMED <partition> <offset> <value>"
// per record; SIGTERM disconnects cleanly (LeaveGroup), SIGKILL is a crash.
const Kafka = require(process.env.NODE_RDKAFKA);

const [bootstrap, groupId, topic, name] = process.argv.slice(2);
const consumer = new Kafka.KafkaConsumer(
  {
    'group.id': groupId,
    'client.id': name,
    'metadata.broker.list': bootstrap,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 300,
    'fetch.wait.max.ms': 100,
    'topic.metadata.refresh.interval.ms': 1000,
    rebalance_cb(err, assignment) {
      if (err.code === Kafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) {
        this.assign(assignment);
        const parts = assignment.filter((a) => a.topic === topic).map((a) => a.partition);
        process.stdout.write(`ASSIGNED ${parts.sort((a, b) => a - b).join(',')}\n`);
      } else this.unassign();
    },
  },
  { 'auto.offset.reset': 'earliest' },
);
consumer.on('ready', () => {
  consumer.subscribe([topic]);
  consumer.consume();
});
consumer.on('data', (m) => process.stdout.write(`CONSUMED ${m.partition} ${m.offset} ${m.value.toString()}\n`));
consumer.on('event.error', (e) => process.stderr.write(`ERROR ${e.message}\n`));
consumer.connect();
process.on('SIGTERM', () => consumer.disconnect(() => process.exit(0)));
