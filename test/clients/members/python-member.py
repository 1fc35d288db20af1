#!/usr/bin/python3
"""One Python consumer group member for the real-client tests (run with Debian's python3).

Usage: python-member.py confluent|kafka-python <bootstrap> <group> <topic> <name>
Prints "ASSIGNED <p,p,...>" after each assignment and "CONSUMED <partition> <offset> <value>"
for each record; SIGTERM closes the consumer cleanly (LeaveGroup), SIGKILL is a crash.
"""
import signal
import sys

flavour, bootstrap, group, topic, name = sys.argv[1:6]
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def assigned(partitions):
    say("ASSIGNED " + ",".join(str(p) for p in sorted(partitions)))


if flavour == "confluent":
    from confluent_kafka import Consumer

    c = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "client.id": name,
        "auto.offset.reset": "earliest", "session.timeout.ms": 3000, "heartbeat.interval.ms": 300,
        "fetch.wait.max.ms": 100, "topic.metadata.refresh.interval.ms": 1000,
    })
    c.subscribe([topic], on_assign=lambda _c, ps: assigned(p.partition for p in ps))
    while running:
        m = c.poll(0.1)
        if m is None or m.error():
            continue
        say("CONSUMED %d %d %s" % (m.partition(), m.offset(), m.value().decode()))
    c.close()
else:
    from kafka import KafkaConsumer, ConsumerRebalanceListener

    class Listener(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            pass

        def on_partitions_assigned(self, ps):
            assigned(p.partition for p in ps)

    c = KafkaConsumer(
        bootstrap_servers=bootstrap.split(","), group_id=group, client_id=name,
        auto_offset_reset="earliest", session_timeout_ms=3000, heartbeat_interval_ms=300,
        fetch_max_wait_ms=100, request_timeout_ms=5000, metadata_max_age_ms=1000,
    )
    c.subscribe([topic], listener=Listener())
    while running:
        for records in c.poll(timeout_ms=100).values():
            for m in records:
                say("CONSUMED %d %d %s" % (m.partition, m.offset, m.value.decode()))
    c.close()
