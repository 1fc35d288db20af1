/**
 * The wire client reads answers as Kafka's clients do: a byte after the schema's fields (as
 * librdkafka's 2.12 mock writes after Metadata v12) is ignored there, while the strict decoder
 * (the server's and the codec tests') still refuses it.
 */
import { describe, expect, it } from 'vitest';
import { decodeAnswer } from '../../../src/wire/client/index.js';
import { decodeResponse, encodeResponse, requestHeaderFor } from '../../../src/wire/index.js';
import { WireError } from '../../../src/wire/errors.js';

describe('answers with trailing bytes', () => {
  const header = requestHeaderFor({ api: 'Heartbeat', version: 4, clientId: 'c', clientHost: '', groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, 7);
  const frame = encodeResponse(header, { api: 'Heartbeat', errorCode: 27 } as never);
  const padded = new Uint8Array([...frame, 0]);

  it('[CONF-09] the wire client ignores a byte after the body; the strict decoder refuses it', () => {
    expect(decodeAnswer(header, padded)).toMatchObject({ api: 'Heartbeat', errorCode: 27 });
    expect(() => decodeResponse(header, padded)).toThrow(WireError);
    expect(decodeResponse(header, frame)).toMatchObject({ errorCode: 27 });
  });
});
