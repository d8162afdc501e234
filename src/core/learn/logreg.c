/* logreg.c -- L2-regularised logistic regression by damped Newton
 * (Cholesky on the dsyrk-built Hessian, or conjugate gradients for wide
 * problems). Objective and stopping rule: see learn-private.h. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

#include "learn/learn-private.h"

void
fair_logreg_opts_init(fair_logreg_opts *o)
{
	o->C = 1.0;
	o->tol = 1e-8;
	o->max_iter = 100;
	o->newton_max_dim = 500;
}

/* log(1 + exp(z)) without overflow */
static double
log1pexp(double z)
{
	return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

static double
sigmoid(double z)
{
	if (z >= 0)
		return 1.0 / (1.0 + exp(-z));
	double e = exp(z);
	return e / (1.0 + e);
}

struct lr {
	const gsl_matrix *X;
	const double *y, *s;
	const double *off;  /* n: fixed offsets added to the margins, or NULL */
	double C;
	size_t n, d;
	double *z;        /* n: margins x.w + b */
	double *r;        /* n: s (p - y), then reused */
	double *h;        /* n: s p (1 - p) */
	double *theta_t;  /* D: trial point */
	double *tmp;      /* n */
};

/* z = X w + b for theta = (w, b) */
static void
margins(struct lr *P, const double *theta, double *z)
{
	gsl_vector_const_view wv = gsl_vector_const_view_array(theta, P->d);
	gsl_vector_view zv = gsl_vector_view_array(z, P->n);
	gsl_vector_set_all(&zv.vector, theta[P->d]);
	gsl_blas_dgemv(CblasNoTrans, 1.0, P->X, &wv.vector, 1.0, &zv.vector);
	if (P->off != NULL)
		for (size_t i = 0; i < P->n; i++)
			z[i] += P->off[i];
}

static double
objective(struct lr *P, const double *theta, const double *z)
{
	double loss = 0.0, reg = 0.0;
	for (size_t i = 0; i < P->n; i++) {
		double si = P->s ? P->s[i] : 1.0;
		if (si > 0.0)
			loss += si * (log1pexp(z[i]) - P->y[i] * z[i]);
	}
	for (size_t j = 0; j < P->d; j++)
		reg += theta[j] * theta[j];
	return 0.5 * reg + P->C * loss;
}

/* gradient into g (D) and Hessian weights h (n) at margins z */
static void
gradient(struct lr *P, const double *theta, const double *z, double *g)
{
	double sr = 0.0;
	for (size_t i = 0; i < P->n; i++) {
		double si = P->s ? P->s[i] : 1.0, p = sigmoid(z[i]);
		P->r[i] = P->C * si * (p - P->y[i]);
		P->h[i] = P->C * si * p * (1.0 - p);
		sr += P->r[i];
	}
	gsl_vector_const_view rv = gsl_vector_const_view_array(P->r, P->n);
	gsl_vector_view gv = gsl_vector_view_array(g, P->d);
	memcpy(g, theta, P->d * sizeof *g);
	gsl_blas_dgemv(CblasTrans, 1.0, P->X, &rv.vector, 1.0, &gv.vector);
	g[P->d] = sr;
}

/* out = H v, H = diag(1..1, 0) + X~' diag(h) X~ */
static void
hess_vec(struct lr *P, const double *v, double *out)
{
	gsl_vector_view tv = gsl_vector_view_array(P->tmp, P->n);
	gsl_vector_const_view vv = gsl_vector_const_view_array(v, P->d);
	gsl_vector_view ov = gsl_vector_view_array(out, P->d);
	double sb = 0.0;

	gsl_vector_set_all(&tv.vector, v[P->d]);
	gsl_blas_dgemv(CblasNoTrans, 1.0, P->X, &vv.vector, 1.0, &tv.vector);
	for (size_t i = 0; i < P->n; i++) {
		P->tmp[i] *= P->h[i];
		sb += P->tmp[i];
	}
	memcpy(out, v, P->d * sizeof *out);
	gsl_blas_dgemv(CblasTrans, 1.0, P->X, &tv.vector, 1.0, &ov.vector);
	out[P->d] = sb;
}

/* Solves H dx = -g by CG (no dense Hessian). Returns FAIR_OK/ECANCELED. */
static int
cg_solve(struct lr *P, const double *g, double *dx, double *rr, double *pp, double *Hp,
         fair_progress *prog)
{
	size_t D = P->d + 1;
	double gnorm = 0.0, rs = 0.0;
	for (size_t j = 0; j < D; j++) {
		dx[j] = 0.0;
		rr[j] = -g[j];
		pp[j] = rr[j];
		rs += rr[j] * rr[j];
	}
	gnorm = sqrt(rs);
	double stop = fmin(0.5, sqrt(gnorm)) * gnorm;
	for (size_t it = 0; it < 2 * D + 50 && sqrt(rs) > stop; it++) {
		if (fair_progress_cancelled(prog))
			return FAIR_ECANCELED;
		hess_vec(P, pp, Hp);
		double pHp = 0.0;
		for (size_t j = 0; j < D; j++)
			pHp += pp[j] * Hp[j];
		if (!(pHp > 0.0))
			break;
		double a = rs / pHp, rs2 = 0.0;
		for (size_t j = 0; j < D; j++) {
			dx[j] += a * pp[j];
			rr[j] -= a * Hp[j];
			rs2 += rr[j] * rr[j];
		}
		for (size_t j = 0; j < D; j++)
			pp[j] = rr[j] + (rs2 / rs) * pp[j];
		rs = rs2;
	}
	return FAIR_OK;
}

fair_learner *
fair_logreg_fit(const gsl_matrix *X, const double *y, const double *w,
                const fair_logreg_opts *o, fair_progress *prog, fair_error *err)
{
	return fair_logreg_fit_offset(X, y, w, NULL, o, prog, err);
}

fair_learner *
fair_logreg_fit_offset(const gsl_matrix *X, const double *y, const double *w, const double *offset,
                       const fair_logreg_opts *o, fair_progress *prog, fair_error *err)
{
	fair_logreg_opts def;
	struct lr P = { 0 };
	fair_learner *l = NULL;
	gsl_matrix *Z = NULL, *H = NULL;
	double *theta = NULL, *g = NULL, *dx = NULL, *cgbuf = NULL, sumw = 0.0, sumy = 0.0;
	size_t n = X->size1, d = X->size2, D = d + 1, it;
	bool newton, converged = false;
	/* one-hot designs are sparse: the Hessian is then summed from the
	 * non-zero pairs of each row (O(n nnz^2)) instead of a dense dsyrk */
	size_t *rowptr = NULL, nnz = 0;
	uint32_t *colidx = NULL;
	double *val = NULL;

	if (o == NULL) {
		fair_logreg_opts_init(&def);
		o = &def;
	}
	if (!(o->C > 0.0) || !isfinite(o->C) || !(o->tol > 0.0) || o->max_iter == 0) {
		fair_error_set(err, FAIR_EINVAL, "logreg: C and tol must be > 0 (C=%g tol=%g)", o->C, o->tol);
		return NULL;
	}
	if (model_check_input("logreg", X, y, w, true, &sumw, err) != FAIR_OK)
		return NULL;
	newton = D <= o->newton_max_dim;
	P.X = X; P.y = y; P.s = w; P.off = offset; P.C = o->C; P.n = n; P.d = d;
	P.z = malloc(n * sizeof *P.z);
	P.r = malloc(n * sizeof *P.r);
	P.h = malloc(n * sizeof *P.h);
	P.tmp = malloc(n * sizeof *P.tmp);
	P.theta_t = malloc(D * sizeof *P.theta_t);
	theta = calloc(D, sizeof *theta);
	g = malloc(D * sizeof *g);
	dx = malloc(D * sizeof *dx);
	cgbuf = malloc(3 * D * sizeof *cgbuf);
	if (!P.z || !P.r || !P.h || !P.tmp || !P.theta_t || !theta || !g || !dx || !cgbuf)
		goto nomem;
	if (newton) {
		for (size_t i = 0; i < n; i++) {
			const double *xi = gsl_matrix_const_ptr(X, i, 0);
			for (size_t j = 0; j < d; j++)
				nnz += xi[j] != 0.0;
		}
		if (4 * nnz < n * d && d < UINT32_MAX) {
			if ((rowptr = malloc((n + 1) * sizeof *rowptr)) == NULL ||
			    (colidx = malloc((nnz + n) * sizeof *colidx)) == NULL ||
			    (val = malloc((nnz + n) * sizeof *val)) == NULL)
				goto nomem;
			size_t k = 0;
			for (size_t i = 0; i < n; i++) {
				const double *xi = gsl_matrix_const_ptr(X, i, 0);
				rowptr[i] = k;
				for (size_t j = 0; j < d; j++)
					if (xi[j] != 0.0) {
						colidx[k] = (uint32_t)j;
						val[k++] = xi[j];
					}
				colidx[k] = (uint32_t)d;   /* the intercept column */
				val[k++] = 1.0;
			}
			rowptr[n] = k;
		} else if ((Z = gsl_matrix_alloc(n, D)) == NULL) {
			goto nomem;
		}
		if ((H = gsl_matrix_alloc(D, D)) == NULL)
			goto nomem;
	}
	if ((l = fair_learner_new(&fair_logreg_type, FAIR_TASK_CLASSIFICATION, d, err)) == NULL)
		goto fail;
	if ((l->w = gsl_vector_alloc(d)) == NULL)
		goto nomem;

	/* start at w = 0, b = logit(weighted positive rate): optimal for w = 0 */
	for (size_t i = 0; i < n; i++)
		sumy += (w ? w[i] : 1.0) * y[i];
	theta[d] = log(sumy / (sumw - sumy));
	margins(&P, theta, P.z);
	double f = objective(&P, theta, P.z), scale = o->C * sumw, gmax = INFINITY;

	for (it = 0; it < o->max_iter; it++) {
		if (fair_progress_cancelled(prog)) {
			fair_error_set(err, FAIR_ECANCELED, "logreg: cancelled");
			goto fail;
		}
		gradient(&P, theta, P.z, g);
		gmax = 0.0;
		for (size_t j = 0; j < D; j++)
			gmax = fmax(gmax, fabs(g[j]));
		gmax /= scale;
		fair_progress_set(prog, it, o->max_iter, f, gmax);
		if (gmax <= o->tol) {
			converged = true;
			break;
		}
		if (newton && rowptr != NULL) {
			gsl_matrix_set_zero(H);
			for (size_t i = 0; i < n; i++) {
				double hi = P.h[i];
				for (size_t a = rowptr[i]; a < rowptr[i + 1]; a++) {
					double *Ha = gsl_matrix_ptr(H, colidx[a], 0), va = hi * val[a];
					for (size_t b2 = rowptr[i]; b2 <= a; b2++)
						Ha[colidx[b2]] += va * val[b2];
				}
			}
		}
		if (newton) {
			for (size_t i = 0; Z != NULL && i < n; i++) {
				double sq = sqrt(P.h[i]);
				const double *xi = gsl_matrix_const_ptr(X, i, 0);
				double *zi = gsl_matrix_ptr(Z, i, 0);
				for (size_t j = 0; j < d; j++)
					zi[j] = sq * xi[j];
				zi[d] = sq;
			}
			if (Z != NULL)
				gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, Z, 0.0, H);
			for (size_t j = 0; j < D; j++)
				for (size_t k = 0; k < j; k++)
					gsl_matrix_set(H, k, j, gsl_matrix_get(H, j, k));
			for (size_t j = 0; j < d; j++)
				*gsl_matrix_ptr(H, j, j) += 1.0;
			int st = gsl_linalg_cholesky_decomp1(H);
			if (st != GSL_SUCCESS) {
				fair_error_set(err, FAIR_ENUMERIC,
				               "logreg: hessian is not positive definite at iteration %zu "
				               "(separable data with a huge C?)", it + 1);
				goto fail;
			}
			gsl_vector_view dv = gsl_vector_view_array(dx, D);
			for (size_t j = 0; j < D; j++)
				dx[j] = -g[j];
			gsl_linalg_cholesky_svx(H, &dv.vector);
		} else if (cg_solve(&P, g, dx, cgbuf, cgbuf + D, cgbuf + 2 * D, prog) != FAIR_OK) {
			fair_error_set(err, FAIR_ECANCELED, "logreg: cancelled");
			goto fail;
		}
		/* backtracking (Armijo) line search on the objective */
		double gd = 0.0, t = 1.0, ft = f;
		for (size_t j = 0; j < D; j++)
			gd += g[j] * dx[j];
		if (!(gd < 0.0))
			break;   /* no descent direction left: numerically at the optimum */
		size_t k;
		for (k = 0; k < 40; k++, t *= 0.5) {
			for (size_t j = 0; j < D; j++)
				P.theta_t[j] = theta[j] + t * dx[j];
			margins(&P, P.theta_t, P.tmp);
			ft = objective(&P, P.theta_t, P.tmp);
			/* the slack admits steps whose change is below the rounding of
			 * f: near the optimum the objective cannot resolve them, but the
			 * gradient can (without it accuracy stalls at sqrt(eps)) */
			if (ft <= f + 1e-4 * t * gd + 1e-14 * fabs(f))
				break;
		}
		if (k == 40)
			break;   /* line search stalled: cannot improve in floating point */
		memcpy(theta, P.theta_t, D * sizeof *theta);
		memcpy(P.z, P.tmp, n * sizeof *P.z);
		f = ft;
	}
	if (!converged && gmax <= o->tol)
		converged = true;
	memcpy(l->w->data, theta, d * sizeof *theta);
	l->b = theta[d];
	l->score_is_prob = true;
	l->threshold = 0.5;
	l->iterations = it;
	l->converged = converged;
	fair_progress_set(prog, it, o->max_iter, f, gmax);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "logreg: out of memory");
