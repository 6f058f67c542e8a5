-- What `ketchart report SESSION` reads (src/core/record.c), for the session @id.
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
