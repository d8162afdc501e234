/* model-rep.h -- a fitted fair representation (fairrep.h) as a learner. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_MODEL_REP_H
#define FAIRSH_MODEL_REP_H

#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/fairrep.h"
#include "fairsh/learner.h"

/* Returns a learner (kind FAIR_LEARNER_OTHER, task @kind_task, @d inputs)
 * scoring with head @task of @rep: the probability of the positive class,
 * or the prediction for regression. Takes ownership of @rep (freed on error
 * too). */
fair_learner *fair_rep_learner_new(fair_fairrep *rep, size_t task, int kind_task, size_t d,
                                   fair_error *err);

/* The representation inside a learner made by fair_rep_learner_new
 * (borrowed), or NULL for any other learner. */
const fair_fairrep *fair_rep_learner_rep(const fair_learner *l);

/* Saving (issue 10, persist.h): the head index and the representation
 * (fair_fairrep_export) into the OBJECT @out; import installs them into
 * @l, a learner made by fair_learner_import with the common fields set
 * (FAIR_LEARNER_OTHER, @l->d inputs). Used by fair_learner_export /
 * fair_learner_import. FAIR_ENOMEM, FAIR_EPARSE. */
struct fair_param;
int fair_rep_learner_export_impl(const fair_learner *l, struct fair_param *out, fair_error *err);
int fair_rep_learner_import_impl(fair_learner *l, const struct fair_param *in, fair_error *err);

#endif
