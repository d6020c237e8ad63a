-- V7: a tamper-evident audit trail, its retention policy, and checkpoints for purged rows.
--
-- audit_events is append-only. Each row belongs to the chain of its entity type (patient, customer, order,
-- reservation) and carries hash = sha256(prev_hash || canonical content), where prev_hash is the hash of the row
-- before it in the chain. The database computes seq, prev_hash and hash itself (trigger below), under a
-- per-chain advisory lock, so no writer can choose them and concurrent writers cannot fork a chain.
-- UPDATE, DELETE and TRUNCATE are refused. Only audit_purge() removes rows: the oldest ones of a chain, older
-- than its retention, and it records the last removed row's seq and hash in audit_checkpoints, from where a
-- verification picks the chain up. A row edited or deleted behind the service's back breaks the chain at that
-- row, and audit_chain_breaks() names the first broken row of each chain.

CREATE TABLE audit_events (
  id          bigserial PRIMARY KEY,
  chain       text NOT NULL CHECK (chain IN ('patient', 'customer', 'order', 'reservation')),
  seq         bigint NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor       text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  tenant_id   integer,
  action      text NOT NULL CHECK (action IN ('read', 'list', 'create', 'update', 'delete', 'export', 'rectify',
                                               'erase', 'restrict')),
  entity_id   text CHECK (length(entity_id) <= 10000),
  read_path   text CHECK (read_path IN ('legacy', 'normalized')),
  request_id  text CHECK (length(request_id) <= 200),
  prev_hash   bytea NOT NULL,
  hash        bytea NOT NULL,
  CONSTRAINT audit_events_chain_seq_uq UNIQUE (chain, seq)
);
-- squawk-ignore require-lock-timeout -- V7 locks only tables it creates, in this transaction: no one else sees them
CREATE INDEX audit_events_occurred_idx ON audit_events (chain, occurred_at);
CREATE INDEX audit_events_entity_idx ON audit_events (chain, entity_id);

CREATE TABLE audit_checkpoints (
  id          bigserial PRIMARY KEY,
  chain       text NOT NULL,
  seq         bigint NOT NULL,
  hash        bytea NOT NULL,
  removed     bigint NOT NULL,
  before      timestamptz NOT NULL,
  purged_by   text NOT NULL,
  purged_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_checkpoints_chain_idx ON audit_checkpoints (chain, seq);

CREATE TABLE audit_retention (
  chain      text PRIMARY KEY CHECK (chain IN ('patient', 'customer', 'order', 'reservation')),
  keep_for   interval NOT NULL CHECK (keep_for >= interval '1 year'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_retention (chain, keep_for) VALUES
  ('patient', interval '10 years'), ('customer', interval '7 years'), ('order', interval '7 years'),
  ('reservation', interval '7 years');

-- The content a hash covers, one definition for the trigger and the verification.
CREATE FUNCTION audit_canonical(e audit_events) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(jsonb_build_array(e.chain, e.seq, to_char(e.occurred_at AT TIME ZONE 'UTC',
           'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor, e.tenant_id, e.action, e.entity_id, e.read_path,
           e.request_id)::text, 'UTF8')
$$;

-- Where a chain starts: after its newest checkpoint, or from 32 zero bytes.
CREATE FUNCTION audit_chain_start(p_chain text, OUT seq bigint, OUT hash bytea) LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT c.seq FROM audit_checkpoints c WHERE c.chain = p_chain ORDER BY c.seq DESC LIMIT 1), 0),
         coalesce((SELECT c.hash FROM audit_checkpoints c WHERE c.chain = p_chain ORDER BY c.seq DESC LIMIT 1),
                  '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
$$;

CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_events:' || NEW.chain));
  SELECT a.seq, a.hash INTO head FROM audit_events a WHERE a.chain = NEW.chain ORDER BY a.seq DESC LIMIT 1;
  IF NOT FOUND THEN
    SELECT s.seq, s.hash INTO head FROM audit_chain_start(NEW.chain) s;
  END IF;
  NEW.seq := head.seq + 1;
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := head.hash;
  NEW.hash := sha256(NEW.prev_hash || audit_canonical(NEW));
  RETURN NEW;
END $$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events'
     AND current_setting('audit.purging', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% on % is not allowed: the audit trail is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- Removes the oldest rows of a chain that are older than p_before, as a prefix (so what stays is still one
-- unbroken chain), and records a checkpoint at the last removed row. Returns how many rows it removed.
CREATE FUNCTION audit_purge(p_chain text, p_before timestamptz, p_by text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
  n bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_events:' || p_chain));
  SELECT coalesce((SELECT min(a.seq) - 1 FROM audit_events a WHERE a.chain = p_chain AND a.occurred_at >= p_before),
                  (SELECT max(a.seq) FROM audit_events a WHERE a.chain = p_chain))
  INTO last_seq;
  SELECT a.hash INTO last_hash FROM audit_events a WHERE a.chain = p_chain AND a.seq = last_seq;
  IF last_hash IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM set_config('audit.purging', 'on', true);
  DELETE FROM audit_events a WHERE a.chain = p_chain AND a.seq <= last_seq;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('audit.purging', 'off', true);
  INSERT INTO audit_checkpoints (chain, seq, hash, removed, before, purged_by)
  VALUES (p_chain, last_seq, last_hash, n, p_before, p_by);
  RETURN n;
END $$;

-- The first broken row of each chain, with the reason: its content no longer matches its hash (edited), or it
-- does not follow the row before it (a row before it was removed, or it was moved).
CREATE FUNCTION audit_chain_breaks() RETURNS TABLE (chain text, seq bigint, id bigint, problem text)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT ON (x.chain) x.chain, x.seq, x.id,
         CASE WHEN x.hash <> sha256(x.prev_hash || audit_canonical(x.e)) THEN 'content does not match its hash'
              ELSE 'does not follow the row before it (expected seq ' || x.expected_seq || ')' END
  FROM (
    SELECT a.chain, a.seq, a.id, a.hash, a.prev_hash, a AS e,
           coalesce(lag(a.seq) OVER w, (audit_chain_start(a.chain)).seq) + 1 AS expected_seq,
           coalesce(lag(a.hash) OVER w, (audit_chain_start(a.chain)).hash) AS expected_prev
    FROM audit_events a
    WINDOW w AS (PARTITION BY a.chain ORDER BY a.seq)) x
  WHERE x.hash <> sha256(x.prev_hash || audit_canonical(x.e))
     OR x.prev_hash <> x.expected_prev OR x.seq <> x.expected_seq
  ORDER BY x.chain, x.seq
$$;
