/* methods-private.h -- the fairness methods of the core (src/core/methods):
 * reweighing, the disparate-impact remover, the threshold optimiser,
 * exponentiated gradient, FERM (linear transform and kernel FERM) and fair
 * representations (and their learner wrapper). Pure computation on arrays
 * and design matrices; the workbench wires them into models. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METHODS_PRIVATE_H
#define FAIRSH_METHODS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "fairsh/error.h"
#include "fairsh/metric.h"
#include "fairsh/param.h"
#include "fairsh/progress.h"
#include "learn/learn-private.h"
#include "ot/ot-private.h"

/* ======================================================================== */
/* The standard mitigation methods auditors compare against:
 * reweighing (Kamiran & Calders 2012), the disparate-impact remover
 * (Feldman et al. 2015), the threshold optimiser (Hardt, Price & Srebro 2016)
 * and the exponentiated-gradient reduction (Agarwal et al. 2018).
 * Pure computation on arrays and design matrices; model.c wires them in. */

/* Common conventions: @y are labels in {0, 1} (1 = positive); @group are
 * group codes 0..K-1, or -1 for a row whose group is missing (such rows are
 * left out of every group statistic, as documented per function). */

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

/* ---- correlation remover (Fairlearn's CorrelationRemover) ----------------
 * With the sensitive attribute as centred one-hot indicators S, Fairlearn
 * replaces the features X by X - (S - mean S) beta, beta = lstsq(S - mean
 * S, X), blended: alpha (X - (S - mean S) beta) + (1 - alpha) X. For
 * indicators the fit is the group means: a row x of group g becomes
 * x - alpha (mean_g - mean) (training means), so at alpha = 1 every
 * feature has the same mean in every group (no linear correlation with the
 * attribute). Rows without a group are left out of the means and left
 * unchanged. fair_corrremove_fit: @X n x d (borrowed), alpha in [0, 1];
 * new object (caller frees). apply: a new matrix. Errors: FAIR_EINVAL
 * (alpha, groups, no row with a group, width), FAIR_ENOMEM.
 * Export/import: alpha, shape and the K x d shifts. */
typedef struct fair_corrremove fair_corrremove;
fair_corrremove *fair_corrremove_fit(const gsl_matrix *X, const int32_t *group, size_t K, double alpha,
                                     fair_error *err);
gsl_matrix *fair_corrremove_apply(const fair_corrremove *c, const gsl_matrix *X, const int32_t *group,
                                  fair_error *err);
double fair_corrremove_alpha(const fair_corrremove *c);
size_t fair_corrremove_dim(const fair_corrremove *c);
void   fair_corrremove_free(fair_corrremove *c);   /* NULL is a no-op */
int              fair_corrremove_export(const fair_corrremove *c, struct fair_param *out, fair_error *err);
fair_corrremove *fair_corrremove_import(const struct fair_param *in, fair_error *err);

/* ---- learning fair representations (Zemel et al. 2013; AIF360's LFR) -----
 * k prototypes v_j in the feature space and weights w_j in (0, 1). A row
 * x maps to M_j(x) = softmax_j(-|x - v_j|) (Euclidean distance, not
 * squared, as AIF360), is reconstructed as xhat = sum_j M_j v_j and
 * predicted as yhat = clip(sum_j M_j w_j, eps, 1 - eps). AIF360's objective
 *   Ax L_x + Ay L_y + Az L_z,
 *   L_x = sum_g mean over group g's entries of (xhat - x)^2,
 *   L_y = mean log loss of yhat,
 *   L_z = mean_j |mean_{g=0} M_j - mean_{g=1} M_j| (two groups; K > 2:
 *         mean over j and g of |mean_g M_j - mean M_j|),
 * defaults k 5, Ax 0.01, Ay 1, Az 50, is minimised by GSL's BFGS (bfgs2)
 * with the analytic gradient (AIF360: L-BFGS-B with numerical gradients
 * and the box 0 <= w <= 1; here w = 1 / (1 + exp(-u)) keeps the box),
 * from AIF360's start (every parameter uniform in [0, 1), seeded). Every
 * training row needs a group (2 to 8 groups). The learner (fair_lfr_type)
 * scores yhat and needs no group to predict. Progress: iter = BFGS
 * iteration, loss = objective, aux = gradient norm. fair_lfr_objective
 * evaluates the objective, its three terms and gradient at given w, v (for
 * tests). fair_lfr_transform gives M (n x k), xhat (n x d), yhat (any may
 * be NULL). Errors: FAIR_EINVAL, FAIR_ENUMERIC, FAIR_ECANCELED, FAIR_ENOMEM. */
