/**
 * The small Kafka client of `src/wire/client`: one connection matches answers by correlation
 * id; the pool gives a request an idle connection, so a parked JoinGroup holds nothing else.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinGroup } from '../../src/conformance/scenario.js';
import type { GroupRequest } from '../../src/protocol/messages/index.js';
import { ConnectionLost, ConnectionPool, KafkaConnection, parseAddress } from '../../src/wire/client/index.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';

const join = (fields: Parameters<typeof joinGroup>[0]): GroupRequest => joinGroup({ sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, ...fields });

describe('the wire client', () => {
  let kafka: RunningKafka;
  beforeAll(async () => {
    // A 3 s initial delay keeps a first JoinGroup parked for the length of a test.
    kafka = await startKafka({ config: { 'group.initial.rebalance.delay.ms': 3000 } });
  });
  afterAll(() => kafka.close());

  it('sends requests on one connection and matches each answer to its request', async () => {
    const conn = await KafkaConnection.open(kafka.brokers[0]!);
    try {
      const answers = await Promise.all([
        conn.request({ api: 'ApiVersions', version: 3, clientSoftwareName: 't', clientSoftwareVersion: '1' }),
        conn.request({ api: 'ListGroups', version: 5, clientId: 'c', clientHost: '', statesFilter: [], typesFilter: [] }),
        conn.request({ api: 'ApiVersions', version: 0, clientSoftwareName: '', clientSoftwareVersion: '' }),
      ]);
      expect(answers.map((a) => a.api)).toEqual(['ApiVersions', 'ListGroups', 'ApiVersions']);
      expect(conn.inFlight).toBe(0);
    } finally {
      conn.close();
    }
  });

  it('[CONF-10] a parked JoinGroup holds its connection; the pool answers the next request on another', async () => {
    const pool = new ConnectionPool();
    const address = kafka.brokers[0]!;
    try {
      const first = (await pool.request(address, join({ groupId: 'held' }))) as { memberId: string; errorCode: number };
      expect(first.errorCode).toBe(79);
      const parked = await pool.send(address, join({ groupId: 'held', memberId: first.memberId }));
      let settled = false;
      parked.answer.then(
        () => (settled = true),
        () => (settled = true),
      );
      const list = await pool.request(address, { api: 'ListGroups', version: 5, clientId: 'c', clientHost: '', statesFilter: [], typesFilter: [] });
      expect(list.api).toBe('ListGroups');
      expect(settled).toBe(false);
      expect(pool.size).toBe(2);
      // Closing the pool fails the parked request as a lost connection.
      pool.close();
      await expect(parked.answer).rejects.toBeInstanceOf(ConnectionLost);
    } finally {
      pool.close();
    }
  });

  it('[CONF-13] a broker that cannot be reached is a ConnectionLost naming the address', async () => {
    await expect(KafkaConnection.open('127.0.0.1:1')).rejects.toThrow(/cannot connect to 127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('an answer that cannot be read fails its request and closes the connection', async () => {
    // A broker that answers every request with its correlation id and three bytes of nonsense.
    const server = createServer((socket) => {
      socket.on('data', (chunk) => {
        const answer = Buffer.alloc(11);
        answer.writeInt32BE(7, 0);
        chunk.copy(answer, 4, 8, 12);
        answer.fill(0xff, 8);
        socket.write(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const conn = await KafkaConnection.open(`127.0.0.1:${(server.address() as { port: number }).port}`);
    try {
      const err = await conn.request({ api: 'ListGroups', version: 5, clientId: 'c', clientHost: '', statesFilter: [], typesFilter: [] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionLost);
      expect((err as Error).message).toMatch(/answer to request 1 could not be read/);
      expect(conn.usable).toBe(false);
    } finally {
      conn.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads host:port, IPv6 hosts in brackets, and refuses anything else', () => {
    expect(parseAddress('localhost:9092')).toEqual({ host: 'localhost', port: 9092 });
    expect(parseAddress('[::1]:9092')).toEqual({ host: '::1', port: 9092 });
    expect(() => parseAddress('localhost')).toThrow(/not host:port/);
    expect(() => parseAddress('h:0')).toThrow(/not host:port/);
  });
});
