-- PostgreSQL twin of ../002-disputes.sql: dispute intake, and the board counts kept by triggers.

CREATE TABLE disputes (
	id TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	initiator TEXT,
	legacy INTEGER NOT NULL DEFAULT 0,
	opened_at BIGINT NOT NULL,
	first_seen_at BIGINT NOT NULL,
	revision_at BIGINT NOT NULL,
	revision_event_id TEXT NOT NULL,
	order_id TEXT,
	buyer_pubkey TEXT,
	seller_pubkey TEXT,
	holder_user_id BIGINT REFERENCES users (id),
	amount_sats BIGINT,
	escrow_deadline BIGINT,
	unread_count INTEGER NOT NULL DEFAULT 0,
	updated_at BIGINT NOT NULL
);
CREATE INDEX disputes_status_opened ON disputes (status, opened_at);
CREATE INDEX disputes_opened ON disputes (opened_at);
CREATE INDEX disputes_order ON disputes (order_id);
CREATE INDEX disputes_buyer ON disputes (buyer_pubkey);
CREATE INDEX disputes_seller ON disputes (seller_pubkey);
CREATE INDEX disputes_holder ON disputes (holder_user_id);
CREATE INDEX disputes_status_holder ON disputes (status, holder_user_id);
CREATE INDEX disputes_deadline ON disputes (escrow_deadline, opened_at);

CREATE TABLE dispute_revisions (
	event_id TEXT PRIMARY KEY,
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	status TEXT NOT NULL,
	revision_at BIGINT NOT NULL,
	kind INTEGER NOT NULL,
	raw TEXT NOT NULL,
	relay TEXT NOT NULL,
	received_at BIGINT NOT NULL
);
CREATE INDEX dispute_revisions_dispute ON dispute_revisions (dispute_id, revision_at);

CREATE TABLE orders (
	id TEXT PRIMARY KEY,
	kind TEXT,
	status TEXT NOT NULL,
	fiat_code TEXT,
	amount_sats BIGINT,
	fiat_amount TEXT NOT NULL,
	payment_methods TEXT NOT NULL,
	premium DOUBLE PRECISION,
	revision_at BIGINT NOT NULL,
	revision_event_id TEXT NOT NULL,
	first_seen_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE order_revisions (
	event_id TEXT PRIMARY KEY,
	order_id TEXT NOT NULL REFERENCES orders (id),
	status TEXT NOT NULL,
	revision_at BIGINT NOT NULL,
	raw TEXT NOT NULL,
	relay TEXT NOT NULL,
	received_at BIGINT NOT NULL
);
CREATE INDEX order_revisions_order ON order_revisions (order_id, revision_at);

CREATE TABLE instance_info (
	node_pubkey TEXT PRIMARY KEY,
	event_id TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	info TEXT NOT NULL,
	raw TEXT NOT NULL,
	received_at BIGINT NOT NULL
);

CREATE TABLE relay_cursors (
	relay_url TEXT NOT NULL,
	subscription TEXT NOT NULL,
	since BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (relay_url, subscription)
);

-- Per-bucket counts for the board, kept by triggers so the board never scans every dispute.
CREATE TABLE dispute_counts (
	status TEXT NOT NULL,
	holder_user_id BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (status, holder_user_id)
);

CREATE FUNCTION dispute_counts_add(bucket_status TEXT, bucket_holder BIGINT) RETURNS void LANGUAGE sql AS $$
	INSERT INTO dispute_counts (status, holder_user_id, n) VALUES (bucket_status, COALESCE(bucket_holder, 0), 1)
	ON CONFLICT (status, holder_user_id) DO UPDATE SET n = dispute_counts.n + 1;
$$;

CREATE FUNCTION dispute_counts_remove(bucket_status TEXT, bucket_holder BIGINT) RETURNS void LANGUAGE sql AS $$
	UPDATE dispute_counts SET n = n - 1 WHERE status = bucket_status AND holder_user_id = COALESCE(bucket_holder, 0);
$$;

CREATE FUNCTION dispute_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dispute_counts_remove(OLD.status, OLD.holder_user_id);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dispute_counts_add(NEW.status, NEW.holder_user_id);
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER dispute_counts_insert AFTER INSERT ON disputes FOR EACH ROW EXECUTE FUNCTION dispute_counts_track();
CREATE TRIGGER dispute_counts_update AFTER UPDATE OF status, holder_user_id ON disputes FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.holder_user_id IS DISTINCT FROM NEW.holder_user_id)
	EXECUTE FUNCTION dispute_counts_track();
CREATE TRIGGER dispute_counts_delete AFTER DELETE ON disputes FOR EACH ROW EXECUTE FUNCTION dispute_counts_track();
