/* sinkhorn-problem.c -- one entropic OT problem of the default Sinkhorn solver
 * (sinkhorn-solve.c): costs, cached kernel, updates and gradients, in the
 * log domain with cached exponentials.
 *
 * Why cached exponentials. A log-domain update
 *   f_i <- -eps log sum_j b_j exp((g_j - C_ij)/eps)
 * spends its time in the n m exponentials. Write g = gh + (g - gh) for a
 * reference potential gh (and fh for f) and factor the sum:
 *   f_i = fh_i - eps log sum_j K_ij w_j,
 *   K_ij = exp((fh_i + gh_j - C_ij)/eps),  w_j = b_j exp((g_j - gh_j)/eps).
 * K is computed once (n m exponentials) and reused while the potentials stay
 * within SKI_TAU eps of (fh, gh); then each update is one matrix-vector product
 * (no exponentials) and the result is exactly the log-domain soft-min of
 * doc/methods.md 6.1, with the stored reference potentials as the shift instead
 * of the row maximum (Schmitzer's "absorption", SIAM J. Sci. Comput. 2019;
 * POT's sinkhorn_stabilized). Stability is that of the log domain:
 *  - potentials are kept in the log domain; only the factors w, bounded by
 *    exp(+-SKI_TAU), leave it;
 *  - when a potential drifts more than SKI_TAU eps from its reference, the
 *    reference moves to it and K is rebuilt (at most a few times);
 *  - a build whose exponents exceed SKI_ARG_MAX anywhere is refused: the row
 *    potential is first set by one exact log-domain soft-min, after which
 *    every exponent is at most log m;
 *  - a row or column whose sum falls below SKI_TINY (all its entries underflow:
 *    eps far below the costs) is recomputed by the exact soft-min with the
 *    maximum factored out.
 * On the benchmark problem (2,000 x 2,000 points, 16 dimensions, eps 0.1)
 * each problem builds its kernel once; a sweep costs a matrix-vector product
 * (under 1 ms) instead of n m exponentials (about 20 ms). Annealing (eps
 * scaling) steps, one sweep per temperature, stay plain log-domain soft-mins.
 * Costs are not stored unless annealing or p = 1 needs them: each kernel
 * build recomputes them block by block with one dgemm (half of them for the
 * symmetric self problems).
 *
 * An alternating sweep of the cross problem (f from g, then g from the new
 * f) reads the kernel once: each row's new potential is known when its dot
 * product ends, so the row, still in cache, adds to the column sums then
 * (fair__ot_ski_upd_alt). Large problems solved to the usual tolerances
 * store the kernel in floats (SKI_F32_TOL in ot-private.h): half the bytes
 * per sweep, the products (sinkhorn-prod.h, once per storage type) still
 * summing in doubles.
 *
 * Kernel builds, matrix-vector products and gradient products are split
 * over two threads by rows (K^T w as two partial sums over the two halves
 * of the rows, computed the same way by one thread), with every entry
 * summed in the same order whatever the split, so results do not depend on
 * the thread count. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <gsl/gsl_blas.h>

#include "ot/ot-private.h"

typedef fair_v4d v4d;
typedef fair_v4i v4i;
typedef fair_v4f v4f;

/* ---- two-thread split of a range -------------------------------------- */

/* Below this many kernel entries a second thread costs more to start (tens
 * of microseconds, once per product) than it saves: a 500 x 500 product
 * takes about 60 microseconds on one thread. */
#define PAR_MIN_WORK ((size_t)1000000)

typedef int (*range_fn)(struct fair__ot_ski_prob *, size_t, size_t);

struct range_job {
	range_fn fn;
	struct fair__ot_ski_prob *P;
	size_t lo, hi;
	int rc;
};

static void *
range_run(void *arg)
{
	struct range_job *r = arg;
	r->rc = r->fn(r->P, r->lo, r->hi);
	return NULL;
}

/* fn over [0, N), as [0, split) and [split, N) on two threads when asked
 * and the problem is large; returns the OR of the parts' results. */
static int
par2_at(range_fn fn, struct fair__ot_ski_prob *P, size_t N, size_t split)
{
	if (P->threads >= 2 && P->n * P->m >= PAR_MIN_WORK && split > 0 && split < N) {
		struct range_job r = { fn, P, split, N, 0 };
		pthread_t th;
		if (pthread_create(&th, NULL, range_run, &r) == 0) {
			int rc = fn(P, 0, split);
			pthread_join(th, NULL);
			return rc | r.rc;
		}
	}
	return fn(P, 0, N);
}

