/* reductions-private.h -- the reductions of src/core/methods (reduction.c,
 * expgrad.c, gridsearch.c): the base learner they train, Fairlearn's
 * moments, exponentiated gradient and grid search. Part of the folder's
 * private header: include "methods/methods-private.h". */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METHODS_REDUCTIONS_PRIVATE_H
#define FAIRSH_METHODS_REDUCTIONS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"
#include "learn/learn-private.h"

/* ---- the base learner of the reductions (reduction.c) --------------------
 * Expgrad and grid search train any learner type of the registry that is
 * an ordinary learner taking sample weights (flags PLAIN, not OWN_WEIGHTS,
 * not GROUPS), classification or (@regression) regression.
 * fair_base_prepare finds @name in @types, sets its options to their
 * defaults and then to the "key=value" lines of @kv (may be NULL); @what
 * names the caller in messages. FAIR_EINVAL for an unknown or unusable
 * learner (the message lists the usable ones) or a bad option. Release
 * with fair_base_release. fair_base_fit fits it on (X, y, w).
 * fair_base_kv_add appends "key=value" to the string *@kv (realloc). */
typedef struct fair_base {
	const fair_learner_type *type;
	void *opts;
} fair_base;
int  fair_base_prepare(fair_base *b, const char *what, const char *name, const char *kv, bool regression,
                       const fair_learner_type *const *types, fair_error *err);
void fair_base_release(fair_base *b);
fair_learner *fair_base_fit(const fair_base *b, const gsl_matrix *X, const double *y, const double *w, int task,
                            uint64_t seed, fair_progress *prog, fair_error *err);
int  fair_base_kv_add(char **kv, const char *key, const char *val, fair_error *err);

/* ---- the moments of the reductions (reduction.c) ---------------------------
 * Fairlearn's moments, shared by expgrad and grid search. Classification
 * (UtilityParity with ErrorRate): for each event e (dp and error: every
 * row; eo: y = 1; fpr: y = 0; eodds: e = y) and group a, the utility of a
 * prediction h is u = du h + u0 (u = h; error-rate parity: u = |h - y| =
 * (1 - 2y) h + y) and the constraints are gamma(+,e,a) = rho E[u | e, a] -
 * E[u | e] and gamma(-,e,a) = rho E[u | e] - E[u | e, a] (rho = 1:
 * difference bounds), nc = 2 E K of them at fair_moments_index(m, s, e,
 * a); the objective is the error mean |y - h|. Bounded group loss
 * (Agarwal, Dudik & Wu 2019; Fairlearn's BoundedGroupLoss), bgl = true:
 * gamma_a = E[loss(y, h) | a], nc = K, the objective the mean loss over
 * every row, with loss square (clip(y) - clip(h))^2, absolute |clip(y) -
 * clip(h)| or zero-one (absolute on [0, 1]), clip to [lo, hi]. Rows with
 * group -1 count in the objective only; a pair (e, a) without rows is
 * inactive (its gamma is 0).
 * fair_moments_init checks the labels ({0, 1} unless bgl; finite) and
 * groups (codes < K) and counts p_e and p_(e,a) over all n rows; @what
 * names the caller in messages. FAIR_EINVAL, FAIR_ENOMEM.
 * fair_moments_gamma: the objective of predictions @h (0/1, or real for
 * bgl) into *obj and the nc gammas into @gamma.
 * fair_moments_signed: row i's part of Fairlearn's signed weights for the
 * multipliers @lambda (nc values), du_i (U lambda)_i:
 *   (sum_b lambda(+,e,b) - rho lambda(-,e,b)) / p_e
 *     + (lambda(-,e,a) - rho lambda(+,e,a)) / p_(e,a)   (the sum over active b);
 * bgl: lambda_a / p_a; 0 for a row outside every event. */
enum fair_bgl_loss { FAIR_BGL_SQUARE = 0, FAIR_BGL_ABSOLUTE = 1, FAIR_BGL_ZEROONE = 2 };

typedef struct fair_moments {
	int     constraint;         /* enum fair_constraint (classification)        */
	bool    bgl;                /* bounded group loss instead                    */
	int     loss;               /* enum fair_bgl_loss                             */
	double  lo, hi;             /* the loss's clip range                          */
	double  rho;
	size_t  n, K, E, nc;
	const double  *y;
	const int32_t *group;
	int    *ev;                 /* event of each row, -1 none                     */
	double *du, *u0;            /* the utility's slope and offset per row         */
	double *pe, *pea;           /* P(e) (E), P(e, a) (E K)                        */
	unsigned char *active;      /* (e, a) has rows                               */
	size_t  nactive;
	double *sums;               /* scratch, E + E K                               */
} fair_moments;

int    fair_moments_init(fair_moments *m, int constraint, double rho, const double *y, const int32_t *group,
                         size_t n, size_t K, const char *what, fair_error *err);
