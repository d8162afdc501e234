/* model.h -- a trained fairsh model as the rest of the program sees it: the
 * feature pipeline, an optional pre-processing transform (linear FERM), a
 * base learner, and optional post-processing (Wasserstein barycenter), or a
 * correction of a prediction column produced elsewhere. Models are
 * reference-counted and immutable once trained; training reads an immutable
 * snapshot (fair_train_spec), so it can run in a background job. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_MODEL_H
#define FAIRSH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"
#include "fairsh/metric.h"
#include "fairsh/progress.h"
#include "fairsh/session.h"

struct fair_groups;
typedef struct fair_model fair_model;
typedef struct fair_train_spec fair_train_spec;

enum fair_model_kind {
	FAIR_MODEL_TRAINED = 0,     /* pipeline [+ ferm] + learner */
	FAIR_MODEL_WASSERSTEIN,     /* base model or column + barycenter map */
	FAIR_MODEL_THRESHOLDS,      /* base model + one decision threshold per group */
	FAIR_MODEL_THRESHOLD_OPT,   /* base model + threshold optimiser (methods-private.h) */
	FAIR_MODEL_POSTPROC,        /* base model + one of AIF360's post-processors       */
};

/* Names of the learners `train` accepts ("logreg ridge svm mlp ferm"). */
const char *fair_model_learners(void);
/* For help: learner @i of `train` (in its order; NULL past the last) with
 * its one-line help and, when this build cannot train it, why (else NULL);
 * and option @k of learner @name (NULL past the last or for an unknown
 * learner) with its one-line help. */
const char *fair_learner_doc(size_t i, const char **help, const char **unavailable);
const char *fair_learner_option_doc(const char *name, size_t k, const char **help);

/* Builds a training snapshot from session @s: learner @learner with options
 * @keys/@vals (validated here: unknown keys, bad values and incompatible
 * choices are errors now, not in the job), model name @name, seed @seed.
 * Needs a target; FERM needs a sensitive attribute. The snapshot holds its
 * own references/copies (frame, training rows, target, groups, features), so
 * the session may change while the job runs. Caller frees. */
fair_train_spec *fair_train_spec_new(const fair_session *s, const char *learner,
                                     const char *const *keys, const char *const *vals,
                                     size_t nopts, const char *name, unsigned long seed,
                                     fair_error *err);
void             fair_train_spec_free(fair_train_spec *sp);
const char      *fair_train_spec_name(const fair_train_spec *sp);
/* One line describing the choices made ("kernel SVM on 32561 rows: rff
 * approximation with 500 components"); valid after training; may be "". */
const char      *fair_train_spec_note(const fair_train_spec *sp);
/* The bytes training @sp needs at most, for memory.limit: the snapshot,
 * the design matrix (its width at most into *@dim, may be NULL), copies
 * for pre-processing and what the learner itself needs (its feature maps,
 * kernel matrices). Measured against peak RSS on 10^6 rows: logreg 1.3x,
 * the kernel SVM's feature map 1.1x. */
size_t           fair_train_spec_memory(const fair_train_spec *sp, size_t *dim);
/* The training rows of @sp. */
size_t           fair_train_spec_nrows(const fair_train_spec *sp);
/* Set-up columns listed in `features` but left out of this training (a
 * target): "'income' is the target, not a feature"; may be "". */
const char      *fair_train_spec_setup_note(const fair_train_spec *sp);

/* Trains the model described by @sp (runs in any thread). Returns a new
 * model (refcount 1) or NULL (FAIR_ECANCELED when cancelled through @prog). */
fair_model *fair_model_train(fair_train_spec *sp, fair_progress *prog, fair_error *err);

/* Wasserstein-barycenter post-processing of model @base (or, when @base is
 * NULL, of the numeric column @column of the session's frame): the map is
 * fitted on the session's calibration rows (split value calib) or, without
 * them, on a seeded random fraction @calib of the training rows; a trained
 * base is then retrained without those rows (the paper's protocol: the base
 * never sees the calibration sample, doc/methods.md 4). alpha in [0,1]; @jitter
 * is the half-width of the tie-breaking noise, 0 for none, or
 * FAIR_MODEL_JITTER_AUTO for 1e-5 times the range of the calibration
 * scores. */
