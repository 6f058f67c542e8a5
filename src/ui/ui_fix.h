/* ui_fix.h — the correction forms (chart_fix.c), one per kind of entry, opened with one key
 * from any list of entries: the chart view (x), the session screen's readings and the
 * side-effect list (w). Each asks what was wrong and why, shows what is stored now beside
 * every field (empty keeps it, "-" clears a text), and goes through the kc_chart_*_correct
 * of its kind: the original stays, marked entered in error, and its replacement follows,
 * marked a correction. A signed session is amended instead (chart_amend.c). */
#ifndef KC_UI_FIX_H
#define KC_UI_FIX_H

#include "kc_chart.h"
#include "ui_form.h"

#define UI_FIX_FIELDS 12

enum ui_fix_kind { UI_FIX_VITALS, UI_FIX_OBS, UI_FIX_DOSE, UI_FIX_WEIGHT, UI_FIX_PATIENT };

struct ui_fix {
	kc_id session;
	/* After a good save (the status line already says what was stored): the original's
	 * id and its replacement's (0 when only marked). May be NULL. */
	void (*saved)(struct ui *ui, struct ui_fix *x, kc_id orig, kc_id repl);
	void *owner;                     /* for saved(), as the opener likes */

	/* the form's own state, as it was when the form opened */
	enum ui_fix_kind kind;
	enum kc_error_code code;         /* what was wrong, once saved */
	struct kc_vitals_row v;
	struct kc_obs_row o;
	struct kc_dose_row d;
	struct kc_weight_row w;
	struct kc_patient p;
	const char *codes[KC_EIE_INVALID + 1];
	const char *status[4];
	int idx[UI_FIX_FIELDS];          /* what each field is, per kind */
	char title[96];
	char label[UI_FIX_FIELDS][24];
	char hint[UI_FIX_FIELDS][96];
	struct uif_field f[UI_FIX_FIELDS];
	struct uif_def def;
};

/* Open the correction form of the entry on the top screen; x must live in that screen's
 * priv. An entry already marked entered in error is refused on the status line ("correct
 * its replacement"). */
void ui_fix_vitals(struct ui *ui, struct ui_fix *x, const struct kc_vitals_row *r);
void ui_fix_obs(struct ui *ui, struct ui_fix *x, const struct kc_obs_row *o);
void ui_fix_dose(struct ui *ui, struct ui_fix *x, const struct kc_dose_row *d);
void ui_fix_weight(struct ui *ui, struct ui_fix *x, const struct kc_weight_row *w);
void ui_fix_patient(struct ui *ui, struct ui_fix *x, const struct kc_patient *p);

#endif
