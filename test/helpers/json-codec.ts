/**
 * A trivial codec for the server's own tests: an 8-byte Kafka header prefix (API key, version,
 * correlation id), then the request as JSON; answers are the correlation id and JSON. It lets
 * the framing, ordering and timing of the server be tested apart from the real codec.
 */
import type { RequestHeader, WireCodec, WireRequest, WireResponse } from '../../src/wire/server/codec-port.js';

const API_KEYS: Record<string, number> = { ApiVersions: 18, Metadata: 3, FindCoordinator: 10, JoinGroup: 11, Heartbeat: 12, DescribeGroups: 15 };

/** The JSON test codec. */
export const jsonCodec: WireCodec = {
  decodeRequest(frame) {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    if (frame.length < 8) throw new Error('truncated header');
    const header: RequestHeader = { requestApiKey: view.getInt16(0), requestApiVersion: view.getInt16(2), correlationId: view.getInt32(4), clientId: 'json' };
    if (header.requestApiKey === 18 && header.requestApiVersion > 4) throw Object.assign(new Error('unsupported ApiVersions version'), { header });
    const request = JSON.parse(new TextDecoder().decode(frame.subarray(8)), revive) as WireRequest;
    if (API_KEYS[request.api] !== header.requestApiKey) throw new Error(`unknown API key ${header.requestApiKey}`);
    return { header, request };
  },
  encodeResponse(header, response) {
    const body = new TextEncoder().encode(JSON.stringify(response, replace));
    const out = new Uint8Array(4 + body.length);
    new DataView(out.buffer).setInt32(0, header.correlationId);
    out.set(body, 4);
    return out;
  },
  supportedVersions: [
    { apiKey: 3, minVersion: 9, maxVersion: 9 },
    { apiKey: 10, minVersion: 0, maxVersion: 3 },
    { apiKey: 11, minVersion: 0, maxVersion: 9 },
    { apiKey: 18, minVersion: 0, maxVersion: 4 },
  ],
};

/** A request frame body (no length) for the JSON codec. */
export function jsonRequest(correlationId: number, request: WireRequest, apiVersion = request.version): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(request, replace));
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setInt16(0, API_KEYS[request.api] ?? -1);
  view.setInt16(2, apiVersion);
  view.setInt32(4, correlationId);
  out.set(body, 8);
  return out;
}

/** Reads a JSON-codec answer: its correlation id and response. */
export function jsonAnswer(frame: Uint8Array): { correlationId: number; response: WireResponse & Record<string, unknown> } {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return { correlationId: view.getInt32(0), response: JSON.parse(new TextDecoder().decode(frame.subarray(4)), revive) as WireResponse & Record<string, unknown> };
}

/** Bytes survive JSON as `{ $bytes: [...] }`. */
function replace(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: [...value] } : value;
}

function revive(_key: string, value: unknown): unknown {
  return value !== null && typeof value === 'object' && '$bytes' in value ? Uint8Array.from((value as { $bytes: number[] }).$bytes) : value;
}
