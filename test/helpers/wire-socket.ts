/** A raw Kafka-framed TCP client for the wire server's tests: frames out, frames in. */
import { connect, type Socket } from 'node:net';

/** A connection that sends raw bytes and collects the length-prefixed frames that come back. */
export class RawConnection {
  readonly frames: Uint8Array[] = [];
  private buffered = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        this.frames.push(new Uint8Array(this.buffered.subarray(4, 4 + size)));
        this.buffered = this.buffered.subarray(4 + size);
      }
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Opens a connection to `host:port`. */
  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes raw bytes. */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Waits until `n` frames have arrived (or the connection closed, or `timeoutMs` passed). */
  async waitFrames(n: number, timeoutMs = 5000): Promise<Uint8Array[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < n && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames.slice(0, n);
  }

  /** Waits until the server closes the connection; true if it did within `timeoutMs`. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    await this.waitFrames(Number.MAX_SAFE_INTEGER, timeoutMs);
    return this.closed;
  }

  /** Closes the connection. */
  end(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** `payload` with its int32 length in front. */
export function frame(payload: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + payload.length);
  out.writeInt32BE(payload.length, 0);
  out.set(payload, 4);
  return out;
}
