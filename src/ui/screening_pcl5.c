/* screening_pcl5.c — the PCL-5 form of the screening screen (t; offered when the session's
 * indication names PTSD, optional): the 20 items (a digit answers one and moves on), each its number with the clinic's wording
 * from labels_file or a neutral word for its DSM-5 cluster, 0-4; a reason field when a
 * PCL-5 is recorded already (a changed item needs it). All 20 items or none go to
 * kc_chart_pcl5 as typed; the saved total is said with the probable-PTSD cut-off. */
#include "scr_screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_course.h"
#include "ui_app.h"
#include "ui_form.h"

#define NF (KC_PCL5_ITEMS + 1) /* the items, then the reason */

struct pcl5_form {
	struct scr *s;
	char label[KC_PCL5_ITEMS][KC_LABEL_MAX + 8];
	char hint[NF][KC_LABEL_MAX + 96];
	const char *init[NF];
	struct uif_field ff[NF];
	struct uif_def def;
};

static int pcl5_recorded(const struct scr *s)
{
	char key[24];

	for (int i = 1; i <= KC_PCL5_ITEMS; i++) {
		snprintf(key, sizeof key, "pcl5.%d", i);
		if (*scr_value(s, key))
			return 1;
	}
	return 0;
}

/* The recorded total, KC_NONE when the PCL-5 is not (wholly) recorded. */
int scr_pcl5_total(const struct scr *s)
{
	const char *t[KC_PCL5_ITEMS];
	int items[KC_PCL5_ITEMS], total = KC_NONE;
	char key[KC_PCL5_ITEMS][24];

	for (int i = 0; i < KC_PCL5_ITEMS; i++) {
		snprintf(key[i], sizeof key[i], "pcl5.%d", i + 1);
		t[i] = scr_value(s, key[i]);
	}
	return kc_pcl5_parse(t, items, &total, NULL) == KC_OK ? total : KC_NONE;
}

static int pcl5_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct pcl5_form *p = priv;
	char typed[KC_PCL5_ITEMS][8], reason[KC_NOTE_MAX] = "";
	const char *t[KC_PCL5_ITEMS];
	int total = KC_NONE, rc;

	for (int i = 0; i < KC_PCL5_ITEMS; i++) {
		kc_strlcpy(typed[i], ui_form_text(f, (size_t)i), sizeof typed[i]);
		t[i] = typed[i];
	}
	if (p->def.n > KC_PCL5_ITEMS)
		kc_strlcpy(reason, ui_form_text(f, KC_PCL5_ITEMS), sizeof reason);
	rc = kc_chart_pcl5(ui->app->store, ui->app->cfg, p->s->ref.session, t, reason, ui->now, &total, err);
	if (rc == KC_ERR_NOTFOUND) {
		ui_msg(ui, UI_NORMAL, "No PCL-5 recorded: it is optional (t opens it again).");
		return KC_OK;
	}
	if (rc != KC_OK)
		return rc;
	scr_reload(ui, p->s);
	ui_msg(ui, kc_pcl5_probable(&ui->app->cfg->course, total) ? UI_WARN : UI_OK,
	       "PCL-5 saved: total %d of 80 (%s %d).", total,
	       kc_pcl5_probable(&ui->app->cfg->course, total) ? "probable PTSD: at or above" : "below the probable-PTSD",
	       ui->app->cfg->course.pcl5_probable_ptsd);
	return KC_OK;
}

static void pcl5_closed(struct ui *ui, void *priv, int saved)
{
	(void)ui;
	(void)saved;
	free(priv);
}

static void item_field(struct ui *ui, struct pcl5_form *p, int i)
{
	const char *topic = kc_pcl5_topic(i + 1);
	const char *words = kc_label(ui->app->labels, KC_LABELS_PCL5, i + 1, topic);
	char key[24];

	snprintf(key, sizeof key, "pcl5.%d", i + 1);
	snprintf(p->label[i], sizeof p->label[i], "%d %s", i + 1, words);
	if (words == topic) /* no clinic wording: the scale */
		snprintf(p->hint[i], sizeof p->hint[i], "0 not at all, 1 a little bit, 2 moderately, 3 quite a bit, "
			 "4 extremely");
	else
		snprintf(p->hint[i], sizeof p->hint[i], "%d. %s (0-4)", i + 1, words);
	p->init[i] = scr_value(p->s, key);
	p->ff[i] = (struct uif_field){ .label = p->label[i], .type = UIF_NUMBER, .width = 1, .max = 1,
				       .accept = "01234", .hint = p->hint[i] };
}

void scr_pcl5_open(struct ui *ui, struct scr *s)
{
	struct pcl5_form *p = calloc(1, sizeof *p);
	size_t n = KC_PCL5_ITEMS;

	if (!p) {
		ui_msg(ui, UI_CRIT, "Out of memory: the PCL-5 form cannot open.");
		return;
	}
	p->s = s;
	for (int i = 0; i < KC_PCL5_ITEMS; i++)
		item_field(ui, p, i);
	if (pcl5_recorded(s)) {
		snprintf(p->hint[KC_PCL5_ITEMS], sizeof p->hint[KC_PCL5_ITEMS],
			 "why a recorded item changes (the earlier answer stays in the chart)");
		p->init[KC_PCL5_ITEMS] = "";
		p->ff[n++] = (struct uif_field){ .label = "Reason for a change", .width = 40, .max = KC_NOTE_MAX - 1,
						 .hint = p->hint[KC_PCL5_ITEMS] };
	}
	p->def = (struct uif_def){ .title = "PCL-5, past month (optional: all 20 items or none)", .fields = p->ff,
				   .n = n, .row = 1, .advance = 1, .submit = pcl5_submit,
				   .closed = pcl5_closed };
	if (!ui_form_open_init(ui, &p->def, p, p->init))
		free(p);
}
