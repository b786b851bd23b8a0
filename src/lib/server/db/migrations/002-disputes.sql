-- Dispute intake (PRODUCT.md capabilities 1 and 2): every revision of every dispute and
-- of the orders behind them, the node's instance info, and the relay subscription cursors.

CREATE TABLE disputes (
	id TEXT PRIMARY KEY,
	status TEXT NOT NULL,
	initiator TEXT,
	legacy INTEGER NOT NULL DEFAULT 0,
	opened_at INTEGER NOT NULL,
	first_seen_at INTEGER NOT NULL,
	revision_at INTEGER NOT NULL,
	revision_event_id TEXT NOT NULL,
	order_id TEXT,
	buyer_pubkey TEXT,
	seller_pubkey TEXT,
	holder_user_id INTEGER REFERENCES users (id),
	amount_sats INTEGER,
	escrow_deadline INTEGER,
	unread_count INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
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
	revision_at INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	raw TEXT NOT NULL,
	relay TEXT NOT NULL,
	received_at INTEGER NOT NULL
);
CREATE INDEX dispute_revisions_dispute ON dispute_revisions (dispute_id, revision_at);

CREATE TABLE orders (
	id TEXT PRIMARY KEY,
	kind TEXT,
	status TEXT NOT NULL,
	fiat_code TEXT,
	amount_sats INTEGER,
	fiat_amount TEXT NOT NULL,
	payment_methods TEXT NOT NULL,
	premium REAL,
	revision_at INTEGER NOT NULL,
	revision_event_id TEXT NOT NULL,
	first_seen_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE order_revisions (
	event_id TEXT PRIMARY KEY,
	order_id TEXT NOT NULL REFERENCES orders (id),
	status TEXT NOT NULL,
	revision_at INTEGER NOT NULL,
	raw TEXT NOT NULL,
	relay TEXT NOT NULL,
	received_at INTEGER NOT NULL
);
CREATE INDEX order_revisions_order ON order_revisions (order_id, revision_at);

CREATE TABLE instance_info (
	node_pubkey TEXT PRIMARY KEY,
	event_id TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	info TEXT NOT NULL,
	raw TEXT NOT NULL,
	received_at INTEGER NOT NULL
);

CREATE TABLE relay_cursors (
	relay_url TEXT NOT NULL,
	subscription TEXT NOT NULL,
	since INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (relay_url, subscription)
);

-- Per-bucket counts for the board, kept by triggers so the board never scans every dispute.
CREATE TABLE dispute_counts (
	status TEXT NOT NULL,
	holder_user_id INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (status, holder_user_id)
) WITHOUT ROWID;

CREATE TRIGGER dispute_counts_insert AFTER INSERT ON disputes
BEGIN
	INSERT INTO dispute_counts (status, holder_user_id, n) VALUES (NEW.status, COALESCE(NEW.holder_user_id, 0), 1)
	ON CONFLICT (status, holder_user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dispute_counts_update AFTER UPDATE OF status, holder_user_id ON disputes
WHEN OLD.status IS NOT NEW.status OR OLD.holder_user_id IS NOT NEW.holder_user_id
BEGIN
	UPDATE dispute_counts SET n = n - 1 WHERE status = OLD.status AND holder_user_id = COALESCE(OLD.holder_user_id, 0);
	INSERT INTO dispute_counts (status, holder_user_id, n) VALUES (NEW.status, COALESCE(NEW.holder_user_id, 0), 1)
	ON CONFLICT (status, holder_user_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dispute_counts_delete AFTER DELETE ON disputes
BEGIN
	UPDATE dispute_counts SET n = n - 1 WHERE status = OLD.status AND holder_user_id = COALESCE(OLD.holder_user_id, 0);
END;
