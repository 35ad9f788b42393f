-- migrate:up

-- The service never connects as the owner of its tables. It connects as a login role that is a
-- member of pss_app, which holds only the privileges below (and, on audit tables, only SELECT and
-- INSERT: see the audit-trail migration). Roles are cluster-wide, so creation is idempotent.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pss_app') THEN
    CREATE ROLE pss_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO pss_app;
-- The readiness check compares the applied migrations with the ones the service ships.
GRANT SELECT ON schema_migrations TO pss_app;

-- An organisation using the service. Every record belongs to exactly one tenant and is only ever
-- visible to it.
CREATE TABLE tenants (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored only as a SHA-256 hash of the whole key. `key_id` is the non-secret handle
-- parsed from the key (or derived from it) to find the row; the secret is then compared in
-- constant time against `secret_hash`.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants (id),
  key_id        text NOT NULL UNIQUE CHECK (key_id ~ '^[a-z0-9]{8,40}$'),
  secret_hash   bytea NOT NULL CHECK (length(secret_hash) = 32),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  scopes        text[] NOT NULL CHECK (scopes <@ ARRAY['assess', 'read', 'audit', 'admin']::text[] AND cardinality(scopes) > 0),
  is_bootstrap  boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at);

GRANT SELECT, INSERT ON tenants TO pss_app;
GRANT SELECT, INSERT ON api_keys TO pss_app;
-- Keys are never deleted or rewritten: only revocation and the last-used time may change.
GRANT UPDATE (revoked_at, last_used_at) ON api_keys TO pss_app;

-- migrate:down
DROP TABLE api_keys;
DROP TABLE tenants;
REVOKE SELECT ON schema_migrations FROM pss_app;
REVOKE USAGE ON SCHEMA public FROM pss_app;