#define FAIR_MODEL_JITTER_AUTO (-1.0)
/* Fewer calibration rows than this in a group make fair_model_warning say
 * so: the plug-in map of that group has at most N + 1 values, and its
 * fairness bound (doc/methods.md 4.4) shrinks only as the smallest group's
 * calibration size grows. */
#define FAIR_MODEL_MIN_CALIB 30
fair_model *fair_model_wasserstein(const fair_session *s, fair_model *base, const char *column,
                                   const char *name, double alpha, double calib, double jitter,
                                   unsigned long seed, fair_progress *prog, fair_error *err);
/* The same on the score column @column of any range, whose decisions are
 * score >= @threshold (the corrected scores are cut at the same place, as
 * `audit score=COLUMN threshold=T` cuts the uncorrected ones; saved with
 * the model). FAIR_EINVAL for a threshold that is not a finite number. */
fair_model *fair_model_wasserstein_score(const fair_session *s, const char *column, double threshold,
                                         const char *name, double alpha, double calib, double jitter,
                                         unsigned long seed, fair_progress *prog, fair_error *err);

/* Post-processing with one decision threshold per group (saved by the
 * `view thresholds` screen): a row of group g is positive when the base
 * score is > @thresholds[g]. To keep the usual cut, the model's score is the
 * base score shifted by thr(base) - thresholds[g], thr(base) being the base
 * model's threshold (0.5 for probabilities, 0 for decision values): for a
 * probability model score' = score - t_g + 0.5. Where rounding would change
 * the decision the shifted score is nudged by one ulp, so score' > thr(base)
 * exactly when score > t_g. The shifted score is not a probability
 * (fair_model_score_is_prob is false), so audits cut it at thr(base), not at
 * the `threshold` setting. Rows with no group keep the base score. Groups
 * are matched by label when scoring (@labels, @K of them, copied). @base is
 * referenced. Returns a new model (refcount 1) or NULL: FAIR_EINVAL for a
 * regression base, K = 0 or a NaN threshold; FAIR_ENOMEM. */
fair_model *fair_model_thresholds(fair_model *base, const char *name, const double *thresholds,
                                  size_t K, const char *const *labels, fair_error *err);

/* The representation of a `train fairrep` model for @rows (@n, NULL = all)
 * of frame @f: a new n x dim matrix (caller frees); FAIR_EINVAL for other
 * models. */
gsl_matrix *fair_model_encode(const fair_model *m, const fair_frame *f, const size_t *rows, size_t n,
                              fair_error *err);

fair_model *fair_model_ref(fair_model *m);
void        fair_model_unref(fair_model *m);
const char *fair_model_name(const fair_model *m);
/* What the user should know about a model just fitted ("group 'x' has 1
 * calibration row ..."); "" when nothing. Not saved. */
const char *fair_model_warning(const fair_model *m);
/* What a corrected model rests on ("map fitted on 'plain' retrained without
 * 350 calibration rows (calib=0.25)"); "" for other models. */
const char *fair_model_basis(const fair_model *m);
/* "logreg C=1 pre=ferm", "wasserstein(logreg) alpha=1; map fitted on ..." */
const char *fair_model_desc(const fair_model *m);
int         fair_model_kind(const fair_model *m);
int         fair_model_task(const fair_model *m);
/* Decision threshold on the score (0.5 for probabilities, 0 for decision values). */
double      fair_model_threshold(const fair_model *m);
/* True when the score is a probability in [0,1]. */
bool        fair_model_score_is_prob(const fair_model *m);
/* Name of the target column the model was trained for. */
const char *fair_model_target(const fair_model *m);
/* Feature names after the pipeline, and the weights of a linear learner
 * (NULL when not linear). */
size_t        fair_model_nweights(const fair_model *m);
const char   *fair_model_feature_name(const fair_model *m, size_t k);
const double *fair_model_weights(const fair_model *m, double *intercept);

