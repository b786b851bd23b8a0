-- PostgreSQL twin of ../014-four-locales.sql: users.locale also accepts Portuguese (Brazil)
-- 'pt' and Italian 'it'. PostgreSQL changes the CHECK in place; users_locale_check is the name
-- it gave the column constraint of 001-foundation.sql.
ALTER TABLE users
	DROP CONSTRAINT users_locale_check,
	ADD CONSTRAINT users_locale_check CHECK (locale IN ('en', 'es', 'pt', 'it'));