/* the same, split in the middle */
static int
par2(range_fn fn, struct fair__ot_ski_prob *P, size_t N)
{
	return par2_at(fn, P, N, N / 2);
}

/* ---- costs -------------------------------------------------------------- */

/* A cost or kernel matrix: 2 MB aligned and, where the kernel offers it,
 * backed by transparent huge pages (a 32 MB matrix then takes 16 page
 * faults instead of 8,192: a tenth of the time of a whole divergence on the
 * benchmark problem). Freed with free(). */
double *
fair__ot_ski_big_alloc(size_t count)
{
	void *p = NULL;
	size_t bytes = count * sizeof(double);
	if (bytes < ((size_t)1 << 21))
		return malloc(bytes ? bytes : 1);
	if (posix_memalign(&p, (size_t)1 << 21, bytes) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

/* fair__ot_ski_cost_rows over the row blocks lo..hi (SKI_BLOCK rows each: every
 * block is one dgemm of the same shape whatever the thread split, so the
 * costs do not depend on it); the largest cost goes to cm[0] or cm[1]. */
static int
cost_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	double mx = 0.0;
	for (size_t b = lo; b < hi; b++) {
		size_t i0 = b * SKI_BLOCK, i1 = i0 + SKI_BLOCK < P->n ? i0 + SKI_BLOCK : P->n;
		if (fair__ot_ski_cost_rows(P->X, P->Y, P->p, P->nx, P->ny, i0, i1, P->C, &mx))
			return 1;
	}
	P->cm[lo == 0 ? 0 : 1] = mx;
	return 0;
}


/* The squared norms behind the p = 2 costs of the rows of X against the
 * rows of Y (C itself is not computed). */
void
fair__ot_ski_set_points(struct fair__ot_ski_prob *P, const gsl_matrix *X, const gsl_matrix *Y)
{
	P->X = X;
	P->Y = Y;
	fair__ot_ski_sqnorms(X, P->nx);
	fair__ot_ski_sqnorms(Y, P->ny);
}

/* Stores the full cost matrix in P->Cbuf (annealing, p = 1); sets P->C and
 * P->cmax. */
int
fair__ot_ski_costs(struct fair__ot_ski_prob *P)
{
	if (!*P->Cbuf && !(*P->Cbuf = fair__ot_ski_big_alloc(P->cbuf_len)))
		return GSL_ENOMEM;
	P->C = *P->Cbuf;
	P->cm[0] = P->cm[1] = 0.0;
	if (par2(cost_blocks, P, (P->n + SKI_BLOCK - 1) / SKI_BLOCK))
		return GSL_EFAILED;
	P->cmax = P->cm[0] > P->cm[1] ? P->cm[0] : P->cm[1];
	return 0;
}

/* One cost C_ij (the same formula as fair__ot_ski_cost_rows, the dot product summed
 * plainly): for the rare exact soft-mins when C is not stored. */
static double
cost_at(const struct fair__ot_ski_prob *P, size_t i, size_t j)
{
	if (P->C)
		return P->C[i * P->m + j];
	double dot = 0.0;
	for (size_t k = 0; k < P->X->size2; k++)
		dot += gsl_matrix_get(P->X, i, k) * gsl_matrix_get(P->Y, j, k);
	double d2 = -2.0 * dot + P->nx[i] + P->ny[j];
	return 0.5 * (d2 > 0.0 ? d2 : 0.0);
}

/* ---- kernel and products ---------------------------------------------- */

/* fair__ot_ski_vexp4 to the accuracy a float kernel keeps: the same
 * reduction, exp(r) by its degree-7 Taylor polynomial (|r| <= ln2/2:
 * truncation below (ln2/2)^8 / 8! e^(ln2) = 1.1e-8 relative, a sixth of a
 * float's 2^-24 rounding), for exponents in [-SKI_F32_RANGE,
 * SKI_F32_RANGE] (the build checks them; beyond, the kernel keeps doubles). */
static FAIR_INLINE void
vexp4_f(const double *in, double *out)
{
	v4d x;
	memcpy(&x, in, sizeof x);
	const v4d shift = { 0x1.8p52, 0x1.8p52, 0x1.8p52, 0x1.8p52 };
	const v4d lo = { -700.0, -700.0, -700.0, -700.0 }, hi = { 700.0, 700.0, 700.0, 700.0 };
	v4i under = x < lo, over = x > hi;
	x = (v4d)(((v4i)x & ~under) | ((v4i)lo & under));
	x = (v4d)(((v4i)x & ~over) | ((v4i)hi & over));
	v4d kd = x * 1.4426950408889634 + shift;
	v4i ki = (v4i)kd - (v4i)shift;
	v4d k = kd - shift;
	v4d r = x - k * 6.93147180369123816490e-01;
	r = r - k * 1.90821492927058770002e-10;
	v4d q = r * (1.0 / 5040.0) + 1.0 / 720.0;
	q = q * r + 1.0 / 120.0;
	q = q * r + 1.0 / 24.0;
	q = q * r + 1.0 / 6.0;
	q = q * r + 0.5;
	q = q * r + 1.0;
	q = q * r + 1.0;
	v4i scale = (ki + 1023) << 52;
	v4d res = q * (v4d)scale;
	memcpy(out, &res, sizeof res);
}

/* K_ij = exp((fh_i + gh_j - C_ij)/eps) for j0 <= j < m, from c[0..m-j0):
 * the costs C_ij themselves, or, when @raw, the dgemm output -2 x_i.y_j,
 * turned into C_ij = max(0, |x_i|^2 + |y_j|^2 - 2 x_i.y_j) / 2 on the way
 * (the formula of fair__ot_ski_cost_rows; the largest such cost goes to *cmx). Returns
 * the largest exponent. */
static FAIR_INLINE double
kernel_row(struct fair__ot_ski_prob *P, const double *c, size_t i, size_t j0, bool raw, double *cmx, double *rmin)
{
	const double inv = 1.0 / P->eps;
	const v4d vinv = { inv, inv, inv, inv };
	const double *gh = P->gh + j0, *ny = P->ny + j0;
	const size_t len = P->m - j0;
	double *k = P->f32 ? NULL : P->K + i * P->m + j0;
	float *kf = P->f32 ? P->Kf + i * P->m + j0 : NULL;
	const double fi = P->fh[i], nx = raw ? P->nx[i] : 0.0;
	const v4d vf = { fi, fi, fi, fi }, vnx = { nx, nx, nx, nx };
	const v4d zero = { 0.0, 0.0, 0.0, 0.0 }, half = { 0.5, 0.5, 0.5, 0.5 };
	v4d mx = { -HUGE_VAL, -HUGE_VAL, -HUGE_VAL, -HUGE_VAL }, cm = zero;
	v4d mn = { HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL };
	size_t j = 0;
	for (; j + 4 <= len; j += 4) {
		v4d g4, c4;
		memcpy(&g4, gh + j, sizeof g4);
		memcpy(&c4, c + j, sizeof c4);
		if (raw) {
			v4d y4;
			memcpy(&y4, ny + j, sizeof y4);
			v4d d2 = c4 + vnx + y4;
			v4i pos = d2 > zero;
			d2 = (v4d)((v4i)d2 & pos);
			c4 = half * d2;
			v4i gc = c4 > cm;
			cm = (v4d)(((v4i)c4 & gc) | ((v4i)cm & ~gc));
		}
		v4d t = (vf + g4 - c4) * vinv;
		v4i gt = t > mx;
		mx = (v4d)(((v4i)t & gt) | ((v4i)mx & ~gt));
		v4i lt = t < mn;
		mn = (v4d)(((v4i)t & lt) | ((v4i)mn & ~lt));
		double tt[4];
		memcpy(tt, &t, sizeof tt);
		if (kf) {
			double ed[4];
			v4d e;
			vexp4_f(tt, ed);
			memcpy(&e, ed, sizeof e);
			v4f e4 = FAIR_V4D_TO_V4F(e);
			memcpy(kf + j, &e4, sizeof e4);
		} else {
			fair__ot_ski_vexp4(tt, k + j);
		}
	}
	double rmax = -HUGE_VAL, cmax = *cmx, rlo = HUGE_VAL;
	for (int l = 0; l < 4; l++) {
		rmax = mx[l] > rmax ? mx[l] : rmax;
		rlo = mn[l] < rlo ? mn[l] : rlo;
		cmax = cm[l] > cmax ? cm[l] : cmax;
	}
	for (; j < len; j++) {
		double cj = c[j];
		if (raw) {
			double d2 = cj + nx + ny[j];
			cj = 0.5 * (d2 > 0.0 ? d2 : 0.0);
			cmax = cj > cmax ? cj : cmax;
		}
		double tt[4] = { (fi + gh[j] - cj) * inv, 0.0, 0.0, 0.0 }, e[4];
		rmax = tt[0] > rmax ? tt[0] : rmax;
		rlo = tt[0] < rlo ? tt[0] : rlo;
		fair__ot_ski_vexp4(tt, e);
		if (kf)
			kf[j] = (float)e[0];
		else
			k[j] = e[0];
	}
	*cmx = cmax;
	*rmin = rlo < *rmin ? rlo : *rmin;
	return rmax;
}

/* The mirror of the block upper triangle into the rows below, for the row
 * blocks lo..hi: block b copies the part right of its diagonal tile into
 * its columns of the rows below (disjoint writes for disjoint blocks). */
static int
mirror_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m;
	for (size_t b = lo; b < hi; b++) {
		size_t i0 = b * SKI_BLOCK, i1 = i0 + SKI_BLOCK < P->n ? i0 + SKI_BLOCK : P->n;
		for (size_t j = i1; j < m; j++)
			for (size_t i = i0; i < i1; i++) {
				if (P->f32)
					P->Kf[j * m + i] = P->Kf[i * m + j];
				else
					P->K[j * m + i] = P->K[i * m + j];
			}
	}
	return 0;
}

