-- Signed checkpoints are evidence: once written, a checkpoint row can be neither changed nor
-- removed (issue 14 §1). Together with audit_log's own triggers, rewriting history now needs
-- someone to drop triggers by hand, which verify against a pinned key and a witness detects.

CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
