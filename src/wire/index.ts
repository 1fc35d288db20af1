/**
 * The schema-driven Kafka wire codec: one schema module per API (`./schemas/`), written from
 * Kafka's `clients/src/main/resources/common/message/*.json`, one generic reader/writer
 * (`./codec.ts`), headers, record batches with CRC32C, and the entry points of `./frames.ts`.
 *
 * @remarks
 * A server reads a 4-byte size, then `decodeRequest(frame)`; it fills in `clientHost` from the
 * connection, answers the typed request, and writes `withSizePrefix(encodeResponse(header,
 * response))`. On a {@link WireError}: with a header, an ApiVersions request of an unsupported
 * version is answered `{ errorCode: 35, apiKeys: supportedApiVersions() }` (the codec writes it as
 * v0, WIRE-03); an error carrying `request` (a Produce with a bad batch) is answered per partition,
 * CORRUPT_MESSAGE where `records` is null; anything else closes the connection, as Kafka does.
 * A client does the reverse with `encodeRequest(requestHeaderFor(request, correlationId), request)`
 * and `decodeResponse(header, frame)`, and decompresses batches with `decompressBatch`.
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
