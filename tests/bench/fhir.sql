-- A FHIR-like Observation per reading and per observation as json_object, the work
-- `ketchart export --format fhir` does in SQL terms.
SELECT json_object('resourceType', 'Observation', 'id', 'kc-v' || v.id, 'status', 'final',
       'subject', json_object('identifier', json_object('system', 'urn:ketchart:chart-no', 'value', p.chart_no), 'display', p.name),
       'effectiveDateTime', strftime('%Y-%m-%dT%H:%M:%SZ', v.taken_at, 'unixepoch'),
       'component', json_array(json_object('code', '8480-6', 'value', v.systolic, 'unit', 'mm[Hg]'),
                               json_object('code', '8462-4', 'value', v.diastolic, 'unit', 'mm[Hg]'),
                               json_object('code', '8867-4', 'value', v.heart_rate, 'unit', '/min'),
                               json_object('code', '59408-5', 'value', v.spo2, 'unit', '%'),
                               json_object('code', '9279-1', 'value', v.resp_rate, 'unit', '/min')))
FROM vitals v JOIN session s ON s.id = v.session_id JOIN patient p ON p.id = s.patient_id ORDER BY v.session_id, v.taken_at, v.id;
SELECT json_object('resourceType', 'Observation', 'id', 'kc-o' || o.id, 'status', 'final',
       'subject', json_object('identifier', json_object('system', 'urn:ketchart:chart-no', 'value', p.chart_no), 'display', p.name),
       'effectiveDateTime', strftime('%Y-%m-%dT%H:%M:%SZ', o.observed_at, 'unixepoch'),
       'valueInteger', o.score, 'note', o.note)
FROM observation o JOIN session s ON s.id = o.session_id JOIN patient p ON p.id = s.patient_id ORDER BY o.session_id, o.observed_at, o.id;
