/**
 * The version header both consumer protocol structures start with, and Kafka's version
 * policy: decode a newer version with the newest layout known, encode a newer one as the
 * newest known, reject a negative one.
 *
 * ```
 * version  int16   0..3 known; > 3 read with the v3 layout; < 0 rejected
 * body     the layout of min(version, 3)
 * ```
 *
 * @see spec/consumer-protocol.md, CP-01, CP-09, CP-11, CP-13
 * @packageDocumentation
 */
import { ConsumerProtocolError, type ByteReader, type ConsumerProtocolStructure } from './bytes.js';

/** The lowest version of both structures (Kafka keeps the two in step). */
export const CONSUMER_PROTOCOL_LOWEST_VERSION = 0;

/** The highest version of both structures known here, and the one Kafka's client writes. */
export const CONSUMER_PROTOCOL_HIGHEST_VERSION = 3;

/** Options for decoding. */
export interface DecodeOptions {
  /**
   * Reject what Kafka tolerates but never writes: a null length other than -1, and bytes
   * after a complete payload of a known version (0-3). Default false: decode as Kafka does.
   *
   * @see spec/consumer-protocol.md, CP-13, CP-14
   */
  readonly strict?: boolean;
}

/**
 * Reads the version header and returns it; the caller reads the body with the layout of
 * `min(version, CONSUMER_PROTOCOL_HIGHEST_VERSION)` (CP-11).
 */
export function readVersion(reader: ByteReader): number {
  const version = reader.int16('version');
  if (version < CONSUMER_PROTOCOL_LOWEST_VERSION) reader.fail('version', 0, `unsupported version ${version}`);
  return version;
}

/**
 * Ends a decode: bytes left over are ignored as Kafka ignores them, except in strict mode
 * after a known version, where they can only be garbage (CP-13).
 */
export function checkEnd(reader: ByteReader, version: number): void {
  if (reader.strict && version <= CONSUMER_PROTOCOL_HIGHEST_VERSION && reader.remaining > 0) {
    reader.fail('trailingBytes', reader.offset, `${reader.remaining} bytes after a complete version ${version} payload`);
  }
}

/**
 * Checks the version an encoder was asked for and returns the one it writes: Kafka clamps a
 * version above the highest known down to it and rejects a negative one (CP-09).
 */
export function encodeVersion(structure: ConsumerProtocolStructure, version: number): number {
  if (!Number.isInteger(version) || version < CONSUMER_PROTOCOL_LOWEST_VERSION || version > 0x7fff) {
    throw new ConsumerProtocolError(structure, 'version', 0, `cannot encode version ${version}`);
  }
  return Math.min(version, CONSUMER_PROTOCOL_HIGHEST_VERSION);
}
