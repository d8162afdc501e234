/* xgboost-opts.c -- what `train xgboost` and `train forest` decide before
 * XGBoost is called, so it holds with or without the library: the
 * options' defaults and the rows held out for validation (a seeded,
 * reproducible choice). The learners are in xgboost.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn-private.h"

void
fair_xgb_opts_init(fair_xgb_opts *o, bool forest)
{
	memset(o, 0, sizeof *o);
	o->forest = forest;
	o->task = FAIR_TASK_CLASSIFICATION;
	o->rounds = 100;
	o->trees = 100;
	o->max_depth = 6;
	o->eta = forest ? 1.0 : 0.3;
	o->subsample = forest ? 0.8 : 1.0;
	o->colsample_bytree = 1.0;
	o->colsample_bynode = forest ? 0.8 : 1.0;
	o->min_child_weight = 1.0;
	o->lambda = forest ? 1e-5 : 1.0;
	o->alpha = 0.0;
	o->gamma = 0.0;
	o->scale_pos_weight = 1.0;
	o->max_bin = 256;
	o->method = FAIR_XGB_HIST;
	o->early_stopping = 0;
	o->val_fraction = 0.0;
	o->metric = FAIR_XGB_METRIC_AUTO;
	o->threads = 0;
	o->seed = 0;
}

/* ---- the validation rows ------------------------------------------------- */

struct vkey {
	uint64_t key;
	size_t   i;
};

static int
vkey_cmp(const void *a, const void *b)
{
	const struct vkey *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
fair_xgb_valid_rows(size_t n, double frac, uint64_t seed, unsigned char *valid, fair_error *err)
{
	size_t nv;
	struct vkey *k;
	uint64_t s = fair_splitmix64(seed);

	memset(valid, 0, n);
	if (!(frac > 0.0))
		return FAIR_OK;
	nv = (size_t)llround(frac * (double)n);
	if (nv < 1)
		nv = 1;
	if (n < 2 || nv >= n)
		return fair_error_set(err, FAIR_EINVAL, "xgboost: val_fraction=%g of %zu rows leaves no training rows", frac, n);
	if ((k = malloc(n * sizeof *k)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		k[i].key = fair_splitmix64(s ^ (uint64_t)i);
		k[i].i = i;
	}
	qsort(k, n, sizeof *k, vkey_cmp);
	for (size_t j = 0; j < nv; j++)
		valid[k[j].i] = 1;
	free(k);
	return FAIR_OK;
}
