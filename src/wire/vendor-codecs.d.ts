/**
 * Types of the two pure-JavaScript codec packages that ship none (the parts `compression.ts` uses).
 */
declare module 'snappyjs' {
  /** Decompresses raw Snappy data (no framing). */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses to raw Snappy data. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

declare module 'lz4js' {
  /** Decompresses one LZ4 frame. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Compresses to one LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
