/* models.h -- fitting the base learners (logreg, ridge, linear SVM, kernel
 * SVM, MLP) on a numeric design matrix; the fitted result is a fair_learner
 * (learner.h). Features come from the pipeline (pipeline.h).
 *
 * Common conventions for every fair_<name>_fit():
 *  - @X is n x d (rows = examples), borrowed; @y has n entries, in {0, 1}
 *    for classification (1 = positive), real for regression; @w are sample
 *    weights (n entries, finite, >= 0, not all 0) or NULL for all 1.
 *  - @o may be NULL (defaults from fair_<name>_opts_init()).
 *  - @prog may be NULL; iter/iter_max/loss/aux are documented per model.
 *    Cancellation returns NULL with FAIR_ECANCELED within ~100 ms.
 *  - Returns a new learner (caller frees with fair_learner_free) or NULL.
 *    Errors: FAIR_EINVAL "target has one class", "target must be 0 or 1 ...",
 *    "feature N has a missing or infinite value in row M", bad weights or
 *    options; FAIR_ENUMERIC for singular systems / failed factorisations;
 *    FAIR_ENOMEM; FAIR_ECANCELED.
 *  - Deterministic: the same inputs and seed give bit-identical learners. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_MODELS_H
#define FAIRSH_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/learner.h"
#include "fairsh/progress.h"
#include "fairsh/kernel.h"
#include "fairsh/nn.h"

/* ---- logistic regression -------------------------------------------------
 * Minimises 0.5 ||w||^2 + C sum_i s_i log(1 + exp(-t_i (x_i.w + b))),
 * t_i = 2 y_i - 1, intercept b unpenalised: scikit-learn's
 * LogisticRegression(penalty='l2', C=C) with sample_weight s.
 * Solver: damped Newton; the (d+1)x(d+1) Hessian is formed with dsyrk and
 * factorised by Cholesky when d + 1 <= newton_max_dim, else the Newton
 * system is solved by conjugate gradients (Hessian-vector products).
 * Stops when max_j |grad_j| / (C sum_i s_i) <= tol (the gradient of the
 * objective scaled as scikit-learn >= 1.1 scales it).
 * Learner: kind LOGREG, score = probability, threshold 0.5, w, b.
 * Progress: iter = Newton iteration, loss = objective, aux = scaled |grad|. */
typedef struct fair_logreg_opts {
	double C;               /* > 0, default 1 */
	double tol;             /* default 1e-8 */
	size_t max_iter;        /* default 100 */
	size_t newton_max_dim;  /* default 500 */
} fair_logreg_opts;

void fair_logreg_opts_init(fair_logreg_opts *o);
fair_learner *fair_logreg_fit(const gsl_matrix *X, const double *y, const double *w,
                              const fair_logreg_opts *o, fair_progress *prog, fair_error *err);
/* The same with fixed per-row offsets o_i added to the margins
 * (x_i.w + b + o_i); the learner predicts without them (the caller folds them
 * into its own model). @offset may be NULL. Used by FERM's eps-relaxation. */
fair_learner *fair_logreg_fit_offset(const gsl_matrix *X, const double *y, const double *w,
                                     const double *offset, const fair_logreg_opts *o,
                                     fair_progress *prog, fair_error *err);

/* ---- ridge regression ----------------------------------------------------
 * Minimises sum_i s_i (y_i - x_i.w - b)^2 + alpha ||w||^2 (scikit-learn
 * Ridge), intercept unpenalised: centre X and y by their weighted means,
 * solve (Xc' S Xc + alpha I) w = Xc' S yc by Cholesky, b = ybar - xbar.w.
 * alpha = 0 is ordinary least squares and fails (FAIR_ENUMERIC) on
 * collinear features. Learner: kind RIDGE, task REGRESSION, score = x.w + b. */
typedef struct fair_ridge_opts {
	double alpha;           /* >= 0, default 1 */
} fair_ridge_opts;

