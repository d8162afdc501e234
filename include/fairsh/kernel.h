/* kernel.h -- kernel functions (linear, rbf, polynomial), kernel matrices and
 * explicit approximate feature maps (random Fourier features, Nystroem).
 * Used by the kernel SVM and by kernel FERM. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_KERNEL_H
#define FAIRSH_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"

enum fair_kernel_type {
	FAIR_KERNEL_LINEAR = 0,   /* k(x,z) = x.z                         */
	FAIR_KERNEL_RBF,          /* k(x,z) = exp(-gamma ||x - z||^2)     */
	FAIR_KERNEL_POLY          /* k(x,z) = (gamma x.z + coef0)^degree  */
};

typedef struct fair_kernel {
	int    type;     /* enum fair_kernel_type */
	double gamma;    /* > 0; 0 means "scale": 1 / (d Var(X)) resolved at fit time */
	double coef0;    /* poly */
	int    degree;   /* poly, >= 1 */
} fair_kernel;

/* Sets @k to rbf with gamma 0 ("scale"), coef0 0, degree 3. */
void fair_kernel_init(fair_kernel *k);
/* Parses "linear", "rbf", "poly" into @type; FAIR_EINVAL otherwise. */
int  fair_kernel_parse(const char *name, int *type, fair_error *err);
const char *fair_kernel_name(int type);
/* Checks gamma/degree; FAIR_EINVAL with a message on bad values. */
int  fair_kernel_check(const fair_kernel *k, fair_error *err);
/* scikit-learn's gamma='scale': 1 / (d * Var(X)) (population variance over all
 * entries of X); 1 when that variance is 0. */
double fair_kernel_gamma_scale(const gsl_matrix *X);

/* k(x, z) for two vectors of length @d. */
double fair_kernel_eval(const fair_kernel *k, const double *x, const double *z, size_t d);

/* K[i][j] = k(A_i, B_j) into @K (A->size1 x B->size1, caller-allocated),
 * computed with one dgemm. @sqA/@sqB: squared row norms (may be NULL; rbf
 * then computes them). Errors: FAIR_EINVAL on shape mismatch. */
int fair_kernel_matrix(const fair_kernel *k, const gsl_matrix *A, const gsl_matrix *B,
                       gsl_matrix *K, fair_error *err);

/* An explicit map phi: R^d -> R^D with phi(x).phi(z) ~ k(x, z). */
typedef struct fair_feature_map fair_feature_map;

/* Random Fourier features (Rahimi & Recht 2007) for the rbf kernel:
 * phi(x) = sqrt(2/D) cos(W'x + u), W_jk ~ N(0, 2 gamma), u_k ~ U[0, 2 pi),
 * drawn from mt19937 seeded with @seed. gamma must be resolved (> 0).
 * Returns a new map (caller frees). Errors: FAIR_EINVAL (not rbf, D = 0). */
fair_feature_map *fair_rff_new(const fair_kernel *k, size_t d, size_t D, uint64_t seed,
                               fair_error *err);

/* Nystroem map (Williams & Seeger 2001), as scikit-learn's Nystroem:
 * m = min(D, n) landmark rows of @X drawn without replacement (seeded),
 * phi(x) = k(x, L) U diag(1/sqrt(max(lambda, 1e-12))) U' with K_LL = U diag(lambda) U'.
 * Returns a new map (caller frees); @X is borrowed (landmarks are copied). */
fair_feature_map *fair_nystroem_new(const fair_kernel *k, const gsl_matrix *X, size_t D,
                                    uint64_t seed, fair_error *err);

/* Returns phi(X) as a new X->size1 x dim matrix (caller frees). */
gsl_matrix *fair_feature_map_apply(const fair_feature_map *m, const gsl_matrix *X,
                                   fair_error *err);
size_t fair_feature_map_dim(const fair_feature_map *m);
size_t fair_feature_map_input_dim(const fair_feature_map *m);
void   fair_feature_map_free(fair_feature_map *m);   /* NULL is a no-op */

/* Saving (issue 10, persist.h): a kernel (type, gamma, coef0, degree) and a
 * feature map (kind, kernel, d, D, W, u or N) into the OBJECT @out, and back.
 * Export: FAIR_ENOMEM. Import: FAIR_EPARSE for missing fields or shapes that
 * do not match; the map is new (caller frees). */
struct fair_param;
int fair_kernel_export(const fair_kernel *k, struct fair_param *out, fair_error *err);
int fair_kernel_import(const struct fair_param *in, fair_kernel *k, fair_error *err);
int fair_feature_map_export(const fair_feature_map *m, struct fair_param *out, fair_error *err);
fair_feature_map *fair_feature_map_import(const struct fair_param *in, fair_error *err);

#endif
