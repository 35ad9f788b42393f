/**
 * The version of the public API (NL GOV API Design Rules: the major version is in the URI, the full
 * semantic version in `info.version` and in the `API-Version` header of every response). It moves
 * independently of the service's own version: a new field is a minor bump, a fix of the contract's
 * documentation a patch; a breaking change would need /v2.
 */
export const API_VERSION = '1.0.0';
export const API_MAJOR = Number(API_VERSION.split('.')[0]);
export const API_PREFIX = `/v${API_MAJOR}`;
