/* threshold-impl.h -- a fitted threshold optimiser, shared by threshold.c
 * (fit, apply) and threshold-save.c (saving and loading). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_THRESHOLD_IMPL_H
#define FAIRSH_THRESHOLD_IMPL_H

#include <stddef.h>

#include "methods/methods-private.h"

struct fair_thresh {
	fair_thresh_opts o;
	size_t K;
	double accuracy, objective;
	fair_thresh_group *g;
};

#endif
