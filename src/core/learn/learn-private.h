/* learn-private.h -- the learning layer of the core (src/core/learn): the
 * fitted-learner object, the base learners (logreg, ridge, linear and kernel
 * SVM, MLP), kernels and feature maps, dense networks and the feature
 * pipeline. Private to the core: front ends see learners only through
 * model.h. Sections below, one per source file. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_LEARN_PRIVATE_H
#define FAIRSH_LEARN_PRIVATE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "fairsh/error.h"
#include "fairsh/param.h"
#include "fairsh/progress.h"
#include "fairsh/spec.h"
#include "fairsh/frame.h"
#include "base/base-private.h"

/* ======================================================================== */
/* ---- learners as type objects ----------------------------------------------
 * Every kind of learner is one constant fair_learner_type (in the style of
 * GSL's gsl_multimin_fdfminimizer_type): its name, its options, and the
 * functions that fit, score, save, load and free it. workbench/learners.c
 * lists them all (the registry); `train NAME` looks a type up by name, a
 * saved workbench by kind. Adding a learner is one new file that defines a
 * type (learn/logreg.c is the smallest example, learn/mlp.c one with saved
 * state) and one line in the registry.
 *
 * Fitting. The workbench builds the training problem (pipeline, then any
 * pre-processing) and calls fit(opts, data, prog, err):
 *  - @opts is the type's own options struct (opts_size bytes), set to its
 *    defaults by opts_init and then by the user's key=value pairs through
 *    the option table (base-private.h: typed entries with ranges, so the
 *    messages are uniform; a `set` function for anything special);
 *    options that depend on the target's task (a classification metric)
 *    are checked by check_task() when the job is set up, not in the job;
 *  - @data (fair_fit_data) holds X (n x d, borrowed), y, optional sample
 *    weights w (NULL: all 1; a type that cannot use them sets
 *    FAIR_LEARNER_NO_WEIGHTS, one that sets its own FAIR_LEARNER_OWN_WEIGHTS:
 *    never ignore them silently), the task, the groups when a
 *    sensitive attribute is set (always for FAIR_LEARNER_GROUPS types), the
 *    seed of the `train` command, the feature names (the pipeline's, for
 *    notes and importances; NULL when unknown), and a note buffer: one line
 *    the fit may write about what it chose ("kernel SVM on 32561 rows: rff");
 *  - a learner that trains others (expgrad, grid search: base=NAME) gets
 *    the registry in @types and fits its base through fair_base_fit
 *    (methods/reductions-private.h);
 *  - progress: fair_progress_set(prog, iter, iter_max, loss, aux) as the
 *    work advances (fair_progress_names says what loss and aux are: "train
 *    logloss", "valid logloss"); cancellation: poll
 *    fair_progress_cancelled(prog) at least every ~100 ms (or between the
 *    rounds of a library call that cannot be interrupted) and return NULL
 *    with FAIR_ECANCELED; a fit may use threads of its own (XGBoost's
 *    OpenMP pool) as long as they end before it returns;
 *  - errors: return NULL with @err set (fair_error_set: FAIR_EINVAL for bad
 *    input, FAIR_ENUMERIC, FAIR_ENOMEM); never print, never exit;
 *  - result: a new learner from fair_learner_new(type, task, d) (the type
 *    is usually the fitting type itself; `svm` returns one of two forms)
 *    with its fields set: a linear learner fills w and b and leaves score
 *    NULL; any other keeps its state in impl and scores with score().
 * Scoring: score(l, X, out) writes one score per row of X (d columns):
 *    probabilities when score_is_prob (threshold 0.5), else decision values
 *    (threshold 0) or, for regression, predictions.
 * Saving: the common fields (kind, task, threshold, w, b, ...) are written
 *    by fair_learner_export; save() adds the type's own state into the
 *    OBJECT it is given ("impl"), load() reads it back into a learner made
 *    with the common fields set, so that the restored learner scores bit
 *    for bit the same (fair_param_add_* / fair_param_* of fairsh/param.h;
 *    FAIR_EPARSE for missing or inconsistent fields). A learner that holds
 *    other learners (expgrad's mixture) has load_in() instead, and imports
 *    them with fair_learner_import_as over the @types it is given (the
 *    registry's kinds). State that comes from a library (an XGBoost booster) is stored
 *    in the library's own format as bytes with a checksum. The kind string
 *    is stored in files: never change it.
 * Importance (optional): importance(l, gain, total) writes per input
 *    feature the mean and the total loss reduction of the splits on it (0
 *    for a feature never used); the workbench names the features and sets
 *    them beside the sensitive attribute (fair_model_importance).
 * Availability: a type whose library was not found when fairsh was built
 *    keeps its name, options and help (so `train NAME` and `help` still know
 *    it) and sets `unavailable` to a message saying how to get it; the
 *    workbench refuses to train or load it with that message.
 * Freeing: free(impl) releases impl (w is freed by fair_learner_free). */

