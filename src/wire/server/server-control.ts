/**
 * Applies the commands of {@link parseControlLine} to a running {@link KafkaWireServer}: faults a
 * client author throws at their client while it runs against `kgspec serve`.
 *
 * @remarks
 * Commands run one at a time in the order they arrive, whichever input they came from, so a
 * `crash 0` followed by `restart 0` on another input never overtakes it. Each is answered with
 * one line, `ok ...` or `error ...`, and logged at info with its answer. The cluster's clock is
 * brought to the wall clock before each command (SRV-04), so the fault lands at the real time it
 * was given, after every timer already due.
 * @see spec/faults.md
 */
import { CONSUMER_OFFSETS_TOPIC } from '../../broker/coordinator-placement.js';
import type { ControlCommand } from './control-command.js';
import { helpLine, parseControlLine } from './control-command.js';
import type { LogLevel } from './log.js';
import type { KafkaWireServer } from './server.js';

/** Runs control lines against a server, one at a time. */
export class ServerControl {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly server: KafkaWireServer,
    private readonly log: (level: LogLevel, line: string) => void = () => {},
  ) {}

  /**
   * FLT-01: parses and runs one line; resolves to its one-line answer, or undefined for a blank
   * or comment line. Never rejects: a failure is an `error ...` answer.
   */
  run(line: string, source = 'control'): Promise<string | undefined> {
    const next = this.queue.then(() => this.runNow(line, source));
    this.queue = next;
    return next;
  }

  private async runNow(line: string, source: string): Promise<string | undefined> {
    const parsed = parseControlLine(line);
    if ('empty' in parsed) return undefined;
    let answer: string;
    if ('error' in parsed) answer = `error ${parsed.error}`;
    else {
      try {
        answer = await this.apply(parsed.command);
      } catch (e) {
        answer = `error ${(e as Error).message}`;
      }
    }
    this.log('info', `${source}: ${line.trim()} -> ${answer}`);
    return answer;
  }

  /** Applies one command; throws an Error whose message is the answer's reason. */
  private async apply(command: ControlCommand): Promise<string> {
    const { server } = this;
    const kafka = server.kafka;
    server.sync();
    switch (command.type) {
      case 'crash':
        return (await server.crashBroker(command.broker)) ? `ok broker ${command.broker} crashed` : `error broker ${command.broker} is already down`;
      case 'restart':
        return (await server.restartBroker(command.broker)) ? `ok broker ${command.broker} restarted on port ${server.listeners[command.broker]!.port}` : `error broker ${command.broker} is not down`;
      case 'move-coordinator':
        return this.moveCoordinator(command.group, command.to);
      case 'add-partitions': {
        const before = kafka.cluster.partitionCount(command.topic);
        if (before === undefined) return `error no topic '${command.topic}'`;
        const r = kafka.addPartitions(command.topic, before + command.count);
        return 'error' in r ? `error cannot add partitions to ${command.topic}: ${r.error}` : `ok ${command.topic} has ${before + command.count} partitions (was ${before})`;
      }
      case 'create-topic':
        return this.createTopic(command.topic, command.partitions, command.replicationFactor);
      case 'delete-topic': {
        const r = kafka.deleteTopic(command.topic);
        if ('error' in r) return r.error === 'UNKNOWN_TOPIC_OR_PARTITION' ? `error no topic '${command.topic}'` : `error ${command.topic} is internal and cannot be deleted`;
        return `ok ${command.topic} deleted (topic id ${r.topicId})`;
      }
      case 'offline':
      case 'online': {
        const r = kafka.setPartitionOffline(command.topic, command.partition, command.type === 'offline');
        const name = `${command.topic}-${command.partition}`;
        if ('error' in r) return `error no partition ${name}`;
        if (!r.changed) return `error ${name} is already ${command.type === 'offline' ? 'held offline' : 'not held offline'}`;
        const leader = kafka.cluster.partition(command.topic, command.partition)?.leader ?? null;
        return `ok ${name} is ${command.type}: leader ${leader ?? 'none'}`;
      }
      case 'expel':
        return this.expel(command.group, command.memberId);
      case 'pause':
        if (server.listeners[command.broker] !== undefined && !kafka.cluster.isUp(command.broker)) return `error broker ${command.broker} is down`;
        server.pauseAnswers(command.broker, command.ms);
        return command.ms === 0 ? `ok broker ${command.broker} answers again` : `ok broker ${command.broker} holds its answers for ${command.ms} ms`;
      case 'help':
        return helpLine();
      case 'status':
        return `ok ${statusLine(server)}`;
    }
  }

  /** SRV-18: creates a topic; the replication factor defaults to 1, Kafka's `default.replication.factor`. */
  private createTopic(topic: string, partitions: number, replicationFactor: number | undefined): string {
    const cluster = this.server.kafka.cluster;
    const rf = replicationFactor ?? 1;
    const r = cluster.createTopic(topic, partitions, rf);
    this.server.kafka.settle();
    if ('error' in r) return `error cannot create ${topic}: ${r.error}`;
    return `ok ${topic} created with ${partitions} partitions, replication factor ${rf} (topic id ${cluster.topic(topic)!.topicId})`;
  }

  /** FLT-03: moves a group's coordinator to `to`, or to the first other live in-sync replica. */
  private moveCoordinator(group: string, to: number | undefined): string {
    const kafka = this.server.kafka;
    const p = kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, kafka.partitionFor(group));
    if (p === undefined || p.leader === null) return `error group ${group} has no coordinator now`;
    const target = to ?? p.replicas.find((r) => r !== p.leader && p.isr.includes(r) && kafka.cluster.isUp(r));
    if (target === undefined) return `error no other live in-sync replica of ${CONSUMER_OFFSETS_TOPIC}-${p.partition} to move group ${group}'s coordinator to`;
    const from = p.leader;
    kafka.moveCoordinator(group, target);
    return `ok group ${group}: coordinator moved from broker ${from} to broker ${target} (${CONSUMER_OFFSETS_TOPIC}-${p.partition})`;
  }

  /** FLT-06: expels a member as its session expiring would. */
  private expel(group: string, memberId: string): string {
    const outcome = this.server.kafka.expel(group, memberId);
    switch (outcome) {
      case 'expelled':
        return `ok group ${group}: member ${memberId} expelled (session expired)`;
      case 'kept':
        return `error group ${group}: member ${memberId} is waiting in a JoinGroup or SyncGroup, which a session expiry leaves alone (TM-05)`;
      case 'unknownGroup':
        return `error no group ${group}`;
      case 'unknownMember':
        return `error group ${group} has no member ${memberId}`;
      case 'notActive':
      case 'noCoordinator':
        return `error group ${group}'s coordinator is not available (down or loading)`;
    }
  }
}

