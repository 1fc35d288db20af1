/**
 * Deterministic id generators. Kafka uses random UUIDs for member ids; the core takes ids
 * from an injected generator so that the same inputs give the same outputs.
 */

/** Returns a function producing UUID-shaped ids `00000000-0000-4000-8000-<12 hex digits>` from a counter. */
export function sequentialIds(start = 1): () => string {
  let next = start;
  return () => {
    const n = next++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

/**
 * Returns a function producing UUID v4-shaped ids from a 32-bit seed (xorshift32), for runs
 * that want realistic-looking but reproducible ids.
 */
export function seededIds(seed: number): () => string {
  let s = seed | 0 || 0x9e3779b9;
  const word = (): string => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0).toString(16).padStart(8, '0');
  };
  return () => {
    const h = word() + word() + word() + word();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}
