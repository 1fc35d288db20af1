/**
 * The server assignors of KIP-848 by name: what `group.consumer.assignors` may list and a
 * member may ask for in its heartbeat (`ServerAssignor`).
 *
 * @see spec/server-assignors.md (SA-07)
 */
import type { ServerAssignor } from '../assignor.js';
import { rangeServerAssignor } from './range.js';
import { uniformServerAssignor } from './uniform.js';

export { RANGE_ASSIGNOR_NAME, assignRange, rangeServerAssignor, sortMemberIds } from './range.js';
export { UNIFORM_ASSIGNOR_NAME, assignUniform, uniformServerAssignor } from './uniform.js';
export { assignUniformHomogeneous } from './uniform-homogeneous.js';
export { assignUniformHeterogeneous } from './uniform-heterogeneous.js';

/** Every server assignor, by name, in Kafka's default `group.consumer.assignors` order (`uniform`, `range`). */
export const SERVER_ASSIGNORS: ReadonlyMap<string, ServerAssignor> = new Map([
  [uniformServerAssignor.name, uniformServerAssignor],
  [rangeServerAssignor.name, rangeServerAssignor],
]);

/** The server assignor of that name, or undefined when there is none (SA-07). */
export function serverAssignor(name: string): ServerAssignor | undefined {
  return SERVER_ASSIGNORS.get(name);
}