typedef struct fair_learner fair_learner;
typedef struct fair_learner_type fair_learner_type;

enum fair_learner_flags {
	FAIR_LEARNER_CLASSIFY     = 1 << 0,  /* fits a binary target (y in {0, 1})           */
	FAIR_LEARNER_REGRESS      = 1 << 1,  /* fits a numeric target                         */
	FAIR_LEARNER_PLAIN        = 1 << 2,  /* an ordinary learner: takes pre= and on=REP   */
	FAIR_LEARNER_GROUPS       = 1 << 3,  /* needs the sensitive groups (in-processing)   */
	FAIR_LEARNER_NO_PRE       = 1 << 4,  /* already fair: refuses every pre=             */
	FAIR_LEARNER_OWN_WEIGHTS  = 1 << 5,  /* sets its own row weights: refuses pre=reweigh */
	FAIR_LEARNER_RANDOMISED   = 1 << 6,  /* scores are P(yhat = 1) of a randomised classifier */
	FAIR_LEARNER_MULTITASK    = 1 << 7,  /* fits several targets at once (see tasks)      */
	FAIR_LEARNER_NO_WEIGHTS   = 1 << 8   /* cannot use sample weights: refuses pre=reweigh */
};

/* The training problem a fit gets (see above). */
typedef struct fair_fit_data {
	const gsl_matrix  *X;        /* n x d design matrix                           */
	const double      *y;        /* n targets ({0, 1} or real, by task)           */
	const double      *w;        /* n sample weights >= 0, or NULL (all 1)        */
	int                task;     /* enum fair_task                                */
	const int32_t     *group;    /* n group codes in [0, K), -1 none; NULL: none  */
	size_t             K;
	const char *const *labels;   /* K group labels (for messages)                 */
	/* FAIR_LEARNER_MULTITASK: every task, the main one first (ys[0] = y) */
	const double *const *ys;
	const int         *kinds;    /* enum fair_task of each                        */
	size_t             ntasks;
	uint64_t           seed;     /* `train ... seed=N` / `set seed`               */
	const char *const *names;    /* d feature names, or NULL                      */
	/* every learner type (the registry), for types that train others
	 * (expgrad, grid search: base=NAME); NULL-terminated, may be NULL */
	const fair_learner_type *const *types;
	char              *note;     /* out: one line about the choices made, or ""   */
	size_t             note_size;
} fair_fit_data;

