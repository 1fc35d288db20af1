/**
 * The project's Kafka wire codec, as the server's {@link WireCodec}.
 */
import type { WireCodec } from './codec-port.js';

/** The codec every server uses unless told otherwise. */
export const defaultCodec: WireCodec = {
  decodeRequest() {
    throw new Error('the wire codec is not merged yet');
  },
  encodeResponse() {
    throw new Error('the wire codec is not merged yet');
  },
  supportedVersions: [],
};
