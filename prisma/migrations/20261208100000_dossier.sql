-- migrate:up

-- The language an organisation's records are written in (issue #14): a weighing's texts are
-- recorded in it unless the request names another. It is a setting, not evidence (each record
-- names its own language), so the service's role may change this one column and nothing else of
-- the organisation.
ALTER TABLE tenants ADD COLUMN language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en'));
GRANT UPDATE (language) ON tenants TO pss_app;

-- Every full verification of an organisation's chain (GET /v1/audit/verify, npm run audit:verify):
-- when it ran, how far it reached and whether the chain was intact. A dossier says when the whole
-- chain was last verified in full from this table; it is the service's own report, and the
-- dossier declares it as not covered by any signature. Append-only for the service's role.
CREATE TABLE audit_verifications (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              uuid NOT NULL REFERENCES tenants (id),
  verified_at            timestamptz NOT NULL,
  intact                 boolean NOT NULL,
  head_sequence          bigint NOT NULL CHECK (head_sequence >= 0),
  head_hash              char(64) CHECK (head_hash ~ '^[0-9a-f]{64}$'),
  first_broken_sequence  bigint CHECK (first_broken_sequence >= 1),
  CHECK (intact = (first_broken_sequence IS NULL))
);
CREATE INDEX audit_verifications_latest_idx ON audit_verifications (tenant_id, verified_at DESC);
GRANT SELECT, INSERT ON audit_verifications TO pss_app;

-- migrate:down
DROP TABLE audit_verifications;
ALTER TABLE tenants DROP COLUMN language;
