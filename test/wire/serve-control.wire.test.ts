/**
 * `kgspec serve`'s fault commands over standard input and the control port (spec/faults.md): each
 * command against a running server with real sockets, and bad input on both.
 */
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { heartbeat, joinGroup, syncGroup } from '../../src/conformance/scenario.js';
import { ErrorCodes } from '../../src/protocol/errors.js';
import { fetchRequest, metadataRequest, type FetchResponse, type MetadataResponse } from '../../src/protocol/messages/index.js';
import { KafkaConnection } from '../../src/wire/client/index.js';
import type { KafkaWireServer } from '../../src/wire/server/server.js';
import { startKafka } from '../../src/wire/server/index.js';

/** A `kgspec serve` in this process with 2 brokers, fed commands on a stream, with a control port. */
class Serve {
  readonly out: string[] = [];
  readonly err: string[] = [];
  readonly input = new PassThrough();
  server!: KafkaWireServer;
  controlPort = 0;
  private stop!: () => void;
  private done!: Promise<number>;
  private readonly opened: KafkaConnection[] = [];

  async start(): Promise<void> {
    const stopped = new Promise<void>((r) => (this.stop = r));
    let ready!: (s: KafkaWireServer) => void;
    const started = new Promise<KafkaWireServer>((r) => (ready = r));
    const args = ['--port', '0', '--brokers', '2', '--control-port', '0', '--config', 'group.initial.rebalance.delay.ms=0', '--config', 'offsets.topic.num.partitions=4'];
    this.done = runServe(args, { out: (l) => this.out.push(l), err: (l) => this.err.push(l), input: this.input }, stopped, (s) => ready(s));
    this.server = await started;
    this.controlPort = Number(this.out.find((l) => l.startsWith('CONTROL '))!.split(':')[1]);
  }

  async close(): Promise<void> {
    for (const c of this.opened) c.close();
    this.stop();
    expect(await this.done).toBe(0);
  }

  /** Writes `line` on standard input; resolves to the next line written to standard output. */
  async stdin(line: string): Promise<string> {
    const seen = this.out.length;
    this.input.write(`${line}\n`);
    await until(() => this.out.length > seen);
    return this.out[seen]!;
  }

  /** A connection to broker `nodeId` (closed with the server). */
  async connection(nodeId: number): Promise<KafkaConnection> {
    const c = await KafkaConnection.open(this.address(nodeId));
    this.opened.push(c);
    return c;
  }

  address(nodeId: number): string {
    const l = this.server.listeners[nodeId]!;
    return `${l.host}:${l.port}`;
  }
}

/** Sends `text` to the control port, half-closes, and resolves to every answer line. */
function control(port: number, text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(text));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (got += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(got.split('\n').filter((l) => l !== '')));
  });
}

