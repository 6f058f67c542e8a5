-- The start screen's own queries, all of them (src/ui/scr_start.c start_open: the clinician's
-- role; load_sessions: the sessions in progress and what each one's state is loaded from;
-- today_load (start_today.c, kc_today): today's bookings, each one's patient and sessions;
-- ui_paper_load (ui_paper.c): the REMS forms owed, the wastes waiting for a witness;
-- load_patients: how many patients, then only the page it shows (issue 10): by name from the
-- patient_name index, as many rows as the body has lines, 37 on bench_big's 40-line terminal),
-- by the indexes the store uses (migration 18).
SELECT count(*) FROM clinician;
SELECT count(*) FROM training;
SELECT role, active FROM clinician WHERE login = 'nobody';
CREATE TEMP TABLE open_s AS SELECT * FROM session WHERE ended_at IS NULL ORDER BY created_at, id;
SELECT * FROM open_s;
SELECT * FROM patient WHERE id IN (SELECT patient_id FROM open_s);
SELECT * FROM screening_answer WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, item;
SELECT * FROM vitals WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, taken_at;
SELECT * FROM observation WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, observed_at;
SELECT * FROM dose_event WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, given_at;
SELECT * FROM weight WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, taken_at;
SELECT * FROM discharge WHERE session_id IN (SELECT id FROM open_s) ORDER BY session_id, id;
SELECT * FROM session_hold WHERE session_id IN (SELECT id FROM open_s);
CREATE TEMP TABLE today_b AS SELECT * FROM booking
 WHERE at >= CAST(strftime('%s', date('now', 'localtime'), 'utc') AS INTEGER)
   AND at < CAST(strftime('%s', date('now', 'localtime', '+1 day'), 'utc') AS INTEGER)
 ORDER BY at, chair, id;
SELECT * FROM today_b;
SELECT * FROM patient WHERE id IN (SELECT patient_id FROM today_b);
SELECT * FROM session WHERE patient_id IN (SELECT patient_id FROM today_b) ORDER BY created_at, id;
SELECT s.id, p.chart_no, p.name, s.dose_start, s.signed_at IS NOT NULL, r.id
  FROM rems_owed o CROSS JOIN session s ON s.id = o.session_id JOIN patient p ON p.id = s.patient_id
  LEFT JOIN rems_submission r ON r.session_id = s.id
 WHERE s.route = 'esketamine' AND s.dose_start IS NOT NULL AND r.id IS NULL ORDER BY s.dose_start, s.id;
SELECT * FROM drug_waste WHERE witness IS NULL ORDER BY id;
SELECT count(*) FROM patient;
SELECT id, chart_no, name, dob FROM patient INDEXED BY patient_name ORDER BY name COLLATE NOCASE, id LIMIT 37 OFFSET 0;