/* The same for bounded group loss (@loss, clip range [lo, hi]). */
int    fair_moments_init_bgl(fair_moments *m, int loss, double lo, double hi, const double *y,
                             const int32_t *group, size_t n, size_t K, const char *what, fair_error *err);
void   fair_moments_release(fair_moments *m);
void   fair_moments_gamma(const fair_moments *m, const double *h, double *obj, double *gamma);
double fair_moments_signed(const fair_moments *m, size_t i, const double *lambda);
/* loss(y, h) of bounded group loss (above) */
double fair_moments_loss(const fair_moments *m, double y, double h);
static inline size_t
fair_moments_index(const fair_moments *m, size_t s, size_t e, size_t a)
{
	return (s * m->E + e) * m->K + a;
}

/* ---- exponentiated gradient (Agarwal et al. 2018; Fairlearn) ------------
 * Reduction of "minimise error subject to the fairness constraint" to a
 * sequence of weighted classification problems, following Fairlearn's
 * ExponentiatedGradient with ErrorRate and the UtilityParity moments:
 * constraints gamma_{e,a}(h) = E[h | e, a] - E[h | e] for each event e
 * (dp: all rows; eo: y = 1; eodds: y = 0 and y = 1) and group a, both signs,
 * bound eps. Lagrange multipliers lambda = B exp(theta) / (1 + sum exp theta),
 * B = 1 / eps, theta += eta (gamma(h_t) - eps); each best response is the
 * base learner fitted on relabelled rows (label 1{c_i > 0}) with weights
 * |c_i| (normalised to sum n), c_i = (2 y_i - 1) + lambda_e / p_e -
 * lambda_{e,a} / p_{e,a}. Defaults as Fairlearn: eps 0.01, max_iter 50,
 * eta0 2 (eta = eta0 / B), nu = 0.5 sd(|h_0 - y|) / sqrt(n), eta shrunk by
 * 0.8 when the best gap has not fallen below 0.8 of its last checked value
 * (checked at t >= 1.6 x the last check, from t = 5), stop when gap < nu
 * after at least 5 iterations; the result is the iterate with the smallest
 * gap (the last one within 1e-8). Fairlearn's LP step over the hull of the
 * predictors found so far (run_linprog_step) runs with @lp_step: from the
 * second iteration, when the predictors have changed, the best mixture Q
 * and multipliers of the LP (eg_lp), whose gap is evaluated as the EG
 * iterate's; the iterate is the LP's unless the EG gap is strictly smaller
 * (as Fairlearn; the eta shrinking looks at the EG gaps only).
 * Bounded group loss (@bgl, regression): the moments' gamma_a = E[loss |
 * a] <= upper_bound, objective the mean loss, signed weights 1 + lambda_a /
 * p_a, the base regressor fitted on y itself with those weights
 * (normalised to sum n); multipliers not projected; theta += eta (gamma -
 * upper_bound); L_high uses the bound too (Fairlearn's bound()). The
 * regression learner's score is the weighted mean of the components'
 * predictions (Fairlearn draws one component a row).
 * Returns a learner (type fair_expgrad_type, score = P(yhat=1) = the weighted average
 * of the base classifiers' 0/1 predictions, score_is_prob, threshold 0.5);
 * the randomised classifier draws yhat ~ Bernoulli(score) (see
 * fair_random_draw). Progress: iter = EG iteration (the base learner's
 * own progress shows in between), aux = duality gap.
 * @X n x d, @y, @group n entries (group -1 rows count in the error only).
 * Errors: as the base learner; FAIR_EINVAL for options, labels, groups. */
enum fair_expgrad_base { FAIR_EXPGRAD_LOGREG = 0, FAIR_EXPGRAD_SVM = 1 };

typedef struct fair_expgrad_opts {
	int    base;            /* enum fair_expgrad_base, default LOGREG (without base_learner) */
	char  *base_name;       /* base=NAME of the registry (learner type), NULL: logreg */
	char  *base_kv;         /* its options, "key=value" lines */
	const fair_base *base_learner;   /* resolved base (fair_base_prepare); NULL: @base */
	uint64_t seed;          /* the base learner's seed */
	int    constraint;      /* enum fair_constraint: dp (default), eo, fpr, eodds, error */
	double eps;             /* > 0, default 0.01 */
	double ratio;           /* (0, 1]: 1 = difference bounds (default); r < 1 =
	                           Fairlearn's ratio_bound r with slack eps */
	size_t max_iter;        /* default 50 */
	double eta0;            /* default 2.0 */
	double nu;              /* <= 0: automatic (default) */
	/* bounded group loss (regression; Fairlearn's BoundedGroupLoss with
	 * MeanLoss as the objective): each group's mean loss <= upper_bound */
	bool   bgl;             /* instead of @constraint */
	int    loss;            /* enum fair_bgl_loss, default square */
	double loss_lo, loss_hi;   /* the loss's clip range, default [0, 1] */
	double upper_bound;     /* >= 0, required with bgl (default NaN) */
	int    lp_step;         /* Fairlearn's LP step (run_linprog_step): 1 yes, 0 no,
	                           -1 (default) yes with bgl, no otherwise */
	fair_logreg_opts logreg;
	fair_svm_opts    svm;
} fair_expgrad_opts;