typedef struct fair_lfr_opts {
	size_t k;
	double Ax, Ay, Az;
	size_t max_iter;
	double tol;
} fair_lfr_opts;
typedef struct fair_lfr_info {
	size_t iterations;
	bool   converged;
	double loss, Lx, Ly, Lz;
} fair_lfr_info;
void fair_lfr_opts_init(fair_lfr_opts *o);
fair_learner *fair_lfr_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                           const fair_lfr_opts *o, uint64_t seed, fair_lfr_info *info, fair_progress *prog,
                           fair_error *err);
int fair_lfr_objective(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                       const fair_lfr_opts *o, const double *w, const double *v, double *value, double *parts,
                       double *grad_w, double *grad_v, fair_error *err);
int fair_lfr_transform(const fair_learner *l, const gsl_matrix *X, gsl_matrix *M, gsl_matrix *Xhat,
                       double *yhat, fair_error *err);

/* ---- threshold optimiser (Hardt, Price & Srebro 2016; Fairlearn) --------
 * Per group g, the threshold classifiers "score > t" (t = +inf: nobody, the
 * midpoints between consecutive distinct training scores, -inf: everybody)
 * and, with flip, their complements "score < t" are points (x, y) = (the
 * constraint's rate, the objective) of the group; randomising between two
 * of them reaches the segment between them, so each group's best objective
 * at constraint value x is its upper concave hull f_g(x). The optimiser
 * maximises sum_g (n_g / n) f_g(x_g) subject to max x_g - min x_g <= tol
 * (tol 0: all equal), x the selection rate (dp), TPR (eo), FPR, TNR or FNR;
 * for eodds the common point (FPR, TPR) = (f, min_g U_g(f)) over the ROC
 * hulls U_g, each group mixing in the constant prediction f with
 * probability p_ignore, and the objective (accuracy or balanced accuracy)
 * on the overall counts. Objectives: accuracy, balanced accuracy, selection
 * rate, TPR, TNR (doc/methods.md 8.3).
 * Solvers: grid = 0, exact: the objective is concave and piecewise linear;
 * every breakpoint (hull vertices; with tol also vertices - tol; for eodds
 * the crossings of two groups' hulls) is evaluated. grid = N: Fairlearn's
 * ThresholdOptimizer step by step (its hull, its interpolation on the
 * N + 1 values j / N with its rule at vertical edges, its tie-breaking and
 * rounding), which reproduces its published test numbers.
 * The rule of group g: P(yhat = 1 | s) = p_ignore c + (1 - p_ignore)
 * (p0 [op0(s, thr0)] + p1 [op1(s, thr1)]) (Fairlearn's interpolation dict).
 * @score, @y, @group have n entries; rows with group -1 are ignored. Groups
 * without training rows take no part (their figures are NaN). @labels (K
 * group names, may be NULL) name groups in messages.
 * Returns a new optimiser (caller frees). Errors: FAIR_EINVAL (options,
 * labels, groups, non-finite scores), FAIR_EUNDEF when no group has rows or
 * a group lacks the positives or negatives its rates need (grid: any group
 * without both labels, as Fairlearn), FAIR_ENOMEM. */
typedef struct fair_thresh fair_thresh;

enum fair_thresh_op { FAIR_THRESH_GT = 0, FAIR_THRESH_LT = 1, FAIR_THRESH_GE = 2 };

