import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { Cluster, clusterTransport, handleMetadata } from '../../../src/broker/cluster/index.js';
import { metadataRequest, type MetadataRequest, type MetadataResponse } from '../../../src/protocol/messages/metadata.js';
import { ManualClock } from '../../../src/time/clock.js';
import {
  parseBootstrapServers,
  Transport,
  XorShift32,
  type FaultPlan,
  type SendResult,
  type TransportEvent,
} from '../../../src/transport/index.js';

/** A toy API: the broker echoes the text with its node id, or parks it when asked. */
interface Echo {
  readonly api: 'Echo';
  readonly text: string;
  readonly park?: boolean;
}

function echoSetup(options: { faults?: FaultPlan; seed?: number; latencyMs?: number } = {}) {
  const loop = new EventLoop(new ManualClock(0));
  const transport = new Transport<Echo, string>({ loop, ...options });
  const handled: string[] = [];
  const parked: ((r: string) => void)[] = [];
  for (const nodeId of [0, 1]) {
    transport.listen(nodeId, (req, ctx) => {
      handled.push(`${nodeId}:${req.text}@${loop.nowMs()}`);
      if (req.park === true) {
        parked.push(ctx.respond);
        return undefined;
      }
      return `${req.text}@${nodeId}`;
    });
  }
  const results: string[] = [];
  const send = (text: string, nodeId = 0, extra: Partial<Echo> = {}, timeoutMs?: number) =>
    transport.send('c1', nodeId, { api: 'Echo', text, ...extra }, (r) => results.push(`${show(r)}@${loop.nowMs()}`), timeoutMs === undefined ? {} : { timeoutMs });
  return { loop, transport, handled, parked, results, send };
}

function show(r: SendResult<string>): string {
  return r.type === 'response' ? `#${r.correlationId} ${r.response}` : `#${r.correlationId} ${r.type === 'networkError' ? r.reason : 'timeout'}`;
}

