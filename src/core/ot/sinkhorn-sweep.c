/* sinkhorn-sweep.c -- the log-domain pieces every Sinkhorn solver uses:
 * cost rows (one dgemm each), soft-min sweeps (split over two threads by
 * rows, bit-identical results), potentials, marginal errors, diameters;
 * and the literal solver of doc/methods.md 6.1 (averaged simultaneous sweeps of
 * all four potentials with epsilon-scaling, envelope-theorem gradients).
 * The entry point is sinkhorn.c, the default solver sinkhorn-solve.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>

#include "ot/ot-private.h"

/* One soft-min problem: out_i = -eps log sum_j exp(h_j - C_ij / eps) over
 * the rows of the row-major matrix C (rows x cols). */
struct smin_job {
	const double *C;
	size_t rows, cols;
	const double *h;
	double *out;
};

struct smin_batch {
	struct smin_job job[4];
	size_t njob;
	double eps;
};

struct smin_part {
	const struct smin_batch *b;
	unsigned part, nparts;
	double *scratch;          /* max(cols) doubles, owned by the caller */
};

typedef fair__ot_ski_v2d v2d;
typedef fair__ot_ski_v2i v2i;
#define vload fair__ot_ski_vload

/* t_k = h_k - c_k / eps over k < cols; returns max_k t_k. */
static double
shifted_row(const double *h, const double *c, double inv, size_t cols, double *t)
{
	v2d m0 = { -HUGE_VAL, -HUGE_VAL }, m1 = m0;
	size_t k = 0;
	for (; k + 4 <= cols; k += 4) {
		v2d a = vload(h + k) - vload(c + k) * inv;
		v2d b = vload(h + k + 2) - vload(c + k + 2) * inv;
		memcpy(t + k, &a, sizeof a);
		memcpy(t + k + 2, &b, sizeof b);
		v2i ga = a > m0, gb = b > m1;
		m0 = (v2d)(((v2i)a & ga) | ((v2i)m0 & ~ga));
		m1 = (v2d)(((v2i)b & gb) | ((v2i)m1 & ~gb));
	}
	double mx = -HUGE_VAL;
	for (int l = 0; l < 2; l++) {
		mx = m0[l] > mx ? m0[l] : mx;
		mx = m1[l] > mx ? m1[l] : mx;
	}
	for (; k < cols; k++) {
		t[k] = h[k] - c[k] * inv;
		mx = t[k] > mx ? t[k] : mx;
	}
	return mx;
}

/* sum_k exp(t_k - mx), t_k <= mx; when @store, t_k is overwritten with its
 * exponential. Four at a time (fair__ot_ski_vexp4), summed in two pairs of
 * lanes; the same order whatever the caller, so deterministic. */
static double
exp_sum(double *t, size_t cols, double mx, bool store)
{
	v2d s0 = { 0.0, 0.0 }, s1 = s0;
	size_t k = 0;
	for (; k + 4 <= cols; k += 4) {
		double x[4] = { t[k] - mx, t[k + 1] - mx, t[k + 2] - mx, t[k + 3] - mx }, e[4];
		fair__ot_ski_vexp4(x, e);
		if (store)
			memcpy(t + k, e, sizeof e);
		s0 += vload(e);
		s1 += vload(e + 2);
	}
	for (; k < cols; k += 2) {
		double x[4] = { t[k] - mx, k + 1 < cols ? t[k + 1] - mx : -HUGE_VAL, -HUGE_VAL, -HUGE_VAL }, e[4];
		fair__ot_ski_vexp4(x, e);
		if (store) {
			t[k] = e[0];
			if (k + 1 < cols)
				t[k + 1] = e[1];
		}
		s0 += vload(e);
	}
	v2d s = s0 + s1;
	return s[0] + s[1];
}

static void
smin_rows(const struct smin_job *j, double eps, size_t lo, size_t hi, double *t)
{
	const double inv = 1.0 / eps;
	for (size_t i = lo; i < hi; i++) {
		double mx = shifted_row(j->h, j->C + i * j->cols, inv, j->cols, t);
		double s = exp_sum(t, j->cols, mx, false);
		j->out[i] = -eps * (mx + log(s));
	}
}

static void *
smin_part_run(void *arg)
{
	const struct smin_part *p = arg;
	for (size_t q = 0; q < p->b->njob; q++) {
		const struct smin_job *j = &p->b->job[q];
		size_t lo = j->rows * p->part / p->nparts;
		size_t hi = j->rows * (p->part + 1) / p->nparts;
		smin_rows(j, p->b->eps, lo, hi, p->scratch);
	}
	return NULL;
}