/* Row block where the work of the block upper triangle halves: block b
 * holds about nb - b tiles. */
static size_t
tri_split(size_t nb)
{
	size_t split = 0;
	double tot = 0.5 * (double)nb * (double)(nb + 1), acc = 0.0;
	while (split < nb && acc < 0.5 * tot)
		acc += (double)(nb - split++);
	return split;
}

void
fair__ot_ski_full(struct fair__ot_ski_prob *P)
{
	size_t nb = (P->n + SKI_BLOCK - 1) / SKI_BLOCK;
	if (!P->tri)
		return;
	par2_at(mirror_blocks, P, nb, tri_split(nb));
	P->tri = false;
}

/* K_ij = exp((fh_i + gh_j - C_ij)/eps) for the row blocks lo..hi (SKI_BLOCK rows
 * each). When C is not stored, each block's costs come from one dgemm into
 * the thread's scratch (the formula of fair__ot_ski_cost_rows, so stored and recomputed
 * costs are the same numbers); the largest cost seen goes to cm[]. Returns 1
 * when an exponent exceeds SKI_ARG_MAX (the build is then refused).
 * @sym (self costs, fh = gh, so K = K^T): row block b computes its columns
 * from its own first row on, each entry once: half the exponentials and
 * half the dgemm, and K is left block upper triangular (tri; the products
 * use the symmetry, fair__ot_ski_full completes it for the gradients). */
