/* ui_paper.c — what paperwork waits, in one line with words and a symbol (ui_paper.h). */
#include "ui_paper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_rems.h"
#include "ui_app.h"
#include "ui_draw.h"

void ui_paper_load(struct ui *ui, struct ui_paper *p)
{
	struct kc_rems_form_row *f = NULL;
	struct kc_drug_row *w = NULL;
	size_t nf = 0, nw = 0;
	struct kc_err err;

	memset(p, 0, sizeof *p);
	p->soonest = -1;
	if (kc_rems_form_list(ui->app->store, 1, &f, &nf, &err) == KC_OK)
		for (size_t i = 0; i < nf; i++) {
			int left;

			kc_chart_rems_due(&f[i], ui->now, &left);
			if (left == KC_REMS_BAD_DATE)
				continue;
			if (left < 0) {
				p->overdue++;
				if (-left > p->most_late)
					p->most_late = -left;
			} else {
				p->due++;
				if (p->soonest < 0 || left < p->soonest)
					p->soonest = left;
			}
		}
	if (kc_drug_waste_list(ui->app->store, 0, 1, &w, &nw, &err) == KC_OK && nw) {
		p->witness = (int)nw;
		kc_strlcpy(p->witness_by, w[0].entered_by, sizeof p->witness_by);
	}
	free(f);
	free(w);
}

int ui_paper_draw(struct ui *ui, const struct ui_paper *p, WINDOW *w, int y)
{
	char line[256], due[64] = "", late[64] = "", wit[96] = "";

	if (!p->due && !p->overdue && !p->witness)
		return y;
	if (p->due)
		snprintf(due, sizeof due, "%d due (%d day%s left)", p->due, p->soonest, p->soonest == 1 ? "" : "s");
	if (p->overdue)
		snprintf(late, sizeof late, "%s%s %d OVERDUE (%d day%s)", due[0] ? ", " : "", ui->g.warn, p->overdue,
			 p->most_late, p->most_late == 1 ? "" : "s");
	if (p->witness)
		snprintf(wit, sizeof wit, "%s%s %d waste%s to WITNESS (%s)", due[0] || late[0] ? "; " : "", ui->g.warn,
			 p->witness, p->witness == 1 ? "" : "s", p->witness_by);
	snprintf(line, sizeof line, "%s%s%s%s", due[0] || late[0] ? "REMS: " : "", due, late, wit);
	ui_put(ui, w, y, 1, getmaxx(w) - 2, p->overdue || p->witness ? ui_tone(ui, UI_WARN) : A_NORMAL, line);
	return y + 1;
}
