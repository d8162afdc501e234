/* lfr.c -- learning fair representations (Zemel, Wu, Swersky, Pitassi &
 * Dwork, ICML 2013) with AIF360's objective: k prototypes, rows mapped to
 * the softmax of their negative distances to them, a reconstruction, a
 * prediction and a parity term, minimised by BFGS (GSL's bfgs2) with the
 * analytic gradient; and the `lfr` learner type. */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_rng.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

void
fair_lfr_opts_init(fair_lfr_opts *o)
{
	o->k = 5;
	o->Ax = 0.01;
	o->Ay = 1.0;
	o->Az = 50.0;
	o->max_iter = 5000;
	o->tol = 1e-7;
}

struct lfr_model { size_t k, d; double *w, *v; };   /* w: k, v: k x d */

/* the training problem and scratch for the objective */
typedef struct {
	const gsl_matrix *X;
	const double *y;
	const int32_t *g;
	size_t n, d, k, K;
	double Ax, Ay, Az;
	double *cnt;        /* rows per group (group -1 rows: reconstruction and prediction only? no: left out) */
	double *M, *D, *G;  /* n x k: memberships, distances, dL/dM */
	double *gm;         /* K x k group means of M */
	double *mall;       /* k overall mean of M */
	double delta;       /* |t| of the parity term smoothed to sqrt(t^2 + delta^2) - delta (0: exact) */
} lfr_prob;

/* w_k = 1 / (1 + exp(-u_k)): AIF360's bound 0 <= w <= 1 without a bounded solver */
static double sigm(double u) { return 1 / (1 + exp(-u)); }

/* The objective at theta = (u_1..u_k, v_11..v_kd) and, when @grad, its
 * gradient (doc/methods.md 8.11). */
