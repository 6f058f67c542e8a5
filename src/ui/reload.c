/* reload.c — the one reload policy of every screen (ui_reload.h). */
#include "ui_reload.h"

int ui_reload_due(struct kc_store *st, int hidden, struct ui_fresh *f)
{
	if (hidden || !kc_store_changed(st, &f->seen))
		return 0;
	f->loads++;
	return 1;
}

/* Every screen's loads in this process (ui_reload_loads). */
static long loads;

long ui_reload_loads(void)
{
	return loads;
}

void ui_reload_mark(struct kc_store *st, struct ui_fresh *f)
{
	loads++;
	(void)kc_store_changed(st, &f->seen);
}