FAIR_CLONES static int
build_part(struct fair__ot_ski_prob *P, size_t lo, size_t hi, bool sym)
{
	const size_t m = P->m, r = P->X->size2;
	const int tid = lo == 0 ? 0 : 1;
	double *blk = P->blk[tid], cmx = 0.0;
	int bad = 0;
	for (size_t b = lo; b < hi; b++) {
		size_t i0 = b * SKI_BLOCK, i1 = i0 + SKI_BLOCK < P->n ? i0 + SKI_BLOCK : P->n;
		size_t j0 = sym ? i0 : 0, w = m - j0, stride = w;
		const double *cb;
		if (P->C) {
			cb = P->C + i0 * m + j0;
			stride = m;
		} else {
			gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(P->X, i0, 0, i1 - i0, r);
			gsl_matrix_const_view Yb = gsl_matrix_const_submatrix(P->Y, j0, 0, w, r);
			gsl_matrix_view Cb = gsl_matrix_view_array(blk, i1 - i0, w);
			if (gsl_blas_dgemm(CblasNoTrans, CblasTrans, -2.0, &Xb.matrix, &Yb.matrix, 0.0, &Cb.matrix))
				return 1;
			cb = blk;
		}
		for (size_t i = i0; i < i1; i++) {
			double rmin = HUGE_VAL;
			double rmax = kernel_row(P, cb + (i - i0) * stride, i, j0, !P->C, &cmx, &rmin);
			if (!(rmax <= SKI_ARG_MAX))
				bad |= 1;
			if (P->f32 && !(rmax <= SKI_F32_RANGE && rmin >= -SKI_F32_RANGE))
				bad |= 2;
		}
	}
	if (!P->C)
		P->cm[tid] = cmx;
	return bad;
}

static int
build_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	return build_part(P, lo, hi, false);
}

static int
build_sym_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	return build_part(P, lo, hi, true);
}

/* Builds K at the current references (fh, gh); returns build_blocks'
 * verdict. Without stored costs, sets P->cmax from the costs it saw. A
 * kernel of floats (f32) whose exponents leave [-SKI_F32_RANGE,
 * SKI_F32_RANGE] is built again in doubles, and the problem stays so. */
