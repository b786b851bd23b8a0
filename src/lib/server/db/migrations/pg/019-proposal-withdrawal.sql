-- PostgreSQL twin of ../019-proposal-withdrawal.sql: decisions.state also accepts 'withdrawn'
-- and notifications.state also accepts 'dropped'. PostgreSQL changes the CHECKs in place;
-- decisions_state_check and notifications_state_check are the names it gave the column
-- constraints of 005-decisions.sql and 013-notifications.sql.
ALTER TABLE decisions
	DROP CONSTRAINT decisions_state_check,
	ADD CONSTRAINT decisions_state_check CHECK (state IN ('proposed', 'approved', 'rejected', 'withdrawn', 'executed', 'failed'));
ALTER TABLE notifications
	DROP CONSTRAINT notifications_state_check,
	ADD CONSTRAINT notifications_state_check CHECK (state IN ('pending', 'sent', 'failed', 'quiet', 'no_key', 'dropped'));
