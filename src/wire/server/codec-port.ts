/**
 * What the server needs from the Kafka wire codec: a request frame to a typed request, a
 * typed response to bytes, and the table of versions to advertise.
 *
 * @remarks
 * The server takes the codec as a value so that framing, connections and the real-time
 * driver can be tested with a trivial codec, and so that the socket layer stays free of any
 * knowledge of message layouts. {@link defaultCodec} is the project's codec (`src/wire`).
 */
import type { ApiVersion } from '../../protocol/messages/index.js';
import type { WireRequest, WireResponse } from '../frames.js';
import type { RequestHeader } from '../header.js';

export type { WireRequest, WireResponse, RequestHeader };

/** A Kafka wire codec. */
export interface WireCodec {
  /**
   * Decodes one frame (the bytes after the 4-byte size). Throws on anything unreadable; an
   * error with a `header` property (the codec's `WireError`) says the header was readable.
   */
  decodeRequest(frame: Uint8Array): { header: RequestHeader; request: WireRequest };
  /**
   * Encodes the answer to the request that came with `header`: response header and body, no
   * size prefix. For an ApiVersions header of an unsupported version it writes the v0 body.
   */
  encodeResponse(header: RequestHeader, response: WireResponse): Uint8Array;
  /** The APIs and version ranges the server advertises in ApiVersions, by API key. */
  readonly supportedVersions: readonly ApiVersion[];
}