static int
build(struct fair__ot_ski_prob *P)
{
	P->cm[0] = P->cm[1] = 0.0;
	size_t nb = (P->n + SKI_BLOCK - 1) / SKI_BLOCK;
	int bad;
	if (P->sym && memcmp(P->fh, P->gh, P->n * sizeof *P->fh) == 0) {
		/* block b costs about nb - b: split where the work halves */
		P->tsplit = tri_split(nb);
		bad = par2_at(build_sym_blocks, P, nb, P->tsplit);
		P->tri = true;
	} else {
		bad = par2(build_blocks, P, nb);
		P->tri = false;
	}
	if (!P->C)
		P->cmax = P->cm[0] > P->cm[1] ? P->cm[0] : P->cm[1];
	if ((bad & 2) && !(bad & 1)) {
		/* exponents beyond what floats hold: this problem keeps doubles */
		P->f32 = false;
		return build(P);
	}
	return bad & 1;
}

/* The products (sinkhorn-prod.h) for a kernel of doubles (_d) and of
 * floats (_f): four entries at a time, widened to doubles. */
#define KLD4_D(dst, p) memcpy(&(dst), (p), sizeof(dst))
#define KLD4_F(dst, p)                                        \
	do {                                                  \
		v4f kld_;                                     \
		memcpy(&kld_, (p), sizeof kld_);              \
		(dst) = FAIR_V4F_TO_V4D(kld_);                \
	} while (0)

static double exact_smin(const struct fair__ot_ski_prob *P, bool col, size_t i, const double *pot);

#define KT double
#define KSFX _d
#define KMAT(P) ((P)->K)
#define KLD4 KLD4_D
#include "ot/sinkhorn-prod.h"
#undef KT
#undef KSFX
#undef KMAT
#undef KLD4
#define KT float
#define KSFX _f
#define KMAT(P) ((P)->Kf)
#define KLD4 KLD4_F
#include "ot/sinkhorn-prod.h"
#undef KT
#undef KSFX
#undef KMAT
#undef KLD4

/* the product for the kernel's storage */
#define KSEL(P, name) ((P)->f32 ? name##_f : name##_d)

/* s = K w for a block upper triangular K. */
static void
mv_sym(struct fair__ot_ski_prob *P)
{
	memset(P->s2, 0, P->m * sizeof *P->s2);
	memset(P->t1, 0, P->m * sizeof *P->t1);
	par2_at(KSEL(P, mv_sym_part), P, (P->n + SKI_BLOCK - 1) / SKI_BLOCK, P->tsplit);
	for (size_t j = 0; j < P->m; j++)
		P->s[j] = (P->s[j] + P->s2[j]) + P->t1[j];
}

/* s_j = sum_i K_ij w_i. */
static void
mv_cols(struct fair__ot_ski_prob *P)
{
	if (P->tri) {   /* K = K^T */
		mv_sym(P);
		return;
	}
	par2(KSEL(P, mv_cols_half), P, 2);
	for (size_t j = 0; j < P->m; j++)
		P->s[j] += P->s2[j];
}

/* The exact soft-min with the maximum factored out, for row i (col = false:
 * -eps log sum_j b_j exp((pot_j - C_ij)/eps)) or for column i (col = true,
 * over the rows with weights a). */
static double
exact_smin(const struct fair__ot_ski_prob *P, bool col, size_t i, const double *pot)
{
	size_t len = col ? P->n : P->m;
	double logw = col ? P->la : P->lb, mx = -HUGE_VAL;
	for (size_t k = 0; k < len; k++) {
		double c = col ? cost_at(P, k, i) : cost_at(P, i, k);
		double t = (pot[k] - c) / P->eps;
		mx = t > mx ? t : mx;
	}
	double s = 0.0;
	for (size_t k = 0; k < len; k++) {
		double c = col ? cost_at(P, k, i) : cost_at(P, i, k);
		s += exp((pot[k] - c) / P->eps - mx);
	}
	return -P->eps * (logw + mx + log(s));
}

static double
drift(const double *p, const double *ref, size_t len)
{
	double d = 0.0;
	for (size_t i = 0; i < len; i++) {
		double t = fabs(p[i] - ref[i]);
		d = t > d ? t : d;
	}
	return d;
}

/* Makes K fit row potential f and column potential g: rebuilt at (f, g)
 * when it was never built or either drifted more than SKI_TAU eps. A refused
 * build (exponent above SKI_ARG_MAX: f + g far above the costs) moves the row
 * reference to the exact soft-min of g, which bounds every exponent by
 * log m. Returns 0, or -1 when even that build is refused. */
