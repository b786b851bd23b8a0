-- Evidence from the trade chat (PRODUCT.md capability 5): chat keys a party disclosed (sealed,
-- with who disclosed them, how and when) and every raw event fetched with them, outer and
-- decrypted inner, with its first-seen time, the relays that held it and its validation verdict.
-- Rows are never deleted: the transcript must outlive the relays.

CREATE TABLE evidence_keys (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	n INTEGER NOT NULL,
	fingerprint TEXT NOT NULL,
	secret_sealed TEXT NOT NULL,
	key_kind TEXT NOT NULL CHECK (key_kind IN ('k_conv', 'ecdh_secret', 'legacy_shared')),
	conv_pubkey TEXT,
	sign_pubkey TEXT,
	legacy_pubkey TEXT,
	since INTEGER,
	disclosed_by TEXT NOT NULL CHECK (disclosed_by IN ('buyer', 'seller', 'unknown')),
	disclosed_via TEXT NOT NULL CHECK (disclosed_via IN ('dispute_chat', 'out_of_band')),
	disclosed_at INTEGER NOT NULL,
	source_message_id INTEGER REFERENCES chat_messages (id),
	imported_by INTEGER REFERENCES users (id),
	imported_at INTEGER NOT NULL,
	refreshed_at INTEGER NOT NULL,
	UNIQUE (dispute_id, fingerprint),
	UNIQUE (dispute_id, n)
);

CREATE TABLE evidence_events (
	id INTEGER PRIMARY KEY,
	key_id INTEGER NOT NULL REFERENCES evidence_keys (id),
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	outer_id TEXT NOT NULL,
	raw_hash TEXT NOT NULL,
	outer_raw TEXT NOT NULL,
	outer_kind INTEGER NOT NULL,
	outer_created_at INTEGER NOT NULL,
	generation TEXT NOT NULL CHECK (generation IN ('current', 'legacy')),
	inner_raw TEXT,
	inner_id TEXT,
	inner_created_at INTEGER,
	signer_role TEXT CHECK (signer_role IN ('buyer', 'seller')),
	verdict TEXT NOT NULL,
	step INTEGER NOT NULL,
	relays TEXT NOT NULL DEFAULT '[]',
	first_seen_at INTEGER NOT NULL,
	UNIQUE (key_id, raw_hash)
);
CREATE INDEX evidence_events_dispute ON evidence_events (dispute_id, verdict, inner_created_at);
