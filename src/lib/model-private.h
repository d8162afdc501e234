/* model-private.h -- input checks shared by the model-*.c fitting code (not
 * installed, not part of the public API). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_MODEL_PRIVATE_H
#define FAIRSH_MODEL_PRIVATE_H

#include <math.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"

/* Validates a training problem; on success *sumw is the weight total.
 * @what names the model in messages. */
static inline int
model_check_input(const char *what, const gsl_matrix *X, const double *y, const double *w,
                  bool classification, double *sumw, fair_error *err)
{
	size_t n = X->size1, d = X->size2, npos = 0, nneg = 0;
	double s = 0.0;

	if (n == 0 || d == 0)
		return fair_error_set(err, FAIR_EINVAL, "%s: no training rows or no features", what);
	for (size_t i = 0; i < n; i++) {
		const double *row = gsl_matrix_const_ptr(X, i, 0);
		for (size_t j = 0; j < d; j++)
			if (!isfinite(row[j]))
				return fair_error_set(err, FAIR_EINVAL,
				                      "%s: feature %zu has a missing or infinite value in row %zu",
				                      what, j + 1, i + 1);
		if (!isfinite(y[i]))
			return fair_error_set(err, FAIR_EINVAL, "%s: target is missing or infinite in row %zu",
			                      what, i + 1);
		double wi = w ? w[i] : 1.0;
		if (!isfinite(wi) || wi < 0.0)
			return fair_error_set(err, FAIR_EINVAL, "%s: weight %g in row %zu; expected a finite weight >= 0",
			                      what, wi, i + 1);
		if (classification) {
			if (y[i] != 0.0 && y[i] != 1.0)
				return fair_error_set(err, FAIR_EINVAL, "%s: target must be 0 or 1; row %zu has %g",
				                      what, i + 1, y[i]);
			if (wi > 0.0) {
				npos += y[i] == 1.0;
				nneg += y[i] == 0.0;
			}
		}
		s += wi;
	}
	if (!(s > 0.0))
		return fair_error_set(err, FAIR_EINVAL, "%s: all sample weights are 0", what);
	if (classification && (npos == 0 || nneg == 0))
		return fair_error_set(err, FAIR_EINVAL, "%s: target has one class (%s only)", what,
		                      npos ? "1" : "0");
	*sumw = s;
	return FAIR_OK;
}

#endif