typedef struct fair_thresh_group {
	int    op0, op1;         /* enum fair_thresh_op                               */
	double thr0, thr1;       /* their thresholds (+/-inf allowed)                 */
	double p0, p1;           /* weights of the two operations                     */
	double p_ignore;         /* eodds: probability of the constant prediction     */
	double constant;         /* ... which is P(yhat = 1) = the common FPR         */
	double x;                /* the group's constraint value                      */
	double sel, tpr, fpr;    /* expected training rates of the rule               */
	size_t n, npos;          /* training rows and positives of the group          */
} fair_thresh_group;

fair_thresh *fair_thresh_fit_opts(const double *score, const double *y, const int32_t *group, size_t n,
                                  size_t K, const fair_thresh_opts *o, const char *const *labels,
                                  fair_error *err);
/* The same with the defaults and @constraint (enum fair_constraint). */
fair_thresh *fair_thresh_fit(const double *score, const double *y, const int32_t *group, size_t n,
                             size_t K, int constraint, fair_error *err);
/* P(yhat = 1) of a row with @score in group @g (< K); NaN when g < 0. */
double fair_thresh_prob(const fair_thresh *t, double score, int32_t g);
/* Borrowed; valid while @t lives. */
const fair_thresh_group *fair_thresh_group_get(const fair_thresh *t, size_t g);
const fair_thresh_opts  *fair_thresh_options(const fair_thresh *t);
size_t fair_thresh_ngroups(const fair_thresh *t);
int    fair_thresh_constraint(const fair_thresh *t);
/* Expected training accuracy of the optimum (rows with a group), and the
 * value of the objective maximised. */
double fair_thresh_accuracy(const fair_thresh *t);
double fair_thresh_objective(const fair_thresh *t);
void   fair_thresh_free(fair_thresh *t);   /* NULL is a no-op */

/* ---- AIF360's post-processors (postproc.c; doc/methods.md 8.6-8.8) --------
 * Each maps a row's score and group to P(yhat = 1).
 * Equalized-odds post-processing (Hardt et al. 2016; AIF360's
 *   EqOddsPostprocessing): the base decision d = [score > cut] is kept or
 *   flipped at random per group, P(yhat = 1 | d, g) = p_pos[g] or p_neg[g],
 *   chosen by the linear program that maximises sum_g (TPR_g - FPR_g)
 *   subject to equal TPRs and equal FPRs (AIF360's objective, minimise
 *   sum (FPR - TPR)); solved exactly as the threshold optimiser on d with
 *   flips, eodds and balanced accuracy. K groups (AIF360: two, the
 *   unprivileged pooled).
 * Calibrated equalized odds (Pleiss et al. 2017; AIF360's
 *   CalibratedEqOddsPostprocessing): scores in [0, 1]; per group the cost
 *   c_g = GFPR (mean score of the negatives), GFNR (mean 1 - score of the
 *   positives) or weighted (GFPR (1 - br) + GFNR br) / 2, br the group's
 *   base rate. Every group but the costliest one (cost C) replaces its
 *   score by br_g with probability mix_g = (C - c_g) / (t_g - c_g), t_g the
 *   cost of the constant score br_g, so that all expected costs equal C
 *   while each group stays calibrated (AIF360, two groups: the same
 *   formula). P(yhat = 1) = mix [br > cut] + (1 - mix) [score > cut], cut
 *   0.5; fair_post_score gives the expected mixed score.
 * Reject-option classification (Kamiran, Karim & Zhang 2012; AIF360's
 *   RejectOptionClassification): yhat = [score > thr], except in the
 *   critical region thr - m < score <= thr + m, where the privileged group
 *   gets 0 and every other group 1. thr runs over linspace(low, high,
 *   nthresh) and m over linspace(0, min(thr, 1 - thr), nmargin); the
 *   setting with the best balanced accuracy among those whose metric
 *   (unprivileged pooled minus privileged: SPD, EOD or AOD) lies in
 *   [lb, ub] is kept; when none does, the one with the smallest metric
 *   (AIF360's fallback; satisfied = false). Defaults as AIF360: low 0.01,
 *   high 0.99, 100 thresholds, 50 margins, SPD in [-0.05, 0.05].
 * Inputs as the threshold optimiser's (group -1 rows ignored). Returns a
 * new post-processor (caller frees). Errors: FAIR_EINVAL (options, labels,
 * groups, scores), FAIR_EUNDEF (a group without the labels a rate needs),
 * FAIR_ENOMEM. */
