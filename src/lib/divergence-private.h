/* divergence-private.h -- helpers shared by mmd.c and sinkhorn.c. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DIVERGENCE_PRIVATE_H
#define FAIRSH_DIVERGENCE_PRIVATE_H

#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"

/* Checks two point clouds (same positive number of columns, non-empty) and
 * the shapes of their optional gradient matrices; @what names the caller in
 * messages. Returns FAIR_OK or FAIR_EINVAL. */
int fair_divi_check_pair(const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *gA,
                         const gsl_matrix *gB, const char *what, fair_error *err);

#endif
