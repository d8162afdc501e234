/* ferm-private.h -- FERM in src/core/methods: the linear transform (ferm.c) and
 * kernel FERM (ferm-kernel.c, ferm-exact.c). Part of the folder's private
 * header: include "methods/methods-private.h". */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METHODS_FERM_PRIVATE_H
#define FAIRSH_METHODS_FERM_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "fairsh/error.h"
#include "fairsh/param.h"
#include "fairsh/progress.h"
#include "learn/learn-private.h"

/* ======================================================================== */
/* FERM (Donini et al., NeurIPS 2018; doc/methods.md section 3): linear
 * FERM as a pre-processing transform of the design matrix (3.2) and kernel
 * FERM as an in-processing learner (3.3, exact projected kernel for small n,
 * explicit random-feature / Nystroem map for large n). Front-end wording
 * (warnings, "already fair") lives in the cli; this header returns flags. */

/* Which first-moment constraint is imposed (doc/methods.md 3.2 "Extensions").
 * EO: means over positives (y = 1) equal across groups (the paper's DEO);
 * DP: means over all rows; EODDS: over positives and over negatives. */
enum fair_ferm_constraint { FAIR_FERM_EO = 0, FAIR_FERM_DP = 1, FAIR_FERM_EODDS = 2 };

/* PROJECT: T(x) = x - Q_r Q_r^T x, stays in R^d (3.2 (a), default).
 * ELIMINATE: the authors' coordinate elimination, output d - r columns (3.2 (b)). */
enum fair_ferm_variant { FAIR_FERM_PROJECT = 0, FAIR_FERM_ELIMINATE = 1 };

typedef struct fair_ferm_opts {
	int    constraint;    /* enum fair_ferm_constraint (default EO) */
	int    variant;       /* enum fair_ferm_variant (default PROJECT) */
	bool   pivot_signed;  /* ELIMINATE: pivot j = argmax_k u_k as the authors'
	                         code (default false: argmax_k |u_k|) */
	double tol;           /* rank tolerance: keep |R_kk| > tol |R_11| (0: 1e-10) */
} fair_ferm_opts;

/* Fills @o with the defaults (EO, PROJECT, |u| pivot, tol 1e-10). */
void fair_ferm_opts_init(fair_ferm_opts *o);

/* Parses "eo"/"dp"/"eodds" (also "eop", "odds") into *@out; FAIR_EINVAL with
 * the valid names otherwise. Same for variant "proj"/"project"/"elim"/"eliminate". */
int fair_ferm_constraint_parse(const char *s, int *out, fair_error *err);
int fair_ferm_variant_parse(const char *s, int *out, fair_error *err);
const char *fair_ferm_constraint_name(int c);   /* "eo", "dp", "eodds" */

typedef struct fair_ferm fair_ferm;   /* a fitted linear FERM transform */

/* Fits the linear FERM transform (doc/methods.md 3.2) on the training design
 * matrix @X (n x d, already encoded and standardised), labels @y (n values
 * in {0,1}, 1 = positive; may be NULL only for DP) and @group (n codes in
 * [0,K), -1 = row skipped when computing means). @labels (K group names, may
 * be NULL) are used in messages only.
 *
 * Constraint vectors: u_g = m_g - m_ref for g != ref, ref = the LAST group
 * (K-1), so for two groups u = m_0 - m_1 as in the authors' code; m_g is the
 * mean of x over the positives (EO), all rows (DP), or both the positives and,
 * as extra vectors, the negatives (EODDS) of group g. U = [u_g] is reduced by
 * Householder QR with column pivoting; directions with |R_kk| <= tol |R_11|
 * are dropped (collinear u's for many groups). If ||U||_inf <= 1e-12 *
 * max(1, max|x|) the result is the identity transform with
 * fair_ferm_is_identity() true (the data are already fair in first moments).
 *
 * Returns a new transform (free with fair_ferm_free) or NULL with @err:
 * FAIR_EINVAL for K < 2 ("FERM needs at least two groups; got 1"), a group
 * with no positive (EO/EODDS), negative (EODDS) or any (DP) training rows
 * ("group 'B' has no positive training examples; FERM (constraint=eo) needs
 * some"), labels not in {0,1}, a rank >= d (nothing left to learn from),
 * non-finite means; FAIR_ENOMEM. */
