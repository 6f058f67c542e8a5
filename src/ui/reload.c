/* reload.c — the one reload policy of every screen (ui_reload.h). */
#include "ui_reload.h"

int ui_reload_due(struct kc_store *st, int hidden, time_t now, int per_minute, struct ui_fresh *f)
{
	int changed;

	if (hidden)
		return 0;
	changed = kc_store_changed(st, &f->seen);
	if (!changed && !(per_minute && now / 60 != f->minute))
		return 0;
	f->minute = (long)(now / 60);
	f->loads++;
	return 1;
}

/* Every screen's loads in this process (ui_reload_loads). */
static long loads;

long ui_reload_loads(void)
{
	return loads;
}

void ui_reload_mark(struct kc_store *st, time_t now, struct ui_fresh *f)
{
	loads++;
	(void)kc_store_changed(st, &f->seen);
	f->minute = (long)(now / 60);
}
