-- Account hardening: the last TOTP time step accepted per user (a code for that step or an
-- earlier one is refused, so an observed code cannot be replayed within its window).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
