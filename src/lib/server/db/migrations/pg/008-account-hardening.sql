-- PostgreSQL twin of ../008-account-hardening.sql: the last TOTP time step accepted per user.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
