/**
 * Request and response headers, from Kafka's `clients/src/main/resources/common/message/RequestHeader.json`
 * (versions 0-2) and `ResponseHeader.json` (versions 0-1).
 *
 * @remarks
 * Request header v1: RequestApiKey int16, RequestApiVersion int16, CorrelationId int32,
 * ClientId nullable string (always an int16 length, never compact); v2 adds a tagged-field
 * section. Response header v0: CorrelationId int32; v1 adds a tagged-field section. A flexible
 * API version uses request header v2 and response header v1, others v1 and v0; ApiVersions
 * responses always use header v0, so a client that cannot parse the broker's version still
 * reads the answer (KIP-511). Header v0 (no client id) only served ControlledShutdown v0, which
 * this codec does not speak.
 * @see spec/wire.md WIRE-01
 */
import { Reader, Writer } from './primitives.js';

/** The request header as Kafka names its fields. */
export interface RequestHeader {
  readonly requestApiKey: number;
  readonly requestApiVersion: number;
  readonly correlationId: number;
  /** Null when the client sent a null client id. */
  readonly clientId: string | null;
}

/** ApiVersions' API key: its responses always use header v0. */
export const API_VERSIONS_KEY = 18;

/** The request header version for an API version (1, or 2 when the API version is flexible). */
export function requestHeaderVersion(flexible: boolean): 1 | 2 {
  return flexible ? 2 : 1;
}

/** The response header version (0, or 1 when flexible; always 0 for ApiVersions). */
export function responseHeaderVersion(apiKey: number, flexible: boolean): 0 | 1 {
  return flexible && apiKey !== API_VERSIONS_KEY ? 1 : 0;
}

/** Reads the fixed part of a request header (v1 fields); the caller reads the tagged section of v2. */
export function readRequestHeader(r: Reader): RequestHeader {
  const requestApiKey = r.int16('request header apiKey');
  const requestApiVersion = r.int16('request header apiVersion');
  const correlationId = r.int32('request header correlationId');
  const n = r.length('int16', 1, 'request header clientId');
  const clientId = n === -1 ? null : r.text(n, 'request header clientId');
  return { requestApiKey, requestApiVersion, correlationId, clientId };
}

/** Writes a request header of version 1 or 2. */
export function writeRequestHeader(w: Writer, header: RequestHeader, version: 1 | 2): void {
  w.int16(header.requestApiKey);
  w.int16(header.requestApiVersion);
  w.int32(header.correlationId);
  if (header.clientId === null) w.int16(-1);
  else {
    const bytes = Writer.utf8(header.clientId);
    w.int16(bytes.length);
    w.raw(bytes);
  }
  if (version === 2) w.uvarint(0);
}

/** Writes a response header of version 0 or 1. */
export function writeResponseHeader(w: Writer, correlationId: number, version: 0 | 1): void {
  w.int32(correlationId);
  if (version === 1) w.uvarint(0);
}