static double
lfr_eval(const lfr_prob *P, const double *theta, double *grad, double *parts)
{
	size_t n = P->n, d = P->d, k = P->k, K = P->K;
	const double *u = theta, *v = theta + k;
	double w[64], Lx = 0, Ly = 0, Lz = 0;

	for (size_t j = 0; j < k; j++)
		w[j] = sigm(u[j]);
	memset(P->gm, 0, K * k * sizeof *P->gm);
	memset(P->mall, 0, k * sizeof *P->mall);
	if (grad)
		memset(grad, 0, (k + k * d) * sizeof *grad);
	/* memberships: softmax over prototypes of -|x - v| (AIF360: cdist, not squared) */
	for (size_t i = 0; i < n; i++) {
		const double *x = gsl_matrix_const_ptr(P->X, i, 0);
		double *Mi = P->M + i * k, *Di = P->D + i * k, mn = INFINITY, s = 0;
		for (size_t j = 0; j < k; j++) {
			double q = 0;
			for (size_t c = 0; c < d; c++) {
				double t = x[c] - v[j * d + c];
				q += t * t;
			}
			Di[j] = sqrt(q);
			mn = fmin(mn, Di[j]);
		}
		for (size_t j = 0; j < k; j++)
			s += (Mi[j] = exp(-(Di[j] - mn)));
		for (size_t j = 0; j < k; j++)
			Mi[j] /= s;
	}
	for (size_t i = 0; i < n; i++) {
		const double *x = gsl_matrix_const_ptr(P->X, i, 0), *Mi = P->M + i * k;
		double *Gi = P->G + i * k, yh = 0;
		int32_t a = P->g[i];
		for (size_t j = 0; j < k; j++)
			Gi[j] = 0;
		/* reconstruction: mean over the group's n_g x d entries, summed over groups */
		for (size_t c = 0; c < d; c++) {
			double xh = 0;
			for (size_t j = 0; j < k; j++)
				xh += Mi[j] * v[j * d + c];
			double r = xh - x[c], f = 2 * P->Ax * r / (P->cnt[a] * (double)d);
			Lx += r * r / (P->cnt[a] * (double)d);
			if (grad)
				for (size_t j = 0; j < k; j++) {
					Gi[j] += f * v[j * d + c];
					grad[k + j * d + c] += f * Mi[j];   /* d xhat / d v directly */
				}
		}
		/* prediction: log loss of yhat = clip(M w) over all rows */
		for (size_t j = 0; j < k; j++)
			yh += Mi[j] * w[j];
		double lo = DBL_EPSILON, hi = 1 - DBL_EPSILON, yc = yh < lo ? lo : yh > hi ? hi : yh;
		Ly -= (P->y[i] * log(yc) + (1 - P->y[i]) * log(1 - yc)) / (double)n;
		if (grad && yh > lo && yh < hi) {
			double dy = -P->Ay * (P->y[i] / yc - (1 - P->y[i]) / (1 - yc)) / (double)n;
			for (size_t j = 0; j < k; j++) {
				Gi[j] += dy * w[j];
				grad[j] += dy * Mi[j] * w[j] * (1 - w[j]);
			}
		}
		for (size_t j = 0; j < k; j++) {
			P->gm[(size_t)a * k + j] += Mi[j] / P->cnt[a];
			P->mall[j] += Mi[j] / (double)n;
		}
	}
	/* parity: AIF360's mean_k |mean_U M_k - mean_P M_k| for two groups; for
	 * K > 2, mean over k and groups of |mean_g M_k - mean M_k| */
	double *sg = P->gm;   /* reused below for the signs' weights */
	double zc[64 * 8];
	size_t nz = K == 2 ? 1 : K;
	for (size_t j = 0; j < k; j++)
		for (size_t t = 0; t < nz; t++) {
			double diff = K == 2 ? sg[j] - sg[k + j] : sg[t * k + j] - P->mall[j];
			double dl = P->delta, ab = dl > 0 ? sqrt(diff * diff + dl * dl) - dl : fabs(diff);
			Lz += ab / (double)(k * nz);
			if (t < 8)
				zc[j * 8 + t] = dl > 0 ? diff / (ab + dl) : diff > 0 ? 1 : diff < 0 ? -1 : 0;
		}
	if (grad) {
		for (size_t i = 0; i < n; i++) {
			double *Gi = P->G + i * k;
			int32_t a = P->g[i];
			for (size_t j = 0; j < k; j++) {
				double z = 0;
				if (K == 2)
					z = zc[j * 8] * (a == 0 ? 1 : -1) / P->cnt[a];
				else
					for (size_t t = 0; t < nz && t < 8; t++)
						z += zc[j * 8 + t] * (((size_t)a == t ? 1 / P->cnt[a] : 0) - 1 / (double)n);
				Gi[j] += P->Az * z / (double)(k * nz);
			}
		}
		/* through the softmax and the distances */
		for (size_t i = 0; i < n; i++) {
			const double *x = gsl_matrix_const_ptr(P->X, i, 0), *Mi = P->M + i * k, *Gi = P->G + i * k;
			const double *Di = P->D + i * k;
			double mg = 0;
			for (size_t j = 0; j < k; j++)
				mg += Mi[j] * Gi[j];
			for (size_t j = 0; j < k; j++) {
				double dD = -Mi[j] * (Gi[j] - mg);   /* dL/dD_ij */
				if (Di[j] > 0)
					for (size_t c = 0; c < d; c++)
						grad[k + j * d + c] += dD * (v[j * d + c] - x[c]) / Di[j];
			}
		}
	}
	if (parts) {
		parts[0] = Lx;
		parts[1] = Ly;
		parts[2] = Lz;
	}
	return P->Ax * Lx + P->Ay * Ly + P->Az * Lz;
}

static double
f_only(const gsl_vector *x, void *p)
{
	return lfr_eval(p, x->data, NULL, NULL);
}

static void
df_only(const gsl_vector *x, void *p, gsl_vector *g)
{
	lfr_eval(p, x->data, g->data, NULL);
}

static void
fdf(const gsl_vector *x, void *p, double *f, gsl_vector *g)
{
	*f = lfr_eval(p, x->data, g->data, NULL);
}

