/**
 * The codec's entry points: a request frame to a typed request and a typed response to bytes
 * (the server), and the reverse (a wire client). A frame is the bytes after Kafka's 4-byte
 * size prefix; {@link withSizePrefix} adds one.
 *
 * @remarks
 * Request frame: request header v1 or v2 (`./header.ts`), then the body per the API's request
 * schema. Response frame: response header v0 or v1, then the body. The typed request gets
 * `api`, `version` and `clientId` from the header and `clientHost` `""` (the connection knows
 * the address; the server fills it in). Fetch's `partitionMaxRecords`, which is not a Kafka
 * field, is derived from `partitionMaxBytes` on decode ({@link FETCH_BYTES_PER_RECORD}).
 * ListOffsets v0 carries `offset` in its `OldStyleOffsets` list.
 * @see spec/wire.md WIRE-01
 */
import { readStruct, writeStruct, type CodecContext } from './codec.js';
import { WireError } from './errors.js';
import { API_VERSIONS_KEY, readRequestHeader, requestHeaderVersion, responseHeaderVersion, writeRequestHeader, writeResponseHeader, type RequestHeader } from './header.js';
import { Reader, Writer } from './primitives.js';
import { API_BY_KEY, API_BY_NAME, isSupported, type ApiSpec } from './registry.js';
import { fieldsAt, isFlexible } from './schema.js';
import type { ApiVersionsRequest, ApiVersionsResponse, DeleteTopicsRequest, DeleteTopicsResponse, DescribeClusterRequest, DescribeClusterResponse, DescribeConfigsRequest, DescribeConfigsResponse, FetchRequest, InitProducerIdRequest, ListOffsetsPartitionResponse, ListOffsetsResponse, InitProducerIdResponse, KafkaRequest, KafkaResponse } from '../protocol/messages/index.js';

/** Every request the codec reads: the broker's {@link KafkaRequest} plus the APIs a wire server answers itself. */
export type WireRequest = KafkaRequest | ApiVersionsRequest | DeleteTopicsRequest | InitProducerIdRequest | DescribeConfigsRequest | DescribeClusterRequest;

/** Every response the codec writes. */
export type WireResponse = KafkaResponse | ApiVersionsResponse | DeleteTopicsResponse | InitProducerIdResponse | DescribeConfigsResponse | DescribeClusterResponse;

/** A decoded request frame. */
export interface DecodedRequest {
  readonly header: RequestHeader;
  readonly request: WireRequest;
}

/** Bytes per record assumed when Fetch's `partitionMaxBytes` becomes `partitionMaxRecords` (at least 1 record). */
export const FETCH_BYTES_PER_RECORD = 1024;

function apiOf(apiKey: number): ApiSpec {
  const api = API_BY_KEY.get(apiKey);
  if (api === undefined) throw new WireError('UNSUPPORTED_API_KEY', `API key ${apiKey} is not supported`);
  return api;
}

/** The typed request after the generic decode: header fields, and Fetch's record cap. */
function finishRequest(api: ApiSpec, header: RequestHeader, body: Record<string, unknown>): WireRequest {
  const request = { api: api.api, version: header.requestApiVersion, clientId: header.clientId ?? '', clientHost: '', ...body };
  if (api.api !== 'Fetch') return request as unknown as WireRequest;
  const fetch = request as unknown as FetchRequest;
  return {
    ...fetch,
    topics: fetch.topics.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) => ({ ...p, partitionMaxRecords: Math.max(1, Math.floor(p.partitionMaxBytes / FETCH_BYTES_PER_RECORD)) })),
    })),
  };
}

/**
 * ListOffsets v0 answers with `OldStyleOffsets` (a list) instead of `Offset`: the typed
 * response's `offset` is written as that list's only element (none when negative) and read back
 * from its first element (-1 when empty).
 */
function listOffsetsV0(response: ListOffsetsResponse, direction: 'toWire' | 'fromWire'): ListOffsetsResponse {
  const map = (p: ListOffsetsPartitionResponse): ListOffsetsPartitionResponse =>
    direction === 'toWire'
      ? { ...p, oldStyleOffsets: p.oldStyleOffsets ?? (p.offset >= 0 ? [p.offset] : []) }
      : { ...p, offset: p.oldStyleOffsets?.[0] ?? -1 };
  return { ...response, topics: response.topics.map((t) => ({ ...t, partitions: t.partitions.map(map) })) };
}

/**
 * Decodes a request frame (the bytes after the 4-byte size).
 *
 * @throws {@link WireError} naming what was wrong; once the header was read it is attached, so
 * the server can answer (an ApiVersions request of an unsupported version gets an ApiVersions
 * v0 answer with UNSUPPORTED_VERSION, WIRE-03) or close the connection as Kafka does. When only
 * record sets were bad (a Produce batch with a wrong CRC), the error also carries the decoded
 * request with those sets null, for a per-partition answer.
 */
