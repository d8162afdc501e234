/* expgrad.c -- the exponentiated-gradient reduction (Agarwal et al.
 * 2018) as Fairlearn's ExponentiatedGradient runs it (without the optional
 * LP step): cost-sensitive best responses from logreg or a linear SVM,
 * multipliers by exponentiated gradient, a randomised classifier out; and
 * the `expgrad` learner type. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

#define EG_PRECISION     1e-8
#define EG_REGRET_START  5
#define EG_REGRET_INC    1.6
#define EG_SHRINK_REGRET 0.8
#define EG_SHRINK_ETA    0.8
#define EG_MIN_ITER      5
#define EG_ACCURACY_MUL  0.5

void
fair_expgrad_opts_init(fair_expgrad_opts *o)
{
	memset(o, 0, sizeof *o);
	o->base = FAIR_EXPGRAD_LOGREG;
	o->constraint = FAIR_CONSTRAINT_DP;
	o->eps = 0.01;
	o->max_iter = 50;
	o->eta0 = 2.0;
	o->nu = 0;
	o->ratio = 1.0;
	o->loss = FAIR_BGL_SQUARE;
	o->loss_lo = 0;
	o->loss_hi = 1;
	o->upper_bound = NAN;
	o->lp_step = -1;
	fair_logreg_opts_init(&o->logreg);
	fair_svm_opts_init(&o->svm);
}

/* the randomised classifier: components with weights */
struct eg_impl {
	size_t         m;
	fair_learner **l;       /* NULL = constant */
	double        *cst;     /* constant prediction when l[j] == NULL */
	double        *wt;
};

static void
eg_impl_free(void *p)
{
	struct eg_impl *e = p;
	if (e == NULL)
		return;
	for (size_t j = 0; j < e->m; j++)
		fair_learner_free(e->l[j]);
	free(e->l);
	free(e->cst);
	free(e->wt);
	free(e);
}

static int
eg_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct eg_impl *e = l->impl;
	size_t n = X->size1;
	double *tmp = malloc((n ? n : 1) * sizeof *tmp);

	if (tmp == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		score[i] = 0;
	for (size_t j = 0; j < e->m; j++) {
		if (e->l[j] == NULL) {
			for (size_t i = 0; i < n; i++)
				score[i] += e->wt[j] * e->cst[j];
			continue;
		}
		int st = fair_learner_predict(e->l[j], X, tmp, err);
		if (st) {
			free(tmp);
			return st;
		}
		for (size_t i = 0; i < n; i++)
			score[i] += e->wt[j] * (l->task == FAIR_TASK_REGRESSION ? tmp[i] : tmp[i] > e->l[j]->threshold ? 1.0 : 0.0);
	}
	if (l->task != FAIR_TASK_REGRESSION)
		for (size_t i = 0; i < n; i++)
			score[i] = score[i] < 0 ? 0 : score[i] > 1 ? 1 : score[i];
	free(tmp);
	return FAIR_OK;
}

bool
fair_expgrad_is(const fair_learner *l)
{
	return l != NULL && l->type == &fair_expgrad_type;
}

size_t
fair_expgrad_size(const fair_learner *l)
{
	return fair_expgrad_is(l) ? ((const struct eg_impl *)l->impl)->m : 0;
}

const fair_learner *
fair_expgrad_component(const fair_learner *l, size_t i, double *weight, double *constant)
{
	const struct eg_impl *e = l->impl;
	if (!fair_expgrad_is(l) || i >= e->m)
		return NULL;
	if (weight)
		*weight = e->wt[i];
	if (constant)
		*constant = e->l[i] ? NAN : e->cst[i];
	return e->l[i];
}

/* ---- the Lagrangian ------------------------------------------------------ */

typedef struct {
	const gsl_matrix *X;
	const double *y;
	const fair_expgrad_opts *o;
	size_t n, nc;              /* rows, constraints (the moments') */
	fair_moments M;            /* the constraints (reduction.c) */
	bool   reg;                /* bounded group loss: regression */
	double B, eps, bound;      /* bound on lambda, slack, the constraints' bound
	                              (eps; bounded group loss: its upper bound) */
	/* predictors found so far */
	size_t nh, cap;
	fair_learner **hl;
	double *hconst;            /* constant value, NaN if learner */
	double *herr;
	double *hgam;              /* nh x nc */
	/* scratch */
	double *ry, *rw, *pred;
	size_t calls;
	fair_progress *prog;
} lag;

static void
project(const lag *L, const double *lam, double *out)
{
	const fair_moments *M = &L->M;
	/* Fairlearn projects only difference bounds (bounded group loss: none) */
	if (M->bgl || M->rho != 1.0) {
		memcpy(out, lam, L->nc * sizeof *out);
		return;
	}
	for (size_t e = 0; e < M->E; e++)
		for (size_t a = 0; a < M->K; a++) {
			double d = lam[fair_moments_index(M, 0, e, a)] - lam[fair_moments_index(M, 1, e, a)];
			out[fair_moments_index(M, 0, e, a)] = d > 0 ? d : 0;
			out[fair_moments_index(M, 1, e, a)] = d < 0 ? -d : 0;
		}
}