static int
prob_init(lfr_prob *P, const gsl_matrix *X, const double *y, const int32_t *group, size_t K, const fair_lfr_opts *o,
          fair_error *err)
{
	memset(P, 0, sizeof *P);
	P->X = X;
	P->y = y;
	P->g = group;
	P->n = X->size1;
	P->d = X->size2;
	P->k = o->k;
	P->K = K;
	P->Ax = o->Ax;
	P->Ay = o->Ay;
	P->Az = o->Az;
	if (o->k < 1 || o->k > 64 || K < 2 || K > 8 || !(o->Ax >= 0 && o->Ay >= 0 && o->Az >= 0))
		return fair_error_set(err, FAIR_EINVAL, "lfr: k between 1 and 64, 2 to 8 groups, weights Ax, Ay, Az >= 0");
	P->cnt = calloc(K, sizeof *P->cnt);
	P->M = malloc(P->n * o->k * sizeof *P->M);
	P->D = malloc(P->n * o->k * sizeof *P->D);
	P->G = malloc(P->n * o->k * sizeof *P->G);
	P->gm = malloc(K * o->k * sizeof *P->gm);
	P->mall = malloc(o->k * sizeof *P->mall);
	if (!P->cnt || !P->M || !P->D || !P->G || !P->gm || !P->mall)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < P->n; i++) {
		if (group[i] < 0 || (size_t)group[i] >= K)
			return fair_error_set(err, FAIR_EINVAL, "lfr: row %zu has no group (every training row needs one)", i + 1);
		if (y[i] != 0.0 && y[i] != 1.0)
			return fair_error_set(err, FAIR_EINVAL, "lfr needs labels 0 or 1; row %zu has %g", i + 1, y[i]);
		P->cnt[group[i]] += 1;
	}
	for (size_t a = 0; a < K; a++)
		if (P->cnt[a] == 0)
			return fair_error_set(err, FAIR_EINVAL, "lfr: group %zu has no training rows", a);
	return FAIR_OK;
}

static void
prob_release(lfr_prob *P)
{
	free(P->cnt);
	free(P->M);
	free(P->D);
	free(P->G);
	free(P->gm);
	free(P->mall);
}

int
fair_lfr_objective(const gsl_matrix *X, const double *y, const int32_t *group, size_t K, const fair_lfr_opts *o,
                   const double *w, const double *v, double *value, double *parts, double *grad_w, double *grad_v,
                   fair_error *err)
{
	lfr_prob P;
	size_t k = o->k, d = X->size2;
	double *theta = NULL, *g = NULL;
	int st = prob_init(&P, X, y, group, K, o, err);

	if (st == FAIR_OK && ((theta = calloc(k + k * d, sizeof *theta)) == NULL ||
	                      (g = malloc((k + k * d) * sizeof *g)) == NULL))
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t j = 0; st == FAIR_OK && j < k; j++) {
		if (!(w[j] > 0 && w[j] < 1))
			st = fair_error_set(err, FAIR_EINVAL, "lfr: w must lie in (0, 1)");
		else
			theta[j] = log(w[j] / (1 - w[j]));
	}
	if (st == FAIR_OK) {
		memcpy(theta + k, v, k * d * sizeof *v);
		*value = lfr_eval(&P, theta, g, parts);
		/* back from u to w: dL/dw = dL/du / (w (1 - w)) */
		for (size_t j = 0; j < k && grad_w; j++)
			grad_w[j] = g[j] / (w[j] * (1 - w[j]));
		if (grad_v)
			memcpy(grad_v, g + k, k * d * sizeof *g);
	}
	prob_release(&P);
	free(theta);
	free(g);
	return st;
}

/* ---- fitting ----------------------------------------------------------------- */

