/* svm.c -- linear L1-loss SVM by dual coordinate descent with shrinking
 * (Hsieh, Chang, Lin, Keerthi, Sundararajan, ICML 2008; the algorithm of
 * liblinear's L2R_L1LOSS_SVC_DUAL). The bias is an augmented constant feature
 * of value 1, hence regularised like the weights (see learn-private.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "learn/learn-private.h"
#include "base/base-private.h"

void
fair_svm_opts_init(fair_svm_opts *o)
{
	o->C = 1.0;
	o->tol = 1e-4;
	o->max_iter = 1000;
	o->seed = 0;
}

double
fair_svm_primal(const fair_learner *l, const gsl_matrix *X, const double *y, const double *w,
                double C)
{
	double reg = l->b * l->b, loss = 0.0;
	for (size_t j = 0; j < l->d; j++)
		reg += gsl_vector_get(l->w, j) * gsl_vector_get(l->w, j);
	for (size_t i = 0; i < X->size1; i++) {
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		double f = l->b, t = y[i] > 0.5 ? 1.0 : -1.0;
		for (size_t j = 0; j < l->d; j++)
			f += l->w->data[j * l->w->stride] * xi[j];
		loss += (w ? w[i] : 1.0) * fmax(0.0, 1.0 - t * f);
	}
	return 0.5 * reg + C * loss;
}

/* Prefetch distances (coordinate steps ahead) of the row state and of the
 * row's features; the steps visit rows in random order, so without them each
 * step waits on memory. Any value 2..12 was within noise on Adult. */
enum { PREFETCH_NEAR = 2, PREFETCH_FAR = 4 };
/* Rows sampled to decide whether to attempt the sparse copy at all. */
enum { SPARSE_PROBE_ROWS = 64 };

/* Per-row state of the dual coordinate descent, packed so one coordinate step
 * touches one cache line besides the row's features (liblinear reads alpha,
 * y, QD and the upper bound from four arrays). */
struct svm_row {
	double alpha;   /* dual variable, 0 <= alpha <= c */
	double qd;      /* Q_ii = 1 + |x_i|^2 (the 1 is the bias feature) */
	double c;       /* upper bound C * w_i */
	double y;       /* +1 or -1 */
};

/* gsl_rng_uniform_int(r, m) for mt19937 (min 0, max 2^32 - 1, m < 2^32):
 * the same draws and the same result, inlined, in 32-bit arithmetic (no
 * 64-bit division, no range checks); called once per row and pass. */
static inline size_t
rng_below(gsl_rng *r, size_t m)
{
	uint32_t scale = UINT32_MAX / (uint32_t)m, k;
	do
		k = (uint32_t)gsl_rng_get(r) / scale;
	while (k >= m);
	return k;
}