/* L(Q, lambda) with projected lambda, and L_high; Q over the first nq predictors */
static void
eval_q(const lag *L, const double *Q, size_t nq, const double *lam, double *Lval, double *Lhigh,
       double *errq, double *gq, double *lproj)
{
	double er = 0;
	for (size_t c = 0; c < L->nc; c++)
		gq[c] = 0;
	for (size_t j = 0; j < nq; j++) {
		if (Q[j] == 0)
			continue;
		er += Q[j] * L->herr[j];
		for (size_t c = 0; c < L->nc; c++)
			gq[c] += Q[j] * L->hgam[j * L->nc + c];
	}
	project(L, lam, lproj);
	double v = er, mx = -INFINITY;
	for (size_t c = 0; c < L->nc; c++) {
		v += lproj[c] * gq[c] - L->bound * lproj[c];
		if (gq[c] - L->bound > mx)
			mx = gq[c] - L->bound;
	}
	*Lval = v;
	*Lhigh = mx <= 0 ? er : er + L->B * mx;
	if (errq)
		*errq = er;
}

static int
grow(lag *L, fair_error *err)
{
	if (L->nh < L->cap)
		return FAIR_OK;
	size_t cap = L->cap ? 2 * L->cap : 64;
	fair_learner **hl = realloc(L->hl, cap * sizeof *hl);
	if (hl) L->hl = hl;
	double *hc = realloc(L->hconst, cap * sizeof *hc);
	if (hc) L->hconst = hc;
	double *he = realloc(L->herr, cap * sizeof *he);
	if (he) L->herr = he;
	double *hg = realloc(L->hgam, cap * L->nc * sizeof *hg);
	if (hg) L->hgam = hg;
	if (!hl || !hc || !he || !hg)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	L->cap = cap;
	return FAIR_OK;
}

/* Best response to @lam: calls the oracle, keeps the new predictor when it
 * beats the ones found so far by more than 1e-8 (Fairlearn's best_h).
 * Writes the index of the best predictor to *idx. */
static int
best_h(lag *L, const double *lam, size_t *idx, fair_error *err)
{
	size_t n = L->n;
	double sumw = 0, cval = NAN;
	bool single = true;
	fair_learner *l = NULL;
	int st;

	/* Fairlearn's signed weights: the objective's (the error's 2y - 1;
	 * the mean loss's 1) plus the constraints' du_i (U lambda)_i; the
	 * labels 1{c > 0} (regression: y itself), the weights |c| */
	for (size_t i = 0; i < n; i++) {
		double c = (L->reg ? 1 : 2 * L->y[i] - 1) + fair_moments_signed(&L->M, i, lam);
		L->ry[i] = L->reg ? L->y[i] : c > 0 ? 1.0 : 0.0;
		L->rw[i] = fabs(c);
		sumw += fabs(c);
		if (i > 0 && L->ry[i] != L->ry[0])
			single = false;
	}
	if (!(sumw > 0))
		sumw = 1;
	for (size_t i = 0; i < n; i++)
		L->rw[i] *= (double)n / sumw;
	if (fair_progress_cancelled(L->prog))
		return fair_error_set(err, FAIR_ECANCELED, "expgrad: cancelled");
	L->calls++;
	/* the base learner reports into a child: its iterations would replace
	 * the outer loop's in the job's progress and its ETA */
	fair_progress sub;
	fair_progress_init_child(&sub, L->prog);
	if (single) {
		cval = L->ry[0];
		for (size_t i = 0; i < n; i++)
			L->pred[i] = cval;
	} else {
		if (L->o->base_learner != NULL)
			l = fair_base_fit(L->o->base_learner, L->X, L->ry, L->rw,
			                  L->reg ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION, L->o->seed, &sub, err);
		else if (L->o->base == FAIR_EXPGRAD_SVM)
			l = fair_svm_fit(L->X, L->ry, L->rw, &L->o->svm, &sub, err);
		else
			l = fair_logreg_fit(L->X, L->ry, L->rw, &L->o->logreg, &sub, err);
		if (l == NULL)
			return err ? err->code : FAIR_ENUMERIC;
		if ((st = fair_learner_predict(l, L->X, L->pred, err))) {
			fair_learner_free(l);
			return st;
		}
		if (!L->reg)
			for (size_t i = 0; i < n; i++)
				L->pred[i] = L->pred[i] > l->threshold ? 1.0 : 0.0;
	}
	if ((st = grow(L, err))) {
		fair_learner_free(l);
		return st;
	}
	double herr, *hg = L->hgam + L->nh * L->nc;   /* tentative slot */
	fair_moments_gamma(&L->M, L->pred, &herr, hg);
	double hval = herr;
	for (size_t c = 0; c < L->nc; c++)
		hval += hg[c] * lam[c];
	size_t bi = SIZE_MAX;
	double bv = INFINITY;
	for (size_t j = 0; j < L->nh; j++) {
		double v = L->herr[j];
		for (size_t c = 0; c < L->nc; c++)
			v += L->hgam[j * L->nc + c] * lam[c];
		if (v < bv) {   /* first minimum, as pandas idxmin */
			bv = v;
			bi = j;
		}
	}
	if (hval < bv - EG_PRECISION) {
		L->hl[L->nh] = l;
		L->hconst[L->nh] = l ? NAN : cval;
		L->herr[L->nh] = herr;
		bi = L->nh++;
	} else {
		fair_learner_free(l);
	}
	*idx = bi;
	return FAIR_OK;
}

