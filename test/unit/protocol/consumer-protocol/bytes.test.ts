/**
 * Text as Java's `String.getBytes(UTF_8)` writes it and `new String(bytes, UTF_8)` reads it
 * (spec/consumer-protocol.md, CP-10), checked through a v0 assignment with one topic.
 */
import { describe, expect, it } from 'vitest';
import { decodeAssignment, encodeAssignment, utf8Length } from '../../../../src/protocol/consumer-protocol/index.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The bytes of `topic` as a v0 assignment writes them (after its int16 length). */
function topicBytes(topic: string): string {
  const bytes = encodeAssignment({ partitions: [{ topic, partition: 0 }], userData: null }, 0);
  const length = new DataView(bytes.buffer).getInt16(6);
  expect(utf8Length(topic)).toBe(length);
  return toHex(bytes.subarray(8, 8 + length));
}

/** Decodes a v0 assignment whose one topic has the given UTF-8 bytes. */
function topicOf(utf8Hex: string): string {
  const body = Buffer.from(utf8Hex, 'hex');
  const head = Buffer.alloc(8);
  head.writeInt16BE(0, 0);
  head.writeInt32BE(1, 2);
  head.writeInt16BE(body.length, 6);
  const tail = Buffer.from('0000000100000000ffffffff', 'hex'); // partitions [0], userData null
  const decoded = decodeAssignment(Uint8Array.from(Buffer.concat([head, body, tail])));
  return (decoded.partitions[0] as { topic: string }).topic;
}

describe('UTF-8 as Java writes and reads it', () => {
  it('[CP-10] well-formed text is standard UTF-8 of 1 to 4 bytes a character', () => {
    for (const s of ['orders', 'caf\u00e9', '\u20ac', '\u{1f600}', 'a\u0800b\uffff', 'x'.repeat(100) + '\u00e9']) {
      expect(topicBytes(s)).toBe(Buffer.from(s, 'utf8').toString('hex'));
      expect(topicOf(topicBytes(s))).toBe(s);
    }
  });

  it('[CP-10] an unpaired surrogate is written as one "?" byte', () => {
    expect(topicBytes('x\ud800y')).toBe('783f79');
    expect(topicBytes('\udc00')).toBe('3f');
    expect(topicBytes('a\ud83d')).toBe('613f');
    expect(topicBytes('\ude00\ud83d')).toBe('3f3f');
  });

  it('[CP-10] malformed UTF-8 reads as U+FFFD; a leading byte order mark is kept', () => {
    expect(topicOf('ff')).toBe('\ufffd');
    expect(topicOf('61c3')).toBe('a\ufffd');
    expect(topicOf('efbbbf61')).toBe('\ufeffa');
    expect(topicOf('61'.repeat(70))).toBe('a'.repeat(70));
  });

  it('[CP-10] the edges of each UTF-8 length and of the surrogate ranges', () => {
    // Last 1-byte, first and last 2-byte, first 3-byte characters; the first and last
    // supplementary characters (the lowest and highest surrogate pairs); the last character.
    for (const s of ['\u007f', '\u0080', '\u07ff', '\u0800', '\ud800\udc00', '\udbff\udfff', '\ud800\udfff', '\uffff']) {
      expect(topicBytes(s)).toBe(Buffer.from(s, 'utf8').toString('hex'));
    }
    // Unpaired at either end of the ranges: each surrogate alone is one '?'.
    expect(topicBytes('\udfff')).toBe('3f');
    expect(topicBytes('\udbff')).toBe('3f');
    expect(topicBytes('\udc00\udc00')).toBe('3f3f');
    // A high surrogate before a character just past the low range is not a pair.
    expect(topicBytes('\ud800\ue000')).toBe('3fee8080');
    // A character below the surrogates before a low surrogate is not a pair either.
    expect(topicBytes('\u0800\udc00')).toBe('e0a0803f');
  });

  it('[CP-10] a lone continuation byte in a short ASCII-looking string reads as U+FFFD', () => {
    expect(topicOf('80')).toBe('\ufffd');
    expect(topicOf('6180')).toBe('a\ufffd');
  });
});