fail:
	fair_learner_free(l);
	l = NULL;
out:
	free(P.z); free(P.r); free(P.h); free(P.tmp); free(P.theta_t);
	free(theta); free(g); free(dx); free(cgbuf);
	free(rowptr); free(colidx); free(val);
	if (Z)
		gsl_matrix_free(Z);
	if (H)
		gsl_matrix_free(H);
	return l;
}

/* ---- the learner type ------------------------------------------------------ */

static const fair_opt logreg_opts[] = {
	{ .name = "C", .type = FAIR_OPT_NUM, .offset = offsetof(fair_logreg_opts, C), .lo = 1e-12, .hi = 1e12,
	  .help = "inverse regularisation strength (larger: less regularised)" },
	{ .name = "tol", .type = FAIR_OPT_NUM, .offset = offsetof(fair_logreg_opts, tol), .lo = 1e-15, .hi = 1,
	  .help = "stop when the largest gradient entry per unit weight is below this" },
	{ .name = "max_iter", .type = FAIR_OPT_SIZE, .offset = offsetof(fair_logreg_opts, max_iter), .lo = 1, .hi = 100000,
	  .help = "Newton iterations at most" },
	{ .name = NULL }
};

static void
logreg_opts_init(void *o)
{
	fair_logreg_opts_init(o);
}

static fair_learner *
logreg_fit(const void *o, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	return fair_logreg_fit(d->X, d->y, d->w, o, prog, err);
}

static fair_learner *
logreg_fit_offset(const void *o, fair_fit_data *d, const double *off, fair_progress *prog, fair_error *err)
{
	return fair_logreg_fit_offset(d->X, d->y, d->w, off, o, prog, err);
}

const fair_learner_type fair_logreg_type = {
	.name = "logreg", .kind = "logreg",
	.help = "L2-regularised logistic regression",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_PLAIN,
	.opts = logreg_opts, .opts_size = sizeof(fair_logreg_opts), .opts_init = logreg_opts_init,
	.fit = logreg_fit, .fit_offset = logreg_fit_offset,
};