export function decodeRequest(frame: Uint8Array): DecodedRequest {
  const r = new Reader(frame);
  const header = readRequestHeader(r);
  try {
    const api = apiOf(header.requestApiKey);
    if (!isSupported(header.requestApiKey, header.requestApiVersion)) {
      throw new WireError('UNSUPPORTED_VERSION', `${api.api} v${header.requestApiVersion} is not supported`);
    }
    const version = header.requestApiVersion;
    const flexible = isFlexible(api.request, version);
    const bad: WireError[] = [];
    const ctx: CodecContext = { flexible, allowPartialBatch: false, onBadRecords: (e) => bad.push(e) };
    if (flexible) readStruct(r, [], ctx);
    const body = readStruct(r, fieldsAt(api.request, version), ctx);
    // Bytes after the request are ignored, as Kafka's request parser ignores them (WIRE-07):
    // librdkafka 2.x sends three after an all-topics Metadata v9+ request (an unused int32
    // placeholder for the array count).
    const request = finishRequest(api, header, body);
    const first = bad[0];
    if (first !== undefined) throw new WireError(first.kind, `${bad.length} bad record set(s); first: ${first.message}`, header, request);
    return { header, request };
  } catch (e) {
    throw e instanceof WireError ? e.withHeader(header) : e;
  }
}

/** The version a response to `header` is written in: the request's, but v0 for an ApiVersions request of an unsupported version. */
export function responseVersion(header: RequestHeader): number {
  if (header.requestApiKey === API_VERSIONS_KEY && !isSupported(API_VERSIONS_KEY, header.requestApiVersion)) return 0;
  return header.requestApiVersion;
}

function checkApi(apiKey: number, version: number, api: string): ApiSpec {
  const spec = apiOf(apiKey);
  if (spec.api !== api) throw new WireError('INVALID_VALUE', `a ${api} message under API key ${apiKey} (${spec.api})`);
  if (!isSupported(apiKey, version)) throw new WireError('UNSUPPORTED_VERSION', `${api} v${version} is not supported`);
  return spec;
}

/**
 * Encodes the response to the request with `header`: response header and body, without the
 * 4-byte size prefix ({@link withSizePrefix}).
 */
export function encodeResponse(header: RequestHeader, response: WireResponse): Uint8Array {
  const version = responseVersion(header);
  const api = checkApi(header.requestApiKey, version, response.api);
  const flexible = isFlexible(api.response, version);
  const w = new Writer();
  writeResponseHeader(w, header.correlationId, responseHeaderVersion(api.apiKey, flexible));
  const body = response.api === 'ListOffsets' && version === 0 ? listOffsetsV0(response, 'toWire') : response;
  writeStruct(w, fieldsAt(api.response, version), body as unknown as Record<string, unknown>, { flexible, allowPartialBatch: false });
  return w.bytes().slice();
}

/** The request header a client sends for `request`. */
export function requestHeaderFor(request: WireRequest, correlationId: number, clientId: string | null = 'clientId' in request ? request.clientId : null): RequestHeader {
  const api = API_BY_NAME.get(request.api);
  if (api === undefined) throw new WireError('UNSUPPORTED_API_KEY', `API ${request.api} is not supported`);
  return { requestApiKey: api.apiKey, requestApiVersion: request.version, correlationId, clientId };
}

/** Encodes a request with `header` (see {@link requestHeaderFor}), without the 4-byte size prefix. */
export function encodeRequest(header: RequestHeader, request: WireRequest): Uint8Array {
  const api = checkApi(header.requestApiKey, header.requestApiVersion, request.api);
  const flexible = isFlexible(api.request, header.requestApiVersion);
  const w = new Writer();
  writeRequestHeader(w, header, requestHeaderVersion(flexible));
  writeStruct(w, fieldsAt(api.request, header.requestApiVersion), request as unknown as Record<string, unknown>, { flexible, allowPartialBatch: false });
  return w.bytes().slice();
}

/**
 * Decodes a response frame to the request sent with `header` (a client knows what it asked).
 * A record set in a response may end with a partial batch, which is dropped (Kafka cuts at max bytes).
 * `allowTrailingBytes` ignores bytes after the body; `nullAsEmpty` reads a null string or bytes
 * the version does not allow as empty (WIRE-15).
 *
 * @throws {@link WireError} when the frame is malformed or its correlation id is not the header's.
 */
export function decodeResponse(header: RequestHeader, frame: Uint8Array, options: { allowTrailingBytes?: boolean; nullAsEmpty?: boolean } = {}): WireResponse {
  const api = apiOf(header.requestApiKey);
  const version = header.requestApiVersion;
  const flexible = isFlexible(api.response, version);
  const ctx: CodecContext = { flexible, allowPartialBatch: true, nullAsEmpty: options.nullAsEmpty === true };
  const r = new Reader(frame);
  const correlationId = r.int32('response header correlationId');
  if (correlationId !== header.correlationId) throw new WireError('INVALID_VALUE', `response correlation id ${correlationId}, expected ${header.correlationId}`);
  if (responseHeaderVersion(api.apiKey, flexible) === 1) readStruct(r, [], ctx);
  const body = readStruct(r, fieldsAt(api.response, version), ctx);
  // Kafka's own clients read what the schema lists and ignore the rest; a client may ask to do so.
  if (r.remaining() !== 0 && options.allowTrailingBytes !== true) throw new WireError('TRAILING_BYTES', `${api.api} v${version} response: ${r.remaining()} bytes after the body`);
  const response = { api: api.api, ...body } as unknown as WireResponse;
  return response.api === 'ListOffsets' && version === 0 ? listOffsetsV0(response, 'fromWire') : response;
}

/** `frame` with Kafka's 4-byte big-endian size prefix. */
export function withSizePrefix(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 4);
  new DataView(out.buffer).setInt32(0, frame.length);
  out.set(frame, 4);
  return out;
}