int
fair__ot_ski_ensure(struct fair__ot_ski_prob *P, const double *f, const double *g)
{
	double lim = SKI_TAU * P->eps;
	if (P->built && !(drift(f, P->fh, P->n) > lim) && !(drift(g, P->gh, P->m) > lim))
		return 0;
	memcpy(P->fh, f, P->n * sizeof *f);
	if (P->gh != g)
		memcpy(P->gh, g, P->m * sizeof *g);
	if (build(P) == 0) {
		P->built = true;
		return 0;
	}
	if (P->C) {
		fair__ot_ski_make_h(P->h, g, P->m, P->lb, P->eps);
		fair__ot_ski_smin_rows(P->C, P->n, P->m, P->h, P->eps, P->fh, P->threads, P->t0, P->t1);
	} else {
		for (size_t i = 0; i < P->n; i++)
			P->fh[i] = exact_smin(P, false, i, g);
	}
	if (build(P) != 0)
		return -1;
	P->built = true;
	return 0;
}

/* fout = row update from column potential g (K must fit g). */
void
fair__ot_ski_upd_rows(struct fair__ot_ski_prob *P, const double *g, double *fout)
{
	for (size_t j = 0; j < P->m; j++)
		P->w[j] = exp(P->lb + (g[j] - P->gh[j]) / P->eps);
	if (P->tri)
		mv_sym(P);
	else
		par2(KSEL(P, mv_rows), P, P->n);
	for (size_t i = 0; i < P->n; i++) {
		double s = P->s[i];
		if (s > SKI_TINY && s < HUGE_VAL)
			fout[i] = P->fh[i] - P->eps * log(s);
		else
			fout[i] = exact_smin(P, false, i, g);
	}
}

/* gout = column update from row potential f (K must fit f). */
void
fair__ot_ski_upd_cols(struct fair__ot_ski_prob *P, const double *f, double *gout)
{
	for (size_t i = 0; i < P->n; i++)
		P->w[i] = exp(P->la + (f[i] - P->fh[i]) / P->eps);
	mv_cols(P);
	for (size_t j = 0; j < P->m; j++) {
		double s = P->s[j];
		if (s > SKI_TINY && s < HUGE_VAL)
			gout[j] = P->gh[j] - P->eps * log(s);
		else
			gout[j] = exact_smin(P, true, j, f);
	}
}

/* ---- one alternating sweep in one pass ------------------------------- */

/* One alternating sweep, fout = row update from g, then gout = column
 * update from fout, reading the kernel once (alt_half): the result of
 * fair__ot_ski_upd_rows followed by fair__ot_ski_upd_cols, bit for bit, as
 * long as K still fits fout. It does not when fout drifted more than
 * SKI_TAU eps from the kernel's reference: then the kernel is rebuilt and
 * the column update redone as separately (the caller's ensure, then
 * upd_cols); returns -1 when that rebuild is refused. A block triangular
 * (self) kernel takes the two separate updates. K must fit g. */
int
fair__ot_ski_upd_alt(struct fair__ot_ski_prob *P, const double *g, double *fout, double *gout)
{
	if (P->tri) {
		fair__ot_ski_upd_rows(P, g, fout);
		if (fair__ot_ski_ensure(P, fout, g))
			return -1;
		fair__ot_ski_upd_cols(P, fout, gout);
		return 0;
	}
	for (size_t j = 0; j < P->m; j++)
		P->w[j] = exp(P->lb + (g[j] - P->gh[j]) / P->eps);
	P->alt_f = fout;
	P->alt_g = g;
	par2(KSEL(P, alt_half), P, 2);
	if (drift(fout, P->fh, P->n) > SKI_TAU * P->eps) {
		if (fair__ot_ski_ensure(P, fout, g))
			return -1;
		fair__ot_ski_upd_cols(P, fout, gout);
		return 0;
	}
	for (size_t j = 0; j < P->m; j++) {
		double s = P->t1[j] + P->s2[j];
		if (s > SKI_TINY && s < HUGE_VAL)
			gout[j] = P->gh[j] - P->eps * log(s);
		else
			gout[j] = exact_smin(P, true, j, fout);
	}
	return 0;
}

/* ---- gradients ---------------------------------------------------------- */

/* The rows i0..i1, columns j0..j1 of a float kernel widened into @dst
 * (row-major, j1 - j0 columns): a block for a gradient dgemm. */