struct fair_learner_type {
	const char *name;     /* `train NAME`; NULL for a form only another type's fit returns */
	const char *kind;     /* "kind" of its saved learners; NULL: cannot be saved */
	const char *help;     /* one line: what it is */
	unsigned    flags;    /* enum fair_learner_flags */
	/* options: a {NULL}-terminated table over a struct of opts_size bytes */
	const struct fair_opt *opts;
	size_t      opts_size;
	void         (*opts_init)(void *opts);
	/* optional: checks the options against the target's task (enum
	 * fair_task) before a job starts ("metric=logloss is for binary
	 * targets"), also as the base of expgrad or grid search; FAIR_EINVAL
	 * with the message */
	int          (*check_task)(const void *opts, int task, fair_error *err);
	/* MULTITASK: the further target columns ("a,b") the options name, or NULL */
	const char  *(*tasks)(const void *opts);
	fair_learner *(*fit)(const void *opts, fair_fit_data *data, fair_progress *prog, fair_error *err);
	/* optional, linear types: fit with the fixed per-row offsets @off added
	 * to the linear score, which the learner then predicts without (FERM's
	 * eps relaxation, doc/methods.md 3.1; data->w is NULL) */
	fair_learner *(*fit_offset)(const void *opts, fair_fit_data *data, const double *off,
	                            fair_progress *prog, fair_error *err);
	/* NULL: the linear score X w + b (a sigmoid on top when score_is_prob) */
	int          (*score)(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err);
	int          (*save)(const fair_learner *l, fair_param *out, fair_error *err);
	int          (*load)(fair_learner *l, const fair_param *in, fair_error *err);
	void         (*free)(void *impl);
	/* optional: the bytes a fit on @nrows x @dim needs besides the design
	 * matrix (feature maps, kernel matrices, caches), for memory.limit;
	 * NULL: twice the design matrix (a copy and the solver's work) */
	size_t       (*memory)(const void *opts, size_t nrows, size_t dim);
	/* optional, types that train other learners (base=NAME): an option
	 * not in their table is meant for the base learner (kept, applied at
	 * fit); check() validates the whole at `train` time against the
	 * registry; load_in() replaces load() with the registry at hand */
	int          (*extra)(void *opts, const char *key, const char *val, fair_error *err);
	int          (*check)(const void *opts, const fair_learner_type *const *types, fair_error *err);
	int          (*load_in)(fair_learner *l, const fair_param *in, const fair_learner_type *const *types,
	                        fair_error *err);
	/* optional: per-feature gain (mean and total over the splits), d each */
	int          (*importance)(const fair_learner *l, double *gain, double *total, fair_error *err);
	/* non-NULL: not built into this fairsh; says how to get it */
	const char  *unavailable;
};

/* A fitted learner on a numeric design matrix. Conventions: X is n x d
 * (rows = examples); classification targets are doubles in {0, 1} (1 =
 * positive class); regression targets are real. */
struct fair_learner {
	const fair_learner_type *type;
	int         task;           /* enum fair_task */
	bool        score_is_prob;  /* score in [0,1] (logreg, mlp) */
	double      threshold;      /* 0.5 for probabilities, 0 for decision values */
	size_t      d;              /* input dimension */
	gsl_vector *w;              /* linear models: weights (d), else NULL */
	double      b;              /* linear models: intercept */
	size_t      iterations;     /* iterations the solver used (for reports) */
	bool        converged;
	void       *impl;           /* state of a learner that is not linear (type->free frees it) */
};

/* Returns a zeroed learner of type @t (caller frees with fair_learner_free). */
fair_learner *fair_learner_new(const fair_learner_type *t, int task, size_t d, fair_error *err);
void          fair_learner_free(fair_learner *l);   /* NULL is a no-op */
/* Scores for every row of @X (see type->score). */
int           fair_learner_predict(const fair_learner *l, const gsl_matrix *X,
                                   double *score, fair_error *err);
/* Writes "fmt..." into data->note (when there is one), after "; " when the
 * chain already noted something there (reweighing, FERM). */
