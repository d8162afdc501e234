/* importance.c -- feature importance of a model's learner (gain per
 * feature, for the learners whose type reports it) beside each feature's
 * association with the sensitive attribute, so that the sensitive columns
 * and their proxies show among the features a model relies on. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workbench/workbench-private.h"

void
fair_importance_free(fair_importance *imp)
{
	if (imp == NULL)
		return;
	for (size_t k = 0; imp->names && k < imp->n; k++)
		free(imp->names[k]);
	free(imp->names);
	free(imp->gain);
	free(imp->total);
	free(imp->share);
	free(imp->eta);
	free(imp->sensitive);
	free(imp->proxy);
	free(imp);
}

/* Correlation ratio of column j of @X over the groups @grp (K groups, -1:
 * left out): sqrt(sum_g n_g (m_g - m)^2 / sum_i (x_i - m)^2); 0 for a
 * constant column. Two passes (means, then sums of squares) in double. */
static void
correlation_ratios(const gsl_matrix *X, const int32_t *grp, size_t K, double *eta, double *work)
{
	size_t n = X->size1, d = X->size2;
	double *mg = work, *ng = work + K;

	for (size_t j = 0; j < d; j++) {
		double m = 0, ss = 0, sb = 0, cnt = 0;
		for (size_t g = 0; g < K; g++)
			mg[g] = ng[g] = 0;
		for (size_t i = 0; i < n; i++) {
			if (grp[i] < 0)
				continue;
			double x = gsl_matrix_get(X, i, j);
			mg[grp[i]] += x;
			ng[grp[i]] += 1;
			m += x;
			cnt += 1;
		}
		if (!(cnt > 0)) {
			eta[j] = NAN;
			continue;
		}
		m /= cnt;
		for (size_t g = 0; g < K; g++)
			if (ng[g] > 0) {
				mg[g] /= ng[g];
				sb += ng[g] * (mg[g] - m) * (mg[g] - m);
			}
		for (size_t i = 0; i < n; i++)
			if (grp[i] >= 0) {
				double e = gsl_matrix_get(X, i, j) - m;
				ss += e * e;
			}
		eta[j] = ss > 0 ? sqrt(fmin(1.0, sb / ss)) : 0.0;
	}
}

/* True when feature @name comes from column @col: "col", "col=level" or
 * "col:missing". */
static bool
from_column(const char *name, const char *col)
{
	size_t k = strlen(col);

	return !strncmp(name, col, k) && (name[k] == '\0' || name[k] == '=' || !strcmp(name + k, ":missing"));
}

int
fair_model_importance(const fair_model *m, const fair_session *s, fair_importance **out, fair_error *err)
{
	const fair_model *t = m;
	fair_importance *imp = NULL;
	gsl_matrix *X = NULL;
	size_t *rows = NULL, nrows = 0, d;
	int32_t *grp = NULL;
	double *work = NULL, sum = 0;
	int st = FAIR_OK;

	*out = NULL;
	while (t != NULL && t->kind != FAIR_MODEL_TRAINED)
		t = t->base;
	if (t == NULL || t->learner == NULL || t->learner->type->importance == NULL) {
		fair_buf names = FAIR_BUF_INIT;
		size_t c = 0;
		for (size_t i = 0; fair__workbench_learners[i] != NULL; i++)
			if (fair__workbench_learners[i]->importance != NULL && fair__workbench_learners[i]->name != NULL)
				fair_buf_printf(&names, "%s%s", c++ ? " and " : "", fair__workbench_learners[i]->name);
		st = fair_error_set(err, FAIR_EINVAL, "model '%s' has no feature importance (%s have one)", m->name,
		                    c ? names.buf : "no learner of this build");
		fair_buf_release(&names);
		return st;
	}
	d = t->learner->d;
	if ((imp = calloc(1, sizeof *imp)) == NULL)
		goto nomem;
	imp->n = d;
	if (!(imp->names = calloc(d, sizeof *imp->names)) || !(imp->gain = calloc(d, sizeof *imp->gain)) ||
	    !(imp->total = calloc(d, sizeof *imp->total)) || !(imp->share = calloc(d, sizeof *imp->share)) ||
	    !(imp->eta = calloc(d, sizeof *imp->eta)) || !(imp->sensitive = calloc(d, sizeof *imp->sensitive)) ||
	    !(imp->proxy = calloc(d, sizeof *imp->proxy)))
		goto nomem;
	if ((st = t->learner->type->importance(t->learner, imp->gain, imp->total, err)))
		goto fail;
	for (size_t k = 0; k < d; k++) {
		if ((imp->names[k] = fair_model_design_name(t, k)) == NULL)
			goto nomem;
		sum += imp->total[k];
		imp->eta[k] = NAN;
	}
	for (size_t k = 0; k < d; k++)
		imp->share[k] = sum > 0 ? imp->total[k] / sum : 0.0;
	if (s != NULL && s->groups != NULL) {
		for (size_t k = 0; k < d && t->rep == NULL; k++)
			for (size_t c = 0; c < s->groups->ncolumns; c++)
				imp->sensitive[k] |= from_column(imp->names[k], s->groups->columns[c]);
		if ((rows = fair_session_rows(s, FAIR_ON_TRAIN, &nrows, err)) == NULL) {
			st = err ? err->code : FAIR_EINVAL;
			goto fail;
		}
		if (nrows > 0) {
			if ((X = fair_model_design(t, s->frame, s->groups, rows, nrows, err)) == NULL) {
				st = err ? err->code : FAIR_EINVAL;
				goto fail;
			}
			if (X->size2 != d) {
				st = fair_error_set(err, FAIR_EINVAL, "model '%s': %zu features for a learner of %zu", m->name,
				                    X->size2, d);
				goto fail;
			}
			if (!(grp = malloc(nrows * sizeof *grp)) || !(work = malloc(2 * s->groups->K * sizeof *work)))
				goto nomem;
			for (size_t i = 0; i < nrows; i++)
				grp[i] = s->groups->group[rows[i]];
			correlation_ratios(X, grp, s->groups->K, imp->eta, work);
			for (size_t k = 0; k < d; k++)
				imp->proxy[k] = !imp->sensitive[k] && imp->eta[k] >= FAIR_PROXY_ETA;
		}
	}
	*out = imp;
	imp = NULL;
	goto out;
nomem:
	st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_importance_free(imp);
out:
	if (X)
		gsl_matrix_free(X);
	free(rows);
	free(grp);
	free(work);
	return st;
}