typedef struct fair_post fair_post;

enum fair_post_kind { FAIR_POST_EQODDS = 0, FAIR_POST_CALEQODDS = 1, FAIR_POST_ROC = 2 };
enum fair_cal_cost { FAIR_CAL_FNR = 0, FAIR_CAL_FPR = 1, FAIR_CAL_WEIGHTED = 2 };
enum fair_roc_metric { FAIR_ROC_SPD = 0, FAIR_ROC_EOD = 1, FAIR_ROC_AOD = 2 };

typedef struct fair_roc_opts {
	int    metric;             /* enum fair_roc_metric (default SPD)        */
	double lb, ub;             /* bounds on the metric (default +-0.05)     */
	double low, high;          /* threshold range (default 0.01, 0.99)      */
	size_t nthresh, nmargin;   /* grid sizes (default 100, 50)              */
} fair_roc_opts;

void fair_roc_opts_init(fair_roc_opts *o);

fair_post *fair_eqodds_fit(const double *score, double cut, const double *y, const int32_t *group, size_t n,
                           size_t K, const char *const *labels, fair_error *err);
fair_post *fair_caleqodds_fit(const double *score, const double *y, const int32_t *group, size_t n, size_t K,
                              int cost, const char *const *labels, fair_error *err);
/* @priv: the privileged group's code. */
fair_post *fair_roc_fit(const double *score, const double *y, const int32_t *group, size_t n, size_t K,
                        long priv, const fair_roc_opts *o, const char *const *labels, fair_error *err);
double fair_post_prob(const fair_post *p, double score, int32_t g);
/* calibrated equalized odds: the expected mixed score; NaN for the others */
double fair_post_score(const fair_post *p, double score, int32_t g);
int    fair_post_kind(const fair_post *p);
size_t fair_post_ngroups(const fair_post *p);

/* What was fitted (arrays of K values, borrowed while @p lives). */
typedef struct fair_post_facts {
	int kind;
	size_t K;
	const double *p_pos, *p_neg;               /* eqodds                     */
	const double *mix, *base_rate, *cost;      /* caleqodds                  */
	int cost_kind;
	double thr, margin, metric_value;          /* roc                        */
	double balanced;                           /* eqodds, roc: training balanced accuracy */
	bool satisfied;
	long priv;
	fair_roc_opts roc;
} fair_post_facts;
void fair_post_info(const fair_post *p, fair_post_facts *f);
void fair_post_free(fair_post *p);   /* NULL is a no-op */
int        fair_post_export(const fair_post *p, struct fair_param *out, fair_error *err);
fair_post *fair_post_import(const struct fair_param *in, fair_error *err);

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

/* ---- adversarial debiasing (Zhang, Lemoine & Mitchell 2018; AIF360) ------
 * A classifier network (nn.c: hidden layers, one logit z) and an adversary
 * that predicts the group from it: s = sigmoid((1 + |c|) z), inputs u = [s]
 * (dp), [s, s y, s (1 - y)] (eodds; AIF360's adversary) or the latter on the
 * positive rows only (eo), a = u W + b, one logit for two groups (target:
 * group code 1) or a softmax over K groups. Losses, with row weights s_i
 * (NULL: 1): L_P = (1/m) sum_i s_i logloss(z_i, y_i) over the batch, L_A =
 * (1/m_A) sum s_i CE(a_i, group_i) over its m_A adversary rows (rows with a
 * group; eo: and y = 1). Each step, from one forward pass: the classifier
 * moves along g = gP - (gP . u) u - alpha gA, u = gA / (|gA| + FLT_MIN),
 * gP and gA the gradients of L_P and L_A in the classifier's parameters,
 * taken per parameter tensor (each layer's weights, its biases) as AIF360
 * does; the adversary along the gradient of L_A in (c, W, b); both by Adam
 * (0.9, 0.999, 1e-8) with step lr 0.96^floor(step / 1000) (TensorFlow's
 * staircase decay). debias = false trains the classifier alone (g = gP).
 * Training as AIF360: per epoch a seeded permutation cut into n / batch
 * full batches (batch = n when n is smaller); dropout on the hidden layers
 * (keep); Glorot-uniform weights, zero biases, c = 1. Defaults as AIF360:
 * one hidden layer of 200 ReLU units, 50 epochs, batch 128, alpha 0.1,
 * lr 0.001, keep 0.8, constraint eodds. doc/methods.md 8.12. */