fair_learner *
fair_lfr_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K, const fair_lfr_opts *o,
             uint64_t seed, fair_lfr_info *info, fair_progress *prog, fair_error *err)
{
	lfr_prob P;
	size_t k = o->k, d = X->size2, np = k + k * d, it = 0;
	gsl_multimin_fdfminimizer *s = NULL;
	gsl_vector *x0 = NULL;
	gsl_rng *r = NULL;
	fair_learner *l = NULL;
	struct lfr_model *m = NULL;
	int st, gs = GSL_CONTINUE;

	if ((st = prob_init(&P, X, y, group, K, o, err)))
		goto out;
	x0 = gsl_vector_alloc(np);
	r = gsl_rng_alloc(gsl_rng_mt19937);
	s = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, np);
	if (!x0 || !r || !s) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	/* AIF360 starts every parameter uniform in [0, 1): w in [0, 1) and the
	 * prototypes near the origin of the standardised features */
	gsl_rng_set(r, seed);
	for (size_t j = 0; j < np; j++) {
		double u = gsl_rng_uniform(r);
		if (j < k) {
			u = u < 1e-6 ? 1e-6 : u > 1 - 1e-6 ? 1 - 1e-6 : u;
			u = log(u / (1 - u));
		}
		gsl_vector_set(x0, j, u);
	}
	/* BFGS needs a smooth objective: |t| in the parity term becomes
	 * sqrt(t^2 + delta^2) - delta, within delta of it (the figures reported
	 * are the exact terms) */
	P.delta = 1e-4;
	gsl_multimin_function_fdf fn = { .n = np, .f = f_only, .df = df_only, .fdf = fdf, .params = &P };
	double step = 0.1;
	int restarts = 0;
	gsl_multimin_fdfminimizer_set(s, &fn, x0, step, 0.1);
	for (it = 0; it < o->max_iter && gs == GSL_CONTINUE; it++) {
		if (fair_progress_cancelled(prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "lfr: cancelled");
			goto out;
		}
		int e = gsl_multimin_fdfminimizer_iterate(s);
		if (e == GSL_ENOPROG) {
			/* the line search found no decrease: the parity term's |.| has a
			 * kink, so the curvature model can be poor; restart the BFGS
			 * memory from here with a smaller first step, a few times */
			if (restarts++ >= 12)
				break;
			step *= 0.2;
			gsl_vector_memcpy(x0, s->x);
			gsl_multimin_fdfminimizer_set(s, &fn, x0, step, 0.1);
			continue;
		}
		if (e) {
			st = fair_error_set(err, FAIR_ENUMERIC, "lfr: %s", gsl_strerror(e));
			goto out;
		}
		gs = gsl_multimin_test_gradient(s->gradient, o->tol);
		fair_progress_set(prog, it + 1, o->max_iter, s->f, gsl_blas_dnrm2(s->gradient));
	}
	if ((l = fair_learner_new(&fair_lfr_type, FAIR_TASK_CLASSIFICATION, d, err)) == NULL ||
	    (m = calloc(1, sizeof *m)) == NULL || (m->w = malloc(k * sizeof *m->w)) == NULL ||
	    (m->v = malloc(k * d * sizeof *m->v)) == NULL) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	m->k = k;
	m->d = d;
	for (size_t j = 0; j < k; j++)
		m->w[j] = sigm(gsl_vector_get(s->x, j));
	memcpy(m->v, s->x->data + k, k * d * sizeof *m->v);
	l->impl = m;
	m = NULL;
	l->score_is_prob = true;
	l->threshold = 0.5;
	l->iterations = it;
	l->converged = gs == GSL_SUCCESS;
	if (info) {
		double parts[3];
		info->iterations = it;
		info->converged = gs == GSL_SUCCESS;
		P.delta = 0;
		info->loss = lfr_eval(&P, s->x->data, NULL, parts);
		info->Lx = parts[0];
		info->Ly = parts[1];
		info->Lz = parts[2];
	}
out:
	prob_release(&P);
	if (m) {
		free(m->w);
		free(m->v);
		free(m);
	}
	gsl_multimin_fdfminimizer_free(s);
	gsl_vector_free(x0);
	gsl_rng_free(r);
	if (st != FAIR_OK) {
		fair_learner_free(l);
		return NULL;
	}
	return l;
}

/* memberships, reconstruction and prediction of rows */
int
fair_lfr_transform(const fair_learner *l, const gsl_matrix *X, gsl_matrix *M, gsl_matrix *Xhat, double *yhat,
                   fair_error *err)
{
	const struct lfr_model *m = l->impl;
	size_t k = m->k, d = m->d;

	if (l->type != &fair_lfr_type || X->size2 != d)
		return fair_error_set(err, FAIR_EINVAL, "lfr: expects %zu features, not %zu", d, X->size2);
	for (size_t i = 0; i < X->size1; i++) {
		const double *x = gsl_matrix_const_ptr(X, i, 0);
		double Mi[64], Di[64], mn = INFINITY, s = 0, yh = 0;
		for (size_t j = 0; j < k; j++) {
			double q = 0;
			for (size_t c = 0; c < d; c++) {
				double t = x[c] - m->v[j * d + c];
				q += t * t;
			}
			Di[j] = sqrt(q);
			mn = fmin(mn, Di[j]);
		}
		for (size_t j = 0; j < k; j++)
			s += (Mi[j] = exp(-(Di[j] - mn)));
		for (size_t j = 0; j < k; j++) {
			Mi[j] /= s;
			yh += Mi[j] * m->w[j];
			if (M)
				gsl_matrix_set(M, i, j, Mi[j]);
		}
		if (Xhat)
			for (size_t c = 0; c < d; c++) {
				double xh = 0;
				for (size_t j = 0; j < k; j++)
					xh += Mi[j] * m->v[j * d + c];
				gsl_matrix_set(Xhat, i, c, xh);
			}
		if (yhat)
			yhat[i] = yh < DBL_EPSILON ? DBL_EPSILON : yh > 1 - DBL_EPSILON ? 1 - DBL_EPSILON : yh;
	}
	return FAIR_OK;
}