/* The design matrix the learner of @m sees for @rows (@n indices, NULL =
 * all) of frame @f: the pipeline's features (numeric standardised,
 * categorical one-hot), repaired (pre=direpair; needs @g) or projected
 * (pre=ferm), or the representation a model was trained on (on=REP); for
 * a post-processing model, its base's. A new n x fair_model_design_dim(m)
 * matrix (caller frees) or NULL: FAIR_EINVAL for a correction of a
 * prediction column or no rows. fair_model_design_name gives the name of
 * column @k as a new string ("age", "workclass=Private", "rep_3"; "x3"
 * when FERM's elimination dropped columns), NULL when out of range. */
gsl_matrix *fair_model_design(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                              const size_t *rows, size_t n, fair_error *err);
size_t      fair_model_design_dim(const fair_model *m);
char       *fair_model_design_name(const fair_model *m, size_t k);

/* Feature importance of the learner behind @m (a post-processing model's
 * base), for the learners that report it (xgboost, forest): per feature of
 * the design matrix, XGBoost's gain (the mean loss reduction of the splits
 * on the feature), total gain and its share of the sum, whether the
 * feature encodes the sensitive attribute itself (use_sensitive=yes), and
 * its association with the sensitive attribute on the session's training
 * rows: the correlation ratio eta = sqrt(between-group sum of squares /
 * total sum of squares) of the feature over the groups (0: the groups'
 * means coincide; 1: the feature determines the group's mean exactly; for
 * two groups the absolute point-biserial correlation), NaN without a
 * sensitive attribute. A feature with eta >= FAIR_PROXY_ETA is flagged a
 * proxy. Features come in the design matrix's order.
 * Returns FAIR_OK and a new record (free with fair_importance_free), or
 * FAIR_EINVAL for a learner without importances (the message names those
 * that have them), FAIR_ENOMEM; errors of the design matrix. */
#define FAIR_PROXY_ETA 0.3
typedef struct fair_importance {
	size_t  n;
	char  **names;
	double *gain;        /* XGBoost's "gain"                                 */
	double *total;       /* XGBoost's "total_gain"                           */
	double *share;       /* total / sum of totals (0 when nothing was split) */
	double *eta;         /* association with the sensitive attribute (NaN: none) */
	bool   *sensitive;   /* the feature is (a level of) a sensitive column   */
	bool   *proxy;       /* eta >= FAIR_PROXY_ETA and not sensitive itself    */
} fair_importance;
int  fair_model_importance(const fair_model *m, const fair_session *s, fair_importance **out, fair_error *err);
void fair_importance_free(fair_importance *imp);   /* NULL is a no-op */

/* Scores for @rows (@n indices, NULL = all) of frame @f; @g gives groups for
 * models that use the sensitive attribute at prediction time (may be NULL
 * otherwise). @score has n entries. */
int fair_model_scores(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                      const size_t *rows, size_t n, double *score, fair_error *err);

/* Randomised classifiers (threshold optimiser, expgrad): their
 * fair_model_scores() are 0/1 decisions drawn per row, keyed by the row's
 * index in @f and the model's seed (fair_random_draw in methods-private.h), so a
 * row always gets the same decision; fair_model_proba() gives P(yhat = 1)
 * instead. For other models fair_model_proba() equals fair_model_scores(). */
bool fair_model_randomised(const fair_model *m);
int  fair_model_proba(const fair_model *m, const fair_frame *f, const struct fair_groups *g,
                      const size_t *rows, size_t n, double *p, fair_error *err);

/* Threshold optimiser (Hardt et al. 2016, as Fairlearn's
 * ThresholdOptimizer; methods-private.h, doc/methods.md 8.3) on model @base,
 * or when @base is NULL on the numeric score column @column, fitted on the
 * session's training rows with their target and groups; @o: constraint,
 * objective, flip, tolerance, grid (fairsh/metric.h); @seed keys the
 * per-row draws. The base is referenced, not retrained. Returns a new
 * model or NULL (FAIR_EINVAL without target/sensitive or for a regression
 * model, FAIR_ENOTFOUND for an unknown column; errors of the optimiser). */
