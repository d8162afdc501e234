/* learners.c -- the registry: every learner type fairsh knows, in the
 * order `train` lists them. Adding a learner: define its type in its own
 * file (see the notes in learn/learn-private.h) and add one line here. */
/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "workbench/workbench-private.h"

const fair_learner_type *const fair__workbench_learners[] = {
	&fair_logreg_type,
	&fair_ridge_type,
	&fair_svm_type,
	&fair_mlp_type,
	&fair_xgboost_type,
	&fair_forest_type,
	&fair_kferm_type,
	&fair_expgrad_type,
	&fair_gridsearch_type,
	&fair_fairrep_type,
	&fair_lfr_type,
	&fair_adversarial_type,
	/* forms a fit returns, found by their saved kind */
	&fair_svm_linear_type,
	&fair_svm_kernel_type,
	NULL
};

const fair_learner_type *
fair__workbench_learner_find(const char *name)
{
	for (size_t i = 0; fair__workbench_learners[i] != NULL; i++)
		if (fair__workbench_learners[i]->name != NULL && !strcmp(fair__workbench_learners[i]->name, name))
			return fair__workbench_learners[i];
	return NULL;
}

void
fair__workbench_learner_names(unsigned flags, unsigned without, const char *last, fair_buf *out)
{
	const fair_learner_type *t[64];
	size_t n = 0;

	for (size_t i = 0; fair__workbench_learners[i] != NULL && n < 64; i++) {
		const fair_learner_type *ty = fair__workbench_learners[i];
		if (ty->name != NULL && (ty->flags & flags) == flags && (ty->flags & without) == 0)
			t[n++] = ty;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fair_buf_puts(out, i + 1 == n ? last : ", ");
		fair_buf_puts(out, t[i]->name);
	}
}

static char learner_names[256];
static pthread_once_t learner_names_once = PTHREAD_ONCE_INIT;

static void
learner_names_init(void)
{
	fair_buf b = FAIR_BUF_INIT;

	fair__workbench_learner_names(0, 0, ", ", &b);
	snprintf(learner_names, sizeof learner_names, "%s", b.buf);
	fair_buf_release(&b);
}

const char *
fair_model_learners(void)
{
	pthread_once(&learner_names_once, learner_names_init);
	return learner_names;
}

fair_learner *
fair_learner_import(const fair_param *in, fair_error *err)
{
	return fair_learner_import_as(in, fair__workbench_learners, err);
}

const char *
fair_learner_doc(size_t i, const char **help, const char **unavailable)
{
	for (size_t k = 0, n = 0; fair__workbench_learners[k] != NULL; k++) {
		const fair_learner_type *t = fair__workbench_learners[k];
		if (t->name == NULL || n++ != i)
			continue;
		if (help)
			*help = t->help;
		if (unavailable)
			*unavailable = t->unavailable;
		return t->name;
	}
	return NULL;
}

const char *
fair_learner_option_doc(const char *name, size_t k, const char **help)
{
	const fair_learner_type *t = fair__workbench_learner_find(name);

	if (t == NULL || t->opts == NULL)
		return NULL;
	for (size_t j = 0; t->opts[j].name != NULL; j++)
		if (j == k) {
			if (help)
				*help = t->opts[j].help;
			return t->opts[j].name;
		}
	return NULL;
}
