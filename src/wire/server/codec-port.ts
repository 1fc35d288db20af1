/**
 * What the server needs from the Kafka wire codec: a request frame to a typed request, a
 * typed response to bytes, and the table of supported versions.
 *
 * @remarks
 * The server takes the codec as a value so that framing, connections and the real-time
 * driver can be tested with a trivial codec, and so that the socket layer stays free of any
 * knowledge of message layouts.
 */
import type { ApiVersion, ApiVersionsRequest, ApiVersionsResponse, KafkaRequest, KafkaResponse } from '../../protocol/messages/index.js';

/** Any request the wire carries to this server. */
export type WireRequest = KafkaRequest | ApiVersionsRequest;

/** Any response the server writes. */
export type WireResponse = KafkaResponse | ApiVersionsResponse;

/** The header fields the server reads itself (the codec's header carries at least these). */
export interface WireHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** A Kafka wire codec. */
export interface WireCodec<H extends WireHeader = WireHeader> {
  /** Decodes one frame (the bytes after the 4-byte length); throws on anything unreadable. */
  decodeRequest(frame: Uint8Array): { header: H; request: WireRequest };
  /** Encodes the answer to the request that came with `header`: response header + body, no length. */
  encodeResponse(header: H, response: WireResponse): Uint8Array;
  /** Every API and version range the codec reads, by API key (what ApiVersions lists). */
  readonly supportedVersions: readonly ApiVersion[];
}
