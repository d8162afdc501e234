/* workbench-private.h -- the insides of fair_model and fair_train_spec, shared by
 * model.c (scoring, post-processing), train-spec.c (options, snapshots),
 * train.c (the training chain), model-save.c (persistence) and learners.c
 * (the registry of learner types). Names are fair__workbench_*: nothing
 * outside src/core/workbench includes this header. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_WORKBENCH_PRIVATE_H
#define FAIRSH_WORKBENCH_PRIVATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "fairsh/buf.h"
#include "methods/methods-private.h"
#include "fairsh/model.h"
#include "learn/learn-private.h"
#include "fairsh/param.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"
#include "ot/ot-private.h"

/* The options of the training chain around the learner (`train MODEL
 * pre=... on=...`), common to every learner: pre-processing, features,
 * transfer, extra targets (train-spec.c's table). */
enum fair__workbench_pre { FAIR__PRE_NONE = 0, FAIR__PRE_FERM, FAIR__PRE_REWEIGH, FAIR__PRE_DIREPAIR, FAIR__PRE_CORRREMOVE };

typedef struct fair__workbench_chain_opts {
	const fair_learner_type *type;   /* the learner (pre= checks against it) */
	int            pre;              /* enum fair__workbench_pre */
	fair_ferm_opts ferm;             /* pre=ferm: constraint, variant, pivot */
	double         ferm_eps;         /* pre=ferm: |<w,u>| <= eps (types with fit_offset; two groups) */
	double         direpair_level;   /* pre=direpair, pre=corrremove (its alpha) */
	bool           use_sensitive;    /* the sensitive columns are features too */
	bool           missing_ind;      /* missing_indicators= of the pipeline */
	char          *on, *target;      /* transfer: representation model, its new target */
	char          *positive;         /* positive= of the other targets */
	double         threshold;        /* threshold= of a numeric other target; NaN: none */
} fair__workbench_chain_opts;

/* What trained a model, so that it can be trained again on other rows (the
 * Wasserstein correction retrains its base without the calibration rows),
 * also after the workbench was saved and opened: the learner and its
 * options, the seed, the words of the `target` and `sensitive` commands in
 * force, the feature columns by name and the training rows as one bit per
 * row of the data. A few bytes per model and a bit per row, where the
 * training snapshot held the rows, targets and groups (about 20 bytes per
 * training row). Shared (refs); NULL for a model whose set-up has no words
 * to replay (made through the library without them). */
typedef struct fair__workbench_recipe {
	atomic_int     refs;
	char          *learner;
	char         **keys, **vals;
	size_t         nopts;
	unsigned long  seed;
	char          *target_spec;      /* "approved positive=yes" */
	char          *sensitive_spec;   /* "group"; NULL: no sensitive attribute */
	char         **features;         /* column names */
	size_t         nfeatures;
	unsigned char *rows;             /* (nbits + 7) / 8 bytes; bit i set: row i trained on */
	size_t         nbits;            /* the rows of the data */
} fair__workbench_recipe;

struct fair_train_spec {
	atomic_int     refs;
	char          *name;
	const fair_learner_type *type;
	void          *opts;       /* the type's options (type->opts_size bytes) */
	fair__workbench_chain_opts chain;
	int            task;
	char          *target_col;
	char         **keys, **vals;
	size_t         nopts;
	fair_frame    *frame;
	size_t        *rows;
	size_t         nrows;
	double        *y;          /* nrows, aligned with rows */
	int32_t       *group;      /* nrows or NULL */
	size_t         K;
	char         **labels;
	size_t        *features;
	size_t         nfeatures;
	unsigned long  seed;
	/* multi-task learners: the session target first, then the type's tasks */
	size_t         ntasks;
	double       **ys;            /* ntasks arrays of nrows */
	int           *kinds;
	/* transfer: a model trained on the representation of @rep_model */
	fair_model    *rep_model;
	char           note[512];
	char           setup_note[256];   /* set-up columns left out of the features */
	fair__workbench_recipe *recipe;   /* what the model keeps (may be NULL) */
	char          *weights;    /* the session's weights column (in frame), or NULL */
};

