/**
 * A pure harness for the offset handlers: a coordinator state driven by the front door,
 * `handleRequest` and `fireTimer` with an explicit context (so tests can give a `partitionExists`), replaying
 * every record as the runtime would.
 */
import { fireTimer, handleRequest } from '../../../../src/protocol/classic/index.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../../../../src/protocol/classic/index.js';
import type { GroupCoordinatorConfig } from '../../../../src/protocol/config.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import type { GroupStateName } from '../../../../src/protocol/group.js';
import { sequentialIds } from '../../../../src/protocol/ids.js';
import type { GroupRequest, GroupResponse } from '../../../../src/protocol/messages/index.js';
import type { CoordinatorRecord } from '../../../../src/protocol/records.js';
import type { MutableCoordinatorState } from '../../../../src/protocol/replay.js';
import { emptyCoordinatorState, replay } from '../../../../src/protocol/replay.js';
import { errorResponse, frontDoorError } from '../../../../src/protocol/front-door.js';
import { validateRequest } from '../../../../src/protocol/validate.js';

/** One handler call's outcome, after its records were replayed. */
export interface Step extends HandlerResult {
  /** The response to the request itself (undefined for a timer). */
  readonly response: GroupResponse | undefined;
}

/** A coordinator state plus a clock and a context. */
export class Harness {
  readonly state: MutableCoordinatorState = emptyCoordinatorState();
  readonly log: CoordinatorRecord[] = [];
  nowMs = 0;
  private n = 0;
  private readonly newId = sequentialIds();

  constructor(
    readonly config: GroupCoordinatorConfig = DEFAULT_CONFIG,
    readonly partitionExists?: (topic: string, partition: number) => boolean,
  ) {}

  ctx(): HandlerContext {
    const base = { nowMs: this.nowMs, config: this.config, newId: this.newId };
    return this.partitionExists === undefined ? base : { ...base, partitionExists: this.partitionExists };
  }

  /** Passes a request through the front door, as a broker does, then its handler; replays its records. */
  send(request: GroupRequest): Step {
    const requestId = `r${++this.n}`;
    const early = frontDoorError(validateRequest(request), this.config);
    const result: HandlerResult =
      early === null
        ? handleRequest(this.state, { requestId, request }, this.ctx())
        : { responses: [{ requestId, response: errorResponse(request, early) }], records: [], timers: [] };
    this.apply(result);
    return { ...result, response: result.responses.find((r) => r.requestId === requestId)?.response };
  }

  /** Fires a timer event and replays its records. */
  fire(event: TimerEvent): Step {
    const result = fireTimer(this.state, event, this.ctx());
    this.apply(result);
    return { ...result, response: undefined };
  }

  /** Forces a group into a state, as Kafka's tests do for Dead (no request reaches Dead here). */
  force(groupId: string, state: GroupStateName): void {
    this.state.groups.get(groupId)!.state = state;
  }

  private apply(result: HandlerResult): void {
    for (const r of result.records) {
      replay(this.state, r);
      this.log.push(r);
    }
  }
}

/** The config with some fields changed. */
export function config(fields: Partial<GroupCoordinatorConfig>): GroupCoordinatorConfig {
  return { ...DEFAULT_CONFIG, ...fields };
}
