-- migrate:up

-- API keys and access grants decide who may act and who may see a case. Their creation (and a
-- grant's acceptance) is an entry in a chain; until now the service's own role could also insert
-- a key or grant row with no entry, or make a revoked one valid again, and the change took effect
-- at once (verification only found it later). From here on the database itself refuses that:
-- - a row names the chain entry that created it, and must agree with what that entry states;
-- - afterwards only revocation (once, never undone), a grant's acceptance (naming its own entry)
--   and a key's last-use time may change.
-- Revocation needs no entry of its own here: it only ever takes access away (verification still
-- reports a revocation without one).

-- Optional expiry of an API key (stated in its creation entry).
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at);

-- The sequence number of the entry that created the row, in the chain of the organisation that
-- created it. Filled in for existing rows from the chain.
ALTER TABLE api_keys ADD COLUMN created_sequence bigint;
UPDATE api_keys k SET created_sequence = c.sequence
  FROM audit_chain c
 WHERE c.tenant_id = k.tenant_id AND c.entry_type = 'api_key.created' AND c.entity_id = k.id;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_created_entry
  FOREIGN KEY (tenant_id, created_sequence) REFERENCES audit_chain (tenant_id, sequence);

ALTER TABLE access_grants ADD COLUMN created_sequence bigint;
UPDATE access_grants g SET created_sequence = c.sequence
  FROM audit_chain c
 WHERE c.tenant_id = g.granting_tenant_id AND c.entry_type = 'access_grant.created' AND c.entity_id = g.id;
ALTER TABLE access_grants ADD CONSTRAINT access_grants_created_entry
  FOREIGN KEY (granting_tenant_id, created_sequence) REFERENCES audit_chain (tenant_id, sequence);

-- Unsolicited grants: one organisation could push its weighings into another's case view. A grant
-- now takes effect only once the grantee accepts it; the acceptance is an entry in the GRANTEE's
-- chain. Grants made before this migration were never accepted and stay pending until they are.
ALTER TABLE access_grants ADD COLUMN accepted_at timestamptz;
ALTER TABLE access_grants ADD COLUMN accepted_sequence bigint;
ALTER TABLE access_grants ADD CONSTRAINT access_grants_accepted_entry
  FOREIGN KEY (grantee_tenant_id, accepted_sequence) REFERENCES audit_chain (tenant_id, sequence);
ALTER TABLE access_grants ADD CONSTRAINT access_grants_acceptance_complete
  CHECK ((accepted_at IS NULL) = (accepted_sequence IS NULL));
GRANT UPDATE (accepted_at, accepted_sequence) ON access_grants TO pss_app;

CREATE FUNCTION api_keys_guard() RETURNS trigger
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  entry record;
  stated jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT entry_type, entity_id, recorded_at, content INTO entry FROM audit_chain
     WHERE tenant_id = NEW.tenant_id AND sequence = NEW.created_sequence;
    IF NOT FOUND OR entry.entry_type <> 'api_key.created' OR entry.entity_id <> NEW.id THEN
      RAISE EXCEPTION 'API key % does not name the chain entry that created it', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    stated := (entry.content::jsonb) -> 'data';
    IF NEW.created_at <> entry.recorded_at
       OR NEW.revoked_at IS NOT NULL
       OR NEW.last_used_at IS NOT NULL
       OR stated ->> 'keyId' IS DISTINCT FROM NEW.key_id
       OR stated ->> 'secretHash' IS DISTINCT FROM encode(NEW.secret_hash, 'hex')
       OR stated ->> 'name' IS DISTINCT FROM NEW.name
       OR stated -> 'scopes' IS DISTINCT FROM to_jsonb(NEW.scopes)
       OR (stated ->> 'isBootstrap')::boolean IS DISTINCT FROM NEW.is_bootstrap
       OR (stated ->> 'expiresAt')::timestamptz IS DISTINCT FROM NEW.expires_at
       -- caller_system comes with the processing-log migration; the row must state it as the entry does.
       OR stated ->> 'callerSystem' IS DISTINCT FROM to_jsonb(NEW) ->> 'caller_system' THEN
      RAISE EXCEPTION 'API key % disagrees with the chain entry that created it', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.tenant_id, NEW.key_id, NEW.secret_hash, NEW.name, NEW.scopes, NEW.is_bootstrap,
      NEW.created_at, NEW.created_sequence, NEW.expires_at, to_jsonb(NEW) ->> 'caller_system')
     IS DISTINCT FROM
     (OLD.id, OLD.tenant_id, OLD.key_id, OLD.secret_hash, OLD.name, OLD.scopes, OLD.is_bootstrap,
      OLD.created_at, OLD.created_sequence, OLD.expires_at, to_jsonb(OLD) ->> 'caller_system') THEN
    RAISE EXCEPTION 'API key %: only its revocation and last use may change', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
    RAISE EXCEPTION 'API key % is revoked; a revocation is never undone or moved', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER api_keys_guard BEFORE INSERT OR UPDATE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_keys_guard();

