-- What `ketchart report SESSION` reads (src/core/record.c, src/core/report.c), for the session @id:
-- the session and its patient, every entry, the acknowledgements, the chair, the session's own
-- audit rows (its changes) and the clinicians it names.
SELECT * FROM session WHERE id = @id;
SELECT p.* FROM patient p JOIN session s ON s.patient_id = p.id WHERE s.id = @id;
SELECT c.* FROM patient_correction c JOIN session s ON s.patient_id = c.patient_id WHERE s.id = @id;
SELECT * FROM screening_answer WHERE session_id = @id ORDER BY id;
SELECT * FROM weight WHERE session_id = @id ORDER BY taken_at, id;
SELECT * FROM vitals WHERE session_id = @id ORDER BY taken_at, id;
SELECT * FROM observation WHERE session_id = @id ORDER BY observed_at, id;
SELECT * FROM dose_event WHERE session_id = @id ORDER BY given_at, id;
SELECT * FROM discharge WHERE session_id = @id ORDER BY id;
SELECT * FROM addendum WHERE session_id = @id ORDER BY id;
SELECT * FROM amendment WHERE session_id = @id ORDER BY id;
SELECT * FROM session_hold WHERE session_id = @id ORDER BY id;
SELECT * FROM ack_action WHERE session_id = @id ORDER BY id;
SELECT * FROM session_chair WHERE session_id = @id;
SELECT * FROM audit WHERE tbl = 'session' AND row_id = @id ORDER BY id;
SELECT c.* FROM clinician c JOIN session s ON c.login IN (s.clinician, s.signed_by) WHERE s.id = @id;
