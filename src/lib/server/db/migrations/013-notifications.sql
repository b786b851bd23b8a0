-- Notifications by Nostr direct message (issue 19). `notifier_key`: the console's own key that
-- signs the seals of its direct messages (sealed in the vault). `notification_settings`: one
-- row per user who set a personal npub or chose what to receive; the npub counts only once a
-- one-time code sent to it was typed back. `notifications`: every notification meant for a
-- user, with its delivery (relays that accepted it) or its failures and next try. Payloads
-- are never stored: the text is rebuilt from kind, dispute and facts, which hold no secret.
CREATE TABLE notifier_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	pubkey TEXT NOT NULL CHECK (length(pubkey) = 64),
	secret_sealed TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE notification_settings (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	-- The verified personal key (hex); null until a code was confirmed.
	pubkey TEXT CHECK (pubkey IS NULL OR length(pubkey) = 64),
	verified_at INTEGER,
	-- A key waiting for its code: the SHA-256 of the code, and until when it may be typed.
	pending_pubkey TEXT CHECK (pending_pubkey IS NULL OR length(pending_pubkey) = 64),
	pending_code_hash TEXT,
	pending_expires_at INTEGER,
	pending_attempts INTEGER NOT NULL DEFAULT 0,
	-- JSON array of notification kinds; null = the default choice.
	kinds TEXT,
	-- Quiet hours as minutes after midnight UTC; both null = none.
	quiet_start_min INTEGER CHECK (quiet_start_min IS NULL OR (quiet_start_min BETWEEN 0 AND 1439)),
	quiet_end_min INTEGER CHECK (quiet_end_min IS NULL OR (quiet_end_min BETWEEN 0 AND 1439)),
	updated_at INTEGER NOT NULL
);

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	dispute_id TEXT,
	-- One notification per (user, reason): e.g. `dispute_new:<id>`, `escrow_1h:<id>`.
	dedupe_key TEXT NOT NULL,
	-- Facts the text is built from (JSON: amounts, status); never chat text or keys.
	facts TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'quiet', 'no_key')),
	recipient_pubkey TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	last_error TEXT,
	-- JSON array of relay URLs that accepted the gift wrap.
	delivered_relays TEXT NOT NULL DEFAULT '[]',
	wrap_event_id TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
CREATE INDEX notifications_recent ON notifications (created_at);
