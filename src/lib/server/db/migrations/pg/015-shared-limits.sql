-- PostgreSQL twin of ../015-shared-limits.sql: login/second-factor back-off and API buckets.
CREATE TABLE auth_backoff (
	scope TEXT NOT NULL,
	key TEXT NOT NULL,
	failures INTEGER NOT NULL,
	blocked_until BIGINT NOT NULL,
	last_failure BIGINT NOT NULL,
	PRIMARY KEY (scope, key)
);
CREATE INDEX auth_backoff_last_failure ON auth_backoff (last_failure);

CREATE TABLE api_rate_buckets (
	key TEXT PRIMARY KEY,
	tokens DOUBLE PRECISION NOT NULL,
	at BIGINT NOT NULL
);
