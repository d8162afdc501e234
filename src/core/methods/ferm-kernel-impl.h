/* ferm-kernel-impl.h -- what the two files of kernel FERM share: the
 * fitted state, the constraint vectors, the exact path (ferm-exact.c) and
 * prediction by kernel expansion; ferm-kernel.c has the options, the
 * approximate path, saving and the `ferm` learner type. Names are
 * fair__methods_kferm_*. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_FERM_KERNEL_IMPL_H
#define FAIRSH_FERM_KERNEL_IMPL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "methods/methods-private.h"
#include "learn/learn-private.h"

/* Private state of a fitted kernel FERM learner. Exact and Nystroem-free
 * paths predict with a kernel expansion f(x) = sum_j coef_j k(P_j, x) + b;
 * the approximate path with f(x) = <w, phi(x)> + b. */
typedef struct kferm_impl {
	fair_kernel       kernel;   /* gamma resolved */
	gsl_matrix       *P;        /* expansion points (p x d) or NULL */
	gsl_vector       *coef;     /* p */
	fair_feature_map *map;      /* approximate path */
	gsl_vector       *wz;       /* map weights (already orthogonal to the u's) */
	int               path;
} kferm_impl;

/* Scores of the rows of @X (the learner's score function). */
int fair__methods_kferm_predict(const fair_learner *l, const gsl_matrix *X, double *score,
                                fair_error *err);
/* Constraint coefficients (doc/methods.md 3.3, multi-group): u_c = sum_i A_ic
 * phi(x_i), with the same vectors (reference = last group) and the same
 * messages as fair_ferm_fit. Returns a new n x m matrix or NULL. */
gsl_matrix *fair__methods_kferm_constraint_coefs(const double *y, const int32_t *group, size_t n,
                                                size_t K, const char *const *labels, int constraint,
                                                fair_error *err);
/* Exact path. Gram K (n x n, overwritten by Kt when eps = 0). */
int fair__methods_kferm_exact(fair_learner *l, kferm_impl *m, const gsl_matrix *X, const double *y,
                              const gsl_matrix *A, const fair_kferm_opts *o, fair_kferm_info *info,
                              fair_progress *prog, fair_error *err);

#endif
