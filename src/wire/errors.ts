/**
 * The one error the wire codec throws: bad bytes from outside, named by what was wrong.
 *
 * @remarks
 * Kafka's broker answers some malformed requests with an error code (UNSUPPORTED_VERSION for an
 * ApiVersions request it cannot parse, CORRUPT_MESSAGE for a record batch whose CRC does not
 * match) and closes the connection on the rest. {@link WireError.kind} says which case this is
 * and {@link WireError.errorCode} carries Kafka's code; {@link WireError.header} is set once the
 * request header was read, so the server can answer with the right correlation id.
 * @see spec/wire.md WIRE-07
 */
import type { WireRequest } from './frames.js';
import type { RequestHeader } from './header.js';

/** What was wrong with the bytes. */
export type WireErrorKind =
  /** The buffer ended before a field did. */
  | 'TRUNCATED'
  /** A length or count is negative (other than -1 for null) or larger than the bytes left. */
  | 'INVALID_LENGTH'
  /** An unsigned varint runs past 5 bytes (10 for a varlong). */
  | 'INVALID_VARINT'
  /** A value that cannot be represented (a null where the version forbids it, a bad uuid). */
  | 'INVALID_VALUE'
  /** The API key is not one this codec knows. */
  | 'UNSUPPORTED_API_KEY'
  /** The API version is outside the supported range (or a record batch magic other than 2). */
  | 'UNSUPPORTED_VERSION'
  /** A record batch failed its CRC32C check or its own length fields. */
  | 'CORRUPT_MESSAGE'
  /** A compressed record batch whose codec this project does not implement. */
  | 'UNSUPPORTED_COMPRESSION_TYPE'
  /** Bytes left over after the message ended. */
  | 'TRAILING_BYTES';

/** Kafka's error code for each kind (`Errors.java`): what a broker would answer, where it answers. */
const ERROR_CODE: Readonly<Record<WireErrorKind, number>> = {
  TRUNCATED: 2, // CORRUPT_MESSAGE: Kafka's own parser reports a short buffer as a corrupt request
  INVALID_LENGTH: 2,
  INVALID_VARINT: 2,
  INVALID_VALUE: 42, // INVALID_REQUEST
  UNSUPPORTED_API_KEY: 35, // UNSUPPORTED_VERSION
  UNSUPPORTED_VERSION: 35,
  CORRUPT_MESSAGE: 2,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  TRAILING_BYTES: 42,
};

/** Malformed or unsupported bytes: a clear message, a kind, Kafka's error code and (once read) the request header. */
export class WireError extends Error {
  /** Kafka's numeric error code for {@link WireError.kind}. */
  readonly errorCode: number;

  /**
   * @param kind - what was wrong
   * @param message - a sentence naming the field or value at fault
   * @param header - the request header, when it was decoded before the failure
   */
  constructor(
    readonly kind: WireErrorKind,
    message: string,
    readonly header?: RequestHeader,
    /**
     * The request, decoded in full, when only record sets inside it were bad: each bad set reads
     * as null (`records: null`), so a broker can answer those partitions CORRUPT_MESSAGE (or
     * UNSUPPORTED_VERSION for magic 0/1) and the rest normally, as Kafka does (WIRE-05).
     */
    readonly request?: WireRequest,
  ) {
    super(message);
    this.name = 'WireError';
    this.errorCode = ERROR_CODE[kind];
  }

  /** The same error with the request header attached (set by the frame decoder). */
  withHeader(header: RequestHeader): WireError {
    return this.header !== undefined ? this : new WireError(this.kind, this.message, header, this.request);
  }
}
