/* fairrep-private.h -- the insides of a fair representation, shared by
 * fairrep.c (training, encoding) and fairrep-save.c (persistence). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_FAIRREP_PRIVATE_H
#define FAIRSH_FAIRREP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "fairsh/fairrep.h"

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

/* A new representation for @d inputs and @T tasks of @kinds with options
 * @o; parameters drawn from @rng, or left zero when @rng is NULL (import). */
fair_fairrep *
fair_repi_new(size_t d, const int *kinds, size_t T, size_t K, const fair_fairrep_opts *o, gsl_rng *rng);

#endif