/* Runs every job of @b, on two threads when asked and worth it. Each row is
 * computed by the same code whatever the split, so results never depend on
 * the thread count. */
static void
smin_batch_run(const struct smin_batch *b, int threads, double *scratch0,
               double *scratch1)
{
	size_t work = 0;
	for (size_t q = 0; q < b->njob; q++)
		work += b->job[q].rows * b->job[q].cols;
	if (threads >= 2 && work >= 200000) {
		struct smin_part p0 = { b, 0, 2, scratch0 }, p1 = { b, 1, 2, scratch1 };
		pthread_t th;
		if (pthread_create(&th, NULL, smin_part_run, &p1) == 0) {
			smin_part_run(&p0);
			pthread_join(th, NULL);
			return;
		}
	}
	struct smin_part p = { b, 0, 1, scratch0 };
	smin_part_run(&p);
}

void
fair__ot_ski_smin_rows(const double *C, size_t rows, size_t cols, const double *h, double eps,
                   double *out, int threads, double *s0, double *s1)
{
	struct smin_batch b = { .njob = 1, .eps = eps };
	b.job[0] = (struct smin_job){ C, rows, cols, h, out };
	smin_batch_run(&b, threads, s0, s1);
}

void
fair__ot_ski_sqnorms(const gsl_matrix *X, double *out)
{
	for (size_t i = 0; i < X->size1; i++) {
		double s = 0.0;
		for (size_t k = 0; k < X->size2; k++)
			s += gsl_matrix_get(X, i, k) * gsl_matrix_get(X, i, k);
		out[i] = s;
	}
}

int
fair__ot_ski_cost_rows(const gsl_matrix *X, const gsl_matrix *Y, int p, const double *nx,
                   const double *ny, size_t lo, size_t hi, double *C, double *cmax)
{
	const size_t m = Y->size1, r = X->size2;
	double mx = 0.0;
	if (hi <= lo)
		return 0;
	if (p == 1) {
		/* |x - y| directly: the dgemm form leaves ~1e-8 noise in sqrt near 0 */
		for (size_t i = lo; i < hi; i++)
			for (size_t j = 0; j < m; j++) {
				double s = 0.0;
				for (size_t k = 0; k < r; k++) {
					double t = gsl_matrix_get(X, i, k) - gsl_matrix_get(Y, j, k);
					s += t * t;
				}
				C[i * m + j] = sqrt(s);
				mx = C[i * m + j] > mx ? C[i * m + j] : mx;
			}
	} else {
		gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, lo, 0, hi - lo, r);
		gsl_matrix_view Cb = gsl_matrix_view_array(C + lo * m, hi - lo, m);
		int st = gsl_blas_dgemm(CblasNoTrans, CblasTrans, -2.0, &Xb.matrix, Y, 0.0, &Cb.matrix);
		if (st)
			return st;
		for (size_t i = lo; i < hi; i++) {
			double *c = C + i * m;
			for (size_t j = 0; j < m; j++) {
				double d2 = c[j] + nx[i] + ny[j];
				d2 = d2 > 0.0 ? d2 : 0.0;
				c[j] = 0.5 * d2;
				mx = d2 > mx ? d2 : mx;
			}
		}
		mx *= 0.5;
	}
	*cmax = mx > *cmax ? mx : *cmax;
	return 0;
}

/* The whole cost matrix of X against Y (the literal solver); raises *cmax
 * to its largest entry. */
static int
cost_matrix(const gsl_matrix *X, const gsl_matrix *Y, int p, double *C, double *cmax)
{
	double *nx = malloc((X->size1 + Y->size1) * sizeof *nx);
	if (!nx)
		return GSL_ENOMEM;
	double *ny = nx + X->size1;
	fair__ot_ski_sqnorms(X, nx);
	fair__ot_ski_sqnorms(Y, ny);
	int st = fair__ot_ski_cost_rows(X, Y, p, nx, ny, 0, X->size1, C, cmax);
	free(nx);
	return st;
}

void
fair__ot_ski_transpose(const double *C, size_t n, size_t m, double *T)
{
	const size_t bs = 64;
	for (size_t i0 = 0; i0 < n; i0 += bs)
		for (size_t j0 = 0; j0 < m; j0 += bs) {
			size_t i1 = i0 + bs < n ? i0 + bs : n;
			size_t j1 = j0 + bs < m ? j0 + bs : m;
			for (size_t i = i0; i < i1; i++)
				for (size_t j = j0; j < j1; j++)
					T[j * n + i] = C[i * m + j];
		}
}

