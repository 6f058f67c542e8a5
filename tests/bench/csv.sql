-- The rows `ketchart export --format csv` writes: every reading and observation with its
-- session and patient, times as ISO 8601 UTC (run with .mode csv).
SELECT 'vitals', v.session_id, p.chart_no, p.name, s.route,
       strftime('%Y-%m-%dT%H:%M:%SZ', v.taken_at, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', v.entered_at, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%SZ', v.due_at, 'unixepoch'), v.status, v.baseline, v.systolic, v.diastolic,
       v.heart_rate, v.spo2, v.resp_rate, v.temp_dc / 10.0, v.moaas, v.level, v.alerts, v.late, v.ack_action,
       v.entered_by, v.eie_code, v.eie_reason
FROM vitals v JOIN session s ON s.id = v.session_id JOIN patient p ON p.id = s.patient_id ORDER BY v.session_id, v.taken_at, v.id;
SELECT 'observation', o.session_id, p.chart_no, p.name, s.route,
       strftime('%Y-%m-%dT%H:%M:%SZ', o.observed_at, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', o.entered_at, 'unixepoch'),
       o.kind, o.scale, o.score, o.intervention, o.note, o.entered_by, o.eie_code, o.eie_reason
FROM observation o JOIN session s ON s.id = o.session_id JOIN patient p ON p.id = s.patient_id ORDER BY o.session_id, o.observed_at, o.id;
