/* sinkhorn-solve.c -- the default Sinkhorn solver (fair_sinkhorn_opts.alternate):
 * the three OT problems of the debiased divergence one at a time, OT(a,a)
 * and OT(b,b) by their symmetric averaged fixed point with Anderson
 * acceleration, then OT(a,b) by Anderson-accelerated alternating updates
 * warm-started from OT(b,b)'s potential (accelerated averaged updates of
 * both potentials if they stall); eps-scaling by log-domain sweeps when eps is small next to the
 * costs. The updates themselves (cached exponentials) are in sinkhorn-problem.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot/ot-private.h"

/* ---- the solver -------------------------------------------------------- */


struct run {
	const fair_sinkhorn_opts *o;
	size_t iters, sched_max;
	double merr;
	bool converged;
	size_t f32;   /* problems solved on a float kernel */
};

/* The marginal error a sweep must reach: tol, less the float kernel's
 * bound (SKI_F32_SLACK) while the problem has one. */
static double
stop_tol(const struct run *R, const struct fair__ot_ski_prob *P)
{
	return P->f32 ? R->o->tol - SKI_F32_SLACK : R->o->tol;
}

/* A kernel of floats for this problem (see SKI_F32_TOL)? */
static bool
use_f32(const fair_sinkhorn_opts *o, size_t n, size_t m)
{
	return o->p == 2 && o->tol >= SKI_F32_TOL && n * m >= SKI_F32_MIN_WORK;
}

