/* distance.h -- how far apart the groups' distributions of a score or a
 * regression prediction are (the audit's distances=yes): exact 1-D
 * Wasserstein-1, unbiased MMD^2 and the debiased Sinkhorn divergence for
 * every pair of groups. Pure computation, no I/O. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DISTANCE_H
#define FAIRSH_DISTANCE_H

#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"

/* Distances between the groups' distributions of one number per row (a
 * score, or a regression prediction), for every pair of groups: what the
 * audit shows with distances=yes. */
typedef struct fair_group_distance {
	size_t a, b;        /* group indices, a < b                               */
	size_t na, nb;      /* finite values in each group                        */
	size_t pa, pb;      /* points after the quantile summary (<= max_points)  */
	double w1;          /* Wasserstein-1 between the full empirical
	                       distributions (exact in 1-D)                      */
	double mmd2;        /* unbiased squared MMD between the summaries,
	                       Gaussian kernel with the common bandwidth         */
	double sinkhorn;    /* debiased Sinkhorn divergence between the
	                       summaries, cost |s - t|^2 / 2, eps = blur^2
	                       (about W2^2 / 2 for a small blur)                  */
} fair_group_distance;

typedef struct fair_group_distance_opts {
	size_t max_points;  /* a larger group is summarised by this many of its
	                       quantiles, value (k + 1/2) / Q for k < Q (sorted
	                       values at floor((k + 1/2) n / Q)). default 500    */
	double bandwidth;   /* MMD; <= 0: median heuristic over all groups'
	                       summary points (default)                          */
	double blur;        /* Sinkhorn length scale; <= 0: 0.2 x the standard
	                       deviation of all values (default); 1e-12 when
	                       every value is the same                           */
	int    threads;     /* Sinkhorn threads (1 or 2). default 2              */
	fair_progress *prog;    /* pairs done of all; cancellation is checked
	                       between pairs (FAIR_ECANCELED). default NULL       */
} fair_group_distance_opts;

void fair_group_distance_opts_init(fair_group_distance_opts *o);

/* More groups (with at least 2 values) than this is an error: the pairs
 * grow as K^2 (50 groups: 1,225 pairs, under a minute). */
#define FAIR_GROUP_DISTANCE_MAX_GROUPS 50

/* For the values @v[rows[i]] of the rows @rows (n of them; NULL: rows 0 to
 * n-1) with group @group[rows[i]] in [0, K) (-1: left out; non-finite values
 * are left out too), the distances between every pair of groups that both have at least
 * 2 values, in order (0,1), (0,2), ..., into a new array *out (caller
 * frees) of *nout entries. The bandwidth and eps used go to *bw_used and
 * *eps_used when not NULL. Errors: FAIR_EINVAL (K < 2, more than
 * FAIR_GROUP_DISTANCE_MAX_GROUPS groups, bad option), FAIR_ENOMEM, those of
 * the divergences. */
int fair_group_distances(const double *v, const int32_t *group, const size_t *rows, size_t n,
                         size_t K, const fair_group_distance_opts *o,
                         fair_group_distance **out, size_t *nout, double *bw_used,
                         double *eps_used, fair_error *err);

#endif