void          fair_fit_note(fair_fit_data *data, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Saving: the common fields of @l (kind, task, score_is_prob, threshold, d,
 * w, b, iterations, converged) and, through type->save, its own state
 * ("impl") into the OBJECT @out. FAIR_EINVAL for a type without a kind,
 * FAIR_ENOMEM. fair_learner_import_as rebuilds a learner whose kind is one
 * of @types (NULL-terminated); new learner (caller frees) or NULL with @err
 * (FAIR_EPARSE for an unknown kind, missing or inconsistent fields). The
 * registry's fair_learner_import (workbench) accepts every kind. */
int           fair_learner_export(const fair_learner *l, fair_param *out, fair_error *err);
fair_learner *fair_learner_import_as(const fair_param *in, const fair_learner_type *const *types,
                                     fair_error *err);

/* The learner types of this folder (the registry lists them with those of
 * src/core/methods). svm is fitted as one of its two forms. */
extern const fair_learner_type fair_logreg_type;
extern const fair_learner_type fair_ridge_type;
extern const fair_learner_type fair_svm_type;          /* `train svm`: linear or kernel   */
extern const fair_learner_type fair_svm_linear_type;   /* form: kind "svm_linear"          */
extern const fair_learner_type fair_svm_kernel_type;   /* form: kind "svm_kernel"          */
extern const fair_learner_type fair_mlp_type;

/* ======================================================================== */
/* Kernel functions (linear, rbf, polynomial), kernel matrices and
 * explicit approximate feature maps (random Fourier features, Nystroem).
 * Used by the kernel SVM and by kernel FERM. */

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

/* Saving (fairsh/param.h): a kernel (type, gamma, coef0, degree) and a
 * feature map (kind, kernel, d, D, W, u or N) into the OBJECT @out, and back.
 * Export: FAIR_ENOMEM. Import: FAIR_EPARSE for missing fields or shapes that
 * do not match; the map is new (caller frees). */
struct fair_param;
int fair_kernel_export(const fair_kernel *k, struct fair_param *out, fair_error *err);
int fair_kernel_import(const struct fair_param *in, fair_kernel *k, fair_error *err);
int fair_feature_map_export(const fair_feature_map *m, struct fair_param *out, fair_error *err);
fair_feature_map *fair_feature_map_import(const struct fair_param *in, fair_error *err);

/* ======================================================================== */
/* Small dense feed-forward networks with hand-written backprop and
 * Adam, for the MLP learner and for fair representation learning. A caller
 * runs forward on a batch, reads any hidden activation, adds its own
 * dL/dh to any hidden layer, sets dL/dout, runs backward, steps Adam:
 *
 *   fair_nn_forward(net, ws, Xb);
 *   h = fair_nn_layer_output(ws, 1);           // m x width(1), read-only
 *   G = fair_nn_layer_grad(ws, 1);             // zeroed by forward; add dL/dh
 *   fair_nn_layer_grad(ws, L) <- dL/dout       // L = fair_nn_nlayers(net)
 *   fair_nn_backward(net, ws, Xb, grad);       // grad = dL/dtheta (sums over rows)
 *   fair_adam_step(adam, fair_nn_params(net), grad);
 *
 * Layer l (1..L) computes a_l = act(a_{l-1} W_l + c_l) (a_0 = input; the last
 * layer is linear). Parameters live in one contiguous array: per layer W_l
 * (row-major, in x out) then c_l. */

enum fair_nn_act { FAIR_NN_RELU = 0, FAIR_NN_TANH = 1, FAIR_NN_IDENTITY = 2 };

typedef struct fair_nn fair_nn;
typedef struct fair_nn_work fair_nn_work;
typedef struct fair_adam fair_adam;

/* A network with @nin inputs, hidden widths @hidden[0..nhidden) with
 * activation @act, and a linear output layer of @nout units. Weights are
 * Glorot-uniform (ReLU: He-uniform) from mt19937 seeded with @seed, biases 0.
 * Returns a new network (caller frees). Errors: FAIR_EINVAL (0 widths). */
fair_nn *fair_nn_new(size_t nin, const size_t *hidden, size_t nhidden, size_t nout,
                     int act, uint64_t seed, fair_error *err);
fair_nn *fair_nn_clone(const fair_nn *net, fair_error *err);
/* Saving (fairsh/param.h): layer widths, activation and parameters into
 * the OBJECT @out (FAIR_ENOMEM), and back (new network or NULL with
 * FAIR_EPARSE when the widths and the parameter count disagree). */
struct fair_param;
int      fair_nn_export(const fair_nn *net, struct fair_param *out, fair_error *err);
fair_nn *fair_nn_import(const struct fair_param *in, fair_error *err);
void     fair_nn_free(fair_nn *net);   /* NULL is a no-op */

size_t   fair_nn_nlayers(const fair_nn *net);           /* hidden + output */
size_t   fair_nn_width(const fair_nn *net, size_t l);   /* l = 0 input .. L output */
size_t   fair_nn_nparams(const fair_nn *net);
double  *fair_nn_params(fair_nn *net);                  /* borrowed, writable */
const double *fair_nn_params_const(const fair_nn *net);
/* Offsets of W_l and c_l (l = 1..L) inside the parameter array. */
size_t   fair_nn_weight_offset(const fair_nn *net, size_t l);
size_t   fair_nn_bias_offset(const fair_nn *net, size_t l);

/* Workspace for batches of up to @max_rows rows (one per thread). */
fair_nn_work *fair_nn_work_new(const fair_nn *net, size_t max_rows, fair_error *err);
void          fair_nn_work_free(fair_nn_work *ws);

/* Dropout (inverted, as TensorFlow's) on the hidden layers of the forward
 * passes that follow: each hidden unit of each row is kept with
 * probability @keep and then scaled by 1 / keep, or set to 0, by draws
 * from @rng (borrowed, used by every later forward); backward passes the
 * gradient through the same mask. keep = 1 turns it off. FAIR_EINVAL for
 * keep outside (0, 1] or no @rng, FAIR_ENOMEM. */
int fair_nn_work_dropout(fair_nn_work *ws, double keep, gsl_rng *rng, fair_error *err);

/* Forward pass on the rows of @X (m x nin, m <= max_rows); zeroes every
 * layer gradient. Errors: FAIR_EINVAL on a shape mismatch. */
int fair_nn_forward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, fair_error *err);
/* Output of layer @l (1..L) after the last forward: an m x width(l) view
 * (borrowed, valid until the next forward). l = L is the network output. */
