/**
 * `TcpTransport` and `RealTimeScheduler` (src/wire/client): each request gets one result, network
 * failures become the transport's result kinds, and group requests have a connection of their own.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinGroup } from '../../src/conformance/scenario.js';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import type { NodeAddress, SendResult } from '../../src/transport/client-transport.js';
import { RealTimeScheduler, TcpTransport } from '../../src/wire/client/index.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';

const LIST_GROUPS: KafkaRequest = { api: 'ListGroups', version: 5, clientId: 'c', clientHost: '', statesFilter: [], typesFilter: [] };

/** Sends and resolves to the one result; also records whether it came inside `send`. */
function sendOne(t: TcpTransport, to: NodeAddress, request: KafkaRequest, timeoutMs?: number): { result: Promise<SendResult<KafkaResponse>>; sync: () => boolean } {
  let inside = true;
  let sync = false;
  const result = new Promise<SendResult<KafkaResponse>>((resolve) => {
    let calls = 0;
    t.send('c', to, request, (r) => {
      calls++;
      if (inside) sync = true;
      if (calls > 1) throw new Error('a second result');
      resolve(r);
    }, timeoutMs === undefined ? {} : { timeoutMs });
  });
  inside = false;
  return { result, sync: () => sync };
}

/** A TCP server that does `onSocket` with each connection; resolves to its address. */
async function rawServer(onSocket: (s: Socket) => void): Promise<{ server: Server; node: NodeAddress }> {
  const server = createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { server, node: { nodeId: 1, host: '127.0.0.1', port } };
}

describe('TcpTransport', () => {
  let kafka: RunningKafka;
  beforeAll(async () => {
    // A 3 s initial delay keeps a first JoinGroup parked for the length of a test.
    kafka = await startKafka({ config: { 'group.initial.rebalance.delay.ms': 3000 } });
  });
  afterAll(() => kafka.close());

  it('[SRV-19] a JoinGroup parked on the group connection does not hold a request to the same broker', async () => {
    const t = new TcpTransport();
    const node = { ...kafka.listeners[0]!, nodeId: -1 };
    try {
      const join = (memberId: string): KafkaRequest => joinGroup({ groupId: 'g-parked', memberId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000 });
      // The first JoinGroup is answered MEMBER_ID_REQUIRED; the second, with the id, is parked for the initial delay.
      const first = await sendOne(t, node, join('')).result;
      expect(first).toMatchObject({ type: 'response', response: { errorCode: 79 } });
      const parked = sendOne(t, node, join(first.type === 'response' && first.response.api === 'JoinGroup' ? first.response.memberId : '?'));
      let joined = false;
      void parked.result.then(() => (joined = true));
      const listed = await sendOne(t, node, LIST_GROUPS, 2_000).result;
      expect(listed.type).toBe('response');
      expect(joined).toBe(false);
      expect(t.connections).toBe(2);
    } finally {
      t.close();
    }
  });

  it('[SRV-20] a broker that refuses the connection is BROKER_DOWN; an address never learned is UNKNOWN_NODE; neither inside send', async () => {
    const { server, node } = await rawServer(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const t = new TcpTransport();
    const down = sendOne(t, node, LIST_GROUPS);
    const unknown = sendOne(t, { nodeId: 7, host: '', port: -1 }, LIST_GROUPS);
    expect(await down.result).toMatchObject({ type: 'networkError', reason: 'BROKER_DOWN' });
    expect(await unknown.result).toMatchObject({ type: 'networkError', reason: 'UNKNOWN_NODE' });
    expect([down.sync(), unknown.sync()]).toEqual([false, false]);
    t.close();
  });

  it('[SRV-20] a connection closed while requests wait fails each with DISCONNECTED; the next request reconnects', async () => {
    let accepted = 0;
    const { server, node } = await rawServer((s) => {
      accepted++;
      s.once('data', () => s.destroy());
    });
    const t = new TcpTransport();
    try {
      const results = await Promise.all([sendOne(t, node, LIST_GROUPS).result, sendOne(t, node, LIST_GROUPS).result]);
      expect(results.map((r) => (r.type === 'networkError' ? r.reason : r.type))).toEqual(['DISCONNECTED', 'DISCONNECTED']);
      expect(await sendOne(t, node, LIST_GROUPS).result).toMatchObject({ type: 'networkError', reason: 'DISCONNECTED' });
      expect(accepted).toBe(2);
    } finally {
      t.close();
      server.close();
    }
  });

  it('[SRV-20] a request unanswered within its timeout is a timeout and its connection is closed, failing the one behind it', async () => {
    const sockets: Socket[] = [];
    const { server, node } = await rawServer((s) => sockets.push(s));
    const t = new TcpTransport();
    try {
      const first = sendOne(t, node, LIST_GROUPS, 100).result;
      const behind = sendOne(t, node, LIST_GROUPS).result;
      expect(await first).toMatchObject({ type: 'timeout' });
      expect(await behind).toMatchObject({ type: 'networkError', reason: 'DISCONNECTED' });
      expect(t.connections).toBe(0);
    } finally {
      t.close();
      for (const s of sockets) s.destroy();
      server.close();
    }
  }, 5_000);
});

describe('RealTimeScheduler', () => {
  it('[SRV-21] runs keyed tasks on the wall clock, a key re-armed replaces its task, and advance refuses to block', async () => {
    const s = new RealTimeScheduler();
    const ran: string[] = [];
    const start = s.nowMs();
    s.schedule('a', 50, () => ran.push('a1'));
    s.schedule('a', 10, () => ran.push('a2'));
    s.schedule('b', 20, () => ran.push('b'));
    s.schedule('c', 5, () => ran.push('c'));
    expect(s.cancel('c')).toBe(true);
    expect(s.cancel('c')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual(['a2', 'b']);
    expect(s.nowMs() - start).toBeGreaterThanOrEqual(20);
    expect(s.armed).toBe(0);
    expect(() => s.advance(1)).toThrow(/commitAsync/);
    s.schedule('d', 10, () => ran.push('d'));
    s.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(['a2', 'b']);
  });
});
