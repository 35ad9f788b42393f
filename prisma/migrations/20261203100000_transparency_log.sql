-- migrate:up

-- The transparency log (docs/verifying-a-dossier.md, src/audit/README.md): one RFC 9162 Merkle tree
-- per organisation over its chain, leaf i being the content of the entry with sequence i + 1.
--
-- audit_tree_nodes holds the hashes of complete subtrees, written once as leaves are added and
-- never changed: the row of leaf i holds, 32 bytes each, node (0, i) and every node that leaf
-- completes (one per trailing one bit of i), lowest level first. Node (L, n) is thus at offset
-- 32·L of the row of leaf (n + 1)·2^L − 1. Proofs and roots read at most 2·log₂(size) rows.
-- Nothing here is trusted: checkpoints are signed only over leaves recomputed from the chain's
-- content and a tree proven consistent with the last signed one (services/tree-checkpoints.ts).
CREATE TABLE audit_tree_nodes (
  tenant_id   uuid NOT NULL REFERENCES tenants (id),
  leaf_index  bigint NOT NULL CHECK (leaf_index >= 0),
  hashes      bytea NOT NULL CHECK (octet_length(hashes) % 32 = 0 AND octet_length(hashes) BETWEEN 32 AND 2048),
  PRIMARY KEY (tenant_id, leaf_index)
);

-- How far each organisation's tree has been built. The tree builder locks this row (FOR UPDATE),
-- so builders in several processes extend a tree one after the other; the size only grows.
CREATE TABLE audit_tree_heads (
  tenant_id  uuid PRIMARY KEY REFERENCES tenants (id),
  tree_size  bigint NOT NULL CHECK (tree_size >= 0)
);

CREATE FUNCTION audit_tree_head_grows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tree_size < OLD.tree_size OR NEW.tenant_id <> OLD.tenant_id THEN
    RAISE EXCEPTION 'a transparency log tree never shrinks' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_tree_heads_grow BEFORE UPDATE ON audit_tree_heads
  FOR EACH ROW EXECUTE FUNCTION audit_tree_head_grows();

-- Signed checkpoints (c2sp.org/tlog-checkpoint): `note` is the signed note exactly as signed by the
-- log key(s) (two during a key rotation), without witnesses' cosignatures (which arrive later and
-- are stored apart). One checkpoint per tree size.
CREATE TABLE audit_tree_checkpoints (
  tenant_id  uuid NOT NULL REFERENCES tenants (id),
  tree_size  bigint NOT NULL CHECK (tree_size >= 1),
  root_hash  bytea NOT NULL CHECK (octet_length(root_hash) = 32),
  note       text NOT NULL,
  signed_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, tree_size)
);

-- Cosignatures (c2sp.org/tlog-cosignature) returned by witnesses for a checkpoint: the signature
-- line as received, after the service verified it with the witness's configured key.
CREATE TABLE audit_tree_cosignatures (
  tenant_id       uuid NOT NULL,
  tree_size       bigint NOT NULL,
  witness         text NOT NULL,
  signature_line  text NOT NULL,
  cosigned_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, tree_size, witness),
  FOREIGN KEY (tenant_id, tree_size) REFERENCES audit_tree_checkpoints (tenant_id, tree_size)
);

-- RFC 3161 timestamp tokens over checkpoints (the DER TimeStampToken, and the time it states).
CREATE TABLE audit_tree_timestamps (
  tenant_id  uuid NOT NULL,
  tree_size  bigint NOT NULL,
  token      bytea NOT NULL,
  gen_time   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, tree_size),
  FOREIGN KEY (tenant_id, tree_size) REFERENCES audit_tree_checkpoints (tenant_id, tree_size)
);

CREATE TRIGGER audit_tree_nodes_append_only BEFORE UPDATE OR DELETE ON audit_tree_nodes
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_nodes_no_truncate BEFORE TRUNCATE ON audit_tree_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_heads_no_delete BEFORE DELETE ON audit_tree_heads
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_heads_no_truncate BEFORE TRUNCATE ON audit_tree_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_tree_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_checkpoints_no_truncate BEFORE TRUNCATE ON audit_tree_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_cosignatures_append_only BEFORE UPDATE OR DELETE ON audit_tree_cosignatures
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_cosignatures_no_truncate BEFORE TRUNCATE ON audit_tree_cosignatures
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_timestamps_append_only BEFORE UPDATE OR DELETE ON audit_tree_timestamps
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_tree_timestamps_no_truncate BEFORE TRUNCATE ON audit_tree_timestamps
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

-- The service as a witness for other logs (c2sp.org/tlog-witness): per log origin, only the latest
-- checkpoint it cosigned. Updated in place (check and update in one transaction, row locked), as
-- the specification requires; never deleted, and its size never shrinks.
CREATE TABLE witness_logs (
  origin      text PRIMARY KEY CHECK (length(origin) BETWEEN 1 AND 1000),
  tree_size   bigint NOT NULL CHECK (tree_size >= 0),
  root_hash   bytea NOT NULL CHECK (octet_length(root_hash) = 32),
  checkpoint  text NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE FUNCTION witness_log_grows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tree_size < OLD.tree_size OR NEW.origin <> OLD.origin
     OR (NEW.tree_size = OLD.tree_size AND NEW.root_hash <> OLD.root_hash) THEN
    RAISE EXCEPTION 'a witnessed log never rolls back or forks' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER witness_logs_grow BEFORE UPDATE ON witness_logs
  FOR EACH ROW EXECUTE FUNCTION witness_log_grows();
CREATE TRIGGER witness_logs_no_delete BEFORE DELETE ON witness_logs
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER witness_logs_no_truncate BEFORE TRUNCATE ON witness_logs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON audit_tree_nodes, audit_tree_heads, audit_tree_checkpoints, audit_tree_cosignatures,
  audit_tree_timestamps, witness_logs FROM PUBLIC;
GRANT SELECT, INSERT ON audit_tree_nodes, audit_tree_heads, audit_tree_checkpoints, audit_tree_cosignatures,
  audit_tree_timestamps, witness_logs TO pss_app;
GRANT UPDATE (tree_size) ON audit_tree_heads TO pss_app;
GRANT UPDATE (tree_size, root_hash, checkpoint, updated_at) ON witness_logs TO pss_app;

-- migrate:down
DROP TABLE witness_logs;
DROP FUNCTION witness_log_grows();
DROP TABLE audit_tree_timestamps;
DROP TABLE audit_tree_cosignatures;
DROP TABLE audit_tree_checkpoints;
DROP TABLE audit_tree_heads;
DROP FUNCTION audit_tree_head_grows();
DROP TABLE audit_tree_nodes;
