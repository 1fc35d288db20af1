/**
 * Readable byte strings for scenarios and benchmarks: metadata, assignments and other opaque
 * fields written as text.
 */

/** One encoder for every {@link bytes} call: the encoder is stateless, and benchmarks build a request per member. */
const UTF8 = new TextEncoder();

/**
 * UTF-8 bytes of a string, for readable metadata and assignments in scenarios. Short ASCII text
 * (`range:meta`) is copied by hand into a small on-heap array: `TextEncoder.encode` gives each
 * result an external buffer, about 0.5 us a call for a benchmark building a JoinGroup per member.
 */
export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length <= 64 ? text.length : 0);
  for (let i = 0; i < out.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return UTF8.encode(text);
    out[i] = c;
  }
  return out.length === text.length ? out : UTF8.encode(text);
}
