-- migrate:up

-- The consent registry. A consent is registered once, as a `consent.recorded` entry in the
-- organisation's integrity chain, and never changed; a withdrawal is a `consent.withdrawn` entry.
-- The entries are the record. These two tables only make them findable (by client pseudonym,
-- recipient type, validity), and audit:verify compares every row with the `index` its entry states,
-- as it does for weighings. Minimum data: no client reference in clear (a keyed pseudonym), no
-- free text, no evidence (the entry holds only a reference to it).
CREATE TABLE consents (
  id               uuid PRIMARY KEY,
  tenant_id        uuid NOT NULL,
  sequence         bigint NOT NULL,
  recorded_at      timestamptz NOT NULL,
  client_ref_hash  char(64) NOT NULL,
  recipient_type   text NOT NULL,
  purposes         text[] NOT NULL CHECK (cardinality(purposes) > 0),
  categories       text[] NOT NULL CHECK (cardinality(categories) > 0),
  grantor          text NOT NULL CHECK (grantor IN ('client', 'representative')),
  form             text NOT NULL CHECK (form IN ('written', 'oral')),
  valid_from       date NOT NULL,
  valid_until      date NOT NULL,
  api_key_id       uuid NOT NULL REFERENCES api_keys (id),
  CHECK (valid_until >= valid_from),
  UNIQUE (tenant_id, sequence),
  -- A withdrawal names its consent together with the organisation (see below).
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, sequence) REFERENCES audit_chain (tenant_id, sequence)
);
-- Lists run newest first in chain order, like weighings; a client's consents are the usual query.
CREATE INDEX consents_client_idx ON consents (tenant_id, client_ref_hash, sequence DESC);
CREATE INDEX consents_recipient_idx ON consents (tenant_id, recipient_type, sequence DESC);
-- Bulk export reads a recording-time range in chain order.
CREATE INDEX consents_recorded_idx ON consents (tenant_id, recorded_at, sequence);

-- At most one withdrawal per consent: a second is refused (the service answers 409).
CREATE TABLE consent_withdrawals (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL,
  sequence      bigint NOT NULL,
  consent_id    uuid NOT NULL,
  withdrawn_at  timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL,
  CHECK (withdrawn_at <= recorded_at + interval '1 minute'),
  UNIQUE (tenant_id, sequence),
  UNIQUE (tenant_id, consent_id),
  FOREIGN KEY (tenant_id, consent_id) REFERENCES consents (tenant_id, id),
  FOREIGN KEY (tenant_id, sequence) REFERENCES audit_chain (tenant_id, sequence)
);
CREATE INDEX consent_withdrawals_recorded_idx ON consent_withdrawals (tenant_id, recorded_at, sequence);

CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER consent_withdrawals_append_only BEFORE UPDATE OR DELETE ON consent_withdrawals
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER consent_withdrawals_no_truncate BEFORE TRUNCATE ON consent_withdrawals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

-- The registry's entry types, where the chain guards list the types the service writes (the table
-- of the chain-entry-checks migration; absent in a database without that migration).
DO $$
BEGIN
  IF to_regclass('public.audit_entry_types') IS NOT NULL THEN
    INSERT INTO audit_entry_types (entry_type) VALUES ('consent.recorded'), ('consent.withdrawn')
      ON CONFLICT DO NOTHING;
  END IF;
END
$$;

REVOKE ALL ON consents, consent_withdrawals FROM PUBLIC;
GRANT SELECT, INSERT ON consents, consent_withdrawals TO pss_app;

-- migrate:down
DO $$
BEGIN
  IF to_regclass('public.audit_entry_types') IS NOT NULL THEN
    DELETE FROM audit_entry_types WHERE entry_type IN ('consent.recorded', 'consent.withdrawn');
  END IF;
END
$$;
DROP TABLE consent_withdrawals;
DROP TABLE consents;