async function until(done: () => boolean, maxMs = 5_000): Promise<void> {
  for (const start = Date.now(); !done(); ) {
    if (Date.now() - start > maxMs) throw new Error(`not reached within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const s = connect({ host: host!, port: Number(port) }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** A group id whose coordinator is broker `nodeId` now. */
function groupCoordinatedBy(server: KafkaWireServer, nodeId: number): string {
  for (let i = 0; ; i++) if (server.kafka.coordinatorFor(`g${i}`) === nodeId) return `g${i}`;
}

describe('kgspec serve: fault commands', () => {
  let serve: Serve;
  beforeEach(async () => {
    serve = new Serve();
    await serve.start();
  });
  afterEach(() => serve.close());

  it('[FLT-01] standard input: one answer line per command, blank lines and comments ignored, bad lines answered with an error, each logged at info; the server keeps serving', async () => {
    expect(await serve.stdin('help')).toMatch(/^ok commands: crash <broker> \| restart <broker> \| move-coordinator/);
    expect(await serve.stdin('status')).toMatch(/^ok brokers: 0 up 127\.0\.0\.1:\d+ \(0 connections\), 1 up 127\.0\.0\.1:\d+ \(0 connections\); offline partitions: none; groups: none$/);
    serve.input.write('\n# a comment\n   \n');
    expect(await serve.stdin('explode 0')).toBe("error unknown command 'explode' (try: help)");
    expect(await serve.stdin('crash')).toBe('error crash takes 1 argument, got 0: usage: crash <broker>');
    expect(await serve.stdin('crash 7')).toBe('error no broker 7 (brokers are 0 to 1)');
    expect(await serve.stdin('pause 0 soon')).toMatch(/^error <ms> must be an integer/);
    expect(await serve.stdin('status')).toMatch(/^ok brokers: 0 up/);
    expect(serve.err.filter((l) => l.includes('stdin:'))).toEqual([
      expect.stringMatching(/^\[info\] stdin: help -> ok commands: /),
      expect.stringMatching(/^\[info\] stdin: status -> ok brokers: /),
      "[info] stdin: explode 0 -> error unknown command 'explode' (try: help)",
      '[info] stdin: crash -> error crash takes 1 argument, got 0: usage: crash <broker>',
      '[info] stdin: crash 7 -> error no broker 7 (brokers are 0 to 1)',
      expect.stringMatching(/^\[info\] stdin: pause 0 soon -> error <ms> must be an integer/),
      expect.stringMatching(/^\[info\] stdin: status -> ok brokers: /),
    ]);
    const c = await serve.connection(0);
    expect(((await c.request(metadataRequest(null))) as MetadataResponse).brokers).toHaveLength(2);
  });

  it('[FLT-01] the control port: answers in order on the connection, bad lines answered and the connection kept, a long line closes only its connection', async () => {
    expect(serve.out[3]).toBe(`CONTROL 127.0.0.1:${serve.controlPort}`);
    const answers = await control(serve.controlPort, 'status\r\nbogus\n\n# nothing\npause 1 x\nhelp\npause 0 0');
    expect(answers).toEqual([
      expect.stringMatching(/^ok brokers: 0 up/),
      "error unknown command 'bogus' (try: help)",
      expect.stringMatching(/^error <ms> must be an integer/),
      expect.stringMatching(/^ok commands: /),
      'ok broker 0 answers again',
    ]);
    expect(serve.err.filter((l) => /^\[info\] control port 127\.0\.0\.1:\d+: bogus -> error unknown command 'bogus'/.test(l))).toHaveLength(1);
    const long = await control(serve.controlPort, `status ${'x'.repeat(5000)}\nhelp\n`);
    expect(long).toEqual(['error a line is longer than 4096 bytes; closing this control connection']);
    expect(await control(serve.controlPort, 'help\n')).toEqual([expect.stringMatching(/^ok commands: /)]);
    expect(await serve.stdin('help')).toMatch(/^ok commands: /);
  });

  it('[FLT-02] crash closes the listener and drops its connections; its groups fail over; restart reopens the same port', async () => {
    const group = groupCoordinatedBy(serve.server, 1);
    serve.server.kafka.cluster.createTopic('c', 1, 1, { replicaAssignment: [[1]] });
    const to1 = await serve.connection(1);
    const to0 = await serve.connection(0);
    // A Fetch with nothing to read waits at broker 1 (RP-19): in flight when the broker dies.
    const inFlight = to1.request(fetchRequest([['c', 0, 0]], { maxWaitMs: 5_000 })).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    await until(() => serve.server.connectionCount(1) === 1);
    expect(await serve.stdin('crash 1')).toBe('ok broker 1 crashed');
    expect(await inFlight).toBe('ConnectionLost');
    expect(serve.server.connectionCount(1)).toBe(0);
    expect(await accepts(serve.address(1))).toBe(false);
    expect(await accepts(serve.address(0))).toBe(true);
    const meta = (await to0.request(metadataRequest(null))) as MetadataResponse;
    expect(meta.brokers.map((b) => b.nodeId)).toEqual([0]);
    expect(serve.server.kafka.coordinatorFor(group)).toBe(0);
    expect(await serve.stdin('crash 1')).toBe('error broker 1 is already down');
    expect(await serve.stdin('status')).toMatch(/1 down 127\.0\.0\.1:\d+ \(0 connections\)/);
    expect(await serve.stdin('restart 1')).toBe(`ok broker 1 restarted on port ${serve.server.listeners[1]!.port}`);
    expect(await serve.stdin('restart 1')).toBe('error broker 1 is not down');
    const again = await serve.connection(1);
    expect(((await again.request(metadataRequest(null))) as MetadataResponse).brokers.map((b) => b.nodeId)).toEqual([0, 1]);
  });

  it('[FLT-03] move-coordinator moves the group to the other in-sync replica, or to the broker named; a bad target is an error', async () => {
    const group = groupCoordinatedBy(serve.server, 0);
    const partition = serve.server.kafka.partitionFor(group);
    expect(await serve.stdin(`move-coordinator ${group}`)).toBe(`ok group ${group}: coordinator moved from broker 0 to broker 1 (__consumer_offsets-${partition})`);
    expect(serve.server.kafka.coordinatorFor(group)).toBe(1);
    expect(await serve.stdin(`move-coordinator ${group} to 0`)).toBe(`ok group ${group}: coordinator moved from broker 1 to broker 0 (__consumer_offsets-${partition})`);
    expect(await serve.stdin(`move-coordinator ${group} to 0`)).toMatch(/^error cannot move the coordinator of .* to broker 0: ELECTION_NOT_NEEDED$/);
    expect(await serve.stdin('crash 1')).toBe('ok broker 1 crashed');
    expect(await serve.stdin('pause 1 100')).toBe('error broker 1 is down');
    expect(await serve.stdin(`move-coordinator ${group}`)).toBe(`error no other live in-sync replica of __consumer_offsets-${partition} to move group ${group}'s coordinator to`);
  });

  it('[FLT-04] [FLT-05] add-partitions grows a topic; offline leaves a partition without a leader (LEADER_NOT_AVAILABLE, fetches NOT_LEADER_OR_FOLLOWER) until online', async () => {
    serve.server.kafka.cluster.createTopic('orders', 1, 2);
    expect(await serve.stdin('add-partitions orders 2')).toBe('ok orders has 3 partitions (was 1)');
    expect(await serve.stdin('add-partitions nope 2')).toBe("error no topic 'nope'");
    const c = await serve.connection(0);
    const partitions = async () => ((await c.request(metadataRequest(['orders']))) as MetadataResponse).topics[0]!.partitions;
    expect((await partitions()).map((p) => p.partitionIndex)).toEqual([0, 1, 2]);
    const leader = (await partitions())[1]!.leaderId;
    expect(await serve.stdin('offline orders 1')).toBe('ok orders-1 is offline: leader none');
    expect(await serve.stdin('offline orders 1')).toBe('error orders-1 is already held offline');
    expect(await serve.stdin('offline orders 9')).toBe('error no partition orders-9');
    expect((await partitions())[1]).toMatchObject({ errorCode: ErrorCodes.LEADER_NOT_AVAILABLE, leaderId: -1 });
    expect(await serve.stdin('status')).toMatch(/offline partitions: orders-1;/);
    const toLeader = await serve.connection(leader);
    const fetched = (await toLeader.request(fetchRequest([['orders', 1, 0]], { maxWaitMs: 0 }))) as FetchResponse;
    expect(fetched.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCodes.NOT_LEADER_OR_FOLLOWER);
    expect(await serve.stdin('online orders 1')).toMatch(/^ok orders-1 is online: leader [01]$/);
    expect(await serve.stdin('online orders 1')).toBe('error orders-1 is already not held offline');
    expect((await partitions())[1]).toMatchObject({ errorCode: ErrorCodes.NONE });
  });

  it('[FLT-06] expel removes a member as a session expiry would: the group rebalances and the member gets UNKNOWN_MEMBER_ID', async () => {
    const group = groupCoordinatedBy(serve.server, 0);
    const c = await serve.connection(0);
    const first = (await c.request(joinGroup({ groupId: group }))) as { memberId: string };
    const joined = (await c.request(joinGroup({ groupId: group, memberId: first.memberId }))) as { errorCode: number; generationId: number; memberId: string };
    expect(joined.errorCode).toBe(0);
    const synced = (await c.request(syncGroup({ groupId: group, generationId: joined.generationId, memberId: joined.memberId }))) as { errorCode: number };
    expect(synced.errorCode).toBe(0);
    expect(await serve.stdin('expel nope m')).toBe('error no group nope');
    expect(await serve.stdin(`expel ${group} someone-else`)).toBe(`error group ${group} has no member someone-else`);
    expect(await serve.stdin(`expel ${group} ${joined.memberId}`)).toBe(`ok group ${group}: member ${joined.memberId} expelled (session expired)`);
    expect(serve.err).toContain(`[info] group ${group}: session of member ${joined.memberId} expired`);
    expect(serve.err).toContain(`[info] group ${group}: member ${joined.memberId} left`);
    const beat = (await c.request(heartbeat({ groupId: group, generationId: joined.generationId, memberId: joined.memberId }))) as { errorCode: number };
    expect(beat.errorCode).toBe(ErrorCodes.UNKNOWN_MEMBER_ID);
    expect(await serve.stdin(`expel ${group} ${joined.memberId}`)).toBe(`error group ${group} has no member ${joined.memberId}`);
  });

  it('[FLT-07] pause holds a broker\'s answers for the time given; its requests are still handled; the other broker answers at once', async () => {
    const to0 = await serve.connection(0);
    const to1 = await serve.connection(1);
    await to0.request(metadataRequest(null));
    const group = groupCoordinatedBy(serve.server, 0);
    expect(await serve.stdin('pause 0 400')).toBe('ok broker 0 holds its answers for 400 ms');
    const joining = serve.connection(0).then((c) => c.request(joinGroup({ groupId: group })));
    await until(() => (serve.server.kafka.shardFor(group)?.state.groups.get(group)?.pendingJoinMembers.size ?? 0) === 1);
    let joinAnswered = false;
    void joining.then(() => (joinAnswered = true));
    expect(await serve.stdin('status')).toMatch(/0 up 127\.0\.0\.1:\d+ \(\d connections? paused \d+ ms more\)/);
    const start = Date.now();
    const held = to0.request(metadataRequest(null)).then(() => Date.now() - start);
    const prompt = await to1.request(metadataRequest(null)).then(() => Date.now() - start);
    expect(prompt).toBeLessThan(200);
    expect(joinAnswered).toBe(false);
    expect(await held).toBeGreaterThanOrEqual(350);
    expect(await joining).toMatchObject({ errorCode: ErrorCodes.MEMBER_ID_REQUIRED });
    expect(await serve.stdin('pause 0 10000')).toBe('ok broker 0 holds its answers for 10000 ms');
    expect(await serve.stdin('pause 0 0')).toBe('ok broker 0 answers again');
    const t = Date.now();
    await to0.request(metadataRequest(null));
    expect(Date.now() - t).toBeLessThan(200);
  });
});

describe('startKafka: fault commands in process', () => {
  it('[SRV-13] [FLT-01] [FLT-02] command(line) runs a fault command and resolves to its answer line, logged like the CLI\'s', async () => {
    const log: string[] = [];
    const kafka = await startKafka({ brokers: 2, log: (level, line) => log.push(`[${level}] ${line}`) });
    try {
      expect(await kafka.command('crash 1')).toBe('ok broker 1 crashed');
      expect(await accepts(kafka.brokers[1]!)).toBe(false);
      expect(await kafka.command('# nothing')).toBeUndefined();
      expect(await kafka.command('restart')).toBe('error restart takes 1 argument, got 0: usage: restart <broker>');
      expect(await kafka.command('restart 1')).toMatch(/^ok broker 1 restarted/);
      expect(await accepts(kafka.brokers[1]!)).toBe(true);
      expect(log).toContain('[info] command: crash 1 -> ok broker 1 crashed');
    } finally {
      await kafka.close();
    }
  });
});
