/* learner.h -- a fitted base learner on a numeric design matrix: the common
 * face of logreg, ridge, linear and kernel SVM, MLP and kernel FERM. Fitting
 * functions live in their own headers (logreg.h, svm.h, ...); this header only
 * says how every fitted learner predicts and is freed.
 *
 * Conventions: X is n x d (rows = examples) as a gsl_matrix; classification
 * targets are doubles in {0, 1} (1 = positive class); regression targets are
 * real; weights w may be NULL (all 1). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_LEARNER_H
#define FAIRSH_LEARNER_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "fairsh/error.h"

enum fair_task { FAIR_TASK_CLASSIFICATION = 0, FAIR_TASK_REGRESSION = 1 };

enum fair_learner_kind {
	FAIR_LEARNER_LOGREG,
	FAIR_LEARNER_RIDGE,
	FAIR_LEARNER_SVM_LINEAR,
	FAIR_LEARNER_SVM_KERNEL,
	FAIR_LEARNER_MLP,
	FAIR_LEARNER_KFERM,
	FAIR_LEARNER_OTHER
};

typedef struct fair_learner fair_learner;

/* Predicts scores for each row of @X (d columns) into @score (X->size1
 * doubles). Classification scores are probabilities when score_is_prob,
 * otherwise decision values; the hard decision is score > threshold. */
typedef int (*fair_learner_predict_fn)(const fair_learner *l, const gsl_matrix *X,
                                       double *score, fair_error *err);

struct fair_learner {
	int         kind;           /* enum fair_learner_kind */
	int         task;           /* enum fair_task */
	bool        score_is_prob;  /* score in [0,1] (logreg, mlp) */
	double      threshold;      /* 0.5 for probabilities, 0 for decision values */
	size_t      d;              /* input dimension */
	gsl_vector *w;              /* linear models: weights (d), else NULL */
	double      b;              /* linear models: intercept */
	size_t      iterations;     /* iterations the solver used (for reports) */
	bool        converged;
	void       *impl;           /* private state of non-linear learners */
	fair_learner_predict_fn predict;   /* NULL: linear score X w + b (then sigmoid if score_is_prob) */
	void      (*free_impl)(void *impl);
};

/* Returns a zeroed learner of @kind/@task (caller frees with fair_learner_free). */
fair_learner *fair_learner_new(int kind, int task, size_t d, fair_error *err);
void          fair_learner_free(fair_learner *l);   /* NULL is a no-op */
/* Scores for every row of @X; see fair_learner_predict_fn. */
int           fair_learner_predict(const fair_learner *l, const gsl_matrix *X,
                                   double *score, fair_error *err);

#endif
