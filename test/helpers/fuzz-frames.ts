/**
 * Frames for fuzzing the wire server: a corpus of valid request frames (every API and version
 * the codec reads, with default field values, plus real clients' requests captured through the
 * server's tap) and byte-level mutations of them.
 */
import fc from 'fast-check';
import { encodeRequest, requestHeaderFor, type WireRequest } from '../../src/wire/frames.js';
import { structDefaults } from '../../src/wire/codec.js';
import { APIS, SUPPORTED_VERSIONS } from '../../src/wire/registry.js';
import { fieldsAt } from '../../src/wire/schema.js';
import type { Exchange } from '../../src/wire/server/connection.js';

/** A valid request frame (no size prefix) for every API and version, with default values. */
export function defaultFrames(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (const api of APIS) {
    const range = SUPPORTED_VERSIONS.get(api.apiKey)!;
    for (let version = range.min; version <= range.max; version++) {
      const request = { api: api.api, version, clientId: 'fuzz', clientHost: '', ...structDefaults(fieldsAt(api.request, version)) } as unknown as WireRequest;
      try {
        frames.push(encodeRequest(requestHeaderFor(request, version), request));
      } catch {
        // A default the schema can't carry (a required non-null field): no seed for this version.
      }
    }
  }
  return frames;
}

/** Re-encodes tapped requests as frames (what real clients sent). */
export function tappedFrames(exchanges: readonly Exchange[]): Uint8Array[] {
  return exchanges.map((e) => encodeRequest(e.header, e.request));
}

/** One mutation of a corpus frame. */
export type Mutation =
  | { readonly kind: 'flip'; readonly base: number; readonly at: number; readonly bits: number }
  | { readonly kind: 'truncate'; readonly base: number; readonly keep: number }
  | { readonly kind: 'append'; readonly base: number; readonly bytes: Uint8Array }
  | { readonly kind: 'int32'; readonly base: number; readonly at: number; readonly value: number }
  | { readonly kind: 'header'; readonly base: number; readonly apiKey: number; readonly apiVersion: number }
  | { readonly kind: 'garbage'; readonly bytes: Uint8Array }
  | { readonly kind: 'valid'; readonly base: number };

/** Mutations of a corpus of `size` frames. */
export function mutationArb(size: number): fc.Arbitrary<Mutation> {
  const base = fc.nat({ max: size - 1 });
  const at = fc.nat({ max: 4096 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), base, at, bits: fc.integer({ min: 1, max: 255 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), base, keep: at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('append' as const), base, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('int32' as const), base, at, value: fc.oneof(fc.constantFrom(-1, -2, 0, 0x7fffffff, -0x80000000, 1 << 20), fc.integer()) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('header' as const), base, apiKey: fc.integer({ min: -2, max: 80 }), apiVersion: fc.integer({ min: -1, max: 20 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 64 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid' as const), base }) },
  );
}

/** Applies `m` to the corpus: the frame to send (without its size prefix). */
export function applyMutation(corpus: readonly Uint8Array[], m: Mutation): Uint8Array {
  if (m.kind === 'garbage') return m.bytes;
  const frame = Uint8Array.from(corpus[m.base]!);
  const view = new DataView(frame.buffer);
  switch (m.kind) {
    case 'valid':
      return frame;
    case 'flip':
      if (frame.length > 0) frame[m.at % frame.length]! ^= m.bits;
      return frame;
    case 'truncate':
      return frame.subarray(0, m.keep % Math.max(1, frame.length));
    case 'append':
      return Uint8Array.from([...frame, ...m.bytes]);
    case 'int32':
      if (frame.length >= 4) view.setInt32(m.at % (frame.length - 3), m.value);
      return frame;
    case 'header':
      if (frame.length >= 4) {
        view.setInt16(0, m.apiKey);
        view.setInt16(2, m.apiVersion);
      }
      return frame;
  }
}
