/* script-kinds.c -- gnuplot script data for the ROC, calibration and
 * trade-off plots (see script.c for the writer and the shared helpers). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot.h"
#include "plot/script-private.h"

/* ----------------------------------------------------------------- roc -- */

struct sy { double s, y; };

static int
cmp_desc(const void *a, const void *b)
{
	double x = ((const struct sy *)a)->s, y = ((const struct sy *)b)->s;
	return x < y ? 1 : x > y ? -1 : 0;
}

int
write_roc(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	size_t P = sp->npanels, K = sp->K;
	bool any = false;
	double *auc = calloc(P * K, sizeof *auc), *opx = calloc(P * K, sizeof *opx), *opy = calloc(P * K, sizeof *opy);
	int rc = FAIR_OK;

	if (auc == NULL || opx == NULL || opy == NULL) {
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t p = 0; p < P; p++) {
		const plot_panel *pn = &sp->panels[p];
		struct sy *a = malloc((pn->n ? pn->n : 1) * sizeof *a);
		if (a == NULL) {
			rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		for (size_t g = 0; g < K; g++) {
			size_t n = 0;
			double np = 0, nn = 0, tp = 0, fp = 0, otp = 0, ofp = 0, area = 0, ptpr = 0, pfpr = 0;
			auc[p * K + g] = NAN;
			for (size_t i = 0; i < pn->n; i++) {
				if (pn->group[i] != (int32_t)g || !isfinite(pn->x[i]) || !isfinite(pn->y[i]))
					continue;
				a[n].s = pn->x[i];
				a[n++].y = pn->y[i];
				if (pn->y[i] > 0.5) {
					np += 1;
					otp += pn->yhat && pn->yhat[i] > 0.5;
				} else {
					nn += 1;
					ofp += pn->yhat && pn->yhat[i] > 0.5;
				}
			}
			if (np == 0 || nn == 0)
				continue;
			any = true;
			qsort(a, n, sizeof *a, cmp_desc);
			size_t npts = 0, step;
			for (size_t i = 0; i < n; i++)
				npts += i + 1 == n || a[i + 1].s != a[i].s;
			step = npts > 1000 ? npts / 1000 : 1;
			wr(w, "$c%zu_%zu << EOD\n0 0\n", p, g);
			for (size_t i = 0, k = 0; i < n; i++) {
				if (a[i].y > 0.5)
					tp += 1;
				else
					fp += 1;
				if (i + 1 < n && a[i + 1].s == a[i].s)
					continue;
				double tpr = tp / np, fpr = fp / nn;
				area += (fpr - pfpr) * (tpr + ptpr) / 2;
				ptpr = tpr;
				pfpr = fpr;
				if (++k % step == 0 || i + 1 == n)
					wr(w, "%.8g %.8g\n", fpr, tpr);
			}
			wr(w, "EOD\n");
			auc[p * K + g] = area;
			opx[p * K + g] = ofp / nn;
			opy[p * K + g] = otp / np;
			wr(w, "$o%zu_%zu << EOD\n%.8g %.8g\nEOD\n", p, g, ofp / nn, otp / np);
		}
		free(a);
	}
	if (!any) {
		rc = fair_error_set(err, FAIR_EINVAL, "a ROC curve needs rows of both classes with scores in some group");
		goto out;
	}
	write_styles(w, K);
	double pw, ph;
	plot_panel_size(t, P, &pw, &ph);
	/* a square panel with the key in the corner below the chance line,
	 * where no curve better than chance goes (short entries: the marks'
	 * rates are the rates plot's); a small panel is not square and has
	 * its key under it */
	bool small = !w->text && (pw < 380 || ph < 300);
	wr(w, "set xrange [0:1]\nset yrange [0:1]\n%s", w->text || small ? "" : "set size ratio -1\n");
	axis_tics(w, 'x', 0, 1, small ? pw : fmin(pw, ph), w->text ? 8 : 45, false);
	axis_tics(w, 'y', 0, 1, ph, w->text ? 3 : 30, false);
	write_labels(w, "false positive rate", "true positive rate");
	key_title(w, sp, small ? "bmargin center horizontal" : "bottom right");
	if (!w->text)
		wr(w, "set key nobox noopaque font ',9' samplen 2 spacing 1\n");
	multiplot_begin(w, P, sp->title ? sp->title : "ROC curves per group");
	for (size_t p = 0; p < P; p++) {
		panel_begin(w, sp, p);
		wr(w, "plot x with lines ls 100 title 'chance'");
		for (size_t g = 0; g < K; g++) {
			size_t k = p * K + g;
			if (isnan(auc[k]))
				continue;
			wr(w, ", \\\n     $c%zu_%zu using 1:2 with lines lt %zu title ", p, g, g + 1);
			if (sp->panels[p].yhat) {
				wqf(w, " noenhanced", "%s: AUC %.3f", sp->labels[g], auc[k]);
				wr(w, ", \\\n     $o%zu_%zu using 1:2 with points lt %zu ps 2 notitle", p, g, g + 1);
			} else {
				wqf(w, " noenhanced", "%s: AUC %.3f", sp->labels[g], auc[k]);
			}
		}
		wr(w, "\n");
	}
	wr(w, "unset multiplot\n");
out:
	free(auc);
	free(opx);
	free(opy);
	return rc;
}

/* --------------------------------------------------------- calibration -- */

int
write_calibration(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	size_t P = sp->npanels, K = sp->K, B = sp->bins ? sp->bins : 10;
	bool any = false;
	double *cn = malloc(3 * B * sizeof *cn);
	size_t *ng = calloc(P * K, sizeof *ng);

	if (cn == NULL || ng == NULL) {
		free(cn);
		free(ng);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (size_t p = 0; p < P; p++) {
		const plot_panel *pn = &sp->panels[p];
		for (size_t i = 0; i < pn->n; i++)
			if (isfinite(pn->x[i]) && (pn->x[i] < 0 || pn->x[i] > 1)) {
				free(cn);
				free(ng);
				return fair_error_set(err, FAIR_EINVAL,
				                      "a calibration curve needs scores in [0, 1] (probabilities); %s gives %g",
				                      pn->title, pn->x[i]);
			}
		for (size_t g = 0; g < K; g++) {
			double *n = cn, *ss = cn + B, *sy = cn + 2 * B;
			memset(cn, 0, 3 * B * sizeof *cn);
			for (size_t i = 0; i < pn->n; i++) {
				if (pn->group[i] != (int32_t)g || !isfinite(pn->x[i]) || !isfinite(pn->y[i]))
					continue;
				size_t b = (size_t)(pn->x[i] * (double)B);
				if (b >= B)
					b = B - 1;
				n[b] += 1;
				ss[b] += pn->x[i];
				sy[b] += pn->y[i] > 0.5;
				ng[p * K + g]++;
			}
			if (ng[p * K + g] == 0)
				continue;
			any = true;
			wr(w, "$k%zu_%zu << EOD\n# mean score, observed positive rate, rows in bin\n", p, g);
			for (size_t b = 0; b < B; b++)
				if (n[b] > 0)
					wr(w, "%.8g %.8g %.0f\n", ss[b] / n[b], sy[b] / n[b], n[b]);
			wr(w, "EOD\n");
		}
	}
	free(cn);
	if (!any) {
		free(ng);
		return fair_error_set(err, FAIR_EINVAL, "no row has a score and a target to plot");
	}
	write_styles(w, K);
	double pw, ph;
	plot_panel_size(t, P, &pw, &ph);
	wr(w, "set xrange [0:1]\nset yrange [0:1]\n");   /* not square: the key goes under the panel */
	axis_tics(w, 'x', 0, 1, pw, w->text ? 8 : 45, false);
	axis_tics(w, 'y', 0, 1, ph, w->text ? 3 : 30, false);
	write_labels(w, "mean predicted score in the bin", "observed rate");
	key_title(w, sp, "bmargin center horizontal");
	{
		char def[96];
		snprintf(def, sizeof def, "calibration per group (%zu equal-width score bins)", B);
		multiplot_begin(w, P, sp->title ? sp->title : def);
	}
	for (size_t p = 0; p < P; p++) {
		panel_begin(w, sp, p);
		wr(w, "plot x with lines ls 100 title 'perfectly calibrated'");
		for (size_t g = 0; g < K; g++) {
			if (ng[p * K + g] == 0)
				continue;
			wr(w, ", \\\n     $k%zu_%zu using 1:2 with linespoints lt %zu title ", p, g, g + 1);
			wqf(w, " noenhanced", "%s (n=%zu)", sp->labels[g], ng[p * K + g]);
		}
		wr(w, "\n");
	}
	wr(w, "unset multiplot\n");
	free(ng);
	return FAIR_OK;
}

/* ------------------------------------------------------------ tradeoff -- */

int
write_tradeoff(struct wr *w, const plot_spec *sp, const plot_term *t, fair_error *err)
{
	size_t n = 0;

	(void)t;
	wr(w, "$t << EOD\n");
	for (size_t i = 0; i < sp->npoints; i++)
		if (isfinite(sp->points[i].x) && isfinite(sp->points[i].y)) {
			wr(w, "%.10g %.10g\n", sp->points[i].x, sp->points[i].y);
			n++;
		}
	wr(w, "EOD\n");
	if (n == 0)
		return fair_error_set(err, FAIR_EINVAL, "no setting of the sweep has a defined metric to plot");
	write_styles(w, 1);
	for (size_t i = 0, k = 0; i < sp->npoints; i++) {
		const plot_point *pi = &sp->points[i];
		char lab[512];
		bool dup = false;
		if (!isfinite(pi->x) || !isfinite(pi->y))
			continue;
		for (size_t j = 0; j < i && !dup; j++)
			dup = sp->points[j].x == pi->x && sp->points[j].y == pi->y;
		if (dup)   /* settings that give the same point share one label */
			continue;
		snprintf(lab, sizeof lab, "%s", pi->label);
		for (size_t j = i + 1; j < sp->npoints; j++)
			if (sp->points[j].x == pi->x && sp->points[j].y == pi->y)
				snprintf(lab + strlen(lab), sizeof lab - strlen(lab), ", %s", sp->points[j].label);
		wr(w, "set label %zu ", ++k);
		wq(w, lab, "");
		/* alternate above / below so neighbouring labels do not collide */
		wr(w, " at %.10g,%.10g offset 1,%s font ',9' noenhanced\n", pi->x, pi->y, k % 2 ? "0.7" : "-0.9");
	}
	write_labels(w, sp->xlabel ? sp->xlabel : "fairness metric", sp->ylabel ? sp->ylabel : "accuracy");
	wr(w, "set offsets graph 0.08, graph 0.15, graph 0.08, graph 0.08\nset key off\nset title ");
	wq(w, sp->title ? sp->title : "trade-off", " noenhanced\n");
	wr(w, "plot $t using 1:2 with linespoints lt 1 notitle\n");
	return FAIR_OK;
}

