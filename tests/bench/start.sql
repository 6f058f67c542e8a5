-- The start screen's own queries (src/ui/scr_start.c: load_sessions, load_patients):
-- the sessions in progress, what each one's state is loaded from (by the indexes the
-- store uses), every patient by name.
CREATE TEMP TABLE open_s AS SELECT * FROM session WHERE ended_at IS NULL ORDER BY created_at, id;
SELECT * FROM open_s;
SELECT * FROM patient WHERE id IN (SELECT patient_id FROM open_s);
SELECT * FROM screening_answer WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, item;
SELECT * FROM vitals WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, taken_at;
SELECT * FROM observation WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, observed_at;
SELECT * FROM dose_event WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, given_at;
SELECT * FROM weight WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, taken_at;
SELECT * FROM session_hold WHERE session_id IN (SELECT id FROM open_s);
SELECT * FROM patient ORDER BY name COLLATE NOCASE, id;
