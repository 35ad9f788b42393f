-- migrate:up

-- One row per organisation's integrity chain: the row that stands for the chain's head. Appends to
-- one chain are serialised by locking it (audit_chain_lock_head, below) for the rest of the
-- transaction; the appender then places its entries at the chain's last position + 1.
--
-- Before, appends took an advisory lock keyed by the organisation. A row lock on a row of the same
-- organisation needs nothing outside that organisation's own rows, so the append path runs
-- unchanged where tables are sharded by organisation (docs/scaling.md): this row, the chain and the
-- index rows of one organisation live together, and every statement of an append names that
-- organisation. Positions need no database sequence either: the link trigger
-- (audit_chain_check_link) accepts an entry only when its predecessor exists and it names that
-- entry's hash, the primary key refuses a position taken and audit_chain_no_fork a second
-- successor, so an entry can only ever go at the end of the chain.
--
-- The row holds no copy of the head: the lock function reads the head from the chain itself, so
-- nothing can be out of step with the chain, and no trigger has to write here on every append (a
-- statement-level trigger would not run on a sharded table; a row-level one moving a copy of the
-- head cost an update per entry). Only the database writes this table: the service's role may
-- read it and call the lock function, which runs as the table's owner.
CREATE TABLE audit_chain_heads (
  tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO audit_chain_heads (tenant_id) SELECT id FROM tenants;

-- Takes the organisation's head row lock for the rest of the transaction (creating the row for an
-- organisation that has none yet) and returns the chain's last entry: position, hash and time
-- (0, the genesis hash and null for an empty chain).
CREATE FUNCTION audit_chain_lock_head(p_tenant uuid)
RETURNS TABLE (head_sequence bigint, head_hash char(64), head_recorded_at timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM 1 FROM public.audit_chain_heads h WHERE h.tenant_id = p_tenant FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO public.audit_chain_heads (tenant_id) VALUES (p_tenant) ON CONFLICT (tenant_id) DO NOTHING;
    PERFORM 1 FROM public.audit_chain_heads h WHERE h.tenant_id = p_tenant FOR UPDATE;
  END IF;
  -- A statement of its own after the lock is granted, so it sees whatever the transaction that
  -- held the lock before committed.
  RETURN QUERY
    SELECT c.sequence, c.hash, c.recorded_at FROM public.audit_chain c
     WHERE c.tenant_id = p_tenant ORDER BY c.sequence DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 0::bigint, repeat('0', 64)::char(64), NULL::timestamptz;
  END IF;
END
$$;

-- Head rows are never changed, deleted or truncated.
CREATE TRIGGER audit_chain_heads_append_only BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON audit_chain_heads FROM PUBLIC;
GRANT SELECT ON audit_chain_heads TO pss_app;
REVOKE ALL ON FUNCTION audit_chain_lock_head(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_lock_head(uuid) TO pss_app;

-- migrate:down
DROP FUNCTION audit_chain_lock_head(uuid);
DROP TABLE audit_chain_heads;
