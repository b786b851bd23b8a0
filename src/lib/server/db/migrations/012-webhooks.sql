-- Webhook endpoints and their durable delivery queue (issue 19 "Webhooks"). An endpoint is an
-- https URL an operator configured, the event names it wants, and its signing secret sealed in
-- the vault. Each delivery is one event for one endpoint, with the exact JSON body it sends (ids,
-- amounts, status and a link: never a secret or chat text); it waits as `pending` until the
-- scheduler delivers it or gives up after its bounded attempts. Every attempt is logged.
CREATE TABLE webhook_endpoints (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	url TEXT NOT NULL,
	-- JSON array of webhook event names (webhook-events.ts).
	events TEXT NOT NULL,
	secret_sealed TEXT NOT NULL,
	enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	event TEXT NOT NULL,
	-- One delivery per endpoint and fact (e.g. dispute.new:<id>); null for repeatable ones.
	dedupe_key TEXT,
	body TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	finished_at INTEGER
);
CREATE UNIQUE INDEX webhook_deliveries_dedupe ON webhook_deliveries (endpoint_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

CREATE TABLE webhook_attempts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
	attempt INTEGER NOT NULL,
	at INTEGER NOT NULL,
	-- HTTP status, null when no answer came.
	status INTEGER,
	latency_ms INTEGER NOT NULL,
	-- A short code (timeout, refused, blocked_address, http_status, …), null on success.
	error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