/* Fairlearn's eval_gap: gap = max(L - L_low, L_high - L). */
static int
eval_gap(lag *L, const double *Q, size_t nq, const double *lam_hat, double nu, double *gap,
         double *tmpl, double *gq, double *lproj, double *Qone, fair_error *err)
{
	static const double muls[] = { 1.0, 2.0, 5.0, 10.0 };
	double Lv, Lh, Llow;
	int st;

	eval_q(L, Q, nq, lam_hat, &Lv, &Lh, NULL, gq, lproj);
	Llow = Lv;
	for (size_t k = 0; k < 4; k++) {
		size_t idx;
		double lm, lh2;
		for (size_t c = 0; c < L->nc; c++)
			tmpl[c] = muls[k] * lam_hat[c];
		if ((st = best_h(L, tmpl, &idx, err)))
			return st;
		memset(Qone, 0, L->nh * sizeof *Qone);
		Qone[idx] = 1;
		eval_q(L, Qone, L->nh, lam_hat, &lm, &lh2, NULL, gq, lproj);
		if (lm < Llow)
			Llow = lm;
		double g = fmax(Lv - Llow, Lh - Lv);
		if (g > nu + EG_PRECISION)
			break;
	}
	*gap = fmax(Lv - Llow, Lh - Lv);
	return FAIR_OK;
}

static void
lag_release(lag *L)
{
	for (size_t j = 0; j < L->nh; j++)
		fair_learner_free(L->hl[j]);
	free(L->hl);
	free(L->hconst);
	free(L->herr);
	free(L->hgam);
	fair_moments_release(&L->M);
	free(L->ry);
	free(L->rw);
	free(L->pred);
}

/* ---- Fairlearn's LP step ------------------------------------------------ */

/* The best mixture of the predictors found so far and its multipliers
 * (Fairlearn's solve_linprog): the LP
 *   min_{Q, z >= 0} sum_j Q_j err_j + B z  s.t.  sum_j Q_j (gamma_jk - b_k) <= z
 *   for each constraint k, sum_j Q_j = 1,
 * solved through its dual, max mu over lambda >= 0, mu >= 0 (mu >= min_j
 * err_j >= 0 at the optimum) s.t. sum_k lambda_k (b_k - gamma_jk) + mu <=
 * err_j for each predictor j and sum_k lambda_k <= B: every right-hand side
 * is >= 0, so the slack basis is feasible and one phase of the tableau
 * simplex (Bland's rule: no cycling) solves it. lambda is read from the
 * basis and Q_j is the shadow price of row j. @Q nh entries, @lam nc. */
