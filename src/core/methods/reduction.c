/* reduction.c -- what the reductions (exponentiated gradient, grid
 * search) share: the base learner (any learner type of the registry that
 * fits sample weights, found by name, with its own options) and the
 * moments (the constraints, their values and the signed weights). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"

/* the learners a reduction can train: ordinary ones that take weights */
static bool
usable(const fair_learner_type *t, bool regression)
{
	return t->name != NULL && (t->flags & FAIR_LEARNER_PLAIN) && !(t->flags & (FAIR_LEARNER_OWN_WEIGHTS | FAIR_LEARNER_NO_WEIGHTS)) &&
	       !(t->flags & FAIR_LEARNER_GROUPS) &&
	       (t->flags & (regression ? FAIR_LEARNER_REGRESS : FAIR_LEARNER_CLASSIFY));
}

int
fair_base_prepare(fair_base *b, const char *what, const char *name, const char *kv, bool regression,
                  const fair_learner_type *const *types, fair_error *err)
{
	fair_buf names = FAIR_BUF_INIT;
	int st = FAIR_OK;

	memset(b, 0, sizeof *b);
	for (size_t i = 0; types && types[i] != NULL && b->type == NULL; i++)
		if (types[i]->name != NULL && !strcmp(types[i]->name, name))
			b->type = types[i];
	if (b->type == NULL || !usable(b->type, regression)) {
		for (size_t i = 0; types && types[i] != NULL; i++)
			if (usable(types[i], regression)) {
				if (names.len)
					fair_buf_puts(&names, ", ");
				fair_buf_puts(&names, types[i]->name);
			}
		st = fair_error_set(err, FAIR_EINVAL, "%s: base must be a learner that takes sample weights (%s), not '%s'",
		                    what, names.len ? names.buf : "none", name);
		fair_buf_release(&names);
		b->type = NULL;
		return st;
	}
	if (b->type->unavailable != NULL) {   /* its library is not in this build */
		st = fair_error_set(err, FAIR_EINVAL, "%s: base=%s: %s", what, name, b->type->unavailable);
		b->type = NULL;
		return st;
	}
	if ((b->opts = calloc(1, b->type->opts_size ? b->type->opts_size : 1)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (b->type->opts_init)
		b->type->opts_init(b->opts);
	/* "key=value" lines */
	for (const char *p = kv ? kv : ""; *p && st == FAIR_OK;) {
		const char *nl = strchr(p, '\n'), *eq;
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);
		if (line == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		eq = strchr(line, '=');
		if (eq != NULL) {
			line[eq - line] = '\0';
			const fair_opt *o = b->type->opts ? fair_opt_find(b->type->opts, line) : NULL;
			if (o == NULL) {
				fair_opts_names(b->type->opts, NULL, " ", &names);
				st = fair_error_set(err, FAIR_EINVAL, "%s: unknown option '%s' (options of base %s: %s)", what, line,
				                    b->type->name, names.len ? names.buf : "none");
				fair_buf_release(&names);
			} else {
				st = fair_opt_set(o, b->opts, eq + 1, err);
			}
		}
		free(line);
		p += len + (nl ? 1 : 0);
	}
	/* options that depend on the task (XGBoost's metric=) */
	if (st == FAIR_OK && b->type->check_task != NULL)
		st = b->type->check_task(b->opts, regression ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION, err);
	if (st)
		fair_base_release(b);
	return st;
}

void
fair_base_release(fair_base *b)
{
	if (b->opts && b->type && b->type->opts)
		fair_opts_release(b->type->opts, b->opts);
	free(b->opts);
	memset(b, 0, sizeof *b);
}

fair_learner *
fair_base_fit(const fair_base *b, const gsl_matrix *X, const double *y, const double *w, int task, uint64_t seed,
              fair_progress *prog, fair_error *err)
{
	fair_fit_data d = { .X = X, .y = y, .w = w, .task = task, .seed = seed };
	return b->type->fit(b->opts, &d, prog, err);
}

int
fair_base_kv_add(char **kv, const char *key, const char *val, fair_error *err)
{
	size_t old = *kv ? strlen(*kv) : 0, len = old + strlen(key) + strlen(val) + 3;
	char *n = realloc(*kv, len);

	if (n == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	snprintf(n + old, len - old, "%s%s=%s", old ? "\n" : "", key, val);
	*kv = n;
	return FAIR_OK;
}

/* ---- the moments --------------------------------------------------------- */

void
fair_moments_release(fair_moments *m)
{
	free(m->ev);
	free(m->du);
	free(m->u0);
	free(m->pe);
	free(m->pea);
	free(m->active);
	free(m->sums);
	memset(m, 0, sizeof *m);
}

static int
moments_alloc(fair_moments *m, fair_error *err)
{
	size_t n = m->n ? m->n : 1;
	if ((m->ev = malloc(n * sizeof *m->ev)) == NULL || (m->du = malloc(n * sizeof *m->du)) == NULL ||
	    (m->u0 = malloc(n * sizeof *m->u0)) == NULL || (m->pe = calloc(m->E, sizeof *m->pe)) == NULL ||
	    (m->pea = calloc(m->E * m->K, sizeof *m->pea)) == NULL || (m->active = calloc(m->E * m->K, 1)) == NULL ||
	    (m->sums = calloc(m->E + m->E * m->K, sizeof *m->sums)) == NULL) {
		fair_moments_release(m);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	return FAIR_OK;
}

static void
moments_count(fair_moments *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->ev[i] >= 0) {
			m->pe[m->ev[i]] += 1;
			m->pea[(size_t)m->ev[i] * m->K + (size_t)m->group[i]] += 1;
		}
	for (size_t e = 0; e < m->E; e++) {
		m->pe[e] /= (double)m->n;
		for (size_t a = 0; a < m->K; a++) {
			m->pea[e * m->K + a] /= (double)m->n;
			m->active[e * m->K + a] = m->pea[e * m->K + a] > 0;
			m->nactive += m->active[e * m->K + a];
		}
	}
}

int
fair_moments_init(fair_moments *m, int constraint, double rho, const double *y, const int32_t *group, size_t n,
                  size_t K, const char *what, fair_error *err)
{
	int st;

	memset(m, 0, sizeof *m);
	m->constraint = constraint;
	m->rho = rho;
	m->y = y;
	m->group = group;
	m->n = n;
	m->K = K;
	m->E = constraint == FAIR_CONSTRAINT_EODDS ? 2 : 1;
	m->nc = 2 * m->E * K;
	if ((st = moments_alloc(m, err)))
		return st;
	for (size_t i = 0; i < n; i++) {
		int e = -1;
		if (y[i] != 0.0 && y[i] != 1.0) {
			st = fair_error_set(err, FAIR_EINVAL, "%s needs labels 0 or 1; row %zu has %g", what, i, y[i]);
			break;
		}
		if (group[i] >= 0 && (size_t)group[i] >= K) {
			st = fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)",
			                    (int)group[i], i, K);
			break;
		}
		if (group[i] >= 0) {
			if (constraint == FAIR_CONSTRAINT_DP || constraint == FAIR_CONSTRAINT_ERROR)
				e = 0;
			else if (constraint == FAIR_CONSTRAINT_EO)
				e = y[i] == 1.0 ? 0 : -1;
			else if (constraint == FAIR_CONSTRAINT_FPR)
				e = y[i] == 0.0 ? 0 : -1;
			else
				e = y[i] == 1.0 ? 1 : 0;
		}
		m->ev[i] = e;
		/* error-rate parity: the utility is the error |h - y| = (1 - 2y) h + y */
		m->du[i] = constraint == FAIR_CONSTRAINT_ERROR ? 1 - 2 * y[i] : 1;
		m->u0[i] = constraint == FAIR_CONSTRAINT_ERROR ? y[i] : 0;
	}
	if (st) {
		fair_moments_release(m);
		return st;
	}
	moments_count(m);
	return FAIR_OK;
}

int
fair_moments_init_bgl(fair_moments *m, int loss, double lo, double hi, const double *y, const int32_t *group,
                      size_t n, size_t K, const char *what, fair_error *err)
{
	int st = FAIR_OK;

	memset(m, 0, sizeof *m);
	m->bgl = true;
	m->loss = loss;
	m->lo = loss == FAIR_BGL_ZEROONE ? 0 : lo;
	m->hi = loss == FAIR_BGL_ZEROONE ? 1 : hi;
	m->rho = 1;
	m->y = y;
	m->group = group;
	m->n = n;
	m->K = K;
	m->E = 1;
	m->nc = K;
	if (!(m->lo < m->hi))
		return fair_error_set(err, FAIR_EINVAL, "%s: the loss's range [%g, %g] is empty", what, m->lo, m->hi);
	if ((st = moments_alloc(m, err)))
		return st;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i])) {
			st = fair_error_set(err, FAIR_EINVAL, "%s: target is missing or infinite in row %zu", what, i + 1);
			break;
		}
		if (group[i] >= 0 && (size_t)group[i] >= K) {
			st = fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)",
			                    (int)group[i], i, K);
			break;
		}
		m->ev[i] = group[i] >= 0 ? 0 : -1;
		m->du[i] = 1;
		m->u0[i] = 0;
	}
	if (st) {
		fair_moments_release(m);
		return st;
	}
	moments_count(m);
	return FAIR_OK;
}

