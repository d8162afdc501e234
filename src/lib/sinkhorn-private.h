/* sinkhorn-private.h -- pieces shared by sinkhorn.c (entry point, option
 * checks, the averaged all-four-potentials solver of methods.md 6.1) and
 * sinkhorn-kern.c (the default solver: one OT problem at a time with cached
 * exponentials). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_SINKHORN_PRIVATE_H
#define FAIRSH_SINKHORN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <gsl/gsl_matrix.h>

#include "fairsh/divergence.h"
#include "compat.h"

typedef fair_v2d fair_ski_v2d;
typedef fair_v2i fair_ski_v2i;

static inline fair_ski_v2d
fair_ski_vload(const double *p)
{
	fair_ski_v2d v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* out[0..3] = exp(in[0..3]), four lanes at a time (GCC/Clang vector
 * extensions: one AVX register, or two SSE2 ones on baseline x86-64; through
 * memory, see compat.h): x = k ln2 + r with |r| <= ln2/2 (Cody-Waite),
 * exp(r) by its degree-12 Taylor polynomial (truncation < 2e-16 relative),
 * times 2^k built in the exponent bits. Relative error a few 1e-16 (4.7e-16
 * measured on 2e7 points). x below -708 gives 0 (exp(-708) < 1e-307); x
 * above 709 is taken as 709 (callers keep their exponents far below: see
 * ARG_MAX). Replaces glibc's scalar exp, which took most of the time of a
 * sweep. */
static FAIR_INLINE void
fair_ski_vexp4(const double *in, double *out)
{
	typedef fair_v4d v4d;
	typedef fair_v4i v4i;
	v4d x;
	memcpy(&x, in, sizeof x);
	const v4d lo = { -708.0, -708.0, -708.0, -708.0 }, hi = { 709.0, 709.0, 709.0, 709.0 };
	const v4d shift = { 0x1.8p52, 0x1.8p52, 0x1.8p52, 0x1.8p52 };
	v4i under = x < lo, over = x > hi;
	x = (v4d)(((v4i)x & ~under) | ((v4i)lo & under));
	x = (v4d)(((v4i)x & ~over) | ((v4i)hi & over));
	v4d kd = x * 1.4426950408889634 + shift;
	v4i ki = (v4i)kd - (v4i)shift;
	v4d k = kd - shift;
	v4d r = x - k * 6.93147180369123816490e-01;
	r = r - k * 1.90821492927058770002e-10;
	v4d q = r * (1.0 / 479001600.0) + 1.0 / 39916800.0;
	q = q * r + 1.0 / 3628800.0;
	q = q * r + 1.0 / 362880.0;
	q = q * r + 1.0 / 40320.0;
	q = q * r + 1.0 / 5040.0;
	q = q * r + 1.0 / 720.0;
	q = q * r + 1.0 / 120.0;
	q = q * r + 1.0 / 24.0;
	q = q * r + 1.0 / 6.0;
	q = q * r + 0.5;
	q = q * r + 1.0;
	q = q * r + 1.0;
	v4i scale = (ki + 1023) << 52;
	v4d res = q * (v4d)scale;
	res = (v4d)((v4i)res & ~under);
	memcpy(out, &res, sizeof res);
}

/* out_i = |x_i|^2 over the rows of X. */
void fair_ski_sqnorms(const gsl_matrix *X, double *out);

/* Rows lo..hi of the costs C (rows of X vs rows of Y, row-major, m = rows
 * of Y) = |x - y|^p / p; p = 2 by one dgemm and the squared norms nx, ny as
 * max(0, nx_i + ny_j - 2 x_i.y_j) / 2 (the formula every kernel build uses),
 * p = 1 directly. Raises *cmax to the largest cost of the rows. Returns 0 or
 * a GSL error code. */
int fair_ski_cost_rows(const gsl_matrix *X, const gsl_matrix *Y, int p, const double *nx,
                       const double *ny, size_t lo, size_t hi, double *C, double *cmax);

/* T (m x n) = C^T for C n x m, in cache-sized tiles. */
void fair_ski_transpose(const double *C, size_t n, size_t m, double *T);