static double
mean(const double *v, size_t n)
{
	double s = 0.0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

/* Number of temperatures: diam^p, times scaling^p, ..., down to eps; 1 (no
 * annealing) when eps >= max C / 100 for this problem's costs. */
static size_t
schedule(const gsl_matrix *X, const gsl_matrix *Y, double cmax, const fair_sinkhorn_opts *o,
         double *eps0, double *step)
{
	double pp = (double)o->p;
	*eps0 = pow(fair__ot_ski_diameter(X, Y), pp);
	*step = pow(o->scaling, pp);
	size_t sched = 1;
	for (double e = *eps0; e > o->eps && sched < 10000; e *= *step)
		sched++;
	if (100.0 * o->eps >= pp * cmax)
		sched = 1;
	return sched;
}

/* First kernel, at the cold start (f0, g0), which also measures the largest
 * cost; then the temperature schedule. Annealing (and p = 1) work on the
 * stored cost matrix. */
static int
prepare(struct run *R, struct fair__ot_ski_prob *P, const double *f0, const double *g0, size_t *sched,
        double *eps0, double *step)
{
	if (P->p == 1 && fair__ot_ski_costs(P))
		return -3;
	if (fair__ot_ski_ensure(P, f0, g0))
		return -1;
	*sched = schedule(P->X, P->Y, P->cmax, R->o, eps0, step);
	R->sched_max = *sched > R->sched_max ? *sched : R->sched_max;
	if (*sched > 1) {
		if (!P->C && fair__ot_ski_costs(P))
			return -3;
		P->built = false;
	}
	return 0;
}

/* Anderson acceleration (type II, depth AA_DEPTH) of the averaged map
 * G(f) = (f + T(f)) / 2: from the residuals r = G(f) - f of the last steps,
 * the next iterate is f + r - sum_k gamma_k (dx_k + dr_k) with gamma the
 * least-squares combination of the residual differences dr_k closest to r
 * (Walker and Ni, SIAM J. Numer. Anal. 2011). The fixed point, and so the
 * potential and the value, are those of the plain averaged iteration; only
 * the number of sweeps changes (27 -> 12 for the two self problems of the
 * benchmark). */
#define AA_DEPTH 4

struct anderson {
	size_t n, len, head;
	double *dx, *dr, *xprev, *rprev, *r;
	bool have_prev;
};

static int
aa_init(struct anderson *a, size_t n)
{
	memset(a, 0, sizeof *a);
	a->n = n;
	a->dx = malloc((2 * AA_DEPTH + 3) * n * sizeof *a->dx);
	if (!a->dx)
		return -1;
	a->dr = a->dx + AA_DEPTH * n;
	a->xprev = a->dr + AA_DEPTH * n;
	a->rprev = a->xprev + n;
	a->r = a->rprev + n;
	return 0;
}

static void
aa_free(struct anderson *a)
{
	free(a->dx);
}

/* Solves the small symmetric system M g = b (k x k, k <= AA_DEPTH) by
 * Gaussian elimination with partial pivoting; returns -1 when singular. */
static int
small_solve(double M[AA_DEPTH][AA_DEPTH], double *b, size_t k)
{
	for (size_t c = 0; c < k; c++) {
		size_t piv = c;
		for (size_t i = c + 1; i < k; i++)
			if (fabs(M[i][c]) > fabs(M[piv][c]))
				piv = i;
		if (!(fabs(M[piv][c]) > 0.0))
			return -1;
		if (piv != c) {
			for (size_t j = 0; j < k; j++) {
				double t = M[c][j];
				M[c][j] = M[piv][j];
				M[piv][j] = t;
			}
			double t = b[c];
			b[c] = b[piv];
			b[piv] = t;
		}
		for (size_t i = c + 1; i < k; i++) {
			double q = M[i][c] / M[c][c];
			for (size_t j = c; j < k; j++)
				M[i][j] -= q * M[c][j];
			b[i] -= q * b[c];
		}
	}
	for (size_t c = k; c-- > 0;) {
		double t = b[c];
		for (size_t j = c + 1; j < k; j++)
			t -= M[c][j] * b[j];
		b[c] = t / M[c][c];
	}
	return 0;
}

/* f <- the accelerated next iterate, from f and its full update ft, for the
 * map G(f) = f + beta (ft - f) (beta 1/2: the averaged self update; 1: one
 * alternating sweep of the cross problem). */
static void
aa_step(struct anderson *a, double *f, const double *ft, double beta)
{
	size_t n = a->n;
	double *r = a->r;
	for (size_t i = 0; i < n; i++)
		r[i] = beta * (ft[i] - f[i]);
	if (a->have_prev) {
		double *dx = a->dx + a->head * n, *dr = a->dr + a->head * n;
		for (size_t i = 0; i < n; i++) {
			dx[i] = f[i] - a->xprev[i];
			dr[i] = r[i] - a->rprev[i];
		}
		a->head = (a->head + 1) % AA_DEPTH;
		if (a->len < AA_DEPTH)
			a->len++;
	}
	memcpy(a->xprev, f, n * sizeof *f);
	memcpy(a->rprev, r, n * sizeof *r);
	a->have_prev = true;
	size_t k = a->len;
	double M[AA_DEPTH][AA_DEPTH], g[AA_DEPTH];
	bool plain = k == 0;
	if (!plain) {
		double tr = 0.0;
		for (size_t p = 0; p < k; p++) {
			const double *dp = a->dr + p * n;
			for (size_t q = 0; q <= p; q++) {
				const double *dq = a->dr + q * n;
				double t = 0.0;
				for (size_t i = 0; i < n; i++)
					t += dp[i] * dq[i];
				M[p][q] = M[q][p] = t;
			}
			double t = 0.0;
			for (size_t i = 0; i < n; i++)
				t += dp[i] * r[i];
			g[p] = t;
			tr += M[p][p];
		}
		for (size_t p = 0; p < k; p++)
			M[p][p] += 1e-12 * tr;
		plain = !(tr > 0.0) || small_solve(M, g, k) != 0;
		for (size_t p = 0; p < k && !plain; p++)
			plain = !isfinite(g[p]);
	}
	for (size_t i = 0; i < n; i++) {
		double x = f[i] + r[i];
		for (size_t p = 0; !plain && p < k; p++)
			x -= g[p] * (a->dx[p * n + i] + a->dr[p * n + i]);
		f[i] = x;
	}
}

/* OT(a, a) for the rows of X: potential f (n) at the target eps, by the
 * symmetric averaged fixed point f <- (f + T(f)) / 2 (the kernel of a
 * squared-distance cost is positive semi-definite, so each sweep contracts
 * every error mode by at least 2), stopping at tol with its last full update. */
static int
solve_self(struct run *R, struct fair__ot_ski_prob *P, double *f, double *ft)
{
	const fair_sinkhorn_opts *o = R->o;
	size_t n = P->n;
	double eps0, step;
	size_t sched;
	memset(f, 0, n * sizeof *f);
	int rc = prepare(R, P, f, f, &sched, &eps0, &step);
	if (rc)
		return rc;
	if (sched > 1) {
		fair__ot_ski_make_h(P->h, NULL, n, P->la, eps0);
		fair__ot_ski_smin_rows(P->C, n, n, P->h, eps0, f, o->threads, P->t0, P->t1);
		for (size_t k = 0; k + 1 < sched; k++) {
			double e = eps0 * pow(step, (double)k);
			fair__ot_ski_make_h(P->h, f, n, P->la, e);
			fair__ot_ski_smin_rows(P->C, n, n, P->h, e, ft, o->threads, P->t0, P->t1);
			for (size_t i = 0; i < n; i++)
				f[i] = 0.5 * (f[i] + ft[i]);
			R->iters++;
		}
	} else {
		/* start: the averaged update from zero potentials, f = T(0) / 2
		 * (exact when the potential is constant, since T(f + c) = T(f) -
		 * c; doc/methods.md's f = T(0) costs one more sweep) */
		fair__ot_ski_upd_rows(P, f, ft);
		for (size_t i = 0; i < n; i++)
			f[i] = 0.5 * ft[i];
	}
	struct anderson aa;
	if (aa_init(&aa, n))
		return -3;
	double es = HUGE_VAL, es_prev = HUGE_VAL;
	for (size_t it = 0;; it++) {
		if (fair__ot_ski_ensure(P, f, f)) {
			rc = -1;
			break;
		}
		fair__ot_ski_upd_rows(P, f, ft);
		R->iters++;
		es = fair__ot_ski_marg_err(f, ft, n, P->eps);
		if (isnan(es)) {
			rc = -2;
			break;
		}
		if (es < stop_tol(R, P) || it >= o->max_iter)
			break;
		/* a step that made things worse restarts the acceleration */
		if (es > es_prev)
			aa.len = 0;
		es_prev = es;
		aa_step(&aa, f, ft, 0.5);
	}
	aa_free(&aa);
	if (rc)
		return rc;
	memcpy(f, ft, n * sizeof *f);
	R->merr = es > R->merr ? es : R->merr;
	R->converged = R->converged && es < o->tol;
	return 0;
}

/* Averaged simultaneous sweeps at temperature e in the log domain, from
 * (f, g); CT holds the transposed costs. */
static void
anneal_sweep(struct fair__ot_ski_prob *P, const double *CT, double e, double *f, double *g, double *ft,
             double *gt, int threads)
{
	fair__ot_ski_make_h(P->h, g, P->m, P->lb, e);
	fair__ot_ski_smin_rows(P->C, P->n, P->m, P->h, e, ft, threads, P->t0, P->t1);
	fair__ot_ski_make_h(P->h, f, P->n, P->la, e);
	fair__ot_ski_smin_rows(CT, P->m, P->n, P->h, e, gt, threads, P->t0, P->t1);
	for (size_t i = 0; i < P->n; i++)
		f[i] = 0.5 * (f[i] + ft[i]);
	for (size_t j = 0; j < P->m; j++)
		g[j] = 0.5 * (g[j] + gt[j]);
}

/* OT(a, b): potentials f (n), g (m). Alternating updates (f from g, then g
 * from the new f; POT's and Cuturi's Sinkhorn) with Anderson acceleration of
 * g, warm-started from g_init when given (the self potential of b: exact
 * when the clouds coincide). Alternating updates crawl when the clouds
 * nearly coincide, so if the marginal error falls by less than 10x over 20
 * sweeps the problem restarts from the plain start with averaged
 * simultaneous updates (doc/methods.md 6.1 steps 4-5), Anderson-accelerated on
 * (f, g) together: on the benchmark's hard problem (300 points, eps 1/160 of
 * the costs) that takes 800 sweeps where plain averaging took 71,000. On
 * return f, g hold the last full updates. */
static int
solve_cross(struct run *R, struct fair__ot_ski_prob *P, const double *g_init, double *f, double *g, double *ft, double *gt)
{
	const fair_sinkhorn_opts *o = R->o;
	size_t n = P->n, m = P->m;
	double eps0, step;
	size_t sched;
	memset(f, 0, n * sizeof *f);
	if (g_init)
		memcpy(g, g_init, m * sizeof *g);
	else
		memset(g, 0, m * sizeof *g);
	int rc = prepare(R, P, f, g, &sched, &eps0, &step);
	if (rc)
		return rc;
	bool annealed = sched > 1;
	if (annealed) {
		/* K's buffer holds C^T while annealing */
		double *CT = P->K;
		fair__ot_ski_transpose(P->C, n, m, CT);
		fair__ot_ski_make_h(P->h, NULL, m, P->lb, eps0);
		fair__ot_ski_smin_rows(P->C, n, m, P->h, eps0, f, o->threads, P->t0, P->t1);
		fair__ot_ski_make_h(P->h, NULL, n, P->la, eps0);
		fair__ot_ski_smin_rows(CT, m, n, P->h, eps0, g, o->threads, P->t0, P->t1);
		for (size_t k = 0; k + 1 < sched; k++) {
			anneal_sweep(P, CT, eps0 * pow(step, (double)k), f, g, ft, gt, o->threads);
			R->iters++;
		}
		P->built = false;
	}
	/* the start of a restart: annealed potentials, else the first full
	 * update from zero potentials (computed when needed) */
	double *f_save = malloc((n + m) * sizeof *f_save);
	if (!f_save)
		return -3;
	double *g_save = f_save + n;
	if (annealed) {
		memcpy(f_save, f, n * sizeof *f);
		memcpy(g_save, g, m * sizeof *g);
	}
	double hist[21];
	bool jacobi = false;
	double ecross = HUGE_VAL, e_prev = HUGE_VAL, ej_prev = HUGE_VAL;
	struct anderson aa, aaj;
	double *xj = malloc(2 * (n + m) * sizeof *xj), *xjt = xj ? xj + n + m : NULL;
	if (!xj || aa_init(&aa, m)) {
		free(xj);
		free(f_save);
		return -3;
	}
	if (aa_init(&aaj, n + m)) {
		aa_free(&aa);
		free(xj);
		free(f_save);
		return -3;
	}
	for (size_t k = 0;; k++) {
		if (jacobi) {
			if (fair__ot_ski_ensure(P, f, g)) {
				rc = -1;
				break;
			}
			fair__ot_ski_upd_rows(P, g, ft);
			fair__ot_ski_upd_cols(P, f, gt);
			double e1 = fair__ot_ski_marg_err(f, ft, n, P->eps), e2 = fair__ot_ski_marg_err(g, gt, m, P->eps);
			ecross = e1 > e2 ? e1 : e2;
		} else {
			if (fair__ot_ski_ensure(P, f, g)) {
				rc = -1;
				break;
			}
			/* f from g, then g from the new f, in one pass over K */
			if (fair__ot_ski_upd_alt(P, g, f, gt)) {
				rc = -1;
				break;
			}
			ecross = fair__ot_ski_marg_err(g, gt, m, P->eps);
			memcpy(ft, f, n * sizeof *f);
		}
		R->iters++;
		if (isnan(ecross)) {
			rc = -2;
			break;
		}
		if (ecross < stop_tol(R, P) || k >= o->max_iter)
			break;
		if (jacobi) {
			/* Anderson-accelerated averaged sweeps of (f, g) together */
			memcpy(xj, f, n * sizeof *f);
			memcpy(xj + n, g, m * sizeof *g);
			memcpy(xjt, ft, n * sizeof *f);
			memcpy(xjt + n, gt, m * sizeof *g);
			if (ecross > ej_prev)
				aaj.len = 0;
			ej_prev = ecross;
			aa_step(&aaj, xj, xjt, 0.5);
			memcpy(f, xj, n * sizeof *f);
			memcpy(g, xj + n, m * sizeof *g);
		} else {
			/* Anderson-accelerated alternating sweeps; a step that made
			 * things worse restarts the acceleration */
			if (ecross > e_prev)
				aa.len = 0;
			e_prev = ecross;
			aa_step(&aa, g, gt, 1.0);
			if (k >= 20 && ecross > 0.1 * hist[(k - 20) % 21]) {
				jacobi = true;
				if (!annealed) {
					memset(f_save, 0, (n + m) * sizeof *f_save);
					if (fair__ot_ski_ensure(P, f_save, g_save)) {
						rc = -1;
						break;
					}
					fair__ot_ski_upd_rows(P, g_save, ft);
					fair__ot_ski_upd_cols(P, f_save, gt);
					memcpy(f_save, ft, n * sizeof *f);
					memcpy(g_save, gt, m * sizeof *g);
				}
				memcpy(f, f_save, n * sizeof *f);
				memcpy(g, g_save, m * sizeof *g);
			}
			hist[k % 21] = ecross;
		}
	}
	free(f_save);
	free(xj);
	aa_free(&aa);
	aa_free(&aaj);
	if (rc)
		return rc;
	memcpy(f, ft, n * sizeof *f);
	memcpy(g, gt, m * sizeof *g);
	R->merr = ecross > R->merr ? ecross : R->merr;
	R->converged = R->converged && ecross < o->tol;
	return 0;
}

int
fair__ot_ski_divergence(const gsl_matrix *A, const gsl_matrix *B, const fair_sinkhorn_opts *o,
                    bool debias, double *value, gsl_matrix *grad_A, gsl_matrix *grad_B,
                    fair_sinkhorn_info *info, fair_error *err)
{
	const size_t n = A->size1, m = B->size1, nm = n > m ? n : m, r = A->size2;
	size_t big = n * m;
	if (debias) {
		big = n * n > big ? n * n : big;
		big = m * m > big ? m * m : big;
	}
	int rc = FAIR_ENOMEM;
	double *C = NULL, *K = fair__ot_ski_big_alloc(big);
	double *buf = malloc((17 * nm + 4 * nm * (r + 1) + 2 * SKI_BLOCK * nm) * sizeof *buf);
	/* a float kernel's blocks widened for the gradients (touched only then) */
	double *gs = use_f32(o, n, m) || (debias && (use_f32(o, n, n) || use_f32(o, m, m)))
	             ? malloc(2 * SKI_GRAD_BLOCK * nm * sizeof *gs) : NULL;
	if (!K || !buf || (!gs && (use_f32(o, n, m) || (debias && (use_f32(o, n, n) || use_f32(o, m, m)))))) {
		fair_error_set(err, FAIR_ENOMEM, "sinkhorn: cannot allocate cost matrices for %zu x %zu points", n, m);
		goto out;
	}
	double *f_aa = buf, *g_bb = f_aa + nm, *f_ab = g_bb + nm, *g_ab = f_ab + nm;
	double *ft = g_ab + nm, *gt = ft + nm, *fh = gt + nm, *gh = fh + nm;
	double *w = gh + nm, *s = w + nm, *s2 = s + nm, *t0 = s2 + nm, *t1 = t0 + nm, *h = t1 + nm;
	double *WY = h + nm, *Out = WY + nm * (r + 1), *nx = Out + nm * (r + 1), *ny = nx + nm;
	double *blk0 = ny + nm, *blk1 = blk0 + SKI_BLOCK * nm;
	double *Ot0 = blk1 + SKI_BLOCK * nm, *Ot1 = Ot0 + nm * (r + 1);
	struct run R = { o, 0, 0, 0.0, true, 0 };
	const double la = -log((double)n), lb = -log((double)m);
	struct fair__ot_ski_prob P0 = { .C = NULL, .Cbuf = &C, .cbuf_len = big, .K = K, .Kf = (float *)K,
	                   .gs = { gs, gs ? gs + SKI_GRAD_BLOCK * nm : NULL }, .p = o->p,
	                   .nx = nx, .ny = ny, .blk = { blk0, blk1 }, .fh = fh, .gh = gh, .eps = o->eps, .threads = o->threads,
	                   .w = w, .s = s, .s2 = s2, .t0 = t0, .t1 = t1, .h = h, .WY = WY, .Out = Out,
	                   .Ot = { Ot0, Ot1 } };
	if (grad_A)
		gsl_matrix_set_zero(grad_A);
	if (grad_B)
		gsl_matrix_set_zero(grad_B);

	const char *stage = "OT(a,a)";
	double ot_aa = NAN, ot_bb = NAN;
	if (debias) {
		for (int q = 0; q < 2; q++) {
			const gsl_matrix *X = q ? B : A;
			gsl_matrix *G = q ? grad_B : grad_A;
			double *pot = q ? g_bb : f_aa;
			size_t len = X->size1;
			stage = q ? "OT(b,b)" : "OT(a,a)";
			struct fair__ot_ski_prob P = P0;
			P.n = P.m = len;
			P.sym = true;
			P.f32 = use_f32(o, len, len);
			P.la = P.lb = q ? lb : la;
			fair__ot_ski_set_points(&P, X, X);
			if ((rc = solve_self(&R, &P, pot, ft)) != 0)
				goto solver_fail;
			if (G && (rc = fair__ot_ski_gradients(&P, pot, pot, G, NULL, -1.0, X, X, o->p)) != 0)
				goto solver_fail;
			R.f32 += P.f32;
		}
		ot_aa = 2.0 * mean(f_aa, n);
		ot_bb = 2.0 * mean(g_bb, m);
	}
	stage = "OT(a,b)";
	struct fair__ot_ski_prob P = P0;
	P.n = n;
	P.m = m;
	P.f32 = use_f32(o, n, m);
	P.la = la;
	P.lb = lb;
	fair__ot_ski_set_points(&P, A, B);
	if ((rc = solve_cross(&R, &P, debias ? g_bb : NULL, f_ab, g_ab, ft, gt)) != 0)
		goto solver_fail;
	if ((grad_A || grad_B) && (rc = fair__ot_ski_gradients(&P, f_ab, g_ab, grad_A, grad_B, 1.0, A, B, o->p)) != 0)
		goto solver_fail;
	R.f32 += P.f32;

	double sa = 0.0, sb = 0.0;
	for (size_t i = 0; i < n; i++)
		sa += f_ab[i] - (debias ? f_aa[i] : 0.0);
	for (size_t j = 0; j < m; j++)
		sb += g_ab[j] - (debias ? g_bb[j] : 0.0);
	double val = sa / (double)n + sb / (double)m;
	if (!isfinite(val)) {
		rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: divergence is not finite (eps %g)", o->eps);
		goto out;
	}
	*value = val;
	if (info) {
		info->iterations = R.iters;
		info->schedule_len = R.sched_max;
		info->marginal_error = R.merr;
		info->converged = R.converged;
		info->ot_ab = mean(f_ab, n) + mean(g_ab, m);
		info->ot_aa = ot_aa;
		info->ot_bb = ot_bb;
		info->float_kernels = R.f32;
	}
	rc = FAIR_OK;
	goto out;
solver_fail:
	if (rc == -3)
		rc = fair_error_set(err, FAIR_ENOMEM, "sinkhorn: cannot allocate the cost matrix for %s", stage);
	else if (rc == -2)
		rc = fair_error_set(err, FAIR_ENUMERIC, "sinkhorn: iterations diverged (eps %g, %s)", o->eps, stage);
	else
		rc = fair_error_set(err, FAIR_ENUMERIC,
		                    "sinkhorn: the potentials left the range the kernel can represent (eps %g, %s)",
		                    o->eps, stage);
out:
	free(C);
	free(K);
	free(buf);
	free(gs);
	return rc;
}
