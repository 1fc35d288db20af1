/** The server on the real codec, byte for byte: ApiVersions answers and topic auto-creation through Metadata. */
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRequest, requestHeaderFor, decodeResponse, type WireRequest } from '../../src/wire/frames.js';
import { ADVERTISED_VERSIONS, startKafka } from '../../src/wire/server/index.js';
import { produceRequest, recordBatch, textRecord } from '../../src/protocol/messages/index.js';
import { frame, RawConnection } from '../helpers/wire-socket.js';

const server = await startKafka({ config: { 'num.partitions': 3 } });
afterAll(() => server.close());

async function exchange(request: WireRequest, correlationId: number): Promise<unknown> {
  const c = await RawConnection.open('127.0.0.1', server.listeners[0]!.port);
  const header = requestHeaderFor(request, correlationId, 'raw');
  c.write(frame(encodeRequest(header, request)));
  const [answer] = await c.waitFrames(1);
  c.end();
  return decodeResponse(header, answer!);
}

describe('the wire server on the real codec', () => {
  it('[SRV-05] ApiVersions v0-v4 list the APIs the brokers answer', async () => {
    for (let version = 0; version <= 4; version++) {
      const response = await exchange({ api: 'ApiVersions', version, clientSoftwareName: 'raw', clientSoftwareVersion: '1' }, version + 1);
      expect(response).toMatchObject({ errorCode: 0, apiKeys: ADVERTISED_VERSIONS });
    }
    expect(ADVERTISED_VERSIONS.map((v) => v.apiKey)).toEqual([0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 42, 47, 68, 69]);
  });

  it('[SRV-05] an ApiVersions version above ours gets UNSUPPORTED_VERSION and our ranges in the v0 layout', async () => {
    const c = await RawConnection.open('127.0.0.1', server.listeners[0]!.port);
    // ApiVersions v9, header v2 (flexible): key, version, correlation id, client id, no tagged fields, then a body we can't know.
    c.write(frame(Uint8Array.of(0, 18, 0, 9, 0, 0, 0, 42, 0, 3, 0x72, 0x61, 0x77, 0, 1, 2, 3)));
    const [answer] = await c.waitFrames(1);
    c.end();
    const view = new DataView(answer!.buffer, answer!.byteOffset, answer!.byteLength);
    expect([view.getInt32(0), view.getInt16(4), view.getInt32(6)]).toEqual([42, 35, ADVERTISED_VERSIONS.length]);
    const listed = Array.from({ length: ADVERTISED_VERSIONS.length }, (_, i) => ({ apiKey: view.getInt16(10 + i * 6), minVersion: view.getInt16(12 + i * 6), maxVersion: view.getInt16(14 + i * 6) }));
    expect(listed).toEqual(ADVERTISED_VERSIONS);
    expect(answer!.length).toBe(10 + 6 * ADVERTISED_VERSIONS.length);
  });

  it('[SRV-07] Metadata creates an unknown topic with num.partitions, unless auto-creation is not allowed', async () => {
    const ask = (name: string, allowAutoTopicCreation: boolean, version = 6): Promise<unknown> =>
      exchange({ api: 'Metadata', version, topics: [{ name }], allowAutoTopicCreation, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as unknown as WireRequest, 7);
    expect(await ask('not-allowed', false)).toMatchObject({ topics: [{ name: 'not-allowed', errorCode: 3, partitions: [] }] });
    const created = (await ask('orders', true)) as { topics: { errorCode: number; partitions: unknown[] }[] };
    expect(created.topics[0]).toMatchObject({ errorCode: 0 });
    expect(created.topics[0]!.partitions).toHaveLength(3);
    expect(await ask('__transaction_state', true)).toMatchObject({ topics: [{ errorCode: 3 }] });
    // Before v4 the request has no flag: Kafka always allows auto-creation.
    expect(await ask('old-client', true, 1)).toMatchObject({ topics: [{ name: 'old-client', errorCode: 0 }] });
  });

  it('[SRV-09] [RP-21] a Produce with one corrupt record set: that partition gets CORRUPT_MESSAGE, the other is appended, the connection stays', async () => {
    await exchange({ api: 'Metadata', version: 9, topics: [{ name: 'crc' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as unknown as WireRequest, 1);
    const request = produceRequest([['crc', 0, recordBatch([textRecord('first')])], ['crc', 1, recordBatch([textRecord('other')])]]);
    const header = requestHeaderFor(request, 5, 'raw');
    const bytes = encodeRequest(header, request);
    const at = Buffer.from(bytes).indexOf('first');
    bytes[at] = bytes[at]! ^ 0x20; // 'First': the CRC32C no longer matches
    const c = await RawConnection.open('127.0.0.1', server.listeners[0]!.port);
    c.write(frame(bytes));
    c.write(frame(encodeRequest(requestHeaderFor(request, 6, 'raw'), request)));
    const answers = (await c.waitFrames(2)).map((f, i) => decodeResponse({ ...header, correlationId: 5 + i }, f));
    c.end();
    expect(answers[0]).toMatchObject({ responses: [{ name: 'crc', partitionResponses: [{ index: 0, errorCode: 2 }, { index: 1, errorCode: 0, baseOffset: 0 }] }] });
    expect(answers[1]).toMatchObject({ responses: [{ name: 'crc', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 0 }, { index: 1, errorCode: 0, baseOffset: 1 }] }] });
  });
});