fair_ferm *fair_ferm_fit(const gsl_matrix *X, const double *y, const int32_t *group,
                         size_t K, const char *const *labels, const fair_ferm_opts *o,
                         fair_error *err);

/* Applies @t to every row of @X (d columns). Returns a new n x out_dim matrix
 * (caller frees with gsl_matrix_free); PROJECT keeps d columns, ELIMINATE
 * drops the r pivot columns; the identity transform returns a copy.
 * Errors: FAIR_EINVAL on a column-count mismatch, FAIR_ENOMEM. */
gsl_matrix *fair_ferm_apply(const fair_ferm *t, const gsl_matrix *X, fair_error *err);

/* Maps a weight vector @w_out (out_dim) learned on transformed data back to
 * the original space: writes w_in (d) with <w_in, x> = <w_out, T(x)> for all x.
 * The result is orthogonal to every u_g. FAIR_EINVAL on size mismatch. */
int fair_ferm_pullback(const fair_ferm *t, const gsl_vector *w_out, gsl_vector *w_in,
                       fair_error *err);

bool   fair_ferm_is_identity(const fair_ferm *t);   /* u = 0: training unchanged */
size_t fair_ferm_rank(const fair_ferm *t);          /* r = number of removed directions */
size_t fair_ferm_in_dim(const fair_ferm *t);        /* d */
size_t fair_ferm_out_dim(const fair_ferm *t);       /* d (PROJECT) or d - r */
int    fair_ferm_variant(const fair_ferm *t);
int    fair_ferm_constraint(const fair_ferm *t);
/* Largest |u_g| entry before reduction (for reports; 0 when identity). */
double fair_ferm_u_norm_inf(const fair_ferm *t);
/* The constraint vectors U (d x m, m = K-1 or 2(K-1); borrowed, valid while
 * @t lives). Column g is u_g for g < ref (EODDS: then the negatives' ones). */
const gsl_matrix *fair_ferm_u(const fair_ferm *t);

/* Accessors for saving. PROJECT: the orthonormal basis Q_r (d x r) of
 * span{u_g}; ELIMINATE: the matrix A (d x r) and the r pivot coordinates
 * such that T(x) = drop_pivots(x - A x_pivots). Borrowed; NULL when not
 * applicable (or r = 0). */
const gsl_matrix *fair_ferm_basis(const fair_ferm *t);
const gsl_matrix *fair_ferm_elim_matrix(const fair_ferm *t);
const size_t     *fair_ferm_pivots(const fair_ferm *t);

/* Rebuilds a transform from saved data (copies its arguments; constraint is
 * informational). @Q NULL or with 0 columns gives the identity on @d inputs. */
fair_ferm *fair_ferm_new_project(size_t d, const gsl_matrix *Q, int constraint,
                                 fair_error *err);
fair_ferm *fair_ferm_new_eliminate(size_t d, const gsl_matrix *A, const size_t *pivots,
                                   int constraint, fair_error *err);

void fair_ferm_free(fair_ferm *t);   /* NULL is a no-op */

/* ------------------------------------------------------------------ */
/* Kernel FERM (doc/methods.md 3.3)                                        */

enum fair_kferm_loss { FAIR_KFERM_HINGE = 0, FAIR_KFERM_SQUARED = 1 };
/* exact: AUTO = exact when n <= max_exact_n, else approximate. */
enum fair_kferm_exact { FAIR_KFERM_AUTO = 0, FAIR_KFERM_EXACT = 1, FAIR_KFERM_APPROX = 2 };
enum fair_kferm_map { FAIR_KFERM_MAP_AUTO = 0, FAIR_KFERM_MAP_RFF = 1, FAIR_KFERM_MAP_NYSTROEM = 2 };
/* Which path fair_kferm_fit took (reported to the user). */
enum fair_kferm_path {
	FAIR_KFERM_PATH_EXACT_PROJECTED = 0,  /* eps = 0: SMO / Cholesky on the projected kernel */
	FAIR_KFERM_PATH_EXACT_SLAB = 1,       /* eps > 0: SMO with the slab multiplier */
	FAIR_KFERM_PATH_RFF = 2,              /* random Fourier features + linear FERM + linear SVM */
	FAIR_KFERM_PATH_NYSTROEM = 3          /* Nystroem features + linear FERM + linear SVM */
};

