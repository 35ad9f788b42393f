-- migrate:up

-- The entry types the service writes. The chain trigger refuses any other: an entry of a type no
-- version of the service knows is not something the service wrote. A migration that adds an entry
-- type adds its row here (test/integration/chain-guards.test.ts compares this table with the
-- types the code knows, src/audit/entry-types.ts).
CREATE TABLE audit_entry_types (
  entry_type  text PRIMARY KEY CHECK (entry_type ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$')
);
INSERT INTO audit_entry_types (entry_type) VALUES
  ('assessment.recorded'),
  ('assessment.event'),
  ('api_key.created'),
  ('api_key.revoked'),
  ('access_grant.created'),
  ('access_grant.revoked'),
  ('access_grant.accepted');
REVOKE ALL ON audit_entry_types FROM PUBLIC;
GRANT SELECT ON audit_entry_types TO pss_app;

-- The chain trigger of the audit-trail migration, with every check it had (predecessor present,
-- its hash named, time not running backwards, own hash right) and two more:
-- - an entry may not be dated more than a minute ahead of the database clock. A correctly linked
--   entry dated 2099, appended by the service's own role, made every later weighing 2099 too (time
--   never runs backwards along a chain);
-- - its type must be one of audit_entry_types.
CREATE OR REPLACE FUNCTION audit_chain_check_link() RETURNS trigger
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  predecessor record;
BEGIN
  IF NOT EXISTS (SELECT FROM audit_entry_types WHERE entry_type = NEW.entry_type) THEN
    RAISE EXCEPTION 'audit chain entry % of tenant % has an unknown entry type', NEW.sequence, NEW.tenant_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.recorded_at > clock_timestamp() + interval '1 minute' THEN
    RAISE EXCEPTION 'audit chain entry % of tenant % is dated in the future', NEW.sequence, NEW.tenant_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.sequence > 1 THEN
    SELECT hash, recorded_at INTO predecessor FROM audit_chain
     WHERE tenant_id = NEW.tenant_id AND sequence = NEW.sequence - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'audit chain gap: tenant % has no entry %', NEW.tenant_id, NEW.sequence - 1
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF predecessor.hash <> NEW.previous_hash THEN
      RAISE EXCEPTION 'audit chain link broken at entry % of tenant %', NEW.sequence, NEW.tenant_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Time never runs backwards along a chain (queries by recording time rely on it).
    IF NEW.recorded_at < predecessor.recorded_at THEN
      RAISE EXCEPTION 'audit chain time runs backwards at entry % of tenant %', NEW.sequence, NEW.tenant_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  IF encode(sha256(convert_to(NEW.previous_hash || NEW.content, 'UTF8')), 'hex') <> NEW.hash THEN
    RAISE EXCEPTION 'audit chain hash mismatch at entry % of tenant %', NEW.sequence, NEW.tenant_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION audit_chain_check_link() RETURNS trigger
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  predecessor record;
BEGIN
  IF NEW.sequence > 1 THEN
    SELECT hash, recorded_at INTO predecessor FROM audit_chain
     WHERE tenant_id = NEW.tenant_id AND sequence = NEW.sequence - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'audit chain gap: tenant % has no entry %', NEW.tenant_id, NEW.sequence - 1
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF predecessor.hash <> NEW.previous_hash THEN
      RAISE EXCEPTION 'audit chain link broken at entry % of tenant %', NEW.sequence, NEW.tenant_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.recorded_at < predecessor.recorded_at THEN
      RAISE EXCEPTION 'audit chain time runs backwards at entry % of tenant %', NEW.sequence, NEW.tenant_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  IF encode(sha256(convert_to(NEW.previous_hash || NEW.content, 'UTF8')), 'hex') <> NEW.hash THEN
    RAISE EXCEPTION 'audit chain hash mismatch at entry % of tenant %', NEW.sequence, NEW.tenant_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
DROP TABLE audit_entry_types;
