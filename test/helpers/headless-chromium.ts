/**
 * A headless Chromium driven over the DevTools protocol (a small client over `ws`): enough to
 * open pages, collect console errors, run a script in the page and take a screenshot.
 *
 * @remarks
 * Uses the system's Chromium (Debian's `chromium` package); nothing is downloaded. Every console
 * error, uncaught exception and failed resource load (a broken relative link to a stylesheet or
 * an image) is collected in {@link HeadlessChromium.errors}.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/** The Chromium binary to use: `$CHROMIUM`, else the first of the usual names on the PATH; null when none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter((c): c is string => !!c);
  for (const bin of candidates) {
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0) return bin;
  }
  return null;
}

interface Pending {
  readonly resolve: (value: Record<string, unknown>) => void;
  readonly reject: (error: Error) => void;
}

/** One browser with one page. */
export class HeadlessChromium {
  /** Console errors, exceptions and failed loads seen so far, as text. */
  readonly errors: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters: { method: string; resolve: () => void }[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profile: string,
  ) {
    socket.on('message', (data) => this.onMessage(JSON.parse(String(data)) as Record<string, unknown>));
    // Without a listener a late socket error (Chromium going away) would be an unhandled error.
    socket.on('error', (error) => this.failPending(error));
    socket.on('close', () => this.failPending(new Error('the DevTools connection closed')));
  }

  private failPending(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** Starts Chromium with a blank page of `width` x `height` and connects to that page. */
  static async launch(bin: string, width = 1280, height = 900): Promise<HeadlessChromium> {
    const profile = mkdtempSync(join(tmpdir(), 'kgspec-chromium-'));
    const args = ['--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'];
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const port = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${seen}`)), 20_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`chromium exited with ${code}:\n${seen}`)));
    });
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
    const page = targets.find((t) => t.type === 'page');
    if (page === undefined) throw new Error('chromium has no page target');
    const socket = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const browser = new HeadlessChromium(child, socket, profile);
    await browser.send('Page.enable');
    await browser.send('Runtime.enable');
    await browser.send('Log.enable');
    // The window size includes the browser's own frame in new headless mode; fix the viewport.
    await browser.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return browser;
  }

  /** Sends a DevTools command and returns its result. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Resolves on the next event named `method`. */
  private next(method: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Opens `url` and waits for its load event. */
  async open(url: string): Promise<void> {
    const loaded = this.next('Page.loadEventFired');
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** Runs `script` in the page (it may trigger a navigation) and waits for the next page load. */
  async navigateBy(script: string): Promise<void> {
    const loaded = this.next('Page.loadEventFired');
    await this.evaluate(script);
    await loaded;
  }

  /** Evaluates `expression` in the page and returns its value (JSON-serializable values only). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send('Runtime.evaluate', { expression, returnByValue: true });
    const details = result.exceptionDetails as { text?: string } | undefined;
    if (details !== undefined) throw new Error(`page script failed: ${details.text ?? expression}`);
    return (result.result as { value: T }).value;
  }

  /** A PNG screenshot of the viewport. */
  async screenshot(): Promise<Buffer> {
    const result = await this.send('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(String(result.data), 'base64');
  }

  /** Closes the page, stops Chromium and removes its profile. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) resolve();
      else this.socket.once('close', () => resolve());
    });
    this.socket.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.socket.terminate();
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.child.kill();
    await exited;
    // Chromium's helper processes may still be writing to the profile for a moment after the
    // browser exits (ENOTEMPTY): retry with a backoff; a temp folder left behind fails no test.
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // Left for the OS's temp cleanup.
    }
  }

  private onMessage(message: Record<string, unknown>): void {
    if (typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      const error = message.error as { message?: string } | undefined;
      if (error !== undefined) waiting?.reject(new Error(error.message ?? 'DevTools error'));
      else waiting?.resolve((message.result ?? {}) as Record<string, unknown>);
      return;
    }
    const method = String(message.method);
    const params = (message.params ?? {}) as Record<string, unknown>;
    this.collectError(method, params);
    const index = this.waiters.findIndex((w) => w.method === method);
    if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve();
  }

  private collectError(method: string, params: Record<string, unknown>): void {
    if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) {
      const args = (params.args as { value?: unknown; description?: string }[] | undefined) ?? [];
      this.errors.push(`console.${String(params.type)}: ${args.map((a) => String(a.value ?? a.description)).join(' ')}`);
    } else if (method === 'Runtime.exceptionThrown') {
      const details = params.exceptionDetails as { text?: string; exception?: { description?: string } };
      this.errors.push(`exception: ${details.exception?.description ?? details.text}`);
    } else if (method === 'Log.entryAdded') {
      const entry = params.entry as { level?: string; text?: string; url?: string };
      if (entry.level === 'error') this.errors.push(`log: ${entry.text} ${entry.url ?? ''}`.trim());
    }
  }
}
