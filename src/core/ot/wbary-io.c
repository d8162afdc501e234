/* wbary-io.c -- a fitted Wasserstein barycenter (wbary.c) from the outside:
 * its groups, weights, options and tables, a barycenter built from given
 * tables, and saving it to a parameter tree and back. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ot/wbary-impl.h"
#include "base/base-private.h"

size_t
fair_wbary_ngroups(const fair_wbary *wb)
{
	return wb->K;
}

const char *
fair_wbary_label(const fair_wbary *wb, size_t s)
{
	return s < wb->K ? wb->labels[s] : NULL;
}

long
fair_wbary_group_index(const fair_wbary *wb, const char *label)
{
	size_t s;

	for (s = 0; s < wb->K; s++)
		if (strcmp(wb->labels[s], label) == 0)
			return (long)s;
	return -1;
}

size_t
fair_wbary_group_n(const fair_wbary *wb, size_t s)
{
	return s < wb->K ? wb->g[s].n : 0;
}

double
fair_wbary_weight(const fair_wbary *wb, size_t s)
{
	return s < wb->K ? wb->g[s].w : NAN;
}

double
fair_wbary_jitter(const fair_wbary *wb)
{
	return wb->sigma;
}

int
fair_wbary_quantile_mode(const fair_wbary *wb)
{
	return wb->quantile;
}

int
fair_wbary_split_mode(const fair_wbary *wb)
{
	return wb->split;
}

size_t
fair_wbary_nskipped(const fair_wbary *wb)
{
	return wb->nskipped;
}

const double *
fair_wbary_cdf_table(const fair_wbary *wb, size_t s, size_t *len)
{
	if (s >= wb->K) {
		*len = 0;
		return NULL;
	}
	*len = wb->g[s].nC;
	return wb->g[s].C;
}

const double *
fair_wbary_quantile_table(const fair_wbary *wb, size_t s, size_t *len)
{
	if (s >= wb->K) {
		*len = 0;
		return NULL;
	}
	*len = wb->g[s].nD;
	return wb->g[s].D;
}

double
fair_wbary_risk(const fair_wbary *wb)
{
	const double **tabs = malloc(wb->K * sizeof *tabs);
	size_t *ns = malloc(wb->K * sizeof *ns), s;
	double *w = malloc(wb->K * sizeof *w), r = NAN;

	if (tabs != NULL && ns != NULL && w != NULL) {
		for (s = 0; s < wb->K; s++) {
			tabs[s] = wb->g[s].D;
			ns[s] = wb->g[s].nD;
			w[s] = wb->g[s].w;
		}
		r = fair_ot1d_bary_dispersion(tabs, ns, w, wb->K);
	}
	free(tabs);
	free(ns);
	free(w);
	return r;
}

static int
check_table(const char *what, const char *label, const double *a, size_t n, fair_error *err)
{
	size_t i;

	if (a == NULL || n == 0)
		return fair_error_set(err, FAIR_EINVAL, "%s table of group '%s' is empty", what, label);
	if (n > UINT32_MAX)
		return fair_error_set(err, FAIR_EINVAL, "%s table of group '%s' is too long", what, label);
	for (i = 0; i < n; i++) {
		if (isnan(a[i]))
			return fair_error_set(err, FAIR_EINVAL, "%s table of group '%s' has a NaN at %zu",
			                      what, label, i);
		if (i > 0 && a[i] < a[i - 1])
			return fair_error_set(err, FAIR_EINVAL, "%s table of group '%s' is not sorted at %zu",
			                      what, label, i);
	}
	return FAIR_OK;
}

fair_wbary *
fair_wbary_from_tables(size_t K, const char *const *labels, const double *const *cdf,
                       const size_t *ncdf, const double *const *qf, const size_t *nq,
                       const double *weights, double jitter, int quantile, int split,
                       const size_t *group_n, fair_error *err)
{
	fair_wbary *wb;
	size_t s;

	if (K < 2) {
		fair_error_set(err, FAIR_EINVAL,
		               "wasserstein correction needs at least 2 groups; got %zu", K);
		return NULL;
	}
	if (!(jitter >= 0) || !isfinite(jitter) ||
	    (quantile != FAIR_WBARY_Q_STEP && quantile != FAIR_WBARY_Q_INTERP)) {
		fair_error_set(err, FAIR_EINVAL, "invalid jitter (%g) or quantile mode (%d)", jitter,
		               quantile);
		return NULL;
	}
	wb = fair__ot_wbary_new(K, labels, err);
	if (wb == NULL)
		return NULL;
	wb->sigma = jitter;
	wb->quantile = quantile;
	wb->split = split;
	for (s = 0; s < K; s++) {
		struct wgroup *g = &wb->g[s];
		int shared = cdf[s] == qf[s] && ncdf[s] == nq[s];
		if (check_table("cdf", wb->labels[s], cdf[s], ncdf[s], err) != FAIR_OK ||
		    check_table("quantile", wb->labels[s], qf[s], nq[s], err) != FAIR_OK)
			goto fail;
		g->nC = ncdf[s];
		g->nD = nq[s];
		g->buf = malloc((g->nC + (shared ? 0 : g->nD)) * sizeof(double));
		if (g->buf == NULL)
			goto nomem;
		g->C = g->buf;
		memcpy(g->C, cdf[s], g->nC * sizeof(double));
		if (shared)
			g->D = g->C;
		else {
			g->D = g->buf + g->nC;
			memcpy(g->D, qf[s], g->nD * sizeof(double));
		}
		g->n = group_n != NULL ? group_n[s] : g->nC + (shared ? 0 : g->nD);
	}
	if (weights == NULL) {
		fair_error_set(err, FAIR_EINVAL, "saved wasserstein correction has no group weights");
		goto fail;
	}
	if (fair__ot_wbary_set_weights(wb, weights, err) != FAIR_OK ||
	    fair__ot_wbary_build(wb, err) != FAIR_OK)
		goto fail;
	return wb;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory for the wasserstein correction");
fail:
	fair_wbary_free(wb);
	return NULL;
}

/* ---- saving ------------------------------------------------- */