/** FLT-01: the server in one line: brokers, pauses, partitions held offline, groups. */
export function statusLine(server: KafkaWireServer): string {
  const kafka = server.kafka;
  const brokers = server.listeners.map((l) => {
    const up = kafka.cluster.isUp(l.nodeId);
    const paused = server.pausedUntil(l.nodeId);
    const pause = paused === undefined ? '' : ` paused ${paused - kafka.loop.nowMs()} ms more`;
    const n = server.connectionCount(l.nodeId);
    return `${l.nodeId} ${up ? 'up' : 'down'} ${l.host}:${l.port} (${n} connection${n === 1 ? '' : 's'}${pause})`;
  });
  const offline: string[] = [];
  for (const t of kafka.cluster.topics()) for (const p of kafka.cluster.topic(t)!.partitions) if (p.leader === null) offline.push(`${t}-${p.partition}`);
  const groups: string[] = [];
  for (const [nodeId, broker] of kafka.brokers) {
    for (const shard of broker.shards.values()) {
      if (shard.status !== 'active') continue;
      for (const g of shard.state.groups.values()) {
        if (g.state !== 'Dead') groups.push(`${g.groupId} ${g.state} generation ${g.generationId} members ${g.members.size} coordinator ${nodeId}`);
      }
    }
  }
  return `brokers: ${brokers.join(', ')}; offline partitions: ${offline.length === 0 ? 'none' : offline.join(' ')}; groups: ${groups.length === 0 ? 'none' : groups.sort().join(', ')}`;
}
