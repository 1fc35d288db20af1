/**
 * The control port of `kgspec serve --control-port N`: a TCP line protocol on 127.0.0.1, one
 * command per line, one answer line per command (`nc 127.0.0.1 N`, or a test's socket).
 *
 * @remarks
 * Lines are split on `\n` (a trailing `\r` is dropped, so telnet works); a line longer than
 * {@link MAX_CONTROL_LINE_BYTES} is answered with an error and its connection closed, so a peer
 * that never sends a newline holds a bounded buffer. Any number of connections may be open; their
 * commands run one at a time through the same {@link ServerControl}.
 * @see spec/faults.md FLT-01
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { ServerControl } from './server-control.js';

/** The longest control line accepted, in bytes. */
export const MAX_CONTROL_LINE_BYTES = 4096;

/** A listening control port. */
export interface ControlPort {
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes every control connection. */
  close(): Promise<void>;
}

/** Opens the control port on `host:port` (0: a free port). @throws Error when it cannot be bound. */
export async function startControlPort(control: ServerControl, port: number, host = '127.0.0.1'): Promise<ControlPort> {
  const sockets = new Set<Socket>();
  // Half-open: a peer that sends its lines and shuts its side down still reads every answer.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveLines(socket, control);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads one connection's lines and writes each answer, in order. */
function serveLines(socket: Socket, control: ServerControl): void {
  const peer = `control port ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  let pending = '';
  let refused = false;
  // Answers are chained so they go out in the order the lines came, whatever each awaits.
  let answered: Promise<unknown> = Promise.resolve();
  const answer = (line: string): void => {
    const reply = control.run(line, peer);
    answered = answered.then(async () => {
      const text = await reply;
      if (text !== undefined && !socket.destroyed) socket.write(`${text}\n`);
    });
  };
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  const refuse = (): void => {
    pending = '';
    refused = true;
    answered = answered.then(() => {
      if (!socket.destroyed) socket.end(`error a line is longer than ${MAX_CONTROL_LINE_BYTES} bytes; closing this control connection\n`);
    });
  };
  socket.on('data', (chunk: string) => {
    if (refused) return;
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0 && !refused; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl).replace(/\r$/, '');
      pending = pending.slice(nl + 1);
      if (Buffer.byteLength(line) > MAX_CONTROL_LINE_BYTES) refuse();
      else answer(line);
    }
    if (Buffer.byteLength(pending) > MAX_CONTROL_LINE_BYTES) refuse();
  });
  // A last line without a newline still counts when the peer half-closes.
  socket.on('end', () => {
    if (!refused && pending.trim() !== '') answer(pending.replace(/\r$/, ''));
    pending = '';
    void answered.then(() => socket.end());
  });
}
