/**
 * What the consumer-group heartbeat needs from the server assignors: the target assignment
 * builder and the assignors by name. Injected so the heartbeat can be tested with any assignor
 * and so this module does not depend on how the assignors are written.
 * @see spec/consumer-group.md CG-24
 */
import type { ServerAssignor } from './assignor.js';
import type { BuildTargetAssignment } from './target-assignment.js';

/** The target assignment builder and the assignors by name. */
export interface ConsumerGroupServices {
  readonly buildTargetAssignment: BuildTargetAssignment;
  /** The assignor of that name, or undefined when none exists. */
  readonly serverAssignor: (name: string) => ServerAssignor | undefined;
}
