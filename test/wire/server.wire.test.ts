/**
 * The wire server's framing, ordering, timing and bad-input handling, with a JSON test codec
 * so that these rules are checked apart from the Kafka codec.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaWireServer } from '../../src/wire/server/server.js';
import type { WireRequest } from '../../src/wire/server/codec-port.js';
import { findCoordinatorRequest, metadataRequest } from '../../src/protocol/messages/index.js';
import { jsonAnswer, jsonCodec, jsonRequest } from '../helpers/json-codec.js';
import { frame, RawConnection } from '../helpers/wire-socket.js';

const servers: KafkaWireServer[] = [];
const conns: RawConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.end();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(brokers = 1, delayMs = 0): Promise<KafkaWireServer> {
  const server = await KafkaWireServer.start({ codec: jsonCodec, brokers, config: { initialRebalanceDelayMs: delayMs }, offsetsTopicPartitions: 3, socketRequestMaxBytes: 1 << 20, log: (level, line) => { if (level === 'warn' || level === 'error') console.log(line); } });
  servers.push(server);
  return server;
}

async function open(server: KafkaWireServer, nodeId = 0): Promise<RawConnection> {
  const l = server.listeners[nodeId]!;
  const c = await RawConnection.open(l.host, l.port);
  conns.push(c);
  return c;
}

function joinGroup(groupId: string): WireRequest {
  const protocols = [{ name: 'range', metadata: new Uint8Array(0) }];
  return { api: 'JoinGroup', version: 3, clientId: 'c', clientHost: '', groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols, reason: null };
}

describe('wire server', () => {
  it('[SRV-01] each broker listens on its own port and advertises it in Metadata and FindCoordinator', async () => {
    const server = await start(3);
    expect(new Set(server.listeners.map((l) => l.port)).size).toBe(3);
    const c = await open(server, 1);
    c.write(frame(jsonRequest(7, metadataRequest([]))));
    c.write(frame(jsonRequest(8, findCoordinatorRequest(2, ['g']))));
    const [meta, coord] = (await c.waitFrames(2)).map(jsonAnswer);
    expect(meta!.correlationId).toBe(7);
    expect(meta!.response['brokers']).toEqual(server.listeners.map((l) => ({ nodeId: l.nodeId, host: l.host, port: l.port, rack: null })));
    const coordinator = server.kafka.coordinatorFor('g')!;
    expect(coord!.response).toMatchObject({ errorCode: 0, nodeId: coordinator, port: server.listeners[coordinator]!.port });
    expect(server.bootstrap).toBe(server.listeners.map((l) => `127.0.0.1:${l.port}`).join(','));
  });

  it('[SRV-02] [SRV-03] [SRV-04] a parked JoinGroup holds its connection only; real time completes it', async () => {
    const server = await start(1, 300);
    const a = await open(server);
    const b = await open(server);
    const started = Date.now();
    a.write(frame(jsonRequest(1, joinGroup('g'))));
    a.write(frame(jsonRequest(2, findCoordinatorRequest(2, ['g']))));
    b.write(frame(jsonRequest(3, findCoordinatorRequest(2, ['g']))));
    const [other] = await b.waitFrames(1);
    expect(jsonAnswer(other!).correlationId).toBe(3);
    expect(a.frames).toHaveLength(0);
    const answers = (await a.waitFrames(2)).map(jsonAnswer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(answers.map((x) => x.correlationId)).toEqual([1, 2]);
    expect(answers[0]!.response).toMatchObject({ errorCode: 0, generationId: 1 });
  });

  it('[SRV-05] ApiVersions is answered from the codec table; a newer version gets UNSUPPORTED_VERSION with the ranges', async () => {
    const server = await start();
    const c = await open(server);
    c.write(frame(jsonRequest(1, { api: 'ApiVersions', version: 2, clientSoftwareName: '', clientSoftwareVersion: '' })));
    const [ok] = await c.waitFrames(1);
    expect(jsonAnswer(ok!).response).toEqual({ api: 'ApiVersions', errorCode: 0, apiKeys: jsonCodec.supportedVersions, throttleTimeMs: 0 });
    c.write(frame(jsonRequest(2, { api: 'ApiVersions', version: 9, clientSoftwareName: '', clientSoftwareVersion: '' })));
    const [, refused] = await c.waitFrames(2);
    expect(jsonAnswer(refused!)).toEqual({ correlationId: 2, response: { api: 'ApiVersions', errorCode: 35, apiKeys: jsonCodec.supportedVersions, throttleTimeMs: 0 } });
  });

  it('[SRV-09] [SRV-03] an unreadable frame closes its connection and nothing else', async () => {
    const server = await start();
    const bad = await open(server);
    const good = await open(server);
    bad.write(frame(new Uint8Array([0, 99, 0, 0, 0, 0, 0, 1, 0xff])));
    expect(await bad.waitClosed()).toBe(true);
    const short = await open(server);
    short.write(frame(new Uint8Array([0, 3])));
    expect(await short.waitClosed()).toBe(true);
    good.write(frame(jsonRequest(5, metadataRequest([]))));
    expect((await good.waitFrames(1)).map((f) => jsonAnswer(f).correlationId)).toEqual([5]);
  });

  it('[SRV-10] a frame over socket.request.max.bytes, or of negative size, closes the connection at once', async () => {
    const server = await start();
    const huge = await open(server);
    huge.write(new Uint8Array([0x7f, 0xff, 0xff, 0xff]));
    expect(await huge.waitClosed(2000)).toBe(true);
    const negative = await open(server);
    negative.write(new Uint8Array([0xff, 0xff, 0xff, 0xfe]));
    expect(await negative.waitClosed(2000)).toBe(true);
    const fine = await open(server);
    fine.write(frame(jsonRequest(1, metadataRequest([]))));
    expect(await fine.waitFrames(1)).toHaveLength(1);
  });

  it('[SRV-16] a connection idle past connections.max.idle.ms is closed; one in use, or with a parked request, is not', async () => {
    const server = await KafkaWireServer.start({ codec: jsonCodec, brokers: 1, config: { initialRebalanceDelayMs: 2000 }, offsetsTopicPartitions: 3, connectionsMaxIdleMs: 300 });
    servers.push(server);
    const silent = await open(server);
    const parked = await open(server);
    parked.write(frame(jsonRequest(1, joinGroup('g-idle'))));
    parked.write(frame(jsonRequest(2, metadataRequest([]))));
    expect(await silent.waitClosed(3000)).toBe(true);
    expect(parked.closed).toBe(false);
    const busy = await open(server);
    for (let i = 0; i < 4; i++) {
      busy.write(frame(jsonRequest(10 + i, metadataRequest([]))));
      expect(await busy.waitFrames(i + 1)).toHaveLength(i + 1);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(busy.closed).toBe(false);
  });

  it('[SRV-11] close() stops the listeners and closes every connection', async () => {
    const server = await start();
    const c = await open(server);
    c.write(frame(jsonRequest(1, joinGroup('parked'))));
    await server.close();
    expect(await c.waitClosed(2000)).toBe(true);
    await expect(RawConnection.open('127.0.0.1', server.listeners[0]!.port)).rejects.toThrow();
  });
});
