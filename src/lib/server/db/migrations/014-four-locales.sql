-- Four interface languages: users.locale also accepts Portuguese (Brazil) 'pt' and Italian 'it'.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (its rows, ids and
-- every other column unchanged); the migration runner turns foreign-key enforcement off for
-- this and checks every reference to users before committing.
CREATE TABLE users_four_locales (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role TEXT NOT NULL CHECK (role IN ('operator', 'mediator', 'auditor')),
	password_hash TEXT NOT NULL,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0,
	locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es', 'pt', 'it')),
	theme TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('light', 'dark', 'system')),
	totp_key_sealed TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	totp_last_step INTEGER
);
INSERT INTO users_four_locales (id, name, role, password_hash, must_change_password, disabled, locale, theme, totp_key_sealed, created_at, updated_at, totp_last_step)
	SELECT id, name, role, password_hash, must_change_password, disabled, locale, theme, totp_key_sealed, created_at, updated_at, totp_last_step FROM users;
DROP TABLE users;
ALTER TABLE users_four_locales RENAME TO users;
