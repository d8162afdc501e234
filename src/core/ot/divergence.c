/* divergence.c -- one place that picks the divergence between the groups'
 * representations (MMD, Sinkhorn or the mean embedding; doc/methods.md 6.2,
 * 5.1): options, names, and the dispatch. */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "ot/ot-private.h"

void
fair_divergence_opts_init(fair_divergence_opts *o)
{
	o->kind = FAIR_DIV_MMD;
	o->bandwidth = 0.0;
	o->unbiased = false;
	fair_sinkhorn_opts_init(&o->sinkhorn);
}

int
fair_divergence(const gsl_matrix *A, const gsl_matrix *B, const fair_divergence_opts *opts,
                double *value, gsl_matrix *grad_A, gsl_matrix *grad_B, fair_error *err)
{
	fair_divergence_opts o;
	if (opts)
		o = *opts;
	else
		fair_divergence_opts_init(&o);
	switch (o.kind) {
	case FAIR_DIV_MMD:
		return fair_mmd2(A, B, o.bandwidth, o.unbiased, value, grad_A, grad_B, NULL, err);
	case FAIR_DIV_SINKHORN:
		return fair_sinkhorn_divergence(A, B, &o.sinkhorn, value, grad_A, grad_B, err);
	case FAIR_DIV_MEAN:
		return fair_mean_divergence(A, B, value, grad_A, grad_B, err);
	default:
		return fair_error_set(err, FAIR_EINVAL, "divergence kind %d is unknown; expected mmd, sinkhorn or mean",
		                      o.kind);
	}
}

static const char *const div_names[] = { "mmd", "sinkhorn", "mean" };

const char *
fair_divergence_name(int kind)
{
	return kind >= 0 && kind < 3 ? div_names[kind] : NULL;
}

int
fair_divergence_parse(const char *name, int *kind, fair_error *err)
{
	for (int k = 0; k < 3; k++)
		if (name && strcmp(name, div_names[k]) == 0) {
			*kind = k;
			return FAIR_OK;
		}
	return fair_error_set(err, FAIR_EINVAL, "divergence '%s' is unknown; expected mmd, sinkhorn or mean",
	                      name ? name : "");
}