void fair_ridge_opts_init(fair_ridge_opts *o);
fair_learner *fair_ridge_fit(const gsl_matrix *X, const double *y, const double *w,
                             const fair_ridge_opts *o, fair_progress *prog, fair_error *err);

/* ---- linear SVM ----------------------------------------------------------
 * L1-loss (hinge) SVM, liblinear style with the bias as an augmented constant
 * feature of value 1 (so the bias IS regularised, as in liblinear and
 * scikit-learn's LinearSVC with intercept_scaling=1):
 *   min 0.5 (||w||^2 + b^2) + C sum_i s_i max(0, 1 - t_i (x_i.w + b)).
 * Solved in the dual, 0 <= a_i <= C s_i, by coordinate descent with random
 * permutations and shrinking (Hsieh et al., ICML 2008, Algorithm 1 + 3.2).
 * Stops when the projected-gradient spread max PG - min PG <= tol.
 * Learner: kind SVM_LINEAR, score = decision value, threshold 0.
 * Progress: iter = outer pass, loss = NaN, aux = PG spread. */
typedef struct fair_svm_opts {
	double   C;             /* > 0, default 1 */
	double   tol;           /* default 1e-4 (LinearSVC's default) */
	size_t   max_iter;      /* outer passes, default 1000 (as LinearSVC) */
	uint64_t seed;          /* permutation order, default 0 */
} fair_svm_opts;

void fair_svm_opts_init(fair_svm_opts *o);
fair_learner *fair_svm_fit(const gsl_matrix *X, const double *y, const double *w,
                           const fair_svm_opts *o, fair_progress *prog, fair_error *err);
/* The primal objective above for a fitted linear SVM (for tests/reports). */
double fair_svm_primal(const fair_learner *l, const gsl_matrix *X, const double *y,
                       const double *w, double C);

/* ---- kernel SVM ----------------------------------------------------------
 * Soft-margin C-SVM with a kernel (kernel.h):
 *   min_a 0.5 sum_ij a_i a_j t_i t_j K(x_i, x_j) - sum_i a_i,
 *   0 <= a_i <= C s_i, sum_i t_i a_i = 0;  f(x) = sum_i a_i t_i K(x_i, x) + b.
 * Path (approx option):
 *   FAIR_KSVM_AUTO     exact SMO when n <= exact_max_n, else the map below;
 *   FAIR_KSVM_EXACT    SMO (libsvm's WSS2 second-order working set selection,
 *                      Fan, Chen & Lin 2005), kernel rows cached
 *                      (cache_mb), stop when the maximal violation <= tol;
 *   FAIR_KSVM_RFF      random Fourier features (rbf kernel only), then the
 *                      linear SVM (bias regularised, see above);
 *   FAIR_KSVM_NYSTROEM Nystroem map with `components` landmarks, then the
 *                      linear SVM.
 * AUTO picks RFF for rbf kernels and Nystroem for the others.
 * fair_ksvm_path() tells which path a fitted learner used.
 * Learner: kind SVM_KERNEL, score = decision value, threshold 0.
 * Progress (SMO): iter = SMO steps, aux = maximal violation. */
enum fair_ksvm_approx {
	FAIR_KSVM_AUTO = 0,
	FAIR_KSVM_EXACT,
	FAIR_KSVM_RFF,
	FAIR_KSVM_NYSTROEM
};

typedef struct fair_ksvm_opts {
	double      C;            /* > 0, default 1 */
	fair_kernel kernel;       /* default rbf, gamma 0 (= 1 / (d var(X)), as 'scale') */
	int         approx;       /* enum fair_ksvm_approx, default AUTO */
	size_t      exact_max_n;  /* AUTO threshold on training rows, default 5000 */
	size_t      components;   /* map dimension, default 500 */
	double      tol;          /* SMO stop, default 1e-3 (as libsvm) */
	size_t      max_iter;     /* SMO steps, default 10,000,000 */
	double      cache_mb;     /* kernel row cache, default 200 */
	uint64_t    seed;         /* map sampling and linear SVM order, default 0 */
	fair_svm_opts linear;     /* options of the linear SVM on the map (C copied from C) */
} fair_ksvm_opts;

