-- The rows `ketchart export --format csv` (the vitals table) writes: every reading and
-- weight with its session and patient, times as ISO 8601 UTC (run with .mode csv).
SELECT 'vitals', v.id, v.session_id, p.chart_no, p.name, s.route,
       strftime('%Y-%m-%dT%H:%M:%SZ', v.taken_at, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', v.entered_at, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%SZ', v.due_at, 'unixepoch'), v.status, v.baseline, v.systolic, v.diastolic,
       v.heart_rate, v.spo2, v.resp_rate, v.temp_dc / 10.0, v.moaas, NULL, v.carried, v.level, v.alerts, v.late,
       v.ack_action, v.reason, v.entered_by, v.eie_code, v.eie_reason, v.corrects
FROM vitals v JOIN session s ON s.id = v.session_id JOIN patient p ON p.id = s.patient_id ORDER BY s.created_at, s.id, v.taken_at, v.id;
SELECT 'weight', w.id, w.session_id, p.chart_no, p.name, s.route,
       strftime('%Y-%m-%dT%H:%M:%SZ', w.taken_at, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', w.entered_at, 'unixepoch'),
       w.kg, w.typed, w.entered_by, w.eie_code, w.eie_reason, w.corrects
FROM weight w JOIN session s ON s.id = w.session_id JOIN patient p ON p.id = s.patient_id ORDER BY s.created_at, s.id, w.taken_at, w.id;