typedef struct fair_kferm_opts {
	int    kernel;        /* enum fair_kernel_type (learn-private.h), default FAIR_KERNEL_RBF */
	double gamma;         /* rbf exp(-gamma |x-x'|^2), poly (gamma <x,x'> + coef0)^degree;
	                         0 (default): "scale" = 1 / (d Var X) */
	int    degree;        /* poly (default 3) */
	double coef0;         /* poly (default 1) */
	int    loss;          /* enum fair_kferm_loss (default HINGE = SVM) */
	double C;             /* SVM box constraint (default 1) */
	double lambda;        /* SQUARED loss: (1/n) sum (y - f)^2 + lambda |w|^2 (default 1e-2) */
	double eps;           /* |<w,u_g>| <= eps (default 0: exact orthogonality) */
	int    constraint;    /* enum fair_ferm_constraint (default EO) */
	int    exact;         /* enum fair_kferm_exact (default AUTO) */
	size_t max_exact_n;   /* AUTO threshold (default 3000) */
	int    map;           /* approximate path: feature map (AUTO: RFF for rbf, Nystroem otherwise) */
	size_t components;    /* approximate path: feature dimension D (default 500) */
	uint64_t seed;        /* approximate path: map sampling and SVM order */
	double tol;           /* SMO / CD stopping tolerance (default 1e-3) */
	size_t max_iter;      /* SMO iterations (default 10^7) / CD epochs (default 1000) cap; 0: default */
} fair_kferm_opts;

void fair_kferm_opts_init(fair_kferm_opts *o);
/* Parses "rbf", "poly", "linear" into an enum fair_kernel_type (fair_kernel_parse). */
int  fair_kferm_kernel_parse(const char *s, int *out, fair_error *err);

/* Facts about a fitted kernel FERM learner for the front end's message. */
typedef struct fair_kferm_info {
	int    path;          /* enum fair_kferm_path */
	size_t n;             /* training rows used */
	size_t dim;           /* approximate path: feature dimension D; exact: n */
	size_t rank;          /* constraint directions removed / constrained */
	bool   identity;      /* u = 0 in the RKHS: trained unconstrained */
	size_t n_sv;          /* exact: rows with a non-zero coefficient */
	double constraint_gap;/* max_g |<w, u_g>| on the training data (mean score gap) */
	double gamma;         /* the gamma actually used */
	bool   converged;
	size_t iterations;
} fair_kferm_info;

/* Trains kernel FERM (doc/methods.md 3.3) on @X (n x d, standardised), @y in
 * {0,1}, @group in [0,K) (-1 = row not used at all). Exact path: the
 * projected kernel Kt = K - T G^+ T^T (3.3 (a), multi-group form) with SMO
 * for the hinge loss (labels +-1, intercept free) or a Cholesky solve of the
 * centred kernel ridge for the squared loss; eps > 0 (hinge, exact only) adds
 * the slab |<w,u_g>| <= eps through its dual multipliers, solved by block
 * coordinate ascent (SMO on alpha, coordinate descent on mu). Approximate
 * path: explicit map z(x) (RFF for rbf, Nystroem otherwise; @components
 * features, seeded), linear FERM projection (3.2 (a)) in that space, then a
 * linear SVM (dual coordinate descent, bias as an extra unit feature) or
 * ridge. The returned learner (type fair_kferm_type, decision values,
 * threshold 0) owns everything it needs to predict. @info (may be NULL)
 * receives the path and figures. @prog may be NULL.
 * Errors: as fair_ferm_fit for groups/labels; FAIR_EINVAL for bad options
 * (eps < 0, C <= 0, eps > 0 with the squared loss or approximate path);
 * FAIR_ENOMEM when n > 15000 on the exact path (use exact=no);
 * FAIR_ECANCELED; FAIR_ENUMERIC. */
fair_learner *fair_kferm_fit(const gsl_matrix *X, const double *y, const int32_t *group,
                             size_t K, const char *const *labels, const fair_kferm_opts *o,
                             fair_kferm_info *info, fair_progress *prog, fair_error *err);

/* Name of a path for messages: "exact (projected kernel)", "exact (slab)",
 * "random Fourier features", "Nystroem features". */
const char *fair_kferm_path_name(int path);

/* Saving a linear FERM transform: variant, constraint, d and the basis Q
 * (projection) or matrix A and pivots (elimination). */
int fair_ferm_export(const fair_ferm *t, fair_param *out, fair_error *err);
fair_ferm *fair_ferm_import(const fair_param *in, fair_error *err);

#endif
