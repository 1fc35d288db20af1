/**
 * SRV-18 at the edge: `kgspec serve`'s `create-topic` and `delete-topic` commands, and the
 * DeleteTopics API over TCP against the same server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../src/wire/client/index.js';
import { parseControlLine } from '../../src/wire/server/control-command.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import type { DeleteTopicsResponse, MetadataResponse } from '../../src/protocol/messages/index.js';

let server: RunningKafka;
const pool = new ConnectionPool();

beforeAll(async () => {
  server = await startKafka({ brokers: 2, config: { 'auto.create.topics.enable': false } });
});
afterAll(async () => {
  pool.close();
  await server.close();
});

async function topicsByMetadata(): Promise<string[]> {
  const r = (await pool.request(server.brokers[1]!, { api: 'Metadata', version: 12, clientId: 'c', clientHost: '', topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as never)) as MetadataResponse;
  return r.topics.map((t) => t.name!).filter((n) => !n.startsWith('__')).sort();
}

describe('[SRV-18] topics created and deleted while the server runs', () => {
  it('[SRV-18] create-topic and delete-topic parse with their usage', () => {
    expect(parseControlLine('create-topic orders 4')).toEqual({ command: { type: 'create-topic', topic: 'orders', partitions: 4 } });
    expect(parseControlLine('create-topic orders 4 2')).toEqual({ command: { type: 'create-topic', topic: 'orders', partitions: 4, replicationFactor: 2 } });
    expect(parseControlLine('delete-topic orders')).toEqual({ command: { type: 'delete-topic', topic: 'orders' } });
    expect(parseControlLine('create-topic orders 0')).toMatchObject({ error: expect.stringMatching(/^<partitions> must be an integer from 1 to/) });
    expect(parseControlLine('delete-topic')).toEqual({ error: 'delete-topic takes 1 argument, got 0: usage: delete-topic <topic>' });
  });

  it('[SRV-18] the commands change what Metadata shows; errors name the problem', async () => {
    expect(await server.command('create-topic orders 3 2')).toMatch(/^ok orders created with 3 partitions, replication factor 2 \(topic id [A-Za-z0-9_-]{22}\)$/);
    expect(await server.command('create-topic orders 3')).toBe('error cannot create orders: TOPIC_ALREADY_EXISTS');
    expect(await server.command('create-topic big 1 3')).toBe('error cannot create big: INVALID_REPLICATION_FACTOR');
    expect(await topicsByMetadata()).toEqual(['orders']);
    expect(await server.command('delete-topic orders')).toMatch(/^ok orders deleted \(topic id [A-Za-z0-9_-]{22}\)$/);
    expect(await server.command('delete-topic orders')).toBe("error no topic 'orders'");
    expect(await server.command('delete-topic __consumer_offsets')).toBe('error __consumer_offsets is internal and cannot be deleted');
    expect(await topicsByMetadata()).toEqual([]);
  });

  it('[SRV-18] DeleteTopics over the wire deletes by name (v4, flexible) and by id (v6)', async () => {
    await server.command('create-topic a 1');
    await server.command('create-topic b 1');
    const idB = server.kafka.cluster.topic('b')!.topicId;
    const byName = (await pool.request(server.brokers[0]!, { api: 'DeleteTopics', version: 4, clientId: 'admin', clientHost: '', topicNames: ['a'], topics: [], timeoutMs: 1000 })) as DeleteTopicsResponse;
    expect(byName.responses).toMatchObject([{ name: 'a', errorCode: 0 }]);
    const byId = (await pool.request(server.brokers[1]!, { api: 'DeleteTopics', version: 6, clientId: 'admin', clientHost: '', topicNames: [], topics: [{ name: null, topicId: idB }], timeoutMs: 1000 })) as DeleteTopicsResponse;
    expect(byId.responses).toEqual([{ name: 'b', topicId: idB, errorCode: 0, errorMessage: null }]);
    expect(await topicsByMetadata()).toEqual([]);
  });
});
