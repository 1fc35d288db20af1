// A node-rdkafka 3.6.1 (librdkafka 2.12.0) producer for the compression tests: librdkafka 2.0.2
// (kcat, Debian) compresses only with zstd against a broker whose Produce starts at v3 (its
// gzip, snappy and lz4 checks ask for Produce v0), 2.12.0 compresses with all it was built with.
// NODE_RDKAFKA names the directory to load node-rdkafka from.
// Usage: node node-rdkafka-producer.cjs <bootstrap> <topic> <codec>, one "key:value" per stdin line.
// Exits 0 once every record is delivered, 1 on a delivery error.
const Kafka = require(process.env.NODE_RDKAFKA);

const [bootstrap, topic, codec] = process.argv.slice(2);
const lines = require('node:fs').readFileSync(0, 'utf8').split('\n').filter((l) => l !== '');
const producer = new Kafka.Producer({ 'metadata.broker.list': bootstrap, 'compression.codec': codec, 'linger.ms': 50, dr_cb: true });
let delivered = 0;
producer.on('delivery-report', (err) => {
  if (err) {
    console.error(`delivery failed: ${err.message}`);
    process.exit(1);
  }
  if (++delivered === lines.length) producer.disconnect(() => process.exit(0));
});
producer.on('event.error', (err) => console.error(`error: ${err.message}`));
producer.setPollInterval(10);
producer.connect({}, (err) => {
  if (err) {
    console.error(`connect failed: ${err.message}`);
    process.exit(1);
  }
  for (const line of lines) {
    const at = line.indexOf(':');
    producer.produce(topic, null, Buffer.from(line.slice(at + 1)), line.slice(0, at));
  }
});