#define FAIR_ADV_MAX_GROUPS 64

typedef struct fair_adv_opts {
	int    constraint;     /* FAIR_CONSTRAINT_DP, _EO or _EODDS (default)          */
	double alpha;          /* >= 0, default 0.1                                     */
	bool   debias;         /* default true                                          */
	size_t hidden[FAIR_MLP_MAX_LAYERS];
	size_t nhidden;        /* default {200}                                         */
	int    activation;     /* enum fair_nn_act of the hidden layers, default ReLU  */
	size_t epochs, batch;  /* default 50, 128                                       */
	double lr, decay;      /* default 0.001, 0.96                                   */
	size_t decay_steps;    /* default 1000                                          */
	double keep;           /* dropout keep probability in (0, 1], default 0.8       */
} fair_adv_opts;

typedef struct fair_adv_info {
	size_t epochs, batches;    /* epochs run, batches per epoch                        */
	double loss_clf, loss_adv; /* mean L_P and L_A over the last epoch's batches      */
	double loss_adv_base;      /* the entropy of the adversary's targets (its loss
	                              when it can only guess the groups' frequencies)     */
} fair_adv_info;

void fair_adv_opts_init(fair_adv_opts *o);
/* Trains on @X (n x d, borrowed), @y in {0, 1}, @group (codes < K, -1: in
 * the classifier's loss only), weights @w (may be NULL). Returns a learner
 * (type fair_adversarial_type, score = sigmoid(z), threshold 0.5) that
 * needs no group to predict, or NULL with @err: FAIR_EINVAL (options,
 * labels, weights, K outside [2, 64], no row for the adversary),
 * FAIR_ENUMERIC (a loss not finite), FAIR_ECANCELED, FAIR_ENOMEM.
 * Progress: iter = epoch, loss = mean L_P, aux = mean L_A. */
fair_learner *fair_adv_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K, const double *w,
                           const fair_adv_opts *o, uint64_t seed, fair_adv_info *info, fair_progress *prog,
                           fair_error *err);
bool fair_adv_is(const fair_learner *l);
/* The classifier network inside an adversarial learner (borrowed), or NULL. */
const fair_nn *fair_adv_learner_net(const fair_learner *l);

/* The training state, step by step (for tests): fair_adv_new makes the
 * initial networks for batches of at most @max_rows rows, seeded;
 * fair_adv_step runs one update on a batch (*LP, *LA: its losses);
 * fair_adv_grad evaluates without updating, with the dropout masks drawn
 * from a generator seeded with @mask_seed (so that repeated evaluations
 * see the same masks): *LP, *LA and, where not NULL, gP, gA, the update
 * direction g (each nparams) and the adversary's gradient gphi. The
 * parameter arrays are borrowed and writable: the classifier's in nn.c's
 * layout, the adversary's as c, W (q x ka row-major), b (ka). */
typedef struct fair_adv fair_adv;
fair_adv *fair_adv_new(size_t d, size_t K, size_t max_rows, const fair_adv_opts *o, uint64_t seed,
                       fair_error *err);
int       fair_adv_step(fair_adv *a, const gsl_matrix *X, const double *y, const int32_t *group, const double *w,
                        double *LP, double *LA, fair_error *err);
int       fair_adv_grad(fair_adv *a, const gsl_matrix *X, const double *y, const int32_t *group, const double *w,
                        uint64_t mask_seed, double *LP, double *LA, double *gP, double *gA, double *g, double *gphi,
                        fair_error *err);