/* h_j = log w + pot_j / eps (uniform weights w). */
void
fair__ot_ski_make_h(double *h, const double *pot, size_t m, double logw, double eps)
{
	for (size_t j = 0; j < m; j++)
		h[j] = logw + (pot ? pot[j] / eps : 0.0);
}

/* L1 marginal error of the plan with potentials (pot, other) on the side of
 * pot: sum_i w |exp((pot_i - smin_i)/eps) - 1|. */
double
fair__ot_ski_marg_err(const double *pot, const double *sm, size_t n, double eps)
{
	double e = 0.0;
	for (size_t i = 0; i < n; i++)
		e += fabs(expm1((pot[i] - sm[i]) / eps));
	return e / (double)n;
}

/* Overwrites the cost matrix C (n x m, row-major) with Q_ij = pi_ij w(C_ij),
 * where pi has row sums exactly 1/n (renormalised) and w = 1 (p = 2) or
 * 1/C (p = 1, 0 where C = 0); returns nothing. Row sums of Q go to rs. */
static void
plan_rows(double *C, size_t n, size_t m, const double *f, const double *g,
          double eps, int p, double *rs, double *t)
{
	const double inv = 1.0 / eps;
	for (size_t i = 0; i < n; i++) {
		double *c = C + i * m;
		double mx = -HUGE_VAL;
		for (size_t j = 0; j < m; j++) {
			t[j] = (f[i] + g[j] - c[j]) * inv;
			mx = t[j] > mx ? t[j] : mx;
		}
		double s = exp_sum(t, m, mx, true);
		double scale = 1.0 / (s * (double)n), r = 0.0;
		for (size_t j = 0; j < m; j++) {
			double q = t[j] * scale;
			if (p == 1)
				q = c[j] > 0.0 ? q / c[j] : 0.0;
			c[j] = q;
			r += q;
		}
		rs[i] = r;
	}
}

/* G += sgn * (diag(rs) X - Q Y) with Q n x m row-major. */
static int
grad_accumulate(gsl_matrix *G, double sgn, const double *Q, const double *rs,
                const gsl_matrix *X, const gsl_matrix *Y)
{
	size_t n = X->size1, m = Y->size1;
	gsl_matrix_const_view Qv = gsl_matrix_const_view_array(Q, n, m);
	int st = gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -sgn, &Qv.matrix, Y, 1.0, G);
	if (st)
		return st;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < X->size2; k++)
			*gsl_matrix_ptr(G, i, k) += sgn * rs[i] * gsl_matrix_get(X, i, k);
	return 0;
}

