/* methods-private.h -- the fairness methods of the core (src/core/methods):
 * reweighing, the disparate-impact and correlation removers, LFR, the
 * threshold optimiser and AIF360's post-processors, adversarial debiasing
 * (here); the reductions, exponentiated gradient and grid search
 * (reductions-private.h); FERM, linear transform and kernel FERM
 * (ferm-private.h); fair representations and their learner wrapper
 * (fairrep-private.h). Pure computation on arrays and design matrices; the
 * workbench wires them into models. The folder's one private header: other
 * folders and the tests include this one, which includes the three parts. */
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

#include "methods/reductions-private.h"
#include "methods/ferm-private.h"
#include "methods/fairrep-private.h"

/* ======================================================================== */
/* The standard mitigation methods auditors compare against:
 * reweighing (Kamiran & Calders 2012), the disparate-impact remover
 * (Feldman et al. 2015), the threshold optimiser (Hardt, Price & Srebro 2016)
 * and the exponentiated-gradient reduction (Agarwal et al. 2018; with grid
 * search in reductions-private.h).
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
/* The learner types of this folder (the registry, workbench/learners.c,
 * lists them with those of src/core/learn). */
extern const fair_learner_type fair_kferm_type;     /* `train ferm`    */
extern const fair_learner_type fair_expgrad_type;   /* `train expgrad` */
extern const fair_learner_type fair_gridsearch_type;   /* `train gridsearch` */
extern const fair_learner_type fair_lfr_type;          /* `train lfr` */
extern const fair_learner_type fair_adversarial_type;  /* `train adversarial` */
extern const fair_learner_type fair_fairrep_type;   /* `train fairrep` */

#endif
