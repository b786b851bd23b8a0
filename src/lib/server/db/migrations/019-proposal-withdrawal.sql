-- A proposer may withdraw a pending four-eyes proposal: decisions.state also accepts
-- 'withdrawn' (reviewed_by / reviewed_at then stay empty; the audit log names who withdrew).
-- A notification whose reason is gone before it was sent (a proposal to review that was
-- withdrawn, approved or rejected while the notice waited for quiet hours to end) is kept as
-- 'dropped' instead of being sent. SQLite cannot change a CHECK constraint in place, so both
-- tables are rebuilt with their rows, ids and indexes unchanged; the migration runner turns
-- foreign-key enforcement off for this and checks every reference before committing.
CREATE TABLE decisions_withdrawable (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL REFERENCES disputes (id),
	order_id TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('settle', 'cancel')),
	slash_buyer INTEGER NOT NULL DEFAULT 0,
	slash_seller INTEGER NOT NULL DEFAULT 0,
	reason_code TEXT NOT NULL,
	justification TEXT NOT NULL,
	amount_sats INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'withdrawn', 'executed', 'failed')),
	proposed_by INTEGER NOT NULL REFERENCES users (id),
	proposed_at INTEGER NOT NULL,
	reviewed_by INTEGER REFERENCES users (id),
	reviewed_at INTEGER,
	review_comment TEXT,
	executed_by_key TEXT,
	request_id INTEGER,
	updated_at INTEGER NOT NULL
);
INSERT INTO decisions_withdrawable (id, dispute_id, order_id, outcome, slash_buyer, slash_seller, reason_code, justification, amount_sats, state, proposed_by, proposed_at, reviewed_by, reviewed_at, review_comment, executed_by_key, request_id, updated_at)
	SELECT id, dispute_id, order_id, outcome, slash_buyer, slash_seller, reason_code, justification, amount_sats, state, proposed_by, proposed_at, reviewed_by, reviewed_at, review_comment, executed_by_key, request_id, updated_at FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_withdrawable RENAME TO decisions;
CREATE INDEX decisions_dispute ON decisions (dispute_id, proposed_at);
CREATE INDEX decisions_state ON decisions (state);

CREATE TABLE notifications_droppable (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	dispute_id TEXT,
	dedupe_key TEXT NOT NULL,
	facts TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'quiet', 'no_key', 'dropped')),
	recipient_pubkey TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER,
	last_error TEXT,
	delivered_relays TEXT NOT NULL DEFAULT '[]',
	wrap_event_id TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	UNIQUE (user_id, dedupe_key)
);
INSERT INTO notifications_droppable (id, kind, user_id, dispute_id, dedupe_key, facts, state, recipient_pubkey, attempts, next_attempt_at, last_error, delivered_relays, wrap_event_id, created_at, sent_at)
	SELECT id, kind, user_id, dispute_id, dedupe_key, facts, state, recipient_pubkey, attempts, next_attempt_at, last_error, delivered_relays, wrap_event_id, created_at, sent_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_droppable RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
CREATE INDEX notifications_recent ON notifications (created_at);