double   *fair_adv_clf_params(fair_adv *a, size_t *n);
double   *fair_adv_adv_params(fair_adv *a, size_t *n);
const fair_nn *fair_adv_net(const fair_adv *a);
void      fair_adv_free(fair_adv *a);   /* NULL is a no-op */

/* ---- saving (fairsh/param.h) ---------------------------------------
 * Export/import of the fitted state, so that a restored object gives the
 * same results bit for bit. Exports write into the OBJECT @out (FAIR_ENOMEM);
 * imports return a new object (caller frees) or NULL with FAIR_EPARSE for
 * missing or inconsistent fields.
 * Disparate-impact remover: level, shape, repaired columns and each group's
 * sorted training values per column. fair_direpair_dim: the number of
 * design-matrix columns it was fitted on.
 * Threshold optimiser: constraint, training accuracy and every group's
 * thresholds, probabilities and training rates.
 * (The learners of this folder save through their types, below.) */
size_t         fair_direpair_dim(const fair_direpair *r);
int            fair_direpair_export(const fair_direpair *r, struct fair_param *out, fair_error *err);
fair_direpair *fair_direpair_import(const struct fair_param *in, fair_error *err);
int            fair_thresh_export(const fair_thresh *t, struct fair_param *out, fair_error *err);
fair_thresh   *fair_thresh_import(const struct fair_param *in, fair_error *err);

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

/* ======================================================================== */
/* Fair, transferable multi-task representations (doc/methods.md 5):
 * an encoder h (linear, one or two tanh/ReLU layers) shared by one head per
 * task, trained by minibatch Adam on the mean task loss plus lambda times a
 * divergence (MMD, Sinkhorn or mean) between the groups' representations.
 * New tasks are fitted later on fair_fairrep_encode() output. */

enum fair_rep_family {
	FAIR_REP_LINEAR = 0,   /* h = A^T x + c                                  */
	FAIR_REP_MLP1 = 1,     /* h = act(W1 x + c1), width dim                  */
	FAIR_REP_MLP2 = 2      /* h = act(W2 act(W1 x + c1) + c2), hidden -> dim */
};

enum fair_rep_act { FAIR_ACT_TANH = 0, FAIR_ACT_RELU = 1 };

typedef struct fair_fairrep_opts {
	int    divergence;    /* FAIR_DIV_*; default FAIR_DIV_MMD                       */
	double lambda;        /* penalty weight beta >= 0; default 1                    */
	int    family;        /* FAIR_REP_*; default FAIR_REP_MLP2                      */
	int    act;           /* FAIR_ACT_*; default FAIR_ACT_TANH                      */
	size_t hidden;        /* width of the first layer of mlp2; default 64           */
	size_t dim;           /* representation dimension r; default 16                 */
	size_t epochs;        /* passes over the data; default 100 (0: initialise only) */
	size_t batch;         /* rows per step, group-stratified; default 256           */
	double lr;            /* Adam step size; default 1e-3 (beta1 .9, beta2 .999)     */
	double weight_decay;  /* lambda_w = lambda_h on weights (not biases); 1e-4      */
	double bandwidth;     /* MMD bandwidth; <= 0: median heuristic on the encoded
	                         training rows, recomputed every epoch (default 0)      */
	bool   unbiased;      /* MMD U-statistic in training; default false (V-stat.)   */
	double epsilon;       /* Sinkhorn eps (cost |z-z'|^2/2); default 0.05           */
	size_t sinkhorn_iter; /* Sinkhorn iterations at eps per step; default 50        */
	double sinkhorn_tol;  /* Sinkhorn marginal tolerance; default 1e-4              */
	unsigned long seed;   /* initialisation and batches; default 1                  */
} fair_fairrep_opts;

/* Fills @o with the defaults above. */
void fair_fairrep_opts_init(fair_fairrep_opts *o);

typedef struct fair_fairrep fair_fairrep;

