-- Limits shared by every replica (issue 20): the failure back-off of logins and second factors,
-- and the automation API's per-token buckets, kept in the database instead of process memory so
-- a guesser spreading attempts over several replicas meets the same limit.
CREATE TABLE auth_backoff (
	scope TEXT NOT NULL,
	key TEXT NOT NULL,
	failures INTEGER NOT NULL,
	blocked_until INTEGER NOT NULL,
	last_failure INTEGER NOT NULL,
	PRIMARY KEY (scope, key)
);
CREATE INDEX auth_backoff_last_failure ON auth_backoff (last_failure);

CREATE TABLE api_rate_buckets (
	key TEXT PRIMARY KEY,
	tokens REAL NOT NULL,
	at INTEGER NOT NULL
);
