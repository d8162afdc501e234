/* wbary-impl.h -- the layout of a fitted Wasserstein barycenter, shared by
 * wbary.c (fit and apply) and wbary-io.c (tables, accessors, saving);
 * names are fair__ot_wbary_*. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_WBARY_IMPL_H
#define FAIRSH_WBARY_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ot/ot-private.h"

struct wgroup {
	double *buf;    /* owns C (and D when split=two: D = buf + nC)        */
	double *C;      /* sorted jittered values estimating the CDF          */
	size_t  nC;
	double *D;      /* sorted values estimating the quantile (may be C)   */
	size_t  nD;
	double *T;      /* nC + 1 outputs: T[k] = sum_s' p_s' Q_s'(k / nC)    */
	uint32_t *start; /* nb + 1 bucket starts over C (see count_le)        */
	size_t  nb;
	size_t  topstep; /* largest power of 2 <= the fullest bucket, or 0      */
	double  lo, hi, scale;
	size_t  n;      /* calibration rows of the group                      */
	double  w;      /* p_s                                                 */
};

struct fair_wbary {
	size_t         K;
	char         **labels;
	struct wgroup *g;
	double         sigma;
	int            quantile, split;
	size_t         nskipped;
};

/* A barycenter of @K groups named @labels (NULL or NULL entries: "0",
 * "1", ...) with nothing fitted; NULL and FAIR_ENOMEM in @err. */
fair_wbary *fair__ot_wbary_new(size_t K, const char *const *labels, fair_error *err);
/* Normalises user weights (or N_s / N) into g[s].w. */
int fair__ot_wbary_set_weights(fair_wbary *wb, const double *weights, fair_error *err);
/* Builds the bucket index (unless the fit already did: start != NULL) and
 * the rank table T of every group from sorted C, D and the weights. */
int fair__ot_wbary_build(fair_wbary *wb, fair_error *err);

#endif