struct fair_model {
	atomic_int     refs;
	char          *name;
	char          *desc;
	int            kind;
	int            task;
	char          *target_col;
	fair_pipeline *pipe;
	fair_ferm     *ferm;
	fair_learner  *learner;
	/* what trained it (shared, for retraining); NULL when not known */
	fair__workbench_recipe *recipe;
	/* wasserstein: out = (1 - alpha) base + alpha g(fair_base), g the
	 * barycenter map fitted on fair_base's calibration scores; fair_base is
	 * base itself when calibration rows were marked, else base retrained
	 * without them (doc/methods.md 4.2) */
	fair_model    *base;
	fair_model    *fair_base;
	char          *warning;    /* set when fitted: what the user should know (not saved) */
	char          *basis;      /* wasserstein: "map fitted on 'm' retrained without ..." */
	char          *column;
	double         cut;        /* a score column's decisions: score >= cut; NaN: none (0.5) */
	fair_wbary    *wb;
	double         alpha;
	unsigned long  seed;
	char         **labels;
	size_t         K;
	/* thresholds: one per group (K, matched by label), on the base score */
	double        *thresholds;
	/* disparate-impact remover (trained), threshold optimiser */
	fair_direpair *direpair;
	fair_thresh   *topt;
	fair_corrremove *corr;     /* pre=corrremove */
	fair_post     *post;       /* AIF360's post-processors */
	/* transfer: inputs are the representation of this fairrep model */
	fair_model    *rep;
};

/* ---- the registry (learners.c) ---- */

/* Every learner type, NULL-terminated: those `train` takes by name, in the
 * order `train` lists them, and the forms only a fit returns. */
extern const fair_learner_type *const fair__workbench_learners[];
/* The type `train NAME` means, or NULL. */
const fair_learner_type *fair__workbench_learner_find(const char *name);
/* The names of the trainable types with all of @flags set and none of
 * @without, joined by ", " and @last before the last ("logreg, svm or mlp"). */
void fair__workbench_learner_names(unsigned flags, unsigned without, const char *last, fair_buf *out);

/* fair_learner_import_as (learn) over every kind of the registry. */
fair_learner *fair_learner_import(const fair_param *in, fair_error *err);

/* ---- recipes (model.c: lifetime; train-spec.c: capture and replay;
 * model-save.c: saving) ---- */
fair__workbench_recipe *fair__workbench_recipe_ref(fair__workbench_recipe *r);
void fair__workbench_recipe_unref(fair__workbench_recipe *r);
/* A new training snapshot of @base's recipe on session @s: the set-up
 * words replayed on @s's data, the same rows, features and options; the
 * representation of a transfer model is @base's. FAIR_EINVAL "model 'm'
 * cannot be retrained: ..." when it has no recipe or the data changed. */
fair_train_spec *fair__workbench_spec_replay(const fair_model *base, const fair_session *s, fair_error *err);
/* The target and the groups of the words of `target` / `sensitive` on @f
 * ("approved positive=yes", "race,sex threshold=40"), as the commands and
 * `open` read them. */
int fair__workbench_target_words(const fair_frame *f, const char *words, fair_target **out, fair_error *err);
int fair__workbench_groups_words(const fair_frame *f, const char *words, fair_groups **out, fair_error *err);

/* ---- shared helpers (train-spec.c, model.c, train.c) ---- */
char *fair__workbench_xstrdup(const char *s);
char *fair__workbench_spec_desc(const fair_train_spec *sp);
fair_train_spec *fair__workbench_spec_without(const fair_train_spec *sp, const size_t *excl, size_t nexcl,
                                              fair_error *err);
int fair__workbench_model_labels(fair_model *m, char *const *labels, size_t K, fair_error *err);
fair_model *fair__workbench_model_new(const char *name, int kind, int task, fair_error *err);
/* Name of column @k of the @d-column design matrix of trained model @m
 * (fair_model_design_name before its learner exists), a new string. */
char *fair__workbench_design_name(const fair_model *m, size_t d, size_t k);
/* The groups of @g that have rows among @rows[0..n) (filters and splits may
 * empty some; @rows NULL: every group), renumbered in order: map[k] (g->K
 * entries) is group k's new code or -1; their labels (borrowed from @g) go
 * to labels[0..]. Returns how many. (session.c) */
size_t fair__workbench_groups_used(const fair_groups *g, const size_t *rows, size_t n, long *map,
                                   const char **labels);

/* Drops the audit cache's decisions of model @m (a model replaced or
 * removed: its entries would only hold memory). (session-cache.c) */
struct fair_session;
void fair__workbench_cache_drop_model(struct fair_session *s, const struct fair_model *m);

#endif