gsl_matrix_view fair_nn_layer_output(fair_nn_work *ws, size_t l);
/* dL/d(output of layer l), m x width(l), writable: forward zeroes it, the
 * caller adds its gradients (at least for l = L), backward reads it. */
gsl_matrix_view fair_nn_layer_grad(fair_nn_work *ws, size_t l);
/* Backward pass for the batch of the last forward (@X the same matrix):
 * writes dL/dtheta into @grad (nparams doubles, overwritten), where L is any
 * function whose gradients w.r.t. layer outputs were put into the layer
 * gradients. Destroys the layer gradients of hidden layers. */
int fair_nn_backward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, double *grad,
                     fair_error *err);
/* Network output for every row of @X into @out (X->size1 x nout), in chunks;
 * allocates its own workspace. */
int fair_nn_predict(const fair_nn *net, const gsl_matrix *X, gsl_matrix *out, fair_error *err);

/* Adam (Kingma & Ba 2015) over @n parameters. */
fair_adam *fair_adam_new(size_t n, double lr, double beta1, double beta2, double eps,
                         fair_error *err);
void       fair_adam_step(fair_adam *a, double *params, const double *grad);
/* Changes the step size of the following steps (a learning-rate schedule). */
void       fair_adam_set_lr(fair_adam *a, double lr);
void       fair_adam_free(fair_adam *a);

/* ======================================================================== */
/* The feature pipeline: turns selected columns of a frame into
 * a numeric design matrix (one-hot categoricals, standardised numerics,
 * imputed missing values, optional missing indicators). Fitted on training
 * rows only; applied to any frame with the same column names. */

typedef struct fair_pipeline_opts {
	bool missing_indicators;   /* add "NAME:missing" 0/1 features (default false) */
} fair_pipeline_opts;

typedef struct fair_pipeline fair_pipeline;

/* Sets @o to the defaults (no missing indicators). */
void fair_pipeline_opts_init(fair_pipeline_opts *o);

/* Fits a pipeline on rows @rows (@nrows indices into @f) of the columns
 * @cols (@ncols indices into @f); @o may be NULL (defaults).
 * Per input column, in the order given:
 *  - numeric: x -> (x - m) / s, with m the mean of the non-missing training
 *    values and s the population sd over all training rows after imputing
 *    missing values by m (so it equals SimpleImputer(mean) + StandardScaler);
 *    s = 0 (constant column) makes the feature identically 0. Missing -> 0.
 *  - categorical: one 0/1 feature per level seen in the training rows, levels
 *    sorted by strcmp (no reference level dropped). Missing -> the most
 *    frequent training level (ties: the first in sorted order).
 *  - with o->missing_indicators, columns that have missing training values
 *    get one more feature "NAME:missing" (1 = missing), after their others.
 * Feature names: "age", "workclass=Private", "age:missing".
 * Returns a new pipeline (caller frees); @f is borrowed and not kept.
 * Errors: FAIR_EINVAL for no rows/columns, an index out of range, infinite
 * values, a column with no non-missing training value; FAIR_ENOMEM. */
