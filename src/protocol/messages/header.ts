/**
 * The request header fields every typed request carries, shared by the per-API modules.
 *
 * @remarks
 * Kept apart from `./index.ts` so that the per-API modules can import it without importing
 * the index that re-exports them.
 * @see spec/versions.md
 */

/** Fields every request carries from its header and connection. */
export interface RequestHeaderFields {
  /** The request's API version. */
  readonly version: number;
  /** The client id of the request header; prefixes generated member ids. */
  readonly clientId: string;
  /** The client's address as the broker sees it (`/127.0.0.1`). */
  readonly clientHost: string;
}
