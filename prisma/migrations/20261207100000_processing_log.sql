-- migrate:up

-- The LDV processing log (Logius, Logboek Dataverwerkingen; docs/ldv.md): one record per action
-- and data subject for every processing of client data. Records that accompany a chain entry (a
-- weighing, a follow-up event) are written in the same transaction as that entry; the others
-- (reads, exports) are committed before the service answers. Like the audit tables, the log is
-- append-only for every role and the service's role may only read and insert.
--
-- A record holds identifiers and codes only. The data subject is the client pseudonym (the keyed
-- hash also stored in assessments.client_ref_hash), never the caller's reference in clear: the
-- CHECK below refuses anything else.
CREATE TABLE processing_logs (
  position                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id               uuid NOT NULL REFERENCES tenants (id),
  trace_id                char(32) NOT NULL CHECK (trace_id ~ '^[0-9a-f]{32}$' AND trace_id <> repeat('0', 32)),
  span_id                 char(16) NOT NULL CHECK (span_id ~ '^[0-9a-f]{16}$' AND span_id <> repeat('0', 16)),
  parent_span_id          char(16) CHECK (parent_span_id ~ '^[0-9a-f]{16}$' AND parent_span_id <> repeat('0', 16)),
  name                    text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{0,99}$'),
  status                  text NOT NULL CHECK (status IN ('Unset', 'Ok', 'Error')),
  start_time              timestamptz NOT NULL,
  end_time                timestamptz NOT NULL CHECK (end_time >= start_time),
  processing_activity_id  text NOT NULL CHECK (length(processing_activity_id) BETWEEN 1 AND 500),
  data_subject_id         char(64) CHECK (data_subject_id ~ '^[0-9a-f]{64}$'),
  data_subject_id_type    text CHECK (length(data_subject_id_type) BETWEEN 1 AND 500),
  foreign_span_id         char(16) CHECK (foreign_span_id ~ '^[0-9a-f]{16}$' AND foreign_span_id <> repeat('0', 16)),
  foreign_processor       text CHECK (length(foreign_processor) BETWEEN 1 AND 500),
  service_version         text NOT NULL,
  -- Extension attributes (dpl.nen7513.*) and resource attributes (nen7513.*), when enabled.
  attributes              jsonb,
  resource_attributes     jsonb,
  -- The writing transaction's id (xid8, as a number): the OTLP export follows the log in commit
  -- safe order with it (see ProcessingLogRepository.exportBatch).
  xid                     bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  CHECK ((data_subject_id IS NULL) = (data_subject_id_type IS NULL))
);
-- The read API (GET /v1/processing-logs) asks by trace, processing activity or data subject,
-- always within one organisation, oldest first.
CREATE INDEX processing_logs_trace_idx ON processing_logs (tenant_id, trace_id, position);
CREATE INDEX processing_logs_activity_idx ON processing_logs (tenant_id, processing_activity_id, position);
CREATE INDEX processing_logs_subject_idx ON processing_logs (tenant_id, data_subject_id, position)
  WHERE data_subject_id IS NOT NULL;
CREATE INDEX processing_logs_export_idx ON processing_logs (xid, position);

CREATE TRIGGER processing_logs_append_only BEFORE UPDATE OR DELETE ON processing_logs
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER processing_logs_no_truncate BEFORE TRUNCATE ON processing_logs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

REVOKE ALL ON processing_logs FROM PUBLIC;
GRANT SELECT, INSERT ON processing_logs TO pss_app;

-- How far the optional OTLP export has come: the last exported record by (xid, position). Not an
-- audit table: one row, moved forward after each batch the collector accepted.
CREATE TABLE processing_log_export_cursor (
  id             integer PRIMARY KEY CHECK (id = 1),
  last_xid       bigint NOT NULL,
  last_position  bigint NOT NULL,
  updated_at     timestamptz NOT NULL
);
INSERT INTO processing_log_export_cursor (id, last_xid, last_position, updated_at) VALUES (1, 0, 0, now());
REVOKE ALL ON processing_log_export_cursor FROM PUBLIC;
GRANT SELECT ON processing_log_export_cursor TO pss_app;
GRANT UPDATE (last_xid, last_position, updated_at) ON processing_log_export_cursor TO pss_app;

-- The calling application behind an API key (an http(s) URL naming it), for
-- dpl.core.foreign_operation.processor. Set when the key is created; stated in the chain entry
-- that creates the key.
ALTER TABLE api_keys ADD COLUMN caller_system text
  CHECK (caller_system ~ '^https?://[^\s]+$' AND length(caller_system) <= 500);

-- migrate:down
ALTER TABLE api_keys DROP COLUMN caller_system;
DROP TABLE processing_log_export_cursor;
DROP TABLE processing_logs;