static void
widen(const struct fair__ot_ski_prob *P, size_t i0, size_t i1, size_t j0, size_t j1, double *dst)
{
	size_t w = j1 - j0;
	for (size_t i = i0; i < i1; i++) {
		const float *src = P->Kf + i * P->m + j0;
		double *d = dst + (i - i0) * w;
		for (size_t j = 0; j < w; j++)
			d[j] = (double)src[j];
	}
}

static int
gemm_rows(struct fair__ot_ski_prob *P, size_t lo, size_t hi, int tid)
{
	size_t r1 = P->r + 1;
	gsl_matrix_view Wv = gsl_matrix_view_array(P->WY, P->gside ? P->n : P->m, r1);
	gsl_matrix_view Ov = gsl_matrix_view_array(P->Out + lo * r1, hi - lo, r1);
	if (P->gside == 0) {
		double *k = P->K + lo * P->m;
		if (P->f32)
			widen(P, lo, hi, 0, P->m, k = P->gs[tid]);
		gsl_matrix_view Kv = gsl_matrix_view_array(k, hi - lo, P->m);
		return gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &Kv.matrix, &Wv.matrix, 0.0,
		                      &Ov.matrix) != 0;
	}
	double *k = P->K + lo;
	size_t tda = P->m;
	if (P->f32) {
		widen(P, 0, P->n, lo, hi, k = P->gs[tid]);
		tda = hi - lo;
	}
	gsl_matrix_view Kv = gsl_matrix_view_array_with_tda(k, P->n, hi - lo, tda);
	return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Kv.matrix, &Wv.matrix, 0.0,
	                      &Ov.matrix) != 0;
}

/* gemm_rows over the output blocks lo..hi of GRAD_BLOCK rows: each block is
 * one dgemm of the same shape whatever the thread split (OpenBLAS picks its
 * kernels, and so its summation order, by shape). */
#define GRAD_BLOCK SKI_GRAD_BLOCK

static int
gemm_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	size_t nx = P->gside ? P->m : P->n;
	for (size_t b = lo; b < hi; b++) {
		size_t i0 = b * GRAD_BLOCK, i1 = i0 + GRAD_BLOCK < nx ? i0 + GRAD_BLOCK : nx;
		if (gemm_rows(P, i0, i1, lo == 0 ? 0 : 1))
			return 1;
	}
	return 0;
}

/* Out = K WY for a block upper triangular K (tri, the rows' side of a self
 * problem), row blocks lo..hi, without completing K: block b's stored rows
 * give its own rows of Out (one dgemm), and their part right of the
 * diagonal tile, transposed, adds to the rows below (a second dgemm) in
 * Ot[0] (blocks before tsplit) or Ot[1], whatever the thread split. */
static int
gemm_tri_blocks(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m, r1 = P->r + 1;
	gsl_matrix_view W = gsl_matrix_view_array(P->WY, m, r1);
	for (size_t b = lo; b < hi; b++) {
		size_t i0 = b * SKI_BLOCK, i1 = i0 + SKI_BLOCK < P->n ? i0 + SKI_BLOCK : P->n;
		double *k = P->K + i0 * m + i0;
		size_t tda = m;
		if (P->f32) {   /* the block's stored part, widened */
			widen(P, i0, i1, i0, m, k = P->gs[lo == 0 ? 0 : 1]);
			tda = m - i0;
		}
		gsl_matrix_view Kr = gsl_matrix_view_array_with_tda(k, i1 - i0, m - i0, tda);
		gsl_matrix_view Wr = gsl_matrix_submatrix(&W.matrix, i0, 0, m - i0, r1);
		gsl_matrix_view Or = gsl_matrix_view_array(P->Out + i0 * r1, i1 - i0, r1);
		if (gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &Kr.matrix, &Wr.matrix, 0.0, &Or.matrix))
			return 1;
		if (i1 >= m)
			continue;
		gsl_matrix_view Kt = gsl_matrix_view_array_with_tda(k + (i1 - i0), i1 - i0, m - i1, tda);
		gsl_matrix_view Wt = gsl_matrix_submatrix(&W.matrix, i0, 0, i1 - i0, r1);
		gsl_matrix_view Ot = gsl_matrix_view_array(P->Ot[b < P->tsplit ? 0 : 1] + i1 * r1, m - i1, r1);
		if (gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Kt.matrix, &Wt.matrix, 1.0, &Ot.matrix))
			return 1;
	}
	return 0;
}

/* K := K / C entrywise (0 where C = 0): the weights of the p = 1 gradient. */
static int
div_rows(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++)
		for (size_t j = 0; j < P->m; j++) {
			double c = P->C[i * P->m + j];
			P->K[i * P->m + j] = c > 0.0 ? P->K[i * P->m + j] / c : 0.0;
		}
	return 0;
}