fair_model *fair_model_threshold_opt(const fair_session *s, fair_model *base, const char *column,
                                     const char *name, const fair_thresh_opts *o, unsigned long seed,
                                     fair_error *err);

/* AIF360's post-processors (doc/methods.md 8.6-8.8) on @base or the score
 * column @column, fitted like the threshold optimiser: equalized-odds
 * post-processing (any score: its decision), calibrated equalized odds
 * and reject-option classification (probabilities; roc needs
 * `sensitive ... privileged=`). */
enum fair_postproc_method { FAIR_POSTPROC_EQODDS = 0, FAIR_POSTPROC_CALEQODDS, FAIR_POSTPROC_ROC };
enum { FAIR_POSTPROC_COST_FNR = 0, FAIR_POSTPROC_COST_FPR, FAIR_POSTPROC_COST_WEIGHTED };
typedef struct fair_postproc_opts {
	int    method;       /* enum fair_postproc_method                              */
	int    cost;         /* caleqodds: FAIR_POSTPROC_COST_* (default weighted)     */
	int    roc_metric;   /* roc: FAIR_CONSTRAINT_DP (default), _EO, or _EODDS for
	                        AIF360's average odds difference                      */
	double lb, ub;       /* roc: bounds on the metric (default -0.05, 0.05)        */
	double low, high;    /* roc: threshold range (default 0.01, 0.99)              */
	size_t nthresh, nmargin;   /* roc: grid sizes (default 100, 50)                */
} fair_postproc_opts;
void        fair_postproc_opts_init(fair_postproc_opts *o);
fair_model *fair_model_postproc(const fair_session *s, fair_model *base, const char *column, const char *name,
                                const fair_postproc_opts *o, unsigned long seed, fair_error *err);
struct fair_thresh;
/* The fitted optimiser of a FAIR_MODEL_THRESHOLD_OPT model (borrowed), else NULL. */
const struct fair_thresh *fair_model_threshold_optimiser(const fair_model *m);

/* A `train gridsearch` model's grid points (0 for other models), and point
 * @i as a model of its own named @name: the same features and
 * pre-processing with that point's learner (a new model, refcount 1; a copy,
 * independent of @m); *error and *violation (may be NULL) get its training
 * error and largest constraint violation. FAIR_EINVAL for a bad index. */
size_t      fair_model_grid_size(const fair_model *m);
fair_model *fair_model_grid_member(const fair_model *m, size_t i, const char *name, double *error,
                                   double *violation, fair_error *err);

/* Saving (fairsh/param.h): exports everything scoring needs (pipeline,
 * disparate-impact remover, FERM transform, learner including expgrad
 * mixtures and fair representations, the seed of a randomised classifier,
 * the representation a model was trained on; base model, column, alpha,
 * seed, labels and barycenter tables; base and per-group thresholds; base,
 * seed and fitted threshold optimiser) into the OBJECT @out.
 * FAIR_ENOMEM, FAIR_EINVAL for an unsavable learner. Import returns a new
 * model (refcount 1) that scores bit for bit like the exported one, or NULL
 * with FAIR_EPARSE naming the missing or inconsistent field. A restored
 * model has no training snapshot, so it cannot be retrained. */
struct fair_param;
int         fair_model_export(const fair_model *m, struct fair_param *out, fair_error *err);
fair_model *fair_model_import(const struct fair_param *in, fair_error *err);
/* The same within a list of models saved together (a session's models):
 * a model trained on a representation (train ... on=REP) refers to its
 * representation model by name when that very model is among @known (the
 * models written to the same list), else the representation is written
 * inline. On import, a name is resolved against @known (the models of the
 * list imported so far; NULL entries are skipped): FAIR_ENOTFOUND when none
 * has that name yet, so the caller can import the others first and retry.
 * fair_model_export/import are these with no known models. */
int         fair_model_export_in(const fair_model *m, fair_model *const *known, size_t nknown,
                                 struct fair_param *out, fair_error *err);
fair_model *fair_model_import_in(const struct fair_param *in, fair_model *const *known, size_t nknown,
                                 fair_error *err);

#endif
