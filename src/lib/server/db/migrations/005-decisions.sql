-- Decisions on disputes (settle / cancel) with their four-eyes proposals and reviews, the
-- last escrow check of each dispute's hold invoice against the node's LND, and API tokens
-- (only their SHA-256 is stored).

CREATE TABLE decisions (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	order_id TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('settle', 'cancel')),
	slash_buyer INTEGER NOT NULL DEFAULT 0,
	slash_seller INTEGER NOT NULL DEFAULT 0,
	reason_code TEXT NOT NULL,
	justification TEXT NOT NULL,
	amount_sats INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'executed', 'failed')),
	proposed_by INTEGER NOT NULL REFERENCES users (id),
	proposed_at INTEGER NOT NULL,
	reviewed_by INTEGER REFERENCES users (id),
	reviewed_at INTEGER,
	review_comment TEXT,
	executed_by_key TEXT,
	request_id INTEGER,
	updated_at INTEGER NOT NULL
);
CREATE INDEX decisions_dispute ON decisions (dispute_id, proposed_at);
CREATE INDEX decisions_state ON decisions (state);

CREATE TABLE escrow_checks (
	dispute_id TEXT PRIMARY KEY REFERENCES disputes (id),
	payment_hash TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'settled', 'canceled', 'missing')),
	amount_sats INTEGER,
	expiry_height INTEGER,
	block_height INTEGER NOT NULL,
	checked_at INTEGER NOT NULL
);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