void fair_ksvm_opts_init(fair_ksvm_opts *o);
fair_learner *fair_ksvm_fit(const gsl_matrix *X, const double *y, const double *w,
                            const fair_ksvm_opts *o, fair_progress *prog, fair_error *err);
/* The path a kernel SVM took (enum fair_ksvm_approx, never AUTO), -1 if @l is
 * not a kernel SVM; fair_ksvm_path_name() gives "exact (smo)", "rff" or
 * "nystroem". */
int         fair_ksvm_path(const fair_learner *l);
const char *fair_ksvm_path_name(int path);
/* Dual objective 0.5 a'Qa - sum a of an exact (SMO) kernel SVM; NaN otherwise. */
double      fair_ksvm_dual_objective(const fair_learner *l);
/* Number of support vectors (exact path), 0 otherwise. */
size_t      fair_ksvm_nsv(const fair_learner *l);

/* ---- multi-layer perceptron ----------------------------------------------
 * Dense network (nn.h) with hidden layers `hidden` and one linear output.
 * Classification: sigmoid output, weighted log loss; regression: squared
 * loss 0.5 (f - y)^2 on y standardised internally (mean/sd of the training
 * part; predictions are mapped back). Minibatch objective:
 *   (1/m) sum_{i in B} s_i loss_i + (l2 / (2 n_train)) sum ||W_l||_F^2
 * (biases unpenalised), Adam (beta1 0.9, beta2 0.999, eps 1e-8).
 * val_fraction of the rows (a seeded random subset) is held out; after every
 * epoch the weighted mean validation loss is computed; training stops when it
 * has not improved for `patience` epochs and the best parameters are kept.
 * val_fraction = 0 trains all epochs on all rows.
 * l->iterations = epochs run. Progress: iter = epoch, iter_max = epochs, loss = training loss (mean over
 * the epoch's batches), aux = validation loss (NaN without validation). */
/* ---- saving (issue 10, persist.h) ---------------------------------------
 * The private state of a fitted kernel SVM (path, kernel, support vectors
 * and coefficients, or feature map and linear SVM) or MLP (network, target
 * scaling) into the OBJECT @out; import installs it into @l (a learner made
 * by fair_learner_import with the common fields set). Used by
 * fair_learner_export / fair_learner_import. FAIR_ENOMEM, FAIR_EPARSE. */
struct fair_param;
int fair_ksvm_export_impl(const fair_learner *l, struct fair_param *out, fair_error *err);
int fair_ksvm_import_impl(fair_learner *l, const struct fair_param *in, fair_error *err);
int fair_mlp_export_impl(const fair_learner *l, struct fair_param *out, fair_error *err);
int fair_mlp_import_impl(fair_learner *l, const struct fair_param *in, fair_error *err);

#define FAIR_MLP_MAX_LAYERS 16

typedef struct fair_mlp_opts {
	int    task;                          /* enum fair_task, default classification */
	size_t hidden[FAIR_MLP_MAX_LAYERS];   /* widths, default {64, 32} */
	size_t nhidden;                       /* default 2 */
	int    activation;                    /* enum fair_nn_act, default ReLU */
	size_t epochs;                        /* default 200 */
	size_t batch;                         /* default 64 */
	double lr;                            /* default 1e-3 */
	double l2;                            /* default 1e-4 */
	double val_fraction;                  /* [0, 0.9], default 0.1 */
	size_t patience;                      /* default 10 */
	uint64_t seed;                        /* default 0 */
} fair_mlp_opts;

void fair_mlp_opts_init(fair_mlp_opts *o);
/* Parses "64,32" (or "" / "0" for no hidden layer) into o->hidden. */
int  fair_mlp_parse_hidden(fair_mlp_opts *o, const char *s, fair_error *err);
fair_learner *fair_mlp_fit(const gsl_matrix *X, const double *y, const double *w,
                           const fair_mlp_opts *o, fair_progress *prog, fair_error *err);

#endif