fair_learner *
fair_svm_fit(const gsl_matrix *X, const double *y, const double *w, const fair_svm_opts *o,
             fair_progress *prog, fair_error *err)
{
	fair_svm_opts def;
	fair_learner *l = NULL;
	gsl_rng *rng = NULL;
	size_t n = X->size1, d = X->size2, *index = NULL, active = 0, nact, iter;
	struct svm_row *row = NULL;
	double *wv = NULL, sumw, b = 0.0;
	/* sparse copy (CSR) when under half the entries are non-zero, as one-hot
	 * designs are: the coordinate steps then cost O(nnz) instead of O(d) */
	size_t *rowptr = NULL, cap = 0;
	uint32_t *colidx = NULL;
	double *val = NULL;
	bool converged = false;

	if (o == NULL) {
		fair_svm_opts_init(&def);
		o = &def;
	}
	if (!(o->C > 0.0) || !isfinite(o->C) || !(o->tol > 0.0) || o->max_iter == 0) {
		fair_error_set(err, FAIR_EINVAL, "svm: C and tol must be > 0 (C=%g tol=%g)", o->C, o->tol);
		return NULL;
	}
	if (model_check_input("svm", X, y, w, true, &sumw, err) != FAIR_OK)
		return NULL;
	index = malloc(n * sizeof *index);
	row = malloc(n * sizeof *row);
	wv = calloc(d, sizeof *wv);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!index || !row || !wv || !rng)
		goto nomem;
	gsl_rng_set(rng, (unsigned long)o->seed);
	/* One pass builds the CSR copy and Q_ii; it gives up (dense loop) once
	 * half the entries turn out non-zero. The buffers are sized for that
	 * worst case but only the pages written are touched; it is not tried
	 * when the first rows are already over half non-zero. Both loops give
	 * the same numbers (they differ by additions of zero products). */
	size_t head = n < SPARSE_PROBE_ROWS ? n : SPARSE_PROBE_ROWS, hnnz = 0;
	for (size_t i = 0; i < head; i++) {
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		for (size_t j = 0; j < d; j++)
			hnnz += xi[j] != 0.0;
	}
	cap = (n * d - 1) / 2;   /* the most non-zeros with 2 nnz < n d */
	if (2 * hnnz < head * d && d < UINT32_MAX && cap > 0 && cap < SIZE_MAX / sizeof *val &&
	    (rowptr = malloc((n + 1) * sizeof *rowptr)) != NULL &&
	    (colidx = malloc(cap * sizeof *colidx)) != NULL &&
	    (val = malloc(cap * sizeof *val)) != NULL) {
		size_t k = 0;
		for (size_t i = 0; i < n && rowptr != NULL; i++) {
			const double *xi = gsl_matrix_const_ptr(X, i, 0);
			double q = 1.0;   /* the constant bias feature */
			rowptr[i] = k;
			for (size_t j = 0; j < d; j++)
				if (xi[j] != 0.0) {
					if (k == cap) {
						free(rowptr); free(colidx); free(val);
						rowptr = NULL; colidx = NULL; val = NULL;
						break;
					}
					colidx[k] = (uint32_t)j;
					val[k++] = xi[j];
					q += xi[j] * xi[j];
				}
			row[i].qd = q;
		}
		if (rowptr != NULL)
			rowptr[n] = k;
	} else {
		free(rowptr); free(colidx); free(val);
		rowptr = NULL; colidx = NULL; val = NULL;
	}
	if ((l = fair_learner_new(&fair_svm_linear_type, FAIR_TASK_CLASSIFICATION, d, err)) == NULL)
		goto fail;
	if ((l->w = gsl_vector_alloc(d)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		double wi = w ? w[i] : 1.0;
		if (rowptr == NULL) {
			const double *xi = gsl_matrix_const_ptr(X, i, 0);
			double q = 1.0;
			for (size_t j = 0; j < d; j++)
				q += xi[j] * xi[j];
			row[i].qd = q;
		}
		row[i].alpha = 0.0;
		row[i].c = o->C * wi;
		row[i].y = y[i] > 0.5 ? 1.0 : -1.0;
		if (wi > 0.0)
			index[active++] = i;   /* C_i = 0: alpha_i stays 0 */
	}
	nact = active;
	/* The solver of liblinear (solve_l2r_l1l2_svc, L1 loss): a random
	 * permutation of the active set per pass, shrinking with the previous
	 * pass's projected-gradient bounds, and on convergence of the shrunk
	 * problem a final check over all variables with the bounds reset. */
	double PGmax_old = INFINITY, PGmin_old = -INFINITY, spread = INFINITY;
	for (iter = 0; iter < o->max_iter; ) {
		if (fair_progress_cancelled(prog)) {
			fair_error_set(err, FAIR_ECANCELED, "svm: cancelled");
			goto fail;
		}
		double PGmax_new = -INFINITY, PGmin_new = INFINITY;
		for (size_t s = 0; s + 1 < active; s++) {
			size_t m = active - s;
			size_t j = s + (m <= UINT32_MAX ? rng_below(rng, m) : gsl_rng_uniform_int(rng, m)), t = index[s];
			index[s] = index[j];
			index[j] = t;
		}
		for (size_t s = 0; s < active; s++) {
			size_t i = index[s];
			struct svm_row *r = &row[i];
			double G = b, PG = 0.0;
			/* the rows come in random order, so the step is bound by
			 * memory latency: fetch the state two to four steps ahead */
			if (s + PREFETCH_FAR < active) {
				size_t i4 = index[s + PREFETCH_FAR];
				FAIR_PREFETCH(&row[i4]);
				if (rowptr != NULL) {
					size_t i2 = index[s + PREFETCH_NEAR], k0 = rowptr[i2], k1 = rowptr[i2 + 1];
					FAIR_PREFETCH(&rowptr[i4]);
					if (k1 > k0) {
						FAIR_PREFETCH(&colidx[k0]);
						FAIR_PREFETCH(&val[k0]);
						FAIR_PREFETCH(&val[k1 - 1]);
					}
				}
			}
			if (rowptr != NULL) {
				for (size_t k = rowptr[i], e = rowptr[i + 1]; k < e; k++)
					G += wv[colidx[k]] * val[k];
			} else {
				const double *xi = gsl_matrix_const_ptr(X, i, 0);
				for (size_t j = 0; j < d; j++)
					G += wv[j] * xi[j];
			}
			G = G * r->y - 1.0;
			if (r->alpha == 0.0) {
				if (G > PGmax_old) {
					active--;
					index[s] = index[active];
					index[active] = i;
					s--;
					continue;
				}
				if (G < 0.0)
					PG = G;
			} else if (r->alpha == r->c) {
				if (G < PGmin_old) {
					active--;
					index[s] = index[active];
					index[active] = i;
					s--;
					continue;
				}
				if (G > 0.0)
					PG = G;
			} else {
				PG = G;
			}
			/* plain comparisons: fmax/fmin are library calls at -O2 */
			PGmax_new = PG > PGmax_new ? PG : PGmax_new;
			PGmin_new = PG < PGmin_new ? PG : PGmin_new;
			if (fabs(PG) > 1e-12) {
				double old = r->alpha, a = old - G / r->qd;
				a = a > 0.0 ? a : 0.0;
				a = a < r->c ? a : r->c;
				r->alpha = a;
				double delta = (a - old) * r->y;
				if (rowptr != NULL) {
					for (size_t k = rowptr[i], e = rowptr[i + 1]; k < e; k++)
						wv[colidx[k]] += delta * val[k];
				} else {
					const double *xi = gsl_matrix_const_ptr(X, i, 0);
					for (size_t j = 0; j < d; j++)
						wv[j] += delta * xi[j];
				}
				b += delta;
			}
		}
		iter++;
		spread = PGmax_new - PGmin_new;
		fair_progress_set(prog, iter, o->max_iter, NAN, spread);
		if (spread <= o->tol) {
			if (active == nact) {
				converged = true;
				break;
			}
			/* converged on the shrunk set: re-check every variable */
			active = nact;
			PGmax_old = INFINITY;
			PGmin_old = -INFINITY;
			continue;
		}
		PGmax_old = PGmax_new <= 0.0 ? INFINITY : PGmax_new;
		PGmin_old = PGmin_new >= 0.0 ? -INFINITY : PGmin_new;
	}
	memcpy(l->w->data, wv, d * sizeof *wv);
	l->b = b;
	l->threshold = 0.0;
	l->score_is_prob = false;
	l->iterations = iter;
	l->converged = converged;
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "svm: out of memory");
fail:
	fair_learner_free(l);
	l = NULL;
out:
	free(index); free(row); free(wv);
	free(rowptr); free(colidx); free(val);
	if (rng)
		gsl_rng_free(rng);
	return l;
}

/* ---- the fitted form ---------------------------------------------------------
 * `train svm` (ksvm.c) returns this form without a kernel: a linear score. */
const fair_learner_type fair_svm_linear_type = {
	.name = NULL, .kind = "svm_linear",
	.help = "linear SVM (the form of `svm` without a kernel)",
	.flags = FAIR_LEARNER_CLASSIFY,
};