static int
eg_lp(const lag *L, double *Q, double *lam, fair_error *err)
{
	size_t m = L->nh, nc = L->nc, nv = nc + 1, nr = m + 1, ncol = nv + nr + 1, *basis;
	double *T = calloc((nr + 1) * ncol, sizeof *T), *obj, sq = 0;
	size_t iter = 0, maxit = 50 * (nr + nv) + 1000;

	basis = malloc(nr * sizeof *basis);
	if (T == NULL || basis == NULL) {
		free(T);
		free(basis);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (size_t j = 0; j < m; j++) {
		double *r = T + j * ncol;
		for (size_t k = 0; k < nc; k++)
			r[k] = L->bound - L->hgam[j * nc + k];
		r[nc] = 1;
		r[nv + j] = 1;
		r[ncol - 1] = L->herr[j];
	}
	for (size_t k = 0; k < nc; k++)
		T[m * ncol + k] = 1;
	T[m * ncol + nv + m] = 1;
	T[m * ncol + ncol - 1] = L->B;
	obj = T + nr * ncol;
	obj[nc] = -1;   /* maximise mu */
	for (size_t r = 0; r < nr; r++)
		basis[r] = nv + r;
	for (;;) {
		size_t e = SIZE_MAX, pr = SIZE_MAX;
		double best = INFINITY;
		for (size_t c = 0; c + 1 < ncol && e == SIZE_MAX; c++)
			if (obj[c] < -1e-12)
				e = c;
		if (e == SIZE_MAX)
			break;
		for (size_t r = 0; r < nr; r++) {
			double a = T[r * ncol + e];
			if (a > 1e-12) {
				double q = T[r * ncol + ncol - 1] / a;
				if (q < best - 1e-15 || (q <= best + 1e-15 && pr != SIZE_MAX && basis[r] < basis[pr])) {
					best = q;
					pr = r;
				}
			}
		}
		if (pr == SIZE_MAX || ++iter > maxit) {
			free(T);
			free(basis);
			return fair_error_set(err, FAIR_ENUMERIC, "expgrad: the LP step did not converge");
		}
		double piv = T[pr * ncol + e];
		for (size_t c = 0; c < ncol; c++)
			T[pr * ncol + c] /= piv;
		for (size_t r = 0; r <= nr; r++) {
			double f = T[r * ncol + e];
			if (r == pr || f == 0)
				continue;
			for (size_t c = 0; c < ncol; c++)
				T[r * ncol + c] -= f * T[pr * ncol + c];
		}
		basis[pr] = e;
	}
	for (size_t k = 0; k < nc; k++)
		lam[k] = 0;
	for (size_t r = 0; r < nr; r++)
		if (basis[r] < nc)
			lam[basis[r]] = fmax(T[r * ncol + ncol - 1], 0);
	for (size_t j = 0; j < m; j++)
		sq += Q[j] = fmax(obj[nv + j], 0);
	for (size_t j = 0; j < m && sq > 0; j++)
		Q[j] /= sq;
	free(T);
	free(basis);
	return FAIR_OK;
}

fair_learner *
fair_expgrad_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                 const fair_expgrad_opts *opts, fair_expgrad_info *info,
                 fair_progress *prog, fair_error *err)
{
	fair_expgrad_opts def;
	lag L;
	size_t n = X->size1, T, maxh, t, best_iter = 0, lp_nh = SIZE_MAX;
	double *theta = NULL, *lam = NULL, *lsum = NULL, *lhat = NULL, *Qsum = NULL, *Qeg = NULL, *Qlp = NULL,
	       *Qbest = NULL, *lamlp = NULL, *gaps = NULL, *gaps_eg = NULL, *gbuf = NULL, *tmpl = NULL, *gq = NULL,
	       *lproj = NULL, *Qone = NULL;
	double eta = 0, nu = 0, last_gap = INFINITY, gap_lp = INFINITY, min_gap = INFINITY;
	bool lp;
	double last_checked = EG_REGRET_START;
	fair_learner *res = NULL;
	int st = FAIR_OK;

	if (opts == NULL) {
		fair_expgrad_opts_init(&def);
		opts = &def;
	}
	memset(&L, 0, sizeof L);
	if (!(opts->eps > 0) || opts->max_iter == 0 || !(opts->eta0 > 0) || !(opts->ratio > 0 && opts->ratio <= 1) ||
	    (!opts->bgl && !(opts->constraint == FAIR_CONSTRAINT_DP || opts->constraint == FAIR_CONSTRAINT_EO ||
	                     opts->constraint == FAIR_CONSTRAINT_EODDS || opts->constraint == FAIR_CONSTRAINT_FPR ||
	                     opts->constraint == FAIR_CONSTRAINT_ERROR)) ||
	    (opts->bgl && !(opts->loss >= FAIR_BGL_SQUARE && opts->loss <= FAIR_BGL_ZEROONE && opts->upper_bound >= 0 &&
	                    isfinite(opts->upper_bound)))) {
		fair_error_set(err, FAIR_EINVAL, "expgrad: eps and eta0 must be positive, ratio in (0, 1], max_iter at least 1, "
		               "constraint dp, eo, fpr, eodds, error or bgl (with a loss and a bound >= 0)");
		return NULL;
	}
	if (K == 0 || n == 0) {
		fair_error_set(err, FAIR_EINVAL, "expgrad needs rows and at least one group");
		return NULL;
	}
	if ((st = opts->bgl ? fair_moments_init_bgl(&L.M, opts->loss, opts->loss_lo, opts->loss_hi, y, group, n, K,
	                                            "expgrad", err)
	                    : fair_moments_init(&L.M, opts->constraint, opts->ratio, y, group, n, K, "expgrad", err)))
		return NULL;
	L.X = X;
	L.y = y;
	L.o = opts;
	L.n = n;
	L.nc = L.M.nc;
	L.reg = opts->bgl;
	L.B = 1.0 / opts->eps;
	L.eps = opts->eps;
	L.bound = opts->bgl ? opts->upper_bound : opts->eps;
	L.prog = prog;
	T = opts->max_iter;
	lp = opts->lp_step < 0 ? opts->bgl : opts->lp_step > 0;
	/* predictors: one best response an iteration, four a gap evaluation */
	maxh = (lp ? 9 : 5) * T + 2;
	L.ry = malloc(n * sizeof *L.ry);
	L.rw = malloc(n * sizeof *L.rw);
	L.pred = malloc(n * sizeof *L.pred);
	theta = calloc(L.nc, sizeof *theta);
	lam = calloc(L.nc, sizeof *lam);
	lsum = calloc(L.nc, sizeof *lsum);
	lhat = calloc(L.nc, sizeof *lhat);
	tmpl = calloc(L.nc, sizeof *tmpl);
	gq = calloc(L.nc, sizeof *gq);
	lproj = calloc(L.nc, sizeof *lproj);
	Qsum = calloc(maxh, sizeof *Qsum);
	Qone = calloc(maxh, sizeof *Qone);
	Qeg = calloc(maxh, sizeof *Qeg);
	Qlp = calloc(maxh, sizeof *Qlp);
	Qbest = calloc(maxh, sizeof *Qbest);
	lamlp = calloc(L.nc, sizeof *lamlp);
	gaps = calloc(T, sizeof *gaps);
	gaps_eg = calloc(T, sizeof *gaps_eg);
	gbuf = calloc(L.nc, sizeof *gbuf);
	if (!L.ry || !L.rw || !L.pred || !theta || !lam || !lsum || !lhat || !tmpl || !gq || !lproj || !Qsum || !Qone ||
	    !Qeg || !Qlp || !Qbest || !lamlp || !gaps || !gaps_eg || !gbuf) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (L.M.nactive == 0) {
		st = fair_error_set(err, FAIR_EINVAL, "expgrad: no row has a group (and, for eo, a positive label)");
		goto out;
	}

	for (t = 0; t < T; t++) {
		double se = 0, mx = 0;
		size_t hidx;
		for (size_t c = 0; c < L.nc; c++)
			if (theta[c] > mx)
				mx = theta[c];
		/* lambda = B exp(theta) / (1 + sum exp(theta)), scaled by exp(-mx) for safety */
		for (size_t c = 0; c < L.nc; c++)
			se += exp(theta[c] - mx);
		for (size_t c = 0; c < L.nc; c++) {
			lam[c] = L.B * exp(theta[c] - mx) / (exp(-mx) + se);
			lsum[c] += lam[c];
			lhat[c] = lsum[c] / (double)(t + 1);
		}
		if ((st = best_h(&L, lam, &hidx, err)))
			goto out;
		if (t == 0) {
			/* nu = 0.5 sd(|h(X) - y|) / sqrt(n), sd with n - 1 as pandas */
			if (opts->nu > 0) {
				nu = opts->nu;
			} else {
				double m = 0, v = 0;
				for (size_t i = 0; i < n; i++)
					m += fabs(L.pred[i] - y[i]);
				m /= (double)n;
				for (size_t i = 0; i < n; i++) {
					double dd = fabs(L.pred[i] - y[i]) - m;
					v += dd * dd;
				}
				v = n > 1 ? v / (double)(n - 1) : 0;
				nu = EG_ACCURACY_MUL * sqrt(v) / sqrt((double)n);
			}
			eta = opts->eta0 / L.B;
		}
		Qsum[hidx] += 1;
		for (size_t j = 0; j < L.nh; j++)
			Qeg[j] = Qsum[j] / (double)(t + 1);
		memcpy(gbuf, L.hgam + hidx * L.nc, L.nc * sizeof *gbuf);   /* eval_gap may move hgam */
		st = eval_gap(&L, Qeg, L.nh, lhat, nu, &gaps_eg[t], tmpl, gq, lproj, Qone, err);
		if (st)
			goto out;
		/* the LP step (from the second iteration; again only when the
		 * predictors have changed) */
		if (lp && t > 0 && lp_nh != L.nh) {
			size_t nq = L.nh;
			memset(Qlp, 0, maxh * sizeof *Qlp);
			if ((st = eg_lp(&L, Qlp, lamlp, err)))
				goto out;
			lp_nh = L.nh;
			if ((st = eval_gap(&L, Qlp, nq, lamlp, nu, &gap_lp, tmpl, gq, lproj, Qone, err)))
				goto out;
		}
		{
			bool use_lp = lp && t > 0 && !(gaps_eg[t] < gap_lp);
			const double *Q = use_lp ? Qlp : Qeg;
			gaps[t] = use_lp ? gap_lp : gaps_eg[t];
			/* the last iterate whose gap is within 1e-8 of the smallest */
			min_gap = fmin(min_gap, gaps[t]);
			if (gaps[t] <= min_gap + EG_PRECISION) {
				best_iter = t;
				memcpy(Qbest, Q, maxh * sizeof *Qbest);
			}
		}
		fair_progress_names(prog, NULL, "duality gap");
		fair_progress_set(prog, t + 1, T, NAN, gaps[t]);
		if (gaps[t] < nu && t >= EG_MIN_ITER) {
			t++;
			break;
		}
		if ((double)t >= last_checked * EG_REGRET_INC) {
			double bg = INFINITY;
			for (size_t k = 0; k <= t; k++)
				if (gaps_eg[k] < bg)
					bg = gaps_eg[k];
			if (bg > last_gap * EG_SHRINK_REGRET)
				eta *= EG_SHRINK_ETA;
			last_checked = (double)t;
			last_gap = bg;
		}
		for (size_t c = 0; c < L.nc; c++)
			theta[c] += eta * (gbuf[c] - L.bound);
	}
	{
		double *Q = Qbest;
		struct eg_impl *e = calloc(1, sizeof *e);
		size_t m = 0;
		for (size_t j = 0; j < L.nh; j++)
			m += Q[j] > 0;
		res = fair_learner_new(&fair_expgrad_type, L.reg ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION, X->size2,
		                       err);
		if (e == NULL || res == NULL || !(e->l = calloc(m, sizeof *e->l)) || !(e->cst = calloc(m, sizeof *e->cst)) ||
		    !(e->wt = calloc(m, sizeof *e->wt))) {
			eg_impl_free(e);
			fair_learner_free(res);
			res = NULL;
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		res->impl = e;
		res->score_is_prob = !L.reg;
		res->threshold = L.reg ? 0 : 0.5;
		res->iterations = t;
		res->converged = gaps[best_iter] < nu;
		for (size_t j = 0; j < L.nh; j++)
			if (Q[j] > 0) {
				e->l[e->m] = L.hl[j];
				e->cst[e->m] = L.hconst[j];
				e->wt[e->m] = Q[j];
				e->m++;
				L.hl[j] = NULL;   /* moved */
			}
		if (info) {
			double Lv, Lh, er;
			eval_q(&L, Q, L.nh, lhat, &Lv, &Lh, &er, gq, lproj);
			memset(info, 0, sizeof *info);
			info->iterations = t;
			info->best_iter = best_iter;
			info->nlearners = m;
			info->oracle_calls = L.calls;
			info->gap = gaps[best_iter];
			info->nu = nu;
			info->error = er;
			info->npredictors = L.nh;
			/* the largest gamma (each constraint is gamma <= eps; with
			 * difference bounds the + and - pair make it max |gap|;
			 * bounded group loss: the largest group loss) */
			info->violation = 0;
			for (size_t c = 0; c < L.nc; c++)
				if (gq[c] > info->violation)
					info->violation = gq[c];
		}
	}
out:
	lag_release(&L);
	free(theta);
	free(lam);
	free(lsum);
	free(lhat);
	free(tmpl);
	free(gq);
	free(lproj);
	free(Qsum);
	free(Qone);
	free(Qeg);
	free(Qlp);
	free(Qbest);
	free(lamlp);
	free(gaps);
	free(gaps_eg);
	free(gbuf);
	return st == FAIR_OK ? res : NULL;
}

/* ---- saving ------------------------------------------------------------------ */

static int
eg_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct eg_impl *e = l->impl;
	fair_param *comp = fair_param_add_list(out, "components");

	if (!fair_expgrad_is(l))
		return fair_error_set(err, FAIR_EINVAL, "not an expgrad learner");
	for (size_t j = 0; j < e->m; j++) {
		fair_param *c = fair_param_add_object(comp, NULL);
		int st;
		fair_param_add_num(c, "weight", e->wt[j]);
		if (e->l[j] == NULL)
			fair_param_add_num(c, "constant", e->cst[j]);
		else if ((st = fair_learner_export(e->l[j], fair_param_add_object(c, "learner"), err)))
			return st;
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

/* the learners expgrad mixes without a registry at hand */
static const fair_learner_type *const eg_bases[] = { &fair_logreg_type, &fair_svm_linear_type, &fair_ridge_type, NULL };

static int eg_load_in(fair_learner *l, const fair_param *in, const fair_learner_type *const *types, fair_error *err);

static int
eg_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	return eg_load_in(l, in, eg_bases, err);
}

static int
eg_load_in(fair_learner *l, const fair_param *in, const fair_learner_type *const *types, fair_error *err)
{
	const fair_param *comp = fair_param_list(in, "components", err);
	struct eg_impl *e;

	if (comp == NULL)
		return FAIR_EPARSE;
	if ((e = calloc(1, sizeof *e)) == NULL || !(e->l = calloc(comp->nkids + 1, sizeof *e->l)) ||
	    !(e->cst = calloc(comp->nkids + 1, sizeof *e->cst)) || !(e->wt = calloc(comp->nkids + 1, sizeof *e->wt))) {
		eg_impl_free(e);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (size_t j = 0; j < comp->nkids; j++) {
		const fair_param *c = comp->kids[j], *lp;
		if (fair_param_num(c, "weight", &e->wt[j], err))
			goto fail;
		e->m = j + 1;
		if (fair_param_get(c, "learner") == NULL) {
			if (fair_param_num(c, "constant", &e->cst[j], err))
				goto fail;
			continue;
		}
		if ((lp = fair_param_object(c, "learner", err)) == NULL || (e->l[j] = fair_learner_import_as(lp, types, err)) == NULL)
			goto fail;
		if (e->l[j]->d != l->d || e->l[j]->task != l->task) {
			fair_error_set(err, FAIR_EPARSE, "saved data: expgrad component %zu does not fit the learner (%zu features)",
			               j + 1, l->d);
			goto fail;
		}
	}
	l->impl = e;
	return FAIR_OK;
fail:
	eg_impl_free(e);
	return err ? err->code : FAIR_EPARSE;
}

/* ---- the learner type ------------------------------------------------------ */

static int
eg_set(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	fair_expgrad_opts *eg = opts;
	double v;
	int st;

	if (!strcmp(o->name, "constraint")) {
		if ((eg->bgl = !strcmp(val, "bgl")))
			return FAIR_OK;
		if ((st = fair_constraint_parse(val, &eg->constraint, err)))
			return st;
		if (eg->constraint == FAIR_CONSTRAINT_TNR || eg->constraint == FAIR_CONSTRAINT_FNR)
			return fair_error_set(err, FAIR_EINVAL, "expgrad takes constraint dp, eo, fpr, eodds, error or bgl, not %s",
			                      val);
		return FAIR_OK;
	}
	if (!strcmp(o->name, "loss")) {
		if (!strcmp(val, "square"))
			eg->loss = FAIR_BGL_SQUARE;
		else if (!strcmp(val, "absolute"))
			eg->loss = FAIR_BGL_ABSOLUTE;
		else if (!strcmp(val, "zeroone"))
			eg->loss = FAIR_BGL_ZEROONE;
		else
			return fair_error_set(err, FAIR_EINVAL, "loss is square, absolute or zeroone, not '%s'", val);
		return FAIR_OK;
	}
	/* C: the base learner's */
	if ((st = fair_opt_parse(o, val, &v, err)))
		return st;
	return fair_base_kv_add(&eg->base_kv, "C", val, err);
}

/* an option of the base learner */
static int
eg_extra(void *opts, const char *key, const char *val, fair_error *err)
{
	return fair_base_kv_add(&((fair_expgrad_opts *)opts)->base_kv, key, val, err);
}

static int
eg_check(const void *opts, const fair_learner_type *const *types, fair_error *err)
{
	const fair_expgrad_opts *o = opts;
	fair_base b;
	int st = fair_base_prepare(&b, "expgrad", o->base_name ? o->base_name : o->bgl ? "ridge" : "logreg", o->base_kv,
	                           o->bgl, types, err);

	if (st == FAIR_OK)
		fair_base_release(&b);
	return st;
}

static const int eg_lp_values[] = { -1, 1, 0 };
#define EO(f) offsetof(fair_expgrad_opts, f)
static const fair_opt eg_opts[] = {
	{ .name = "base", .type = FAIR_OPT_STR, .offset = EO(base_name),
	  .help = "the learner it mixes: any that takes sample weights (default logreg); "
	          "options it does not know go to the base learner" },
	{ .name = "C", .type = FAIR_OPT_NUM, .lo = 1e-12, .hi = 1e12, .set = eg_set, .help = "C of the base learner" },
	{ .name = "max_iter", .type = FAIR_OPT_SIZE, .offset = EO(max_iter), .lo = 1, .hi = 10000,
	  .help = "exponentiated-gradient iterations at most" },
	{ .name = "eta0", .type = FAIR_OPT_NUM, .offset = EO(eta0), .lo = 1e-6, .hi = 1e6, .help = "initial step" },
	{ .name = "nu", .type = FAIR_OPT_NUM, .offset = EO(nu), .lo = 0, .hi = 1,
	  .help = "duality-gap tolerance (0: automatic)" },
	{ .name = "constraint", .type = FAIR_OPT_STR, .set = eg_set,
	  .help = "dp (default), eo, fpr, eodds or error; bgl: bounded group loss (regression)" },
	{ .name = "loss", .type = FAIR_OPT_STR, .set = eg_set,
	  .help = "bgl: the loss bounded in each group: square (default), absolute or zeroone" },
	{ .name = "loss_min", .type = FAIR_OPT_NUM, .offset = EO(loss_lo), .lo = -1e300, .hi = 1e300,
	  .help = "bgl: targets and predictions are clipped to [loss_min, loss_max] in the loss (default 0)" },
	{ .name = "loss_max", .type = FAIR_OPT_NUM, .offset = EO(loss_hi), .lo = -1e300, .hi = 1e300,
	  .help = "bgl: the clip's upper end (default 1)" },
	{ .name = "bound", .type = FAIR_OPT_NUM, .offset = EO(upper_bound), .lo = 0, .hi = 1e300,
	  .help = "bgl: the bound on each group's mean loss (required)" },
	{ .name = "eps", .type = FAIR_OPT_NUM, .offset = EO(eps), .lo = 1e-6, .hi = 1,
	  .help = "allowed violation of the constraint" },
	{ .name = "ratio", .type = FAIR_OPT_NUM, .offset = EO(ratio), .lo = 1e-6, .hi = 1,
	  .help = "ratio bound in (0, 1] (default 1: difference bound); eps is then the slack" },
	{ .name = "lp", .type = FAIR_OPT_CHOICE, .offset = EO(lp_step), .choices = "auto|yes|no", .values = eg_lp_values,
	  .help = "Fairlearn's LP step over the predictors found (auto: with bgl only)" },
	{ .name = "base_options", .type = FAIR_OPT_STR, .offset = EO(base_kv), .help = "(kept) options of the base learner" },
	{ .name = NULL }
};
#undef EO

static void
eg_opts_init(void *o)
{
	fair_expgrad_opts_init(o);
}

static fair_learner *
eg_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_expgrad_opts o = *(const fair_expgrad_opts *)opts;
	fair_expgrad_info info;
	fair_learner *l;
	fair_base b;

	if (d->w != NULL) {
		fair_error_set(err, FAIR_EINVAL, "expgrad weighs its own rows; pre=reweigh does not apply");
		return NULL;
	}
	if (d->task == FAIR_TASK_REGRESSION && !o.bgl) {
		fair_error_set(err, FAIR_EINVAL, "expgrad on a numeric target takes constraint=bgl (bounded group loss), not %s",
		               fair_constraint_name(o.constraint));
		return NULL;
	}
	if (d->task != FAIR_TASK_REGRESSION && o.bgl) {
		fair_error_set(err, FAIR_EINVAL, "expgrad: constraint=bgl is for a numeric target (regression)");
		return NULL;
	}
	if (o.bgl && !(o.upper_bound >= 0)) {
		fair_error_set(err, FAIR_EINVAL, "expgrad: constraint=bgl needs bound=B, the largest mean loss a group may have");
		return NULL;
	}
	if (fair_base_prepare(&b, "expgrad", o.base_name ? o.base_name : o.bgl ? "ridge" : "logreg", o.base_kv, o.bgl,
	                      d->types ? d->types : eg_bases, err))
		return NULL;
	o.base_learner = &b;
	o.seed = d->seed;
	o.svm.seed = d->seed;
	l = fair_expgrad_fit(d->X, d->y, d->group, d->K, &o, &info, prog, err);
	if (l != NULL && o.bgl)
		fair_fit_note(d, "expgrad (bounded group %s loss <= %g, %s, eps=%g): %zu iterations, %zu regressor%s in the "
		              "mixture, duality gap %.3g, largest group loss %.3g",
		              o.loss == FAIR_BGL_SQUARE ? "square" : o.loss == FAIR_BGL_ABSOLUTE ? "absolute" : "zero-one",
		              o.upper_bound, b.type->name, o.eps, info.iterations, info.nlearners, info.nlearners == 1 ? "" : "s",
		              info.gap, info.violation);
	else if (l != NULL)
		fair_fit_note(d, "expgrad (%s%s, %s, eps=%g): %zu iterations, %zu classifier%s in the "
		              "mixture, duality gap %.3g, training violation %.3g", fair_constraint_name(o.constraint),
		              o.ratio < 1 ? " ratio" : "", b.type->name, o.eps, info.iterations, info.nlearners,
		              info.nlearners == 1 ? "" : "s", info.gap, info.violation);
	fair_base_release(&b);
	return l;
}

const fair_learner_type fair_expgrad_type = {
	.name = "expgrad", .kind = "expgrad",
	.help = "exponentiated gradient: a randomised mixture of base learner fits meeting a constraint",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_REGRESS | FAIR_LEARNER_GROUPS | FAIR_LEARNER_OWN_WEIGHTS |
	         FAIR_LEARNER_RANDOMISED,
	.opts = eg_opts, .opts_size = sizeof(fair_expgrad_opts), .opts_init = eg_opts_init,
	.fit = eg_fit,
	.score = eg_predict, .save = eg_save, .load = eg_load, .free = eg_impl_free,
	.extra = eg_extra, .check = eg_check, .load_in = eg_load_in,
};
