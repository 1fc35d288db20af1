/**
 * Kafka's framing: every request and response is a 4-byte big-endian length followed by that
 * many bytes. This module cuts a byte stream into frames and refuses an oversized one before
 * anything is allocated for it.
 *
 * @remarks
 * A frame is the request header plus body (`decodeRequest` takes it). Kafka's
 * `NetworkReceive` reads the size first and throws `InvalidReceiveException` when it is
 * negative or above `socket.request.max.bytes`, closing the connection; {@link FrameReader}
 * reports the same two cases so the connection can do the same.
 * @see spec/server.md SRV-10
 */

/** Kafka's default `socket.request.max.bytes` (100 MiB). */
export const DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104_857_600;

/** Why a stream can't be framed any further. */
export interface FrameError {
  readonly type: 'frameTooLarge' | 'negativeLength';
  readonly size: number;
}

/**
 * Cuts a byte stream into frames.
 *
 * @remarks
 * Chunks are kept as they arrive; a frame's buffer is allocated only once all its bytes are
 * here, and its size is checked as soon as the four length bytes are, so a peer announcing a
 * 2 GiB frame costs nothing.
 */
export class FrameReader {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private failed: FrameError | undefined;

  /** @param maxBytes - `socket.request.max.bytes`: the largest frame accepted. */
  constructor(private readonly maxBytes: number = DEFAULT_SOCKET_REQUEST_MAX_BYTES) {}

  /** Bytes received and not yet returned in a frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Adds `chunk` and returns the frames now complete, in order, or the error that makes the
   * stream unreadable (after which every call returns that error).
   */
  push(chunk: Uint8Array): { frames: Uint8Array[]; error?: FrameError } {
    if (this.failed) return { frames: [], error: this.failed };
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const size = new DataView(this.peek(4).buffer).getInt32(0);
      if (size < 0 || size > this.maxBytes) {
        this.failed = { type: size < 0 ? 'negativeLength' : 'frameTooLarge', size };
        this.chunks.length = 0;
        this.buffered = 0;
        return { frames, error: this.failed };
      }
      if (this.buffered < 4 + size) break;
      this.take(4);
      frames.push(this.take(size));
    }
    return { frames };
  }

  /** A copy of the first `n` buffered bytes (n <= buffered). */
  private peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      if (at === n) break;
      const part = c.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Removes and returns the first `n` buffered bytes (n <= buffered). */
  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) {
      // The common case (the frame sits in one chunk): no copy.
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const part = c.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
      if (part.length === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part.length);
    }
    this.buffered -= n;
    return out;
  }
}

/** `payload` with its 4-byte big-endian length in front: one frame on the wire. */
export function lengthPrefixed(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  new DataView(out.buffer).setInt32(0, payload.length);
  out.set(payload, 4);
  return out;
}

/** The fixed start of every request header (v0+): API key, version and correlation id. */
export interface HeaderPrefix {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
}

/** Reads the first 8 bytes of a request frame, or undefined when it is shorter. */
export function readHeaderPrefix(frame: Uint8Array): HeaderPrefix | undefined {
  if (frame.length < 8) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return { apiKey: view.getInt16(0), apiVersion: view.getInt16(2), correlationId: view.getInt32(4) };
}
