/* chart_plot.c — the trend plot of BP and heart rate, drawn with characters on the chart page. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "../ui_app.h"

/* ---------- the trend plot ---------- */

/* Two panels over one time axis: BP (systolic S, diastolic D) in mmHg, then heart rate
 * (H) in /min on its own scale, since diastolic and heart rate often share values. */
#define PLOT_LABEL 6     /* " 180 |" */
#define BP_ROWS_MAX 12 /* 10 mmHg a row over most sessions */
#define HR_ROWS_MAX 6

struct pt {
	time_t t;
	int v[3]; /* systolic, diastolic, heart rate; KC_NONE when not taken */
};
static const char series_ch[3] = { 'S', 'D', 'H' };

struct yaxis {
	int first, last; /* the series shown: v[first..last] */
	int y0, y1, step, rows;
};

struct xaxis {
	time_t x0, x1; /* the times at the left and right edge */
	int tick_min;  /* minutes between time labels */
	int pw;        /* plot columns */
};

/* Valid readings with a BP or a heart rate, in time order. */
static size_t plot_points(const struct data *d, struct pt *pts)
{
	size_t k = 0;

	for (size_t i = 0; i < d->rec.nv; i++) {
		const struct kc_vitals_row *r = &d->rec.vr[i];

		if (r->eie.code != KC_EIE_NONE || r->status != KC_VITALS_TAKEN ||
		    (r->v.systolic == KC_NONE && r->v.heart_rate == KC_NONE))
			continue;
		pts[k].t = r->taken_at;
		pts[k].v[0] = r->v.systolic;
		pts[k].v[1] = r->v.systolic == KC_NONE ? KC_NONE : r->v.diastolic;
		pts[k].v[2] = r->v.heart_rate;
		k++;
	}
	return k;
}

/* The finest round step that fits the values in max_rows; 0 rows when none is taken. */
static void y_axis(const struct pt *pts, size_t n, int max_rows, struct yaxis *ax)
{
	static const int steps[] = { 5, 10, 20, 25, 50, 100 };
	int lo = 1000, hi = -1000;

	ax->rows = 0;
	for (size_t i = 0; i < n; i++)
		for (int s = ax->first; s <= ax->last; s++)
			if (pts[i].v[s] != KC_NONE) {
				lo = pts[i].v[s] < lo ? pts[i].v[s] : lo;
				hi = pts[i].v[s] > hi ? pts[i].v[s] : hi;
			}
	if (hi < lo)
		return;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ax->step = steps[i];
		ax->y0 = lo / ax->step * ax->step;
		ax->y1 = (hi + ax->step - 1) / ax->step * ax->step;
		if (ax->y1 == ax->y0)
			ax->y1 += ax->step;
		ax->rows = (ax->y1 - ax->y0) / ax->step + 1;
		if (ax->rows <= max_rows)
			break;
	}
}

/* The last local clock time at or before t on a multiple of iv minutes of the day. */
static time_t tick_floor(time_t t, int iv)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return t - tm.tm_sec - (time_t)((tm.tm_hour * 60 + tm.tm_min) % iv) * 60;
}

/* The time axis: the smallest label interval that leaves room for "HH:MM" labels. */
static void x_axis(time_t first, time_t last, struct xaxis *ax)
{
	static const int ivs[] = { 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440 };

	for (size_t i = 0; i < sizeof ivs / sizeof ivs[0]; i++) {
		ax->tick_min = ivs[i];
		ax->x0 = tick_floor(first, ivs[i]);
		ax->x1 = tick_floor(last, ivs[i]);
		if (ax->x1 < last || ax->x1 == ax->x0)
			ax->x1 += (time_t)ivs[i] * 60;
		if ((long long)(ax->pw - 1) * ivs[i] * 60 / (ax->x1 - ax->x0) >= 7)
			break;
	}
}

static int x_of(const struct xaxis *ax, time_t t)
{
	long long span = ax->x1 - ax->x0;

	return (int)(((long long)(t - ax->x0) * (ax->pw - 1) * 2 + span) / (2 * span));
}

