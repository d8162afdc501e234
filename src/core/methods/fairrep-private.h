/* fairrep-private.h -- fair representations in src/core/methods (fairrep.c,
 * fairrep-new.c, fairrep-save.c, fairrep-learner.c): options, training,
 * encoding, saving, the insides those files share and the learner wrapper.
 * Part of the folder's private header: include "methods/methods-private.h". */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_METHODS_FAIRREP_PRIVATE_H
#define FAIRSH_METHODS_FAIRREP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

#include "fairsh/error.h"
#include "fairsh/param.h"
#include "fairsh/progress.h"
#include "learn/learn-private.h"

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

/* The checks of fair_fairrep_fit's inputs: FAIR_OK, or the error. */
int fair__methods_fairrep_validate(const gsl_matrix *X, const double *const *Y, const int *kinds, size_t T,
                                   const int32_t *group, size_t K, const fair_fairrep_opts *o, fair_error *err);
/* The number of parameters of a representation of @d inputs and @T tasks
 * with options @o into *n; false when it overflows (sizes from a file). */
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

#endif
