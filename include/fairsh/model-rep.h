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

#endif
