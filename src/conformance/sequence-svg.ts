/**
 * A failed scenario's transcript as an SVG sequence diagram: one lifeline per client (by
 * `clientId`, in order of first request), one for the broker, each request and its answer as
 * arrows, and beside each answer what the scenario expects (what Kafka answers). The failed
 * exchange is highlighted. Inline SVG only, so the page that holds it works offline.
 */
import { errorName } from '../protocol/errors.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { Exchange } from './runner.js';

/** Width of a character of the diagram's monospace font, to cut labels to their arrow's length. */
const CHAR_PX = 7.3;
const EXPECTED_CHARS = 52;
const LANE_PX = 185;
const ROW_PX = 50;
const TOP_PX = 64;
const EXPECTED_COLUMN_PX = 480;
/** Where the expectations column starts, right of the broker's lifeline (clear of its head box). */
const EXPECTED_OFFSET_PX = 84;

/** Escapes text for HTML and SVG (element content and attribute values). */
export function esc(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cut(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

function fieldText(key: string, value: unknown): string | undefined {
  if (key === 'errorCode' && typeof value === 'number') return errorName(value);
  if (typeof value === 'string') return value === '' ? undefined : `${key}=${cut(value, 18)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${key}=${value}`;
  if (Array.isArray(value)) return `${key}[${value.length}]`;
  return undefined;
}

/** A one-line summary of an answer: the error name first, then its short fields. */
export function responseSummary(r: GroupResponse): string {
  const skip = new Set(['api', 'version', 'throttleTimeMs', 'errorCode']);
  const fields = Object.entries(r).filter(([k]) => !skip.has(k)).map(([k, v]) => fieldText(k, v)).filter((t): t is string => t !== undefined);
  const error = 'errorCode' in r && typeof r.errorCode === 'number' ? errorName(r.errorCode) : undefined;
  return [error, ...fields].filter((t) => t !== undefined).join(' ');
}

/** A one-line summary of a request: its label, API and version, and whose it is. */
export function requestSummary(label: string, q: GroupRequest): string {
  const o = q as unknown as Record<string, unknown>;
  const who = ['memberId', 'generationId'].map((k) => fieldText(k, o[k])).filter((t) => t !== undefined);
  return [`${label}: ${q.api} v${q.version}`, ...who].join(' ');
}

/** Full JSON of a value for tooltips (bytes as UTF-8 or hex, as reports print them). */
function full(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? `bytes(${x.length})` : x));
}

function text(x: number, y: number, body: string, title: string, cls: string, anchor = 'middle'): string {
  return `<text x="${x}" y="${y}" class="${cls}" text-anchor="${anchor}"><title>${esc(title)}</title>${esc(body)}</text>`;
}

function arrow(x1: number, x2: number, y: number, cls: string): string {
  const dir = x2 > x1 ? -1 : 1;
  return `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" class="${cls}"/><polygon points="${x2},${y} ${x2 + dir * 8},${y - 4} ${x2 + dir * 8},${y + 4}" class="${cls} head"/>`;
}

/** Which exchange failed: the latest one with the failed step's label sent before that step. */
export function failedExchangeIndex(transcript: readonly Exchange[], label: string | undefined, stepIndex: number): number {
  if (label === undefined) return -1;
  for (let i = transcript.length - 1; i >= 0; i--) {
    const x = transcript[i]!;
    if (x.label === label && x.stepIndex <= stepIndex) return i;
  }
  return -1;
}

function exchangeRow(x: Exchange, y: number, cx: number, bx: number, failed: boolean): string[] {
  const out: string[] = [];
  if (failed) out.push(`<rect x="4" y="${y - 20}" width="${bx + EXPECTED_COLUMN_PX}" height="${ROW_PX - 4}" class="failed-row"/>`);
  // Labels sit over their arrow and are cut to its length (the full text is the tooltip).
  const chars = Math.max(16, Math.floor((bx - cx) / CHAR_PX) - 2);
  const ask = requestSummary(x.label, x.request);
  out.push(arrow(cx, bx, y, 'req'), text((cx + bx) / 2, y - 5, cut(ask, chars), full(x.request), 'msg'));
  const answered = x.response !== undefined;
  const answer = answered ? responseSummary(x.response) : 'no answer (still pending)';
  out.push(arrow(bx, cx, y + 20, answered ? 'res' : 'res pending'));
  out.push(text((cx + bx) / 2, y + 15, cut(answer, chars), answered ? full(x.response) : answer, failed ? 'msg actual' : 'msg'));
  if (x.expected !== undefined) {
    out.push(text(bx + EXPECTED_OFFSET_PX, y + 15, `expected ${cut(x.expected, EXPECTED_CHARS)}`, x.expected, failed ? 'expected failed' : 'expected', 'start'));
  }
  return out;
}

/**
 * The SVG of a transcript.
 *
 * @param failedIndex - the exchange to highlight (-1: none, e.g. a failed group check).
 * @param failureNote - a line drawn under the last exchange: the failed step, expected and actual.
 */
export function sequenceSvg(transcript: readonly Exchange[], failedIndex: number, failureNote: string): string {
  const clients: string[] = [];
  for (const x of transcript) if (!clients.includes(x.request.clientId)) clients.push(x.request.clientId);
  if (clients.length === 0) clients.push('client');
  const laneX = (i: number): number => 90 + i * LANE_PX;
  const bx = laneX(clients.length);
  const width = bx + EXPECTED_COLUMN_PX;
  const height = TOP_PX + transcript.length * ROW_PX + 60;
  const out = [`<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`];
  out.push(`<title>${esc(`sequence of ${transcript.length} requests`)}</title>`);
  const heads = [...clients.map((c, i) => ({ name: c, x: laneX(i), cls: 'client' })), { name: 'broker', x: bx, cls: 'broker' }];
  for (const h of heads) {
    out.push(`<line x1="${h.x}" y1="40" x2="${h.x}" y2="${height - 10}" class="lifeline"/>`);
    out.push(`<rect x="${h.x - 70}" y="12" width="140" height="28" rx="4" class="head ${h.cls}"/>`, text(h.x, 31, cut(h.name, 20), h.name, 'head-text'));
  }
  out.push(text(bx + EXPECTED_OFFSET_PX, 31, 'what Kafka answers (the scenario expects)', 'expectations', 'column-title', 'start'));
  transcript.forEach((x, i) => {
    const y = TOP_PX + i * ROW_PX + 10;
    out.push(...exchangeRow(x, y, laneX(clients.indexOf(x.request.clientId)), bx, i === failedIndex));
  });
  const noteY = TOP_PX + transcript.length * ROW_PX + 16;
  out.push(`<rect x="10" y="${noteY}" width="${width - 20}" height="30" rx="4" class="note"/>`);
  out.push(text(20, noteY + 20, cut(failureNote, Math.floor((width - 40) / 7)), failureNote, 'note-text', 'start'));
  out.push('</svg>');
  return out.join('\n');
}