double
fair_moments_loss(const fair_moments *m, double y, double h)
{
	double a = fmin(fmax(y, m->lo), m->hi), b = fmin(fmax(h, m->lo), m->hi);
	return m->loss == FAIR_BGL_SQUARE ? (a - b) * (a - b) : fabs(a - b);
}

void
fair_moments_gamma(const fair_moments *m, const double *h, double *obj, double *gamma)
{
	double er = 0, *se = m->sums, *sea = m->sums + m->E;
	size_t K = m->K;

	memset(m->sums, 0, (m->E + m->E * K) * sizeof *m->sums);
	for (size_t i = 0; i < m->n; i++) {
		double u;
		if (m->bgl) {
			u = fair_moments_loss(m, m->y[i], h[i]);
			er += u;
		} else {
			er += fabs(m->y[i] - h[i]);
			u = m->du[i] * h[i] + m->u0[i];   /* the utility of the prediction */
		}
		if (m->ev[i] >= 0) {
			se[m->ev[i]] += u;
			sea[(size_t)m->ev[i] * K + (size_t)m->group[i]] += u;
		}
	}
	*obj = er / (double)m->n;
	if (m->bgl) {
		for (size_t a = 0; a < K; a++)
			gamma[a] = m->active[a] ? sea[a] / (m->pea[a] * (double)m->n) : 0;
		return;
	}
	/* Fairlearn's gamma = -U' u / n: (+, e, a): rho E[u | e, a] - E[u | e],
	 * (-, e, a): rho E[u | e] - E[u | e, a] */
	for (size_t e = 0; e < m->E; e++)
		for (size_t a = 0; a < K; a++) {
			double ga = 0, ge = 0;
			if (m->active[e * K + a]) {
				ga = sea[e * K + a] / (m->pea[e * K + a] * (double)m->n);
				ge = se[e] / (m->pe[e] * (double)m->n);
			}
			gamma[fair_moments_index(m, 0, e, a)] = m->rho * ga - ge;
			gamma[fair_moments_index(m, 1, e, a)] = m->rho * ge - ga;
		}
}

double
fair_moments_signed(const fair_moments *m, size_t i, const double *lam)
{
	size_t e, a, K = m->K;
	double le = 0;

	if (m->ev[i] < 0)
		return 0;
	e = (size_t)m->ev[i];
	a = (size_t)m->group[i];
	if (m->bgl)
		return lam[a] / m->pea[a];
	for (size_t b = 0; b < K; b++)
		if (m->active[e * K + b])
			le += lam[fair_moments_index(m, 0, e, b)] - m->rho * lam[fair_moments_index(m, 1, e, b)];
	return m->du[i] * (le / m->pe[e] + (lam[fair_moments_index(m, 1, e, a)] - m->rho * lam[fair_moments_index(m, 0, e, a)]) /
	                   m->pea[e * K + a]);
}
