/**
 * The schema-driven Kafka wire codec: one schema module per API (`./schemas/`), written from
 * Kafka's `clients/src/main/resources/common/message/*.json`, one generic reader/writer
 * (`./codec.ts`), headers, record batches with CRC32C, and the entry points of `./frames.ts`.
 *
 * @see spec/wire.md
 * @packageDocumentation
 */
export { decodeRequest, encodeResponse, encodeRequest, decodeResponse, requestHeaderFor, responseVersion, withSizePrefix, FETCH_BYTES_PER_RECORD } from './frames.js';
export type { DecodedRequest, WireRequest, WireResponse } from './frames.js';
export type { RequestHeader } from './header.js';
export { SUPPORTED_VERSIONS, APIS, API_BY_KEY, isSupported, supportedApiVersions } from './registry.js';
export type { ApiSpec, SupportedRange } from './registry.js';
export { WireError } from './errors.js';
export type { WireErrorKind } from './errors.js';
export { decodeBatches, encodeBatches } from './records.js';
export { compressBatch, decompressBatch, COMPRESSION } from './compression.js';
export { checkSchema } from './schema-check.js';
export type { MessageSchema, FieldSchema } from './schema.js';