/* ---- the learner type --------------------------------------------------------- */

static int
lfr_score(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	return fair_lfr_transform(l, X, NULL, NULL, score, err);
}

static void
lfr_impl_free(void *p)
{
	struct lfr_model *m = p;
	if (m == NULL)
		return;
	free(m->w);
	free(m->v);
	free(m);
}

static int
lfr_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct lfr_model *m = l->impl;
	fair_param_add_int(out, "k", (int64_t)m->k);
	fair_param_add_vec(out, "w", m->w, m->k);
	fair_param_add_vec(out, "prototypes", m->v, m->k * m->d);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
lfr_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	size_t k, nw, nv;
	const double *w, *v;
	struct lfr_model *m;

	if (fair_param_size(in, "k", &k, err) || (w = fair_param_vec(in, "w", &nw, err)) == NULL ||
	    (v = fair_param_vec(in, "prototypes", &nv, err)) == NULL)
		return err ? err->code : FAIR_EPARSE;
	if (k == 0 || k > 64 || nw != k || nv != k * l->d)
		return fair_error_set(err, FAIR_EPARSE, "saved data: lfr with %zu prototypes, %zu weights, %zu coordinates "
		                      "for %zu features", k, nw, nv, l->d);
	if ((m = calloc(1, sizeof *m)) == NULL || (m->w = malloc(k * sizeof *w)) == NULL ||
	    (m->v = malloc(nv * sizeof *v)) == NULL) {
		lfr_impl_free(m);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	m->k = k;
	m->d = l->d;
	memcpy(m->w, w, k * sizeof *w);
	memcpy(m->v, v, nv * sizeof *v);
	l->impl = m;
	return FAIR_OK;
}

#define LO(f) offsetof(fair_lfr_opts, f)
static const fair_opt lfr_opts[] = {
	{ .name = "k", .type = FAIR_OPT_SIZE, .offset = LO(k), .lo = 1, .hi = 64, .help = "prototypes (default 5)" },
	{ .name = "Ax", .type = FAIR_OPT_NUM, .offset = LO(Ax), .lo = 0, .hi = 1e9, .help = "weight of the reconstruction (0.01)" },
	{ .name = "Ay", .type = FAIR_OPT_NUM, .offset = LO(Ay), .lo = 0, .hi = 1e9, .help = "weight of the prediction loss (1)" },
	{ .name = "Az", .type = FAIR_OPT_NUM, .offset = LO(Az), .lo = 0, .hi = 1e9, .help = "weight of the parity term (50)" },
	{ .name = "max_iter", .type = FAIR_OPT_SIZE, .offset = LO(max_iter), .lo = 1, .hi = 1000000,
	  .help = "BFGS iterations at most (5000)" },
	{ .name = "tol", .type = FAIR_OPT_NUM, .offset = LO(tol), .lo = 0, .hi = 1, .help = "gradient norm to stop at (1e-7)" },
	{ .name = NULL }
};
#undef LO

static void
lfr_opts_init(void *o)
{
	fair_lfr_opts_init(o);
}

static fair_learner *
lfr_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_lfr_info info;
	fair_learner *l;

	if (d->w != NULL) {
		fair_error_set(err, FAIR_EINVAL, "lfr cannot use sample weights; pre=reweigh does not apply");
		return NULL;
	}
	l = fair_lfr_fit(d->X, d->y, d->group, d->K, opts, d->seed, &info, prog, err);
	if (l != NULL)
		fair_fit_note(d, "lfr: %zu BFGS iterations%s, loss %.4g (reconstruction %.4g, prediction %.4g, parity %.4g)",
		              info.iterations, info.converged ? "" : " (not converged)", info.loss, info.Lx, info.Ly, info.Lz);
	return l;
}

const fair_learner_type fair_lfr_type = {
	.name = "lfr", .kind = "lfr",
	.help = "learning fair representations (Zemel et al.; AIF360's LFR): prototypes, parity term, its own predictions",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_GROUPS | FAIR_LEARNER_NO_WEIGHTS,
	.opts = lfr_opts, .opts_size = sizeof(fair_lfr_opts), .opts_init = lfr_opts_init,
	.fit = lfr_fit, .score = lfr_score, .save = lfr_save, .load = lfr_load, .free = lfr_impl_free,
};
