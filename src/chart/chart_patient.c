/* chart_patient.c — a patient's demographics and REMS enrolment (kc_demog.h), as typed. */
#include "chart_impl.h"

#include "kc_demog.h"

int kc_chart_patient_detail(struct kc_store *st, kc_id patient, int field, const char *typed, const char *reason,
			    time_t now, struct kc_err *err)
{
	struct kc_patient p;
	char value[KC_PD_TEXT_MAX];
	int rc = kc_patient_get(st, patient, &p, err);

	if (rc != KC_OK)
		return rc;
	if (field < 0 || field >= KC_PD_COUNT)
		return kc_fail(err, KC_ERR_INVALID, "no such patient detail");
	rc = kc_pd_parse(field, typed, p.dob, now, value, sizeof value, err);
	if (rc != KC_OK)
		return rc;
	return kc_patient_detail_set(st, patient, field, value, ch_has_text(reason) ? reason : "", now, err);
}
