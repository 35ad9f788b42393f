/** Who is calling: an API key of one organisation (tenant), with the scopes it was given. */
export const SCOPES = ['assess', 'read', 'audit', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  tenantId: string;
  apiKeyId: string;
  scopes: readonly Scope[];
}
