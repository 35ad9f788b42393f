-- migrate:up

-- Signed checkpoints over the integrity chains (docs/verifying-a-dossier.md). A checkpoint is a
-- statement, signed with the service's Ed25519 key, that names positions of one tenant's chain
-- and their hashes: `head` (the last entry, signed on a schedule) or `export` (exactly the entries
-- of one exported dossier, plus the head it was verified up to). Whoever holds a checkpoint can
-- prove later that the chain still has those hashes: a database rewritten wholesale (every hash
-- recomputed) no longer matches it, and the rewriter cannot sign a new one without the private key.
--
-- `statement` is the canonical JSON text that was signed, byte for byte; `signature` is base64.
-- head_sequence/head_hash repeat the head named in the statement so the scheduler can find the
-- chains whose head moved; verification reads the signed statement only.
CREATE TABLE audit_checkpoints (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  id             uuid NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('head', 'export')),
  signed_at      timestamptz NOT NULL,
  public_key_id  char(16) NOT NULL CHECK (public_key_id ~ '^[0-9a-f]{16}$'),
  head_sequence  bigint NOT NULL CHECK (head_sequence >= 1),
  head_hash      char(64) NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
  statement      text NOT NULL,
  signature      text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_checkpoints_head_idx ON audit_checkpoints (tenant_id, head_sequence DESC);

CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON audit_checkpoints FROM PUBLIC;
GRANT SELECT, INSERT ON audit_checkpoints TO pss_app;

-- Veiligheidshuis case view: an organisation (granting tenant) lets another (grantee) see the
-- reduced view of its weighings of one case reference until expires_at. Creation and revocation
-- are entries in the granting tenant's integrity chain; this table is their index. Rows are never
-- deleted; only revoked_at may be set.
CREATE TABLE access_grants (
  id                  uuid PRIMARY KEY,
  granting_tenant_id  uuid NOT NULL REFERENCES tenants (id),
  grantee_tenant_id   uuid NOT NULL REFERENCES tenants (id),
  case_ref            text NOT NULL CHECK (length(case_ref) BETWEEN 1 AND 100),
  expires_at          timestamptz NOT NULL,
  created_at          timestamptz NOT NULL,
  revoked_at          timestamptz,
  CHECK (granting_tenant_id <> grantee_tenant_id),
  CHECK (expires_at > created_at)
);
-- The case view looks grants up by grantee and case; the management list by either party.
CREATE INDEX access_grants_grantee_idx ON access_grants (grantee_tenant_id, case_ref);
CREATE INDEX access_grants_granting_idx ON access_grants (granting_tenant_id, created_at);

CREATE TRIGGER access_grants_no_delete BEFORE DELETE ON access_grants
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER access_grants_no_truncate BEFORE TRUNCATE ON access_grants
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON access_grants FROM PUBLIC;
GRANT SELECT, INSERT ON access_grants TO pss_app;
GRANT UPDATE (revoked_at) ON access_grants TO pss_app;

-- migrate:down
DROP TABLE access_grants;
DROP TABLE audit_checkpoints;