CREATE FUNCTION access_grants_guard() RETURNS trigger
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  entry record;
  stated jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT entry_type, entity_id, recorded_at, content INTO entry FROM audit_chain
     WHERE tenant_id = NEW.granting_tenant_id AND sequence = NEW.created_sequence;
    IF NOT FOUND OR entry.entry_type <> 'access_grant.created' OR entry.entity_id <> NEW.id THEN
      RAISE EXCEPTION 'access grant % does not name the chain entry that created it', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    stated := (entry.content::jsonb) -> 'data';
    IF NEW.created_at <> entry.recorded_at
       OR NEW.revoked_at IS NOT NULL
       OR NEW.accepted_at IS NOT NULL
       OR stated ->> 'granteeTenantId' IS DISTINCT FROM NEW.grantee_tenant_id::text
       OR stated ->> 'caseRef' IS DISTINCT FROM NEW.case_ref
       OR (stated ->> 'expiresAt')::timestamptz IS DISTINCT FROM NEW.expires_at THEN
      RAISE EXCEPTION 'access grant % disagrees with the chain entry that created it', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.granting_tenant_id, NEW.grantee_tenant_id, NEW.case_ref, NEW.expires_at,
      NEW.created_at, NEW.created_sequence)
     IS DISTINCT FROM
     (OLD.id, OLD.granting_tenant_id, OLD.grantee_tenant_id, OLD.case_ref, OLD.expires_at,
      OLD.created_at, OLD.created_sequence) THEN
    RAISE EXCEPTION 'access grant %: only its acceptance and revocation may change', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at THEN
    RAISE EXCEPTION 'access grant % is revoked; a revocation is never undone or moved', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.accepted_at, NEW.accepted_sequence) IS DISTINCT FROM (OLD.accepted_at, OLD.accepted_sequence) THEN
    IF OLD.accepted_at IS NOT NULL THEN
      RAISE EXCEPTION 'access grant % is accepted; an acceptance is never undone or moved', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT entry_type, entity_id, recorded_at INTO entry FROM audit_chain
     WHERE tenant_id = NEW.grantee_tenant_id AND sequence = NEW.accepted_sequence;
    IF NOT FOUND OR entry.entry_type <> 'access_grant.accepted' OR entry.entity_id <> NEW.id
       OR entry.recorded_at <> NEW.accepted_at THEN
      RAISE EXCEPTION 'the acceptance of access grant % does not name its chain entry', NEW.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER access_grants_guard BEFORE INSERT OR UPDATE ON access_grants
  FOR EACH ROW EXECUTE FUNCTION access_grants_guard();

-- Instances keep valid keys in memory (src/services/api-key-cache.ts) and drop one when this
-- notification says it changed. NOTIFY is delivered when the revoking transaction commits, to
-- every listening instance, in commit order.
CREATE FUNCTION api_keys_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pss_api_key_changed', NEW.key_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER api_keys_notify_change AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at)
  EXECUTE FUNCTION api_keys_notify_change();

-- migrate:down
DROP TRIGGER api_keys_notify_change ON api_keys;
DROP FUNCTION api_keys_notify_change();
DROP TRIGGER access_grants_guard ON access_grants;
DROP FUNCTION access_grants_guard();
DROP TRIGGER api_keys_guard ON api_keys;
DROP FUNCTION api_keys_guard();
REVOKE UPDATE (accepted_at, accepted_sequence) ON access_grants FROM pss_app;
ALTER TABLE access_grants DROP COLUMN accepted_sequence, DROP COLUMN accepted_at, DROP COLUMN created_sequence;
ALTER TABLE api_keys DROP COLUMN created_sequence, DROP COLUMN expires_at;