fair_pipeline *fair_pipeline_fit(const fair_frame *f, const size_t *cols, size_t ncols,
                                 const size_t *rows, size_t nrows,
                                 const fair_pipeline_opts *o, fair_error *err);

/* Transforms rows @rows (@nrows indices; NULL = all rows of @f in order) of
 * any frame @f that has columns of the same names and types (looked up by
 * name; categorical levels matched by string; a level not seen in training
 * gives an all-zero one-hot block). Returns a new nrows x dim matrix (caller
 * frees with gsl_matrix_free). Zero rows is FAIR_EINVAL (GSL has no empty
 * matrices).
 * Errors: FAIR_ENOTFOUND "column 'x' not found", FAIR_EINVAL on a type
 * mismatch or a row index out of range, FAIR_ENOMEM. */
gsl_matrix *fair_pipeline_transform(const fair_pipeline *p, const fair_frame *f,
                                    const size_t *rows, size_t nrows, fair_error *err);

/* Number of output features. */
size_t fair_pipeline_dim(const fair_pipeline *p);
/* Name of feature @k (< dim); borrowed, valid while @p lives. */
const char *fair_pipeline_feature_name(const fair_pipeline *p, size_t k);
/* Number of input columns and the name of input column @j (borrowed). */
size_t fair_pipeline_ncols(const fair_pipeline *p);
const char *fair_pipeline_col_name(const fair_pipeline *p, size_t j);
void fair_pipeline_free(fair_pipeline *p);   /* NULL is a no-op */

/* Saving (fairsh/param.h): exports the fitted statistics (per column:
 * name, type, mean and sd or the sorted levels and the mode, indicator) into
 * the OBJECT @out; FAIR_ENOMEM. Import rebuilds an identical pipeline (new,
 * caller frees) or returns NULL with FAIR_EPARSE for missing or bad fields. */
struct fair_param;
int            fair_pipeline_export(const fair_pipeline *p, struct fair_param *out, fair_error *err);
fair_pipeline *fair_pipeline_import(const struct fair_param *in, fair_error *err);

/* ======================================================================== */
/* Fitting the base learners (logreg, ridge, linear SVM, kernel
 * SVM, MLP) on a numeric design matrix; the fitted result is a fair_learner
 * (above). Features come from the pipeline (above).
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

/* ---- logistic regression -------------------------------------------------
 * Minimises 0.5 ||w||^2 + C sum_i s_i log(1 + exp(-t_i (x_i.w + b))),
 * t_i = 2 y_i - 1, intercept b unpenalised: scikit-learn's
 * LogisticRegression(penalty='l2', C=C) with sample_weight s.
 * Solver: damped Newton; the (d+1)x(d+1) Hessian is formed with dsyrk and
 * factorised by Cholesky when d + 1 <= newton_max_dim, else the Newton
 * system is solved by conjugate gradients (Hessian-vector products).
 * Stops when max_j |grad_j| / (C sum_i s_i) <= tol (the gradient of the
 * objective scaled as scikit-learn >= 1.1 scales it).
 * Learner: type fair_logreg_type, score = probability, threshold 0.5, w, b.
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
 * collinear features. Learner: type fair_ridge_type, task REGRESSION, score = x.w + b. */
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
 * Learner: type fair_svm_linear_type, score = decision value, threshold 0.
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
 * Soft-margin C-SVM with a kernel (the kernels section above):
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
 * Learner: type fair_svm_kernel_type, score = decision value, threshold 0.
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
 * Dense network (the networks section above) with hidden layers `hidden` and
 * one linear output.
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

