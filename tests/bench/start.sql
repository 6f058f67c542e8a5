-- The start screen's own queries (src/ui/scr_start.c: load_sessions, load_patients):
-- the sessions in progress, what each one's state is loaded from, every patient by name.
SELECT * FROM session WHERE ended_at IS NULL ORDER BY created_at, id;
SELECT p.* FROM patient p JOIN session s ON s.patient_id = p.id WHERE s.ended_at IS NULL;
SELECT a.* FROM screening_answer a JOIN session s ON s.id = a.session_id WHERE s.ended_at IS NULL ORDER BY a.session_id, a.item;
SELECT v.* FROM vitals v JOIN session s ON s.id = v.session_id WHERE s.ended_at IS NULL ORDER BY v.session_id, v.taken_at;
SELECT o.* FROM observation o JOIN session s ON s.id = o.session_id WHERE s.ended_at IS NULL ORDER BY o.session_id, o.observed_at;
SELECT d.* FROM dose_event d JOIN session s ON s.id = d.session_id WHERE s.ended_at IS NULL ORDER BY d.session_id, d.given_at;
SELECT w.* FROM weight w JOIN session s ON s.id = w.session_id WHERE s.ended_at IS NULL ORDER BY w.session_id, w.taken_at;
SELECT h.* FROM session_hold h JOIN session s ON s.id = h.session_id WHERE s.ended_at IS NULL;
SELECT * FROM patient ORDER BY name COLLATE NOCASE, id;
