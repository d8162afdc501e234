/* model-svm.c -- linear L1-loss SVM by dual coordinate descent with shrinking
 * (Hsieh, Chang, Lin, Keerthi, Sundararajan, ICML 2008; the algorithm of
 * liblinear's L2R_L1LOSS_SVC_DUAL). The bias is an augmented constant feature
 * of value 1, hence regularised like the weights (see models.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>

#include "fairsh/models.h"
#include "model-private.h"

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

fair_learner *
fair_svm_fit(const gsl_matrix *X, const double *y, const double *w, const fair_svm_opts *o,
             fair_progress *prog, fair_error *err)
{
	fair_svm_opts def;
	fair_learner *l = NULL;
	gsl_rng *rng = NULL;
	size_t n = X->size1, d = X->size2, *index = NULL, active = 0, nact, iter;
	double *alpha = NULL, *QD = NULL, *wv = NULL, sumw, b = 0.0;
	/* sparse copy (CSR) when under half the entries are non-zero, as one-hot
	 * designs are: the coordinate steps then cost O(nnz) instead of O(d) */
	size_t *rowptr = NULL, nnz = 0;
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
	alpha = calloc(n, sizeof *alpha);
	QD = malloc(n * sizeof *QD);
	wv = calloc(d, sizeof *wv);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!index || !alpha || !QD || !wv || !rng)
		goto nomem;
	gsl_rng_set(rng, (unsigned long)o->seed);
	for (size_t i = 0; i < n; i++) {
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		for (size_t j = 0; j < d; j++)
			nnz += xi[j] != 0.0;
	}
	if (2 * nnz < n * d && d < UINT32_MAX) {
		if ((rowptr = malloc((n + 1) * sizeof *rowptr)) == NULL ||
		    (colidx = malloc((nnz ? nnz : 1) * sizeof *colidx)) == NULL ||
		    (val = malloc((nnz ? nnz : 1) * sizeof *val)) == NULL)
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
		}
		rowptr[n] = k;
	}
	if ((l = fair_learner_new(FAIR_LEARNER_SVM_LINEAR, FAIR_TASK_CLASSIFICATION, d, err)) == NULL)
		goto fail;
	if ((l->w = gsl_vector_alloc(d)) == NULL)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		double q = 1.0;   /* the constant bias feature */
		if ((w ? w[i] : 1.0) <= 0.0)
			continue;     /* C_i = 0: alpha_i stays 0 */
		for (size_t j = 0; j < d; j++)
			q += xi[j] * xi[j];
		QD[i] = q;
		index[active++] = i;
	}
	nact = active;
	double PGmax_old = INFINITY, PGmin_old = -INFINITY, spread = INFINITY;
	for (iter = 0; iter < o->max_iter; ) {
		if (fair_progress_cancelled(prog)) {
			fair_error_set(err, FAIR_ECANCELED, "svm: cancelled");
			goto fail;
		}
		double PGmax_new = -INFINITY, PGmin_new = INFINITY;
		for (size_t s = 0; s + 1 < active; s++) {
			size_t j = s + gsl_rng_uniform_int(rng, active - s), t = index[s];
			index[s] = index[j];
			index[j] = t;
		}
		for (size_t s = 0; s < active; s++) {
			size_t i = index[s];
			const double *xi = gsl_matrix_const_ptr(X, i, 0);
			double yi = y[i] > 0.5 ? 1.0 : -1.0, Ci = o->C * (w ? w[i] : 1.0);
			double G = b, PG = 0.0;
			if (rowptr != NULL)
				for (size_t k = rowptr[i]; k < rowptr[i + 1]; k++)
					G += wv[colidx[k]] * val[k];
			else
				for (size_t j = 0; j < d; j++)
					G += wv[j] * xi[j];
			G = G * yi - 1.0;
			if (alpha[i] == 0.0) {
				if (G > PGmax_old) {
					active--;
					index[s] = index[active];
					index[active] = i;
					s--;
					continue;
				}
				if (G < 0.0)
					PG = G;
			} else if (alpha[i] == Ci) {
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
			PGmax_new = fmax(PGmax_new, PG);
			PGmin_new = fmin(PGmin_new, PG);
			if (fabs(PG) > 1e-12) {
				double old = alpha[i];
				alpha[i] = fmin(fmax(alpha[i] - G / QD[i], 0.0), Ci);
				double delta = (alpha[i] - old) * yi;
				if (rowptr != NULL)
					for (size_t k = rowptr[i]; k < rowptr[i + 1]; k++)
						wv[colidx[k]] += delta * val[k];
				else
					for (size_t j = 0; j < d; j++)
						wv[j] += delta * xi[j];
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
	free(index); free(alpha); free(QD); free(wv);
	free(rowptr); free(colidx); free(val);
	if (rng)
		gsl_rng_free(rng);
	return l;
}
