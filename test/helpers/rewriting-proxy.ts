/**
 * A thin Kafka proxy for tests: it sits in front of a broker, decodes every request and answer
 * (it knows each answer's API and version from its correlation id), and lets a test rewrite
 * answers or answer requests itself: a deliberately broken broker over the wire, without
 * touching the broker. Metadata and FindCoordinator answers name the proxy's own listeners, so
 * clients stay behind it.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { decodeAnswer } from '../../src/wire/client/index.js';
import { decodeRequest, encodeResponse, withSizePrefix, type WireRequest, type WireResponse } from '../../src/wire/frames.js';
import type { RequestHeader } from '../../src/wire/header.js';
import { FrameReader } from '../../src/wire/server/framing.js';

/** What a proxy does to the traffic through it. */
export interface ProxyRules {
  /** An answer the proxy gives itself instead of forwarding the request; undefined forwards it. */
  answer?(request: WireRequest): WireResponse | undefined;
  /** Whether to cut the client's connection instead of forwarding the request (a broker that goes away). */
  drop?(request: WireRequest): boolean;
  /** Whether to keep the request and never answer it (a broker that stops answering). */
  hold?(request: WireRequest): boolean;
  /** The answer the client gets for the broker's answer to `request`. */
  rewrite?(request: WireRequest, response: WireResponse): WireResponse;
}

/** A running proxy. */
export interface RunningProxy {
  /** `host:port,...` of the proxy's listeners, one per broker. */
  readonly brokers: string[];
  close(): Promise<void>;
}

/** One request through a client connection: forwarded (answer from upstream) or answered here. */
interface Slot {
  readonly correlationId: number;
  readonly header?: RequestHeader;
  readonly request?: WireRequest;
  out?: Uint8Array;
}

function encodeAnswer(header: RequestHeader, response: WireResponse): Uint8Array {
  // An ApiVersions refusal is written in the v0 layout whatever the version asked (KIP-511).
  const h = response.api === 'ApiVersions' && response.errorCode === 35 ? { ...header, requestApiVersion: 0 } : header;
  return withSizePrefix(encodeResponse(h, response));
}

/** Points Metadata and FindCoordinator answers at the proxy's listeners. */
function readdress(response: WireResponse, map: ReadonlyMap<string, { host: string; port: number }>): WireResponse {
  const to = <T extends { host: string; port: number }>(b: T): T => {
    const m = map.get(`${b.host}:${b.port}`);
    return m === undefined ? b : { ...b, host: m.host, port: m.port };
  };
  if (response.api === 'Metadata') return { ...response, brokers: response.brokers.map(to) };
  if (response.api === 'FindCoordinator') return { ...to(response), coordinators: response.coordinators.map(to) };
  return response;
}

function pipe(client: Socket, upstream: { host: string; port: number }, rules: ProxyRules, map: ReadonlyMap<string, { host: string; port: number }>): void {
  const server = connect(upstream);
  const fromClient = new FrameReader();
  const fromServer = new FrameReader();
  const slots: Slot[] = [];
  const end = (): void => {
    client.destroy();
    server.destroy();
  };
  const flush = (): void => {
    while (slots[0]?.out !== undefined) client.write(slots.shift()!.out!);
  };
  client.on('data', (chunk: Buffer) => {
    for (const frame of fromClient.push(chunk).frames) {
      const correlationId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getInt32(4);
      let decoded;
      try {
        decoded = decodeRequest(frame);
      } catch {
        // Not ours to judge: forward it and pass the answer through unread.
        slots.push({ correlationId });
        server.write(withSizePrefix(frame));
        continue;
      }
      if (rules.drop?.(decoded.request) === true) return end();
      if (rules.hold?.(decoded.request) === true) {
        slots.push({ correlationId });
        continue;
      }
      const own = rules.answer?.(decoded.request);
      slots.push({ correlationId, header: decoded.header, request: decoded.request, ...(own ? { out: encodeAnswer(decoded.header, own) } : {}) });
      if (own === undefined) server.write(withSizePrefix(frame));
    }
    flush();
  });
  server.on('data', (chunk: Buffer) => {
    for (const frame of fromServer.push(chunk).frames) {
      const correlationId = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getInt32(0);
      const slot = slots.find((s) => s.correlationId === correlationId && s.out === undefined);
      if (slot === undefined) continue;
      if (slot.header === undefined || slot.request === undefined) {
        slot.out = withSizePrefix(frame);
        continue;
      }
      const answer = readdress(decodeAnswer(slot.header, frame), map);
      slot.out = encodeAnswer(slot.header, rules.rewrite ? rules.rewrite(slot.request, answer) : answer);
    }
    flush();
  });
  for (const s of [client, server]) {
    s.on('error', end);
    s.on('close', end);
  }
}

/** Starts one proxy listener per upstream broker (`host:port`), on free loopback ports. */
export async function startProxy(upstream: readonly string[], rules: ProxyRules = {}): Promise<RunningProxy> {
  const servers: Server[] = [];
  const map = new Map<string, { host: string; port: number }>();
  const sockets = new Set<Socket>();
  for (const address of upstream) {
    const at = address.lastIndexOf(':');
    const target = { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
    const server = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      pipe(client, target, rules, map);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    map.set(address, { host: '127.0.0.1', port });
    servers.push(server);
  }
  return {
    brokers: upstream.map((a) => `127.0.0.1:${map.get(a)!.port}`),
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