/* out_i = -eps log sum_j exp(h_j - C_ij / eps) over the rows of C (rows x
 * cols, row-major), the log-domain soft-min with the row maximum factored
 * out; on two threads when asked and worth it (same result). s0, s1: scratch
 * of cols doubles each. */
void fair_ski_smin_rows(const double *C, size_t rows, size_t cols, const double *h,
                        double eps, double *out, int threads, double *s0, double *s1);

/* h_j = logw + pot_j / eps (pot may be NULL: zeros). */
void fair_ski_make_h(double *h, const double *pot, size_t m, double logw, double eps);

/* L1 marginal error sum_i w |exp((pot_i - upd_i)/eps) - 1| (uniform w). */
double fair_ski_marg_err(const double *pot, const double *upd, size_t n, double eps);


/* Length of the diagonal of the joint bounding box of the rows of A and B. */
double fair_ski_diameter(const gsl_matrix *A, const gsl_matrix *B);

#define TAU     40.0    /* rebuild when |pot - reference| > TAU eps          */
#define ARG_MAX 600.0   /* largest kernel exponent a build accepts           */
#define TINY    1e-200  /* smaller row / column sums take the exact path     */
#define SKI_BLOCK 32    /* rows per dgemm block of a kernel build            */

/* One OT problem min <pi, C> + eps KL(pi | a x b) with uniform weights. */
struct fair_ski_prob {
	size_t n, m;          /* rows (weights a, potential f), columns (b, g)  */
	double *C;            /* n x m costs, row-major; NULL when not stored
	                         (p = 2 without annealing: costs are recomputed
	                         block by block from the points when needed)     */
	double **Cbuf;        /* room for C, allocated when first needed (owned
	                         by the caller, big enough for every problem)    */
	size_t cbuf_len;      /* its size in doubles                             */
	double *nx, *ny;      /* squared norms of the rows of X and of Y         */
	double *blk[2];       /* per-thread BLOCK x m scratch of a build         */
	double cmax;          /* largest cost                                    */
	double cm[2];         /* largest cost of each half (costs())             */
	const gsl_matrix *X, *Y; /* the clouds of the rows and of the columns    */
	int p;                /* cost exponent                                   */
	double *K;            /* n x m cached exponentials                       */
	double *fh, *gh;      /* reference potentials of K                       */
	double la, lb, eps;   /* log a_i, log b_j, temperature                   */
	int threads;
	bool built;
	bool sym;             /* self problem: X == Y, so C = C^T               */
	double *w, *s, *s2;   /* max(n, m) each: weights and sums                */
	double *t0, *t1;      /* max(n, m) each: scratch of exact sweeps         */
	double *h;            /* max(n, m): shifted potentials of exact sweeps   */
	/* gradient scratch */
	double *WY, *Out;     /* max(n, m) x (r + 1) each                        */
	size_t r;
	int gside;            /* 0: rows, 1: columns                             */
};


/* sinkhorn-kern.c: costs, kernel, products, updates and gradients of one
 * problem (see there). */
double *fair_ski_big_alloc(size_t count);
void fair_ski_set_points(struct fair_ski_prob *P, const gsl_matrix *X, const gsl_matrix *Y);
int fair_ski_costs(struct fair_ski_prob *P);
int fair_ski_ensure(struct fair_ski_prob *P, const double *f, const double *g);
void fair_ski_upd_rows(struct fair_ski_prob *P, const double *g, double *fout);
void fair_ski_upd_cols(struct fair_ski_prob *P, const double *f, double *gout);
int fair_ski_gradients(struct fair_ski_prob *P, const double *f, const double *g, gsl_matrix *GX,
                       gsl_matrix *GY, double sgn, const gsl_matrix *X, const gsl_matrix *Y, int p);

/* The default solver (o->alternate): see sinkhorn-solve.c. Inputs already
 * checked by the caller. Same contract as fair_sinkhorn_divergence_ex. */
int fair_ski_divergence(const gsl_matrix *A, const gsl_matrix *B,
                        const fair_sinkhorn_opts *o, bool debias, double *value,
                        gsl_matrix *grad_A, gsl_matrix *grad_B,
                        fair_sinkhorn_info *info, fair_error *err);

#endif