/* ---- gradient-boosted trees and random forests (XGBoost) -----------------
 * Through XGBoost's C API (libxgboost, found by configure; without it the
 * two types below exist with `unavailable` set and fair_xgb_fit fails with
 * that message). The design matrix is converted to single precision, as
 * XGBoost stores it; objective binary:logistic (score = probability,
 * threshold 0.5) or reg:squarederror; base_score XGBoost's default 0.5.
 *  - boosting (`train xgboost`): `rounds` calls of XGBoosterUpdateOneIter,
 *    each followed by XGBoosterEvalOneIter on the training part (and the
 *    validation part): the progress shows both losses per round, and
 *    cancellation is checked between rounds. With early_stopping = k > 0 a
 *    share val_fraction (default 0.1) of the rows is held out (the rows
 *    whose keys splitmix64(splitmix64(seed) ^ i) are smallest, see
 *    fair_xgb_valid_rows); training stops when the validation metric has
 *    not improved (strictly) for k rounds, and the booster is cut to the
 *    best round (XGBoosterSlice), as Python's xgb.train with
 *    early_stopping_rounds=k followed by bst[: best_iteration + 1].
 *  - random forest (`train forest`): XGBoost's random-forest mode
 *    (num_parallel_tree = trees in one round, learning rate eta / trees).
 *    Built as `trees` calls of XGBoosterBoostOneIter with the gradient and
 *    Hessian of the loss at the base score (the same for every tree: that
 *    is what one round of parallel trees fits) and learning rate eta /
 *    trees, which gives the very trees of XGBoost's single round (checked
 *    bit for bit against XGBRFClassifier-style training in the tests) while
 *    showing progress and honouring cancellation per tree. Defaults follow
 *    XGBoost's random-forest documentation (XGBRFClassifier): eta 1,
 *    subsample 0.8, colsample_bynode 0.8, lambda 1e-5.
 * Errors from XGBoost (XGBGetLastError) become FAIR_EINVAL "xgboost: ..."
 * (FAIR_ENOMEM for an allocation failure); its log messages are caught
 * (XGBRegisterLogCallback) and never printed. Threads: `threads` (0 = what
 * XGBoost uses by default: every core, or OMP_NUM_THREADS). */
enum fair_xgb_method { FAIR_XGB_HIST = 0, FAIR_XGB_APPROX, FAIR_XGB_EXACT };
enum fair_xgb_metric {
	FAIR_XGB_METRIC_AUTO = 0,   /* logloss for classification, rmse for regression */
	FAIR_XGB_LOGLOSS, FAIR_XGB_ERROR, FAIR_XGB_AUC, FAIR_XGB_RMSE, FAIR_XGB_MAE
};

typedef struct fair_xgb_opts {
	bool   forest;              /* random-forest mode (above)                  */
	int    task;                /* enum fair_task                              */
	size_t rounds;              /* boosting rounds, default 100                */
	size_t trees;               /* forest: trees, default 100                  */
	size_t max_depth;           /* default 6                                   */
	double eta;                 /* learning rate, default 0.3 (forest 1)       */
	double subsample;           /* (0, 1], default 1 (forest 0.8)              */
	double colsample_bytree;    /* (0, 1], default 1                           */
	double colsample_bynode;    /* (0, 1], default 1 (forest 0.8)              */
	double min_child_weight;    /* default 1                                   */
	double lambda;              /* L2 on leaf weights, default 1 (forest 1e-5) */
	double alpha;               /* L1 on leaf weights, default 0               */
	double gamma;               /* minimum loss reduction of a split, 0        */
	double scale_pos_weight;    /* weight of the positive rows, default 1      */
	size_t max_bin;             /* hist/approx bins, default 256               */
	int    method;              /* enum fair_xgb_method, default hist          */
	size_t early_stopping;      /* rounds without improvement, 0 = off         */
	double val_fraction;        /* held-out share, default 0 (0.1 when early_stopping) */
	int    metric;              /* enum fair_xgb_metric                        */
	size_t threads;             /* 0 = XGBoost's default                       */
	uint64_t seed;              /* XGBoost's seed and the validation rows      */
} fair_xgb_opts;