/* One panel: a row per step, the value at the left; "*" where two series meet. */
static void plot_panel(struct bld *b, const struct pt *pts, size_t n, const struct xaxis *xa,
		       const struct yaxis *ya, const char *unit)
{
	const char *vbar = b->ui->utf8 ? "\u2502" : "|";
	char *grid = malloc((size_t)(ya->rows * xa->pw));

	if (!grid) {
		b->failed = 1;
		return;
	}
	memset(grid, ' ', (size_t)(ya->rows * xa->pw));
	for (size_t i = 0; i < n; i++)
		for (int s = ya->first; s <= ya->last; s++) {
			int v = pts[i].v[s];
			char *cell;

			if (v == KC_NONE)
				continue;
			cell = &grid[(ya->y1 - v + ya->step / 2) / ya->step * xa->pw + x_of(xa, pts[i].t)];
			*cell = *cell == ' ' || *cell == series_ch[s] ? series_ch[s] : '*';
		}
	chart_putf(b, "%5s %s", unit, vbar);
	for (int y = 0; y < ya->rows; y++)
		chart_putf(b, "%5d %s%.*s", ya->y1 - y * ya->step, vbar, xa->pw, grid + y * xa->pw);
	free(grid);
}

/* The axis line under the plot, with a tick at every label. */
static void plot_axis_line(struct bld *b, const struct xaxis *ax)
{
	const char *corner = b->ui->utf8 ? "\u2514" : "+", *h = b->ui->utf8 ? "\u2500" : "-";
	const char *tick = b->ui->utf8 ? "\u252c" : "+";
	char line[LINE_BYTES];
	size_t len = (size_t)snprintf(line, sizeof line, "%*s%s", PLOT_LABEL, "", corner);

	for (int x = 0; x < ax->pw && len + 4 < sizeof line; x++) {
		int on_tick = 0;

		for (time_t t = ax->x0; t <= ax->x1 && !on_tick; t += (time_t)ax->tick_min * 60)
			on_tick = x_of(ax, t) == x;
		len += (size_t)snprintf(line + len, sizeof line - len, "%s", on_tick ? tick : h);
	}
	chart_put(b, line);
}

static void plot_time_labels(struct bld *b, const struct xaxis *ax)
{
	char line[LINE_BYTES], t[16];
	int w = PLOT_LABEL + 1 + ax->pw + 2, end = 0;

	memset(line, ' ', (size_t)w);
	line[w] = '\0';
	for (time_t tt = ax->x0; tt <= ax->x1; tt += (time_t)ax->tick_min * 60) {
		int at = PLOT_LABEL + 1 + x_of(ax, tt) - 2;

		at = at + 5 > w ? w - 5 : at;
		if (at < end)
			continue;
		chart_hm(tt, t, sizeof t);
		memcpy(line + at, t, strlen(t));
		end = at + (int)strlen(t) + 1;
	}
	chart_put(b, line);
}

void chart_build_trend(struct bld *b, const struct data *d)
{
	struct pt *pts = calloc(d->rec.nv ? d->rec.nv : 1, sizeof *pts);
	struct yaxis bp = { .first = 0, .last = 1 }, hr = { .first = 2, .last = 2 };
	struct xaxis xa;
	size_t n;

	chart_section(b, "Trend: BP and heart rate");
	if (!pts) {
		b->failed = 1;
		return;
	}
	n = plot_points(d, pts);
	memset(&xa, 0, sizeof xa);
	xa.pw = b->w - PLOT_LABEL - 1 - 2; /* room for half a time label past the last tick */
	if (n == 0 || xa.pw < 20) {
		chart_put(b, n ? "The terminal is too narrow for the plot." : "No readings to plot yet.");
		free(pts);
		return;
	}
	x_axis(pts[0].t, pts[n - 1].t, &xa);
	y_axis(pts, n, BP_ROWS_MAX, &bp);
	y_axis(pts, n, HR_ROWS_MAX, &hr);
	if (bp.rows)
		plot_panel(b, pts, n, &xa, &bp, "mmHg");
	if (hr.rows)
		plot_panel(b, pts, n, &xa, &hr, "/min");
	plot_axis_line(b, &xa);
	plot_time_labels(b, &xa);
	chart_wrap(b, 0, "", "Legend: S systolic and D diastolic BP (mmHg), H heart rate (/min), * both at one "
	     "point; across: time taken. Readings entered in error are not plotted.");
	free(pts);
}