static int
nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

int
fair_wbary_export(const fair_wbary *wb, fair_param *out, fair_error *err)
{
	size_t K = fair_wbary_ngroups(wb);
	fair_param *groups = fair_param_add_list(out, "groups");

	fair_param_add_num(out, "jitter", fair_wbary_jitter(wb));
	fair_param_add_str(out, "quantile", fair_wbary_quantile_mode(wb) == FAIR_WBARY_Q_INTERP ? "interp" : "step");
	fair_param_add_str(out, "split", fair_wbary_split_mode(wb) == FAIR_WBARY_SPLIT_TWO ? "two" : "one");
	fair_param_add_int(out, "nskipped", (int64_t)fair_wbary_nskipped(wb));
	for (size_t s = 0; s < K; s++) {
		fair_param *g = fair_param_add_object(groups, NULL);
		size_t nc, nq;
		const double *c = fair_wbary_cdf_table(wb, s, &nc), *q = fair_wbary_quantile_table(wb, s, &nq);
		fair_param_add_str(g, "label", fair_wbary_label(wb, s));
		fair_param_add_num(g, "weight", fair_wbary_weight(wb, s));
		fair_param_add_int(g, "n", (int64_t)fair_wbary_group_n(wb, s));
		fair_param_add_vec(g, "cdf", c, nc);
		if (q != c)
			fair_param_add_vec(g, "quantile", q, nq);
	}
	return fair_param_failed(out) ? nomem(err) : FAIR_OK;
}

fair_wbary *
fair_wbary_import(const fair_param *in, fair_error *err)
{
	const fair_param *groups = fair_param_list(in, "groups", err);
	const char *qm, *sm;
	double jitter;
	size_t K;
	const char **labels = NULL;
	const double **cdf = NULL, **qf = NULL;
	size_t *nc = NULL, *nq = NULL, *gn = NULL;
	double *w = NULL;
	fair_wbary *wb = NULL;

	if (groups == NULL || (qm = fair_param_str(in, "quantile", err)) == NULL ||
	    (sm = fair_param_str(in, "split", err)) == NULL || fair_param_num(in, "jitter", &jitter, err))
		return NULL;
	K = groups->nkids;
	labels = calloc(K + 1, sizeof *labels);
	cdf = calloc(K + 1, sizeof *cdf);
	qf = calloc(K + 1, sizeof *qf);
	nc = calloc(K + 1, sizeof *nc);
	nq = calloc(K + 1, sizeof *nq);
	gn = calloc(K + 1, sizeof *gn);
	w = calloc(K + 1, sizeof *w);
	if (!labels || !cdf || !qf || !nc || !nq || !gn || !w) {
		nomem(err);
		goto out;
	}
	for (size_t s = 0; s < K; s++) {
		const fair_param *g = groups->kids[s];
		if ((labels[s] = fair_param_str(g, "label", err)) == NULL || fair_param_num(g, "weight", &w[s], err) ||
		    fair_param_size(g, "n", &gn[s], err) || (cdf[s] = fair_param_vec(g, "cdf", &nc[s], err)) == NULL)
			goto out;
		if (fair_param_get(g, "quantile")) {
			if ((qf[s] = fair_param_vec(g, "quantile", &nq[s], err)) == NULL)
				goto out;
		} else {
			qf[s] = cdf[s];
			nq[s] = nc[s];
		}
	}
	wb = fair_wbary_from_tables(K, labels, cdf, nc, qf, nq, w, jitter,
	                            strcmp(qm, "interp") ? FAIR_WBARY_Q_STEP : FAIR_WBARY_Q_INTERP,
	                            strcmp(sm, "two") ? FAIR_WBARY_SPLIT_ONE : FAIR_WBARY_SPLIT_TWO, gn, err);
out:
	free(labels);
	free(cdf);
	free(qf);
	free(nc);
	free(nq);
	free(gn);
	free(w);
	return wb;
}