typedef struct fair_xgb_info {
	size_t      rounds;         /* rounds (forest: trees) run                  */
	size_t      kept;           /* rounds kept (early stopping: the best + 1)  */
	size_t      nvalid;         /* validation rows                             */
	const char *metric;         /* "logloss", ...                              */
	double      train_loss;     /* the metric at the last round kept (NaN: not evaluated) */
	double      valid_loss;
} fair_xgb_info;

/* Defaults of `train xgboost` (@forest false) or `train forest`. */
void fair_xgb_opts_init(fair_xgb_opts *o, bool forest);
/* True when fairsh was built with XGBoost. */
bool fair_xgb_available(void);
/* XGBoost's version ("1.7.4") or "" without it. */
const char *fair_xgb_version(void);
/* Fits as above (the conventions of this section; @info may be NULL).
 * The learner's type is fair_xgboost_type or fair_forest_type. */
fair_learner *fair_xgb_fit(const gsl_matrix *X, const double *y, const double *w,
                           const fair_xgb_opts *o, fair_xgb_info *info, fair_progress *prog,
                           fair_error *err);
/* The validation rows of n training rows: valid[i] = 1 for the
 * round(frac n) rows (at least 1, at most n - 1, none when frac = 0) whose
 * key splitmix64(splitmix64(seed) ^ i) is smallest (ties: lower i). */
int  fair_xgb_valid_rows(size_t n, double frac, uint64_t seed, unsigned char *valid, fair_error *err);
/* The fitted booster in XGBoost's own format ("json" or "ubj") as a new
 * buffer (caller frees; not NUL-terminated). A saved learner keeps the JSON
 * (text, checksummed), which XGBoost reads back into the same booster. */
unsigned char *fair_xgb_model_bytes(const fair_learner *l, const char *format, size_t *len,
                                    fair_error *err);

extern const fair_learner_type fair_xgboost_type;
extern const fair_learner_type fair_forest_type;

/* ======================================================================== */
/* Input checks shared by the fitting code of this folder (not
 * installed, not part of the public API). */

/* Validates a training problem; on success *sumw is the weight total.
 * @what names the model in messages. */
static inline int
model_check_input(const char *what, const gsl_matrix *X, const double *y, const double *w,
                  bool classification, double *sumw, fair_error *err)
{
	size_t n = X->size1, d = X->size2, npos = 0, nneg = 0;
	double s = 0.0;

	if (n == 0 || d == 0)
		return fair_error_set(err, FAIR_EINVAL, "%s: no training rows or no features", what);
	for (size_t i = 0; i < n; i++) {
		const double *row = gsl_matrix_const_ptr(X, i, 0);
		for (size_t j = 0; j < d; j++)
			if (!isfinite(row[j]))
				return fair_error_set(err, FAIR_EINVAL,
				                      "%s: feature %zu has a missing or infinite value in row %zu",
				                      what, j + 1, i + 1);
		if (!isfinite(y[i]))
			return fair_error_set(err, FAIR_EINVAL, "%s: target is missing or infinite in row %zu",
			                      what, i + 1);
		double wi = w ? w[i] : 1.0;
		if (!isfinite(wi) || wi < 0.0)
			return fair_error_set(err, FAIR_EINVAL, "%s: weight %g in row %zu; expected a finite weight >= 0",
			                      what, wi, i + 1);
		if (classification) {
			if (y[i] != 0.0 && y[i] != 1.0)
				return fair_error_set(err, FAIR_EINVAL, "%s: target must be 0 or 1; row %zu has %g",
				                      what, i + 1, y[i]);
			if (wi > 0.0) {
				npos += y[i] == 1.0;
				nneg += y[i] == 0.0;
			}
		}
		s += wi;
	}
	if (!(s > 0.0))
		return fair_error_set(err, FAIR_EINVAL, "%s: all sample weights are 0", what);
	if (classification && (npos == 0 || nneg == 0))
		return fair_error_set(err, FAIR_EINVAL, "%s: target has one class (%s only)", what,
		                      npos ? "1" : "0");
	*sumw = s;
	return FAIR_OK;
}

#endif
