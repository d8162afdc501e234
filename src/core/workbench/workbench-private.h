/* workbench-private.h -- the insides of fair_model and fair_train_spec, shared by
 * model.c (scoring, post-processing), train-spec.c (options, snapshots),
 * train.c (the training chain) and model-save.c (persistence). Not
 * installed; nothing outside src/core/workbench includes it. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_MODEL_IMPL_H
#define FAIRSH_MODEL_IMPL_H

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
#include "ot/ot-private.h"

enum learner_id { L_LOGREG, L_RIDGE, L_SVM, L_MLP, L_FERM, L_EXPGRAD, L_FAIRREP, L_COUNT };


struct fair_train_spec {
	atomic_int     refs;
	char          *name;
	int            learner;
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
	/* parsed */
	bool           pre_ferm;
	fair_ferm_opts ferm;
	double         ferm_eps;   /* pre=ferm: |<w,u>| <= eps (logreg, ridge; two groups) */
	bool           pre_reweigh;   /* issue 11: instance weights (methods-private.h) */
	bool           pre_direpair;  /* issue 11: disparate-impact remover at level */
	double         direpair_level;
	fair_expgrad_opts eg;         /* learner expgrad */
	bool           missing_ind;
	fair_logreg_opts logreg;
	fair_ridge_opts  ridge;
	fair_svm_opts    svm;
	fair_ksvm_opts   ksvm;
	bool             kernel_svm;
	fair_mlp_opts    mlp;
	fair_kferm_opts  kferm;
	/* fairrep (issue 7): tasks are the session target first, then targets= */
	fair_fairrep_opts rep;
	char          *rep_targets;   /* targets= as given */
	char          *rep_positive;  /* positive= as given (for every other task) */
	size_t         ntasks;
	double       **ys;            /* ntasks arrays of nrows */
	int           *kinds;
	/* transfer: a model trained on the representation of @rep_model */
	fair_model    *rep_model;
	char           note[512];
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
	/* wasserstein */
	fair_train_spec *spec;     /* what trained it (shared, for retraining) */
	fair_model    *base;
	char          *column;
	fair_wbary    *wb;
	double         alpha;
	unsigned long  seed;
	char         **labels;
	size_t         K;
	/* thresholds: one per group (K, matched by label), on the base score */
	double        *thresholds;
	/* issue 11: disparate-impact remover (trained), threshold optimiser */
	fair_direpair *direpair;
	fair_thresh   *topt;
	/* transfer (issue 7): inputs are the representation of this fairrep model */
	fair_model    *rep;
};

/* shared helpers (train-spec.c, model.c, train.c) */
char *
fair_mi_xstrdup(const char *s);

char *
fair_mi_spec_desc(const fair_train_spec *sp);

fair_train_spec *
fair_mi_spec_without(const fair_train_spec *sp, const size_t *excl, size_t nexcl, fair_error *err);

int
fair_mi_model_labels(fair_model *m, char *const *labels, size_t K, fair_error *err);

fair_model *
fair_mi_model_new(const char *name, int kind, int task, fair_error *err);

#endif
