/** Who is calling: an API key of one organisation (tenant), with the scopes it was given. */
export const SCOPES = ['assess', 'read', 'audit', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  tenantId: string;
  apiKeyId: string;
  scopes: readonly Scope[];
  /** The calling application named in the key's configuration (dpl.core.foreign_operation.processor). */
  callerSystem?: string | null;
}

/** A caller system is named by an absolute http(s) URL of at most 500 characters. */
export function isCallerSystem(value: string): boolean {
  if (value.length > 500 || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Why a presented key did not authenticate (told to the caller: none of it is secret). */
export type AuthFailure = 'unknown' | 'revoked' | 'expired';

export type Authentication = { principal: Principal } | { failure: AuthFailure };
