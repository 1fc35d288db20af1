/**
 * The project's Kafka wire codec (`src/wire`) as the server's {@link WireCodec}.
 *
 * @remarks
 * The server advertises only the APIs its brokers answer (every API with a typed message in
 * `API_VERSION_RANGES`), each in the full range the codec reads and writes: the brokers answer
 * every version of the typed message, which carries the fields of the newest one, except
 * where {@link BROKER_MAX_VERSION} says otherwise.
 * @see spec/server.md SRV-05
 */
import { API_VERSION_RANGES, type ApiVersion } from '../../protocol/messages/index.js';
import { decodeRequest, encodeResponse } from '../frames.js';
import { SUPPORTED_VERSIONS } from '../registry.js';
import type { WireCodec } from './codec-port.js';

const ANSWERED: ReadonlySet<number> = new Set(Object.values(API_VERSION_RANGES).map((r) => r.apiKey));

/** Newest versions the brokers can answer where that is below the codec's (none at present). */
const BROKER_MAX_VERSION: ReadonlyMap<number, number> = new Map();

/** The ApiVersions table: the codec's ranges of the APIs the brokers answer, by API key. */
export const ADVERTISED_VERSIONS: readonly ApiVersion[] = [...SUPPORTED_VERSIONS]
  .filter(([apiKey]) => ANSWERED.has(apiKey))
  .sort(([a], [b]) => a - b)
  .map(([apiKey, r]) => ({ apiKey, minVersion: r.min, maxVersion: Math.min(r.max, BROKER_MAX_VERSION.get(apiKey) ?? r.max) }));

/** The codec every server uses unless told otherwise. */
export const defaultCodec: WireCodec = {
  decodeRequest,
  encodeResponse,
  supportedVersions: ADVERTISED_VERSIONS,
};