describe('transport', () => {
  it('[NET-01] a request arrives one latency later and its response one more; order is kept per connection', () => {
    const { loop, handled, results, send } = echoSetup();
    expect(send('a')).toBe(1);
    expect(send('b')).toBe(2);
    expect(handled).toEqual([]);
    loop.advance(1);
    expect(handled).toEqual(['0:a@1', '0:b@1']);
    expect(results).toEqual([]);
    loop.advance(1);
    expect(results).toEqual(['#1 a@0@2', '#2 b@0@2']);
  });

  it('[NET-01] latency is configurable, and 0 delivers on the next run of due tasks', () => {
    const { loop, results, send } = echoSetup({ latencyMs: 0 });
    send('a');
    expect(results).toEqual([]);
    loop.runDue();
    expect(results).toEqual(['#1 a@0@0']);
  });

  it('[NET-02] a down broker fails the request with BROKER_DOWN; an unknown node with UNKNOWN_NODE', () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster({ loop, brokers: 2 });
    const transport = clusterTransport<MetadataRequest, MetadataResponse>(cluster);
    const calls: number[] = [];
    for (const b of cluster.brokers()) {
      transport.listen(b.nodeId, (req) => {
        calls.push(b.nodeId);
        return handleMetadata(cluster, b.nodeId, req);
      });
    }
    const results: string[] = [];
    cluster.crash(1);
    transport.send('c', 1, metadataRequest(null), (r) => results.push(`${r.type}:${r.type === 'networkError' ? r.reason : ''}@${loop.nowMs()}`));
    transport.send('c', 9, metadataRequest(null), (r) => results.push(`${r.type}:${r.type === 'networkError' ? r.reason : ''}@${loop.nowMs()}`));
    transport.send('c', 0, metadataRequest(null), (r) => results.push(`${r.type}:${r.type === 'response' ? r.response.brokers.length : ''}@${loop.nowMs()}`));
    loop.advance(5);
    expect(results).toEqual(['networkError:BROKER_DOWN@1', 'networkError:UNKNOWN_NODE@1', 'response:1@2']);
    expect(calls).toEqual([0]);
  });

  it('[NET-02] a client names a broker by its advertised address; an address nobody advertises is UNKNOWN_NODE', () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster({ loop, brokers: [{ nodeId: 0 }, { nodeId: 1, host: 'b1.example', port: 19092 }] });
    const transport = clusterTransport<MetadataRequest, MetadataResponse>(cluster);
    const calls: number[] = [];
    for (const b of cluster.brokers()) {
      transport.listen(b.nodeId, (req) => {
        calls.push(b.nodeId);
        return handleMetadata(cluster, b.nodeId, req);
      });
    }
    const results: string[] = [];
    const record = (r: SendResult<MetadataResponse>): void => {
      results.push(r.type === 'networkError' ? r.reason : r.type);
    };
    const [first, second] = parseBootstrapServers('broker-0.local:9092, b1.example:19092');
    expect([first, second]).toEqual([
      { nodeId: -1, host: 'broker-0.local', port: 9092 },
      { nodeId: -2, host: 'b1.example', port: 19092 },
    ]);
    transport.send('c', second!, metadataRequest(null), record);
    transport.send('c', first!, metadataRequest(null), record);
    transport.send('c', { nodeId: 1, host: 'b1.example', port: 9092 }, metadataRequest(null), record);
    loop.advance(5);
    expect(calls).toEqual([1, 0]);
    expect(results).toEqual(['UNKNOWN_NODE', 'response', 'response']);
    expect(() => parseBootstrapServers(['broker-0.local'])).toThrow(/Invalid url in bootstrap.servers: broker-0.local/);
  });

  it('[NET-03] a crash fails outstanding requests with DISCONNECTED at once, in send order; that incarnation stays silent', async () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster({ loop, brokers: 2 });
    const transport = clusterTransport<Echo, string>(cluster);
    const parked: ((r: string) => void)[] = [];
    transport.listen(0, (req, ctx) => {
      if (req.park === true) parked.push(ctx.respond);
      return req.park === true ? undefined : req.text;
    });
    const events: TransportEvent[] = [];
    transport.onEvent((e) => events.push(e));
    const results: string[] = [];
    const send = (text: string, park = false) => transport.send('c', 0, { api: 'Echo', text, park }, (r) => results.push(`${show(r)}@${loop.nowMs()}`));
    send('parked', true);
    loop.advance(1);
    send('quick'); // answered at 2, response due at 3
    loop.advance(1.5);
    send('in flight'); // due at 3.5
    expect(transport.inFlight).toBe(3);
    cluster.crash(0);
    expect(results).toEqual(['#1 DISCONNECTED@2.5', '#2 DISCONNECTED@2.5', '#3 DISCONNECTED@2.5']);
    cluster.restart(0);
    parked[0]?.('too late');
    loop.advance(5);
    expect(results).toHaveLength(3);
    expect(events.filter((e) => e.type === 'ignored').map((e) => e.correlationId)).toEqual([1, 2, 3]);
    // After the restart the broker serves new requests again.
    const r = await (async () => {
      const p = transport.request('c', 0, { api: 'Echo', text: 'again' });
      loop.advance(2);
      return p;
    })();
    expect(r).toEqual({ type: 'response', correlationId: 4, response: 'again' });
  });

  it('[NET-04] a dropped request never arrives; with a timeout the client hears timeout', () => {
    const { loop, handled, results, send } = echoSetup({ faults: [{ match: { direction: 'request', correlationId: 1 }, action: { type: 'drop' } }] });
    send('lost', 0, {}, 10);
    send('kept', 0, {}, 10);
    loop.advance(20);
    expect(handled).toEqual(['0:kept@1']);
    expect(results).toEqual(['#2 kept@0@2', '#1 timeout@10']);
  });

  it('[NET-04] a delayed message is overtaken by later ones on the same connection', () => {
    const { loop, results, send } = echoSetup({ faults: [{ match: { direction: 'response' }, action: { type: 'delay', ms: 3 }, limit: 1 }] });
    send('first');
    send('second');
    loop.advance(10);
    expect(results).toEqual(['#2 second@0@2', '#1 first@0@5']);
  });

  it('[NET-04] reorder holds a message until the next one on its connection has been delivered', () => {
    const { loop, handled, send } = echoSetup({ faults: [{ match: { direction: 'request', correlationId: 1 }, action: { type: 'reorder' } }] });
    send('a');
    loop.advance(0.5);
    send('b');
    send('c');
    loop.advance(5);
    expect(handled).toEqual(['0:b@1.5', '0:a@1.5', '0:c@1.5']);
    // With nothing after it, a held message is released after holdMs.
    const lone = echoSetup({ faults: [{ action: { type: 'reorder', holdMs: 4 }, limit: 1 }] });
    lone.send('x');
    lone.loop.advance(4);
    expect(lone.handled).toEqual([]);
    lone.loop.advance(1);
    expect(lone.handled).toEqual(['0:x@5']);
  });

  it('[NET-04][NET-05] a duplicated request is handled twice; the client gets one result and the late copy is ignored', () => {
    const { loop, transport, handled, results, send } = echoSetup({
      faults: [{ match: { direction: 'request' }, action: { type: 'duplicate', gapMs: 2 } }],
    });
    const events: TransportEvent[] = [];
    transport.onEvent((e) => events.push(e));
    send('once');
    loop.advance(10);
    expect(handled).toEqual(['0:once@1', '0:once@3']);
    expect(results).toEqual(['#1 once@0@2']);
    expect(events.map((e) => `${e.type}:${e.direction}@${e.atMs}`)).toEqual([
      'send:request@0',
      'duplicate:request@0',
      'deliver:request@1',
      'send:response@1',
      'deliver:response@2',
      'deliver:request@3',
      'send:response@3',
      'ignored:response@4',
    ]);
  });

  it('[NET-05] a response after the timeout is ignored, and a handler may answer only once', () => {
    const { loop, parked, results, send } = echoSetup();
    send('slow', 0, { park: true }, 3);
    loop.advance(5);
    expect(results).toEqual(['#1 timeout@3']);
    parked[0]?.('late');
    expect(() => parked[0]?.('twice')).toThrow(/already answered/);
    loop.advance(5);
    expect(results).toEqual(['#1 timeout@3']);
  });

  it('[NET-04] probabilistic rules draw from the seeded generator: same seed, same run', () => {
    const run = (seed: number) => {
      const { loop, results, send } = echoSetup({ seed, faults: [{ action: { type: 'drop' }, probability: 0.5 }] });
      for (let i = 0; i < 40; i++) send(`m${i}`, i % 2, {}, 50);
      loop.advance(100);
      return results.map((r) => (r.includes('timeout') ? 'T' : 'R')).join('');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(run(7)).toMatch(/T/);
    expect(run(7)).toMatch(/R/);
  });

  it('[NET-04] a plan may be a function of the message and the generator; budgets limit rules', () => {
    const seen: string[] = [];
    const plan: FaultPlan = (m, rng) => {
      seen.push(`${m.direction}#${m.correlationId}:${m.seq}`);
      return m.direction === 'response' && rng.next() < 2 ? { type: 'delay', ms: 1 } : { type: 'deliver' };
    };
    const { loop, results, send } = echoSetup({ faults: plan });
    send('a');
    loop.advance(5);
    expect(seen).toEqual(['request#1:0', 'response#1:1']);
    expect(results).toEqual(['#1 a@0@3']);
    const limited = echoSetup({ faults: [{ match: { nodeId: 1 }, action: { type: 'drop' }, limit: 2 }] });
    for (let i = 0; i < 3; i++) limited.send(`n${i}`, 1, {}, 5);
    limited.send('other', 0);
    limited.loop.advance(10);
    expect(limited.results).toEqual(['#3 n2@1@2', '#4 other@0@2', '#1 timeout@5', '#2 timeout@5']);
  });

  it('[NET-04] xorshift32 is deterministic, never stuck at zero and uniform enough', () => {
    const a = new XorShift32(42);
    const b = new XorShift32(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    const zero = new XorShift32(0);
    expect(zero.nextUint32()).not.toBe(0);
    expect(new XorShift32(3).nextInt(10)).toBeLessThan(10);
  });
});
