/**
 * kafkajs 2.2.4's own request encoders and response decoders (`kafkajs/src/protocol/requests/<api>/v<N>/`),
 * loaded for golden-byte tests: the bytes a real client sends, and how it reads ours.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface KjsRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}

/** kafkajs's request factory for `api` version `v` (a folder name, e.g. `joinGroup`). */
export function kjsRequest(api: string, v: number): (args: Record<string, unknown>) => KjsRequest {
  return require(`kafkajs/src/protocol/requests/${api}/v${v}/request.js`) as (args: Record<string, unknown>) => KjsRequest;
}

/** kafkajs's response decoder for `api` version `v`. */
export function kjsResponse(api: string, v: number): { decode(raw: Buffer): Promise<Record<string, unknown>>; parse(d: unknown): Promise<unknown> } {
  return require(`kafkajs/src/protocol/requests/${api}/v${v}/response.js`) as never;
}

/** The whole frame kafkajs sends (size prefix included), as kafkajs's `protocol/request.js` builds it. */
export async function kjsFrame(request: KjsRequest, correlationId = 7, clientId = 'kjs'): Promise<Uint8Array> {
  const build = require('kafkajs/src/protocol/request.js') as (a: unknown) => Promise<{ buffer: Buffer }>;
  const enc = await build({ correlationId, clientId, request });
  return new Uint8Array(enc.buffer);
}
