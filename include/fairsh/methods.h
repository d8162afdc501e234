/* methods.h -- the standard mitigation methods auditors compare against:
 * reweighing (Kamiran & Calders 2012), the disparate-impact remover
 * (Feldman et al. 2015), the threshold optimiser (Hardt, Price & Srebro 2016)
 * and the exponentiated-gradient reduction (Agarwal et al. 2018).
 * Pure computation on arrays and design matrices; model.c wires them in. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METHODS_H
#define FAIRSH_METHODS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/learner.h"
#include "fairsh/models.h"
#include "fairsh/progress.h"

/* Common conventions: @y are labels in {0, 1} (1 = positive); @group are
 * group codes 0..K-1, or -1 for a row whose group is missing (such rows are
 * left out of every group statistic, as documented per function). */

/* Fairness constraints of the threshold optimiser and exponentiated gradient. */
enum fair_constraint {
	FAIR_CONSTRAINT_DP = 0,     /* demographic parity: equal selection rates      */
	FAIR_CONSTRAINT_EO = 1,     /* equal opportunity: equal true positive rates   */
	FAIR_CONSTRAINT_EODDS = 2   /* equalized odds: equal TPR and equal FPR        */
};
/* Parses "dp" | "eo" | "eodds" (FAIR_EINVAL otherwise). */
int         fair_constraint_parse(const char *s, int *out, fair_error *err);
const char *fair_constraint_name(int c);

/* A deterministic Bernoulli draw for randomised classifiers: returns 1 when
 * u(seed, key) < p, else 0, where u is a uniform number in [0, 1) made by
 * hashing (splitmix64) the pair (seed, key). Callers key it by the row's
 * index in its frame, so a row always gets the same decision for a given
 * seed, whatever subset of rows is scored. p outside [0, 1] is clamped;
 * NaN gives NaN. */
double fair_random_draw(double p, uint64_t seed, uint64_t key);

/* ---- reweighing (Kamiran & Calders 2012; AIF360 Reweighing) -------------
 * Writes instance weights w_i = n_{g} n_{y} / (n n_{g,y}) for row i with
 * group g and label y, where the counts are over the rows with a group
 * (n = their number). Rows with group -1 get weight 1. Afterwards the
 * weighted frequency of every cell (g, y) equals the product of the
 * weighted marginals: sum_{g,y} w / n = (n_g / n)(n_y / n) exactly.
 * @w has n entries (caller-allocated). Errors: FAIR_EINVAL for a label not
 * in {0,1}, a group code >= K, no row with a group, or a group that has
 * rows but none with label 0 or none with label 1 (that cell cannot be
 * weighted up; the message names the group via @labels, may be NULL). */
int fair_reweigh(const double *y, const int32_t *group, size_t n, size_t K,
                 const char *const *labels, double *w, fair_error *err);

/* ---- disparate-impact remover (Feldman et al. 2015; AIF360) -------------
 * Per selected column j of the design matrix, each group's training values
 * define a quantile function Q_g (the sorted values: Q_g(u) = v_(floor(u n_g)),
 * type-1 quantile). The median distribution has quantile function
 * M(u) = median_g Q_g(u) (lower-upper average for an even number of groups).
 * A value x of group g at level u becomes (1 - level) x + level M(u).
 * Training rows (fair_direpair_repair_train): u = (r + 0.5) / n_g with r
 * the row's rank in its group, ties broken by row order, so at level 1
 * every group's repaired values are M sampled on its own grid (the same
 * distribution up to the grid). New rows (fair_direpair_apply): u from the
 * group's training table, u = (#{v < x} + #{v = x}/2) / n_g (mid-rank).
 * Columns not selected, and rows whose group is -1 or empty in training,
 * are left unchanged.
 * fair_direpair_fit: @X is n x d (borrowed, not kept); @numeric_cols has d
 * entries (NULL = all columns); level in [0, 1]. Returns a new repairer
 * (caller frees). Errors: FAIR_EINVAL (level, group codes, non-finite
 * value, no group with rows), FAIR_ENOMEM. */
typedef struct fair_direpair fair_direpair;
fair_direpair *fair_direpair_fit(const gsl_matrix *X, const int32_t *group, size_t K, double level,
                                 const bool *numeric_cols, fair_error *err);
/* The repaired training matrix (the rows fitted on, in the same order);
 * new matrix, caller frees. */
gsl_matrix *fair_direpair_repair_train(const fair_direpair *r, const gsl_matrix *X, const int32_t *group,
                                       fair_error *err);
/* The repaired version of new rows @X (same d) with groups @group; new matrix. */
gsl_matrix *fair_direpair_apply(const fair_direpair *r, const gsl_matrix *X, const int32_t *group,
                                fair_error *err);
double      fair_direpair_level(const fair_direpair *r);
size_t      fair_direpair_ncols(const fair_direpair *r);   /* columns repaired */
void        fair_direpair_free(fair_direpair *r);           /* NULL is a no-op */