/* G += sgn * d<pi, C>/d(points of one side), from the plan with potentials
 * (f, g) with that side's marginals renormalised to exactly 1/len:
 *   G_i += sgn (a_i / s_i) (q_i x_i - sum_j pi'_ij q_ij y_j)
 * where pi'_ij = K_ij w_j, s_i = sum_j pi'_ij, and q_ij = 1 (p = 2) or
 * 1/C_ij (p = 1; K already divided, @sums holds s). side 0: the rows (X the
 * row cloud, Y the columns); side 1: the columns (X the column cloud). */
static int
grad_side(struct fair__ot_ski_prob *P, int side, const double *f, const double *g, const double *sums,
          gsl_matrix *G, double sgn, const gsl_matrix *X, const gsl_matrix *Y, int p)
{
	size_t nx = side ? P->m : P->n, ny = side ? P->n : P->m, r = X->size2, r1 = r + 1;
	const double *pot = side ? f : g, *ref = side ? P->fh : P->gh;
	double lw = side ? P->la : P->lb;
	for (size_t j = 0; j < ny; j++) {
		double w = exp(lw + (pot[j] - ref[j]) / P->eps);
		for (size_t k = 0; k < r; k++)
			P->WY[j * r1 + k] = w * gsl_matrix_get(Y, j, k);
		P->WY[j * r1 + r] = w;
	}
	P->r = r;
	P->gside = side;
	if (P->tri) {
		/* side 0 of a self problem: the stored triangle and its mirror */
		size_t len = P->n * r1;
		memset(P->Ot[0], 0, len * sizeof *P->Ot[0]);
		memset(P->Ot[1], 0, len * sizeof *P->Ot[1]);
		if (par2_at(gemm_tri_blocks, P, (P->n + SKI_BLOCK - 1) / SKI_BLOCK, P->tsplit))
			return -1;
		for (size_t k = 0; k < len; k++)
			P->Out[k] = (P->Out[k] + P->Ot[0][k]) + P->Ot[1][k];
	} else if (par2(gemm_blocks, P, (nx + GRAD_BLOCK - 1) / GRAD_BLOCK)) {
		return -1;
	}
	double wx = 1.0 / (double)nx;
	for (size_t i = 0; i < nx; i++) {
		const double *o = P->Out + i * r1;
		double s = p == 2 ? o[r] : sums[i];
		if (!(s > 0.0) || !isfinite(s))
			return -1;
		double c = sgn * wx / s;
		for (size_t k = 0; k < r; k++)
			*gsl_matrix_ptr(G, i, k) += c * (o[r] * gsl_matrix_get(X, i, k) - o[k]);
	}
	return 0;
}

/* Gradients of <pi, C> for a solved problem: rows into GX (cloud X), columns
 * into GY (cloud Y); either may be NULL. For a self problem X == Y, the
 * plan is symmetric and only GX is asked for (sgn -1). */
int
fair__ot_ski_gradients(struct fair__ot_ski_prob *P, const double *f, const double *g, gsl_matrix *GX, gsl_matrix *GY,
          double sgn, const gsl_matrix *X, const gsl_matrix *Y, int p)
{
	if (fair__ot_ski_ensure(P, f, g))
		return -1;
	double *srow = NULL, *scol = NULL;
	if (p == 1 || GY)
		fair__ot_ski_full(P);   /* the products below read whole rows */
	if (p == 1) {
		/* plan sums before K is divided by C */
		srow = P->t0;
		scol = P->t1;
		if (GX) {
			for (size_t j = 0; j < P->m; j++)
				P->w[j] = exp(P->lb + (g[j] - P->gh[j]) / P->eps);
			par2(KSEL(P, mv_rows), P, P->n);
			memcpy(srow, P->s, P->n * sizeof *srow);
		}
		if (GY) {
			for (size_t i = 0; i < P->n; i++)
				P->w[i] = exp(P->la + (f[i] - P->fh[i]) / P->eps);
			mv_cols(P);
			memcpy(scol, P->s, P->m * sizeof *scol);
		}
		par2(div_rows, P, P->n);
		P->built = false;   /* K no longer holds the kernel */
	}
	if (GX && grad_side(P, 0, f, g, srow, GX, sgn, X, Y, p))
		return -1;
	if (GY && grad_side(P, 1, f, g, scol, GY, sgn, Y, X, p))
		return -1;
	return 0;
}