/* Trains a representation and T heads.
 * @X: n x d standardised features (borrowed). @Y[t]: n targets of task t,
 * 1.0 / 0.0 for FAIR_TASK_CLASSIFICATION (1 = positive), real values for
 * FAIR_TASK_REGRESSION (standardised internally), NaN = row not labelled for
 * that task. @kinds[t]: FAIR_TASK_*. @group: n values in [0, K) or -1 (row
 * used for the task losses only). K >= 2. The penalty is D(Z_0, Z_1) for
 * K = 2 and sum_g D(Z_g, Z_all) for K > 2 (doc/methods.md 5.4), computed on the
 * rows of each minibatch (skipped for a batch where a group has fewer than
 * 2 rows). Deterministic for a given seed. Progress: iter = epoch, loss =
 * mean task loss, aux = mean divergence of the epoch; returns NULL with
 * FAIR_ECANCELED when cancelled. Returns a new model (caller frees).
 * Errors: FAIR_EINVAL (shapes, labels, options, a task without labelled
 * rows, fewer than 2 rows of some group), FAIR_ENUMERIC (non-finite loss:
 * lower lr), FAIR_ECANCELED, FAIR_ENOMEM. */
fair_fairrep *fair_fairrep_fit(const gsl_matrix *X, const double *const *Y,
                               const int *kinds, size_t T, const int32_t *group,
                               size_t K, const fair_fairrep_opts *o,
                               fair_progress *prog, fair_error *err);

/* Representation of each row of @X (d columns): a new n x dim matrix
 * (caller frees). Errors: FAIR_EINVAL (column count), FAIR_ENOMEM. */
gsl_matrix *fair_fairrep_encode(const fair_fairrep *rep, const gsl_matrix *X,
                                fair_error *err);

/* Scores of head @task for the rows of @X into @score (X->size1 values):
 * probability of the positive class for a binary task, the prediction in
 * the original units for a regression task. Errors: FAIR_EINVAL. */
int fair_fairrep_predict(const fair_fairrep *rep, size_t task, const gsl_matrix *X,
                         double *score, fair_error *err);

/* True when training collapsed the representation: every coordinate's sd on
 * the training rows fell below 1e-3 of its value at initialisation, or (all
 * tasks binary) every head predicts a single class on its labelled training
 * rows, or every head's training log-loss is within 1% of the best constant
 * predictor's (the entropy of the task's labels). The front end warns; DP
 * is then trivially (near) 0. */
bool fair_fairrep_collapsed(const fair_fairrep *rep);

/* Figures of the fit (borrowed pointers valid until the model is freed). */
typedef struct fair_fairrep_summary {
	size_t d, dim, tasks, groups, epochs;  /* epochs actually run              */
	const double *loss;        /* per epoch: mean task loss (epochs values)    */
	const double *div;         /* per epoch: mean minibatch divergence         */
	double bandwidth;          /* MMD bandwidth of the last epoch (NaN if none)*/
	double final_div;          /* divergence of the training representation:
	                              <= 1000 evenly spaced rows per group (500 for
	                              Sinkhorn), training options; K > 2: sum over
	                              groups of D(group, all)                      */
	bool   collapsed;
	size_t skipped;            /* minibatch penalty terms skipped (a group had
	                              fewer than 2 rows in the batch)              */
} fair_fairrep_summary;

void fair_fairrep_summary_get(const fair_fairrep *rep, fair_fairrep_summary *s);

/* Training objective on all rows of @X as one batch, with the model's
 * options (the MMD bandwidth is the model's last one, held fixed), and its
 * gradient w.r.t. the flat parameter vector (fair_fairrep_params) into
 * @grad (may be NULL). With the median heuristic and no epoch run yet, the
 * bandwidth is the median of the given rows (not differentiated). Exposed for gradient checks (doc/methods.md 5.6) and
 * diagnostics. Errors: as fair_fairrep_fit. */
int fair_fairrep_objective(const fair_fairrep *rep, const gsl_matrix *X,
                           const double *const *Y, const int32_t *group,
                           double *value, double *grad, fair_error *err);

/* The flat parameter vector (encoder layers W, c, then heads w, b; borrowed,
 * writable: for gradient checks) and its length. */