typedef struct fair_expgrad_info {
	size_t iterations;      /* EG iterations run */
	size_t best_iter;       /* iterate returned */
	size_t nlearners;       /* base classifiers with weight > 0 */
	size_t oracle_calls;    /* base learner fits */
	size_t npredictors;     /* predictors found (weight 0 or not), Fairlearn's len(predictors_) */
	double gap;             /* duality gap of the returned classifier */
	double nu;              /* the tolerance used */
	double error;           /* its expected training error */
	double violation;       /* max_{e,a} |gamma_{e,a}| in expectation */
} fair_expgrad_info;

void fair_expgrad_opts_init(fair_expgrad_opts *o);
fair_learner *fair_expgrad_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                               const fair_expgrad_opts *o, fair_expgrad_info *info,
                               fair_progress *prog, fair_error *err);
/* Number of base classifiers in an expgrad learner (0 if @l is not one),
 * and classifier @i with its weight (borrowed; NULL for a constant
 * classifier, whose value goes to *constant). */
size_t fair_expgrad_size(const fair_learner *l);
const fair_learner *fair_expgrad_component(const fair_learner *l, size_t i, double *weight,
                                           double *constant);
bool   fair_expgrad_is(const fair_learner *l);

/* ---- grid search (Agarwal et al. 2018; Fairlearn's GridSearch) ----------
 * The moments of expgrad (constraints dp, eo, fpr, eodds, error; ratio
 * bound rho, difference bounds when rho = 1) with multipliers on a grid:
 * Fairlearn's _GridGenerator with every direction allowed negative, over
 * the basis of the events x the groups but the last (dim = E (K - 1),
 * groups in code order): the first grid_size points of the integer grid
 * {v : |v|_1 <= n_units}, enumerated coordinate by coordinate from -n to
 * n, n_units the smallest >= floor((size / 2^dim)^(1/dim) - 1) giving
 * enough points, scaled by grid_limit / n_units; a coordinate v sets
 * lambda_(+,e,a) = max(v, 0), lambda_(-,e,a) = max(-v, 0). At each point
 * the base learner is fitted to the labels 1{s_i > 0} with weights |s_i|,
 * s_i = 2 y_i - 1 + du_i (U lambda)_i (unnormalised, as Fairlearn), or is
 * the constant when all labels agree. Each point's training error and
 * largest gamma are kept; the point with the smallest
 * (1 - constraint_weight) error + constraint_weight max gamma (the first)
 * predicts. Returns a learner (type fair_gridsearch_type) scoring with that
 * point's learner; every point's learner stays inside it
 * (fair_gridsearch_member). Progress: iter = grid point, loss = its error,
 * aux = its violation. Errors: options, labels, groups, a group without
 * rows for an event; the base learner's; FAIR_ECANCELED. */
typedef struct fair_gridsearch_opts {
	char  *base_name;        /* base=NAME (registry), NULL: logreg                 */
	char  *base_kv;          /* its options                                        */
	const fair_base *base_learner;   /* resolved base (required by _fit)           */
	uint64_t seed;
	int    constraint;       /* dp (default), eo, fpr, eodds, error                */
	size_t grid_size;        /* default 10                                         */
	double grid_limit;       /* default 2                                          */
	double constraint_weight;/* default 0.5                                        */
	double ratio;            /* default 1                                          */
} fair_gridsearch_opts;

typedef struct fair_gridsearch_info {
	size_t points, dim, best;
	double error, violation;   /* of the best point */
} fair_gridsearch_info;

typedef struct fair_gridsearch_point {
	const double *lambda;   /* dim grid coordinates (borrowed) */
	size_t dim;
	double error, violation, constant;   /* constant: NaN unless a constant predictor */
	bool best;
} fair_gridsearch_point;

void fair_gridsearch_opts_init(fair_gridsearch_opts *o);
fair_learner *fair_gridsearch_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                                  const fair_gridsearch_opts *o, fair_gridsearch_info *info,
                                  fair_progress *prog, fair_error *err);
bool   fair_gridsearch_is(const fair_learner *l);
size_t fair_gridsearch_size(const fair_learner *l);
/* The grid alone: @size points x @dim coordinates into @out (see above). */
int fair_gridsearch_grid(size_t size, size_t dim, double limit, double *out, fair_error *err);
/* Point @i's learner (borrowed; NULL for a constant predictor) and facts. */
const fair_learner *fair_gridsearch_member(const fair_learner *l, size_t i, fair_gridsearch_point *pt);

#endif
