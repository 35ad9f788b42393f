-- migrate:up

-- The head of each organisation's integrity chain, as a row: its last position, that entry's
-- hash and time (position 0 with the genesis hash for an empty chain).
--
-- Appends to one chain are serialised by locking this row (audit_chain_lock_head, below) for the
-- rest of the transaction, and entries are accepted only at positions head + 1 ... naming the
-- head's hash (audit_chain_advance_head). Before, appends took an advisory lock keyed by the
-- organisation. A row lock on a row of the same organisation needs nothing outside that
-- organisation's own rows, so the append path runs unchanged where tables are sharded by
-- organisation (docs/scaling.md): the head, the chain and the index rows of one organisation live
-- together, and every statement of an append names that organisation.
--
-- Only the database writes this table (the functions below run as its owner): the service's role
-- may read it, never move it. The link trigger (audit_chain_check_link) still checks each entry
-- against its stored predecessor, so the chain stays checked even if a head row were altered.
CREATE TABLE audit_chain_heads (
  tenant_id    uuid PRIMARY KEY REFERENCES tenants (id),
  sequence     bigint NOT NULL CHECK (sequence >= 0),
  hash         char(64) NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  recorded_at  timestamptz,
  CHECK ((sequence = 0) = (hash = repeat('0', 64)) AND (sequence = 0) = (recorded_at IS NULL))
);

INSERT INTO audit_chain_heads (tenant_id, sequence, hash, recorded_at)
SELECT DISTINCT ON (tenant_id) tenant_id, sequence, hash, recorded_at
  FROM audit_chain
 ORDER BY tenant_id, sequence DESC;

-- Takes the organisation's head row lock for the rest of the transaction and returns the head.
-- Creates the row (an empty chain) for an organisation that has none yet.
CREATE FUNCTION audit_chain_lock_head(p_tenant uuid)
RETURNS TABLE (head_sequence bigint, head_hash char(64), head_recorded_at timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN QUERY
    SELECT h.sequence, h.hash, h.recorded_at FROM public.audit_chain_heads h
     WHERE h.tenant_id = p_tenant FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO public.audit_chain_heads (tenant_id, sequence, hash, recorded_at)
    VALUES (p_tenant, 0, repeat('0', 64), NULL)
    ON CONFLICT (tenant_id) DO NOTHING;
    RETURN QUERY
      SELECT h.sequence, h.hash, h.recorded_at FROM public.audit_chain_heads h
       WHERE h.tenant_id = p_tenant FOR UPDATE;
  END IF;
END
$$;

-- Accepts the entries of a statement only when, per organisation, they are exactly the positions
-- head + 1 ... head + n and the first names the head's hash, and moves the head onto the last. The
-- link trigger (audit_chain_check_link, per row) has already checked that every entry names its
-- stored predecessor's hash, so together no entry can be placed anywhere but at the end of the
-- chain, whatever the caller assumed the head to be. Once per statement rather than per row: a
-- batch moves the head row once (per row, a bulk load of 20,000 entries took twice as long, each
-- update walking the versions the earlier ones left).
CREATE FUNCTION audit_chain_advance_head() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  placed record;
BEGIN
  FOR placed IN
    SELECT f.tenant_id, f.sequence AS first, f.previous_hash, l.sequence AS last, l.hash, l.recorded_at, g.n
      FROM (SELECT tenant_id, min(sequence) AS first, max(sequence) AS last, count(*) AS n
              FROM new_entries GROUP BY tenant_id) AS g
      JOIN new_entries f ON f.tenant_id = g.tenant_id AND f.sequence = g.first
      JOIN new_entries l ON l.tenant_id = g.tenant_id AND l.sequence = g.last
  LOOP
    IF placed.n = placed.last - placed.first + 1 THEN
      UPDATE public.audit_chain_heads
         SET sequence = placed.last, hash = placed.hash, recorded_at = placed.recorded_at
       WHERE tenant_id = placed.tenant_id AND sequence = placed.first - 1 AND hash = placed.previous_hash;
      IF NOT FOUND AND placed.first = 1 THEN
        -- The first entries of an organisation whose head row no lock has created (a bulk load).
        INSERT INTO public.audit_chain_heads (tenant_id, sequence, hash, recorded_at)
        VALUES (placed.tenant_id, placed.last, placed.hash, placed.recorded_at)
        ON CONFLICT (tenant_id) DO NOTHING;
      END IF;
    END IF;
    IF NOT FOUND OR placed.n <> placed.last - placed.first + 1 THEN
      RAISE EXCEPTION 'audit chain head: entries % to % of tenant % are not at the head of its chain plus one',
        placed.first, placed.last, placed.tenant_id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_chain_place_at_head AFTER INSERT ON audit_chain
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_advance_head();

-- Head rows are never deleted or truncated; only the trigger above moves them.
CREATE TRIGGER audit_chain_heads_no_delete BEFORE DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON audit_chain_heads FROM PUBLIC;
GRANT SELECT ON audit_chain_heads TO pss_app;
REVOKE ALL ON FUNCTION audit_chain_lock_head(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_lock_head(uuid) TO pss_app;
REVOKE ALL ON FUNCTION audit_chain_advance_head() FROM PUBLIC;

-- migrate:down
DROP TRIGGER audit_chain_place_at_head ON audit_chain;
DROP FUNCTION audit_chain_advance_head();
DROP FUNCTION audit_chain_lock_head(uuid);
DROP TABLE audit_chain_heads;