double *fair_fairrep_params(fair_fairrep *rep, size_t *count);

void fair_fairrep_free(fair_fairrep *rep);   /* NULL is a no-op */

/* Saving (fairsh/param.h): the options, shapes (d, groups, task
 * kinds), target scaling, the flat parameter vector (fair_fairrep_params
 * order) and the fit's figures (loss and divergence per epoch, bandwidth,
 * final divergence, collapse flag) into the OBJECT @out (FAIR_ENOMEM).
 * Import returns a new model that encodes and predicts bit for bit like the
 * exported one (caller frees), or NULL with FAIR_EPARSE for missing or
 * inconsistent fields (the parameter count must match the shape). */
struct fair_param;
int           fair_fairrep_export(const fair_fairrep *rep, struct fair_param *out, fair_error *err);
fair_fairrep *fair_fairrep_import(const struct fair_param *in, fair_error *err);

/* ======================================================================== */
/* The insides of a fair representation, shared by
 * fairrep.c (training, encoding) and fairrep-save.c (persistence). */

enum { ACT_NONE = -1, STAT_ROWS = 2000, FINAL_DIV_ROWS = 1000 };

struct layer {
	size_t in, out;
	size_t w_off, b_off;   /* W (out x in, row-major) and c (out) in theta */
	int act;               /* FAIR_ACT_* or ACT_NONE */
};

struct fair_fairrep {
	fair_fairrep_opts o;
	size_t d, r, T, K, nlayer;
	struct layer L[2];
	size_t nparam, head_off;   /* head t: w at head_off + t (r + 1), b after */
	double *theta;
	int *kinds;
	double *ymean, *ysd;       /* regression targets are standardised */
	double bandwidth;          /* MMD bandwidth in use (last epoch)    */
	double *loss_hist, *div_hist;
	size_t epochs_run, skipped;
	double final_div;
	bool collapsed;
};

/* The number of parameters of a representation of @d inputs and @T tasks
 * with options @o into *n; false when it overflows (sizes from a file). */
/* The checks of fair_fairrep_fit's inputs: FAIR_OK, or the error. */
int fair__methods_fairrep_validate(const gsl_matrix *X, const double *const *Y, const int *kinds, size_t T,
                                   const int32_t *group, size_t K, const fair_fairrep_opts *o, fair_error *err);
bool fair_repi_nparam(size_t d, const fair_fairrep_opts *o, size_t T, size_t *n);
/* A new representation for @d inputs and @T tasks of @kinds with options
 * @o; parameters drawn from @rng, or left zero when @rng is NULL (import).
 * NULL when out of memory or when fair_repi_nparam overflows. */
fair_fairrep *
fair_repi_new(size_t d, const int *kinds, size_t T, size_t K, const fair_fairrep_opts *o, gsl_rng *rng);

/* ======================================================================== */
/* A fitted fair representation (above) as a learner (fairrep-learner.c). */

/* Returns a learner (type fair_fairrep_type, task @kind_task, @d inputs)
 * scoring with head @task of @rep: the probability of the positive class,
 * or the prediction for regression. Takes ownership of @rep (freed on error
 * too). */
fair_learner *fair_rep_learner_new(fair_fairrep *rep, size_t task, int kind_task, size_t d,
                                   fair_error *err);

/* The representation inside a learner made by fair_rep_learner_new
 * (borrowed), or NULL for any other learner. */
const fair_fairrep *fair_rep_learner_rep(const fair_learner *l);

/* ======================================================================== */
/* The learner types of this folder (the registry, workbench/learners.c,
 * lists them with those of src/core/learn). */
extern const fair_learner_type fair_kferm_type;     /* `train ferm`    */
extern const fair_learner_type fair_expgrad_type;   /* `train expgrad` */
extern const fair_learner_type fair_gridsearch_type;   /* `train gridsearch` */
extern const fair_learner_type fair_lfr_type;          /* `train lfr` */
extern const fair_learner_type fair_adversarial_type;  /* `train adversarial` */
extern const fair_learner_type fair_fairrep_type;   /* `train fairrep` */

#endif
