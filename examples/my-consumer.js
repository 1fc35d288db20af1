// A small kafkajs consumer app: the kind of program `kgspec check-client` runs and checks.
//
//   kgspec check-client --members 2 -- node examples/my-consumer.js
//
// It reads the brokers from KAFKA_BOOTSTRAP (host:port,...), as check-client sets it, makes
// sure the topic exists, writes a few records, consumes in group `my-group` for RUN_MS
// (default 6000) and leaves. KGSPEC_MEMBER (1..N) makes each copy's client id unique, so the
// checker can match each member's fetches to it.
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const brokers = (process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092').split(',');
const member = process.env.KGSPEC_MEMBER ?? '1';
const runMs = Number(process.env.RUN_MS ?? 6000);
const topic = 'my-topic';

const kafka = new Kafka({ clientId: `my-consumer-${member}`, brokers, logLevel: logLevel.NOTHING });

const admin = kafka.admin();
await admin.connect();
try {
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
} catch {
  // Another copy created it first.
}
await admin.disconnect();

const producer = kafka.producer();
await producer.connect();
await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `member ${member} record ${i}` })) });
await producer.disconnect();

const consumer = kafka.consumer({ groupId: 'my-group' });
let seen = 0;
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await consumer.run({ eachMessage: async () => void seen++ });
await new Promise((resolve) => setTimeout(resolve, runMs));
await consumer.disconnect();
console.log(`member ${member} consumed ${seen} records`);
