/**
 * The package version for `kgspec --version`: the wire client sends the same one in ApiVersions
 * (KIP-511), so it lives in the wire layer.
 */
export { packageVersion } from '../wire/package-version.js';
