-- migrate:up

-- A replayed Idempotency-Key response was the stored body, trusted as it was: edited in this
-- (mutable) table, it was replayed as if true. The completed key now names the chain entry of the
-- record it created, and the replay is rebuilt from that entry, checked against the request (see
-- src/services/assessments.ts). The body is no longer stored: one copy fewer of the personal data
-- it holds. Bodies of keys completed before this migration are read only for the sequence they
-- name, then rebuilt the same way.
ALTER TABLE idempotency_keys ADD COLUMN response_sequence bigint;

-- migrate:down
ALTER TABLE idempotency_keys DROP COLUMN response_sequence;
