-- Solver keys (sealed), the optionally held node key, the action journal for every message
-- sent to the node, what a take returns (SolverDisputeInfo, preimage sealed), notices to
-- console users, and the dispute chat with each party.

CREATE TABLE solver_keys (
	user_id INTEGER PRIMARY KEY REFERENCES users (id),
	pubkey TEXT NOT NULL UNIQUE,
	secret_sealed TEXT NOT NULL,
	origin TEXT NOT NULL CHECK (origin IN ('generated', 'imported', 'sandbox')),
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users (id),
	permission TEXT CHECK (permission IN ('read', 'read-write')),
	registration_state TEXT CHECK (registration_state IN ('sent', 'acknowledged', 'no-answer')),
	registered_at INTEGER,
	registered_by INTEGER REFERENCES users (id)
);

CREATE TABLE node_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	pubkey TEXT NOT NULL,
	secret_sealed TEXT NOT NULL,
	stored_at INTEGER NOT NULL,
	stored_by INTEGER REFERENCES users (id)
);

CREATE TABLE action_journal (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL UNIQUE,
	action TEXT NOT NULL,
	dispute_id TEXT,
	order_id TEXT,
	actor_user_id INTEGER REFERENCES users (id),
	signer_pubkey TEXT NOT NULL,
	event_id TEXT,
	state TEXT NOT NULL CHECK (state IN ('sent', 'acknowledged', 'refused', 'no-answer', 'reconciled')),
	reason TEXT,
	receipts TEXT NOT NULL DEFAULT '[]',
	details TEXT NOT NULL DEFAULT '{}',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX action_journal_dispute ON action_journal (dispute_id, created_at);
CREATE INDEX action_journal_state ON action_journal (state);

CREATE TABLE dispute_info (
	dispute_id TEXT PRIMARY KEY REFERENCES disputes (id),
	order_id TEXT NOT NULL,
	solver_pubkey TEXT NOT NULL,
	info TEXT NOT NULL,
	preimage_sealed TEXT,
	received_at INTEGER NOT NULL
);

CREATE TABLE user_notices (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	dispute_id TEXT,
	details TEXT NOT NULL DEFAULT '{}',
	created_at INTEGER NOT NULL,
	read_at INTEGER
);
CREATE INDEX user_notices_user ON user_notices (user_id, read_at);

CREATE TABLE chat_messages (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	party TEXT NOT NULL CHECK (party IN ('buyer', 'seller')),
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	inner_id TEXT NOT NULL,
	outer_id TEXT NOT NULL,
	generation TEXT NOT NULL CHECK (generation IN ('current', 'legacy')),
	author_pubkey TEXT NOT NULL,
	content TEXT NOT NULL,
	attachment TEXT,
	sent_at INTEGER NOT NULL,
	received_at INTEGER NOT NULL,
	delivery TEXT NOT NULL DEFAULT '[]',
	read_at INTEGER,
	sent_by_user_id INTEGER REFERENCES users (id),
	UNIQUE (dispute_id, party, inner_id)
);
CREATE INDEX chat_messages_dispute ON chat_messages (dispute_id, party, sent_at);

CREATE TABLE chat_rejections (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL,
	party TEXT NOT NULL,
	outer_id TEXT NOT NULL,
	reason TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	UNIQUE (dispute_id, party, outer_id)
);