double
fair__ot_ski_diameter(const gsl_matrix *A, const gsl_matrix *B)
{
	double d2 = 0.0;
	for (size_t k = 0; k < A->size2; k++) {
		double lo = HUGE_VAL, hi = -HUGE_VAL;
		for (size_t i = 0; i < A->size1; i++) {
			double v = gsl_matrix_get(A, i, k);
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		for (size_t i = 0; i < B->size1; i++) {
			double v = gsl_matrix_get(B, i, k);
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		d2 += (hi - lo) * (hi - lo);
	}
	return sqrt(d2);
}

int
fair__ot_ski_averaged(const gsl_matrix *A, const gsl_matrix *B, const fair_sinkhorn_opts *opts,
                      bool debias, double *value, gsl_matrix *grad_A, gsl_matrix *grad_B,
                      fair_sinkhorn_info *info, fair_error *err)
{
	const fair_sinkhorn_opts o = *opts;
	int rc;

	/* doc/methods.md 6.1 literally: averaged simultaneous sweeps of all four
	 * potentials, then one full update */
	const size_t n = A->size1, m = B->size1, nm = n > m ? n : m;
	double *Cab = NULL, *Cba = NULL, *Caa = NULL, *Cbb = NULL, *buf = NULL;
	rc = FAIR_ENOMEM;
	/* potentials: f_ba, g_ab, f_aa, g_bb and their soft-min updates, plus
	 * h vectors (4) and two per-thread scratch rows */
	buf = malloc((size_t)(4 * n + 4 * m + 2 * n + 2 * m + 2 * nm) * sizeof *buf);
	Cab = malloc(n * m * sizeof *Cab);
	Cba = malloc(n * m * sizeof *Cba);
	if (debias) {
		Caa = malloc(n * n * sizeof *Caa);
		Cbb = malloc(m * m * sizeof *Cbb);
	}
	if (!buf || !Cab || !Cba || (debias && (!Caa || !Cbb))) {
		fair_error_set(err, FAIR_ENOMEM, "sinkhorn: cannot allocate cost matrices for %zu x %zu points", n, m);
		goto out;
	}
	double *f_ba = buf, *ft_ba = f_ba + n, *f_aa = ft_ba + n, *ft_aa = f_aa + n;
	double *g_ab = ft_aa + n, *gt_ab = g_ab + m, *g_bb = gt_ab + m, *gt_bb = g_bb + m;
	double *h_ab = gt_bb + m, *h_aa = h_ab + m, *h_ba = h_aa + n, *h_bb = h_ba + n;
	double *s0 = h_bb + m, *s1 = s0 + nm;

	double cmax = 0.0;   /* the largest cost over the matrices used */
	int st = cost_matrix(A, B, o.p, Cab, &cmax);
	if (!st && debias)
		st = cost_matrix(A, A, o.p, Caa, &cmax);
	if (!st && debias)
		st = cost_matrix(B, B, o.p, Cbb, &cmax);
	if (st) {
		fair_error_set(err, st == GSL_ENOMEM ? FAIR_ENOMEM : FAIR_ENUMERIC,
		               "sinkhorn: cost matrix: %s", gsl_strerror(st));
		rc = err ? err->code : FAIR_ENUMERIC;
		goto out;
	}
	fair__ot_ski_transpose(Cab, n, m, Cba);

	const double la = -log((double)n), lb = -log((double)m);
	const double pp = (double)o.p;
	/* temperature schedule: diam^p, times scaling^p, ..., ending exactly at eps */
	double eps0 = pow(fair__ot_ski_diameter(A, B), pp);
	double step = pow(o.scaling, pp);
	size_t sched = 1;
	for (double e = eps0; e > o.eps; e *= step)
		sched++;
	if (sched > 10000)
		sched = 10000;
	/* no annealing when eps is already large next to the costs actually
	 * present (doc/methods.md 6.1 lets the schedule start at the target): eps >=
	 * max_ij |x_i - y_j|^p / 100 over the cost matrices used. On such
	 * problems a cold start converges as fast as an annealed one, and the
	 * schedule's sweeps are pure overhead. */
	if (100.0 * o.eps >= pp * cmax)
		sched = 1;

	struct smin_batch b;
	memset(&b, 0, sizeof b);
	b.job[0] = (struct smin_job){ Cab, n, m, h_ab, ft_ba };
	b.job[1] = (struct smin_job){ Cba, m, n, h_ba, gt_ab };
	b.njob = 2;
	if (debias) {
		b.job[2] = (struct smin_job){ Caa, n, n, h_aa, ft_aa };
		b.job[3] = (struct smin_job){ Cbb, m, m, h_bb, gt_bb };
		b.njob = 4;
	}

	/* initialisation at eps_0 (step 3): potentials of zero */
	double e = sched > 1 ? eps0 : o.eps;
	b.eps = e;
	fair__ot_ski_make_h(h_ab, NULL, m, lb, e);
	fair__ot_ski_make_h(h_ba, NULL, n, la, e);
	fair__ot_ski_make_h(h_aa, NULL, n, la, e);
	fair__ot_ski_make_h(h_bb, NULL, m, lb, e);
	smin_batch_run(&b, o.threads, s0, s1);
	memcpy(f_ba, ft_ba, n * sizeof *f_ba);
	memcpy(g_ab, gt_ab, m * sizeof *g_ab);
	if (debias) {
		memcpy(f_aa, ft_aa, n * sizeof *f_aa);
		memcpy(g_bb, gt_bb, m * sizeof *g_bb);
	}

	/* step 4: one averaged sweep per temperature, then sweeps at eps until
	 * the marginal error of every problem is below tol */
	size_t iters = 0, extra = 0;
	double merr = HUGE_VAL;
	bool converged = false;
	for (size_t k = 0;; k++) {
		bool final = k + 1 >= sched;
		e = final ? o.eps : eps0 * pow(step, (double)k);
		b.eps = e;
		fair__ot_ski_make_h(h_ab, g_ab, m, lb, e);
		fair__ot_ski_make_h(h_ba, f_ba, n, la, e);
		if (debias) {
			fair__ot_ski_make_h(h_aa, f_aa, n, la, e);
			fair__ot_ski_make_h(h_bb, g_bb, m, lb, e);
		}
		smin_batch_run(&b, o.threads, s0, s1);
		iters++;
		if (final) {
			double e1 = fair__ot_ski_marg_err(f_ba, ft_ba, n, e), e2 = fair__ot_ski_marg_err(g_ab, gt_ab, m, e);
			merr = e1 > e2 ? e1 : e2;
			if (debias) {
				double e3 = fair__ot_ski_marg_err(f_aa, ft_aa, n, e), e4 = fair__ot_ski_marg_err(g_bb, gt_bb, m, e);
				merr = merr > e3 ? merr : e3;
				merr = merr > e4 ? merr : e4;
			}
			if (isnan(merr)) {
				rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: iterations diverged (eps %g)", e);
				goto out;
			}
			if (merr < o.tol) {
				converged = true;
				break;
			}
			if (extra++ >= o.max_iter)
				break;
		}
		for (size_t i = 0; i < n; i++)
			f_ba[i] = 0.5 * (f_ba[i] + ft_ba[i]);
		for (size_t j = 0; j < m; j++)
			g_ab[j] = 0.5 * (g_ab[j] + gt_ab[j]);
		if (debias) {
			for (size_t i = 0; i < n; i++)
				f_aa[i] = 0.5 * (f_aa[i] + ft_aa[i]);
			for (size_t j = 0; j < m; j++)
				g_bb[j] = 0.5 * (g_bb[j] + gt_bb[j]);
		}
	}
	if (!converged) {
		/* step 5: final extrapolation, a full update at the target eps. If the
		 * loop stopped on convergence, ft/gt already hold it. */
		fair__ot_ski_make_h(h_ab, g_ab, m, lb, o.eps);
		fair__ot_ski_make_h(h_ba, f_ba, n, la, o.eps);
		if (debias) {
			fair__ot_ski_make_h(h_aa, f_aa, n, la, o.eps);
			fair__ot_ski_make_h(h_bb, g_bb, m, lb, o.eps);
		}
		b.eps = o.eps;
		smin_batch_run(&b, o.threads, s0, s1);
		iters++;
	}
	memcpy(f_ba, ft_ba, n * sizeof *f_ba);
	memcpy(g_ab, gt_ab, m * sizeof *g_ab);
	if (debias) {
		memcpy(f_aa, ft_aa, n * sizeof *f_aa);
		memcpy(g_bb, gt_bb, m * sizeof *g_bb);
	}

	/* step 6: value from the dual potentials */
	double sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0;
	for (size_t i = 0; i < n; i++)
		sa += f_ba[i];
	for (size_t j = 0; j < m; j++)
		sb += g_ab[j];
	double ot_ab = sa / (double)n + sb / (double)m, ot_aa = NAN, ot_bb = NAN;
	double val = ot_ab;
	if (debias) {
		for (size_t i = 0; i < n; i++)
			saa += f_aa[i];
		for (size_t j = 0; j < m; j++)
			sbb += g_bb[j];
		ot_aa = 2.0 * saa / (double)n;
		ot_bb = 2.0 * sbb / (double)m;
		val = (sa - saa) / (double)n + (sb - sbb) / (double)m;
	}
	if (!isfinite(val)) {
		rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: divergence is not finite (eps %g)", o.eps);
		goto out;
	}

	/* gradients from the final potentials (envelope theorem) */
	double *rs = s1;   /* row sums; scratch s0 holds exponentials */
	if (grad_A) {
		gsl_matrix_set_zero(grad_A);
		plan_rows(Cab, n, m, f_ba, g_ab, o.eps, o.p, rs, s0);
		st = grad_accumulate(grad_A, 1.0, Cab, rs, A, B);
		if (!st && debias) {
			plan_rows(Caa, n, n, f_aa, f_aa, o.eps, o.p, rs, s0);
			st = grad_accumulate(grad_A, -1.0, Caa, rs, A, A);
		}
		if (st) {
			rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: gradient: %s", gsl_strerror(st));
			goto out;
		}
	}
	if (grad_B) {
		gsl_matrix_set_zero(grad_B);
		plan_rows(Cba, m, n, g_ab, f_ba, o.eps, o.p, rs, s0);
		st = grad_accumulate(grad_B, 1.0, Cba, rs, B, A);
		if (!st && debias) {
			plan_rows(Cbb, m, m, g_bb, g_bb, o.eps, o.p, rs, s0);
			st = grad_accumulate(grad_B, -1.0, Cbb, rs, B, B);
		}
		if (st) {
			rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: gradient: %s", gsl_strerror(st));
			goto out;
		}
	}
	*value = val;
	if (info) {
		info->iterations = iters;
		info->schedule_len = sched;
		info->marginal_error = merr;
		info->converged = converged;
		info->ot_ab = ot_ab;
		info->ot_aa = ot_aa;
		info->ot_bb = ot_bb;
		info->float_kernels = 0;
	}
	rc = FAIR_OK;
out:
	free(buf);
	free(Cab);
	free(Cba);
	free(Caa);
	free(Cbb);
	return rc;
}