/* ---- threshold optimiser (Hardt, Price & Srebro 2016) --------------------
 * Per group g, the threshold classifiers "score >= t" (t over the group's
 * distinct training scores, plus +inf = nobody, and -inf = everybody) give
 * ROC points (FP, TP); randomising between them reaches their convex hull.
 * The optimiser maximises expected training accuracy subject to
 *   dp:    equal selection rates,
 *   eo:    equal true positive rates,
 *   eodds: equal (FPR, TPR) points,
 * exactly (in expectation) on the training rows. dp/eo: the objective is a
 * concave piecewise-linear function of the common rate whose breakpoints
 * are the rates of the groups' upper-hull vertices; every breakpoint is
 * evaluated (exact). eodds: the feasible set is the intersection of the
 * groups' hull polygons; the maximum of the linear objective is at one of
 * its vertices; every vertex is evaluated.
 * The result per group: P(yhat = 1 | s) = p_hi for s >= t_hi, p_mid for
 * t_lo <= s < t_hi, 0 below t_lo (dp and eo: p_hi = 1, a mixture of two
 * thresholds; eodds may need p_hi < 1 for a point inside a hull: a mixture
 * with "nobody"). Only hull points above the diagonal are used (no flipped
 * predictions: Fairlearn's flip=False).
 * @score, @y, @group have n entries; rows with group -1 are ignored.
 * Groups without training rows take no part (their probability is NaN).
 * Returns a new optimiser (caller frees). Errors: FAIR_EINVAL (labels,
 * groups, non-finite scores), FAIR_EUNDEF when no group has rows, or a group
 * with rows has (eo/eodds) no positive rows or (eodds) no negative rows;
 * FAIR_ENOMEM. */
typedef struct fair_thresh fair_thresh;

typedef struct fair_thresh_group {
	double t_hi, t_lo;       /* thresholds, t_hi >= t_lo; +/-inf allowed */
	double p_hi, p_mid;      /* P(yhat=1) at/above t_hi, in [t_lo, t_hi) */
	double sel, tpr, fpr;    /* expected training rates of the mixture */
	size_t n, npos;          /* training rows and positives of the group */
} fair_thresh_group;

fair_thresh *fair_thresh_fit(const double *score, const double *y, const int32_t *group, size_t n,
                             size_t K, int constraint, fair_error *err);
/* P(yhat = 1) of a row with @score in group @g (< K); NaN when g < 0. */
double fair_thresh_prob(const fair_thresh *t, double score, int32_t g);
/* Borrowed; valid while @t lives. */
const fair_thresh_group *fair_thresh_group_get(const fair_thresh *t, size_t g);
size_t fair_thresh_ngroups(const fair_thresh *t);
int    fair_thresh_constraint(const fair_thresh *t);
/* Expected training accuracy of the optimum (rows with a group). */
double fair_thresh_accuracy(const fair_thresh *t);
void   fair_thresh_free(fair_thresh *t);   /* NULL is a no-op */

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
 * gap (the last one within 1e-8). Fairlearn's optional LP step over the
 * hull of the predictors found so far is NOT run (run_linprog_step=False).
 * Returns a learner (kind OTHER, score = P(yhat=1) = the weighted average
 * of the base classifiers' 0/1 predictions, score_is_prob, threshold 0.5);
 * the randomised classifier draws yhat ~ Bernoulli(score) (see
 * fair_random_draw). Progress: iter = EG iteration (the base learner's
 * own progress shows in between), aux = duality gap.
 * @X n x d, @y, @group n entries (group -1 rows count in the error only).
 * Errors: as the base learner; FAIR_EINVAL for options, labels, groups. */
enum fair_expgrad_base { FAIR_EXPGRAD_LOGREG = 0, FAIR_EXPGRAD_SVM = 1 };

typedef struct fair_expgrad_opts {
	int    base;            /* enum fair_expgrad_base, default LOGREG */
	int    constraint;      /* enum fair_constraint, default DP */
	double eps;             /* > 0, default 0.01 */
	size_t max_iter;        /* default 50 */
	double eta0;            /* default 2.0 */
	double nu;              /* <= 0: automatic (default) */
	fair_logreg_opts logreg;
	fair_svm_opts    svm;
} fair_expgrad_opts;

typedef struct fair_expgrad_info {
	size_t iterations;      /* EG iterations run */
	size_t best_iter;       /* iterate returned */
	size_t nlearners;       /* base classifiers with weight > 0 */
	size_t oracle_calls;    /* base learner fits */
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

/* ---- saving (issue 10, persist.h) ---------------------------------------
 * Export/import of the fitted state, so that a restored object gives the
 * same results bit for bit. Exports write into the OBJECT @out (FAIR_ENOMEM);
 * imports return a new object (caller frees) or NULL with FAIR_EPARSE for
 * missing or inconsistent fields.
 * Disparate-impact remover: level, shape, repaired columns and each group's
 * sorted training values per column. fair_direpair_dim: the number of
 * design-matrix columns it was fitted on.
 * Threshold optimiser: constraint, training accuracy and every group's
 * thresholds, probabilities and training rates.
 * Exponentiated gradient: fair_expgrad_export_impl writes the mixture (per
 * component its weight and learner, or constant); fair_expgrad_import_impl
 * installs it into @l, a learner made by fair_learner_import with the
 * common fields set (FAIR_LEARNER_OTHER, @l->d inputs). Used by
 * fair_learner_export / fair_learner_import. */
struct fair_param;
size_t         fair_direpair_dim(const fair_direpair *r);
int            fair_direpair_export(const fair_direpair *r, struct fair_param *out, fair_error *err);
fair_direpair *fair_direpair_import(const struct fair_param *in, fair_error *err);
int            fair_thresh_export(const fair_thresh *t, struct fair_param *out, fair_error *err);
fair_thresh   *fair_thresh_import(const struct fair_param *in, fair_error *err);
int            fair_expgrad_export_impl(const fair_learner *l, struct fair_param *out, fair_error *err);
int            fair_expgrad_import_impl(fair_learner *l, const struct fair_param *in, fair_error *err);

#endif
