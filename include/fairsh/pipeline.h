/* pipeline.h -- the feature pipeline: turns selected columns of a frame into
 * a numeric design matrix (one-hot categoricals, standardised numerics,
 * imputed missing values, optional missing indicators). Fitted on training
 * rows only; applied to any frame with the same column names. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_PIPELINE_H
#define FAIRSH_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"

typedef struct fair_pipeline_opts {
	bool missing_indicators;   /* add "NAME:missing" 0/1 features (default false) */
} fair_pipeline_opts;

typedef struct fair_pipeline fair_pipeline;

/* Sets @o to the defaults (no missing indicators). */
void fair_pipeline_opts_init(fair_pipeline_opts *o);

/* Fits a pipeline on rows @rows (@nrows indices into @f) of the columns
 * @cols (@ncols indices into @f); @o may be NULL (defaults).
 * Per input column, in the order given:
 *  - numeric: x -> (x - m) / s, with m the mean of the non-missing training
 *    values and s the population sd over all training rows after imputing
 *    missing values by m (so it equals SimpleImputer(mean) + StandardScaler);
 *    s = 0 (constant column) makes the feature identically 0. Missing -> 0.
 *  - categorical: one 0/1 feature per level seen in the training rows, levels
 *    sorted by strcmp (no reference level dropped). Missing -> the most
 *    frequent training level (ties: the first in sorted order).
 *  - with o->missing_indicators, columns that have missing training values
 *    get one more feature "NAME:missing" (1 = missing), after their others.
 * Feature names: "age", "workclass=Private", "age:missing".
 * Returns a new pipeline (caller frees); @f is borrowed and not kept.
 * Errors: FAIR_EINVAL for no rows/columns, an index out of range, infinite
 * values, a column with no non-missing training value; FAIR_ENOMEM. */
fair_pipeline *fair_pipeline_fit(const fair_frame *f, const size_t *cols, size_t ncols,
                                 const size_t *rows, size_t nrows,
                                 const fair_pipeline_opts *o, fair_error *err);

/* Transforms rows @rows (@nrows indices; NULL = all rows of @f in order) of
 * any frame @f that has columns of the same names and types (looked up by
 * name; categorical levels matched by string; a level not seen in training
 * gives an all-zero one-hot block). Returns a new nrows x dim matrix (caller
 * frees with gsl_matrix_free). Zero rows is FAIR_EINVAL (GSL has no empty
 * matrices).
 * Errors: FAIR_ENOTFOUND "column 'x' not found", FAIR_EINVAL on a type
 * mismatch or a row index out of range, FAIR_ENOMEM. */
gsl_matrix *fair_pipeline_transform(const fair_pipeline *p, const fair_frame *f,
                                    const size_t *rows, size_t nrows, fair_error *err);

/* Number of output features. */
size_t fair_pipeline_dim(const fair_pipeline *p);
/* Name of feature @k (< dim); borrowed, valid while @p lives. */
const char *fair_pipeline_feature_name(const fair_pipeline *p, size_t k);
/* Number of input columns and the name of input column @j (borrowed). */
size_t fair_pipeline_ncols(const fair_pipeline *p);
const char *fair_pipeline_col_name(const fair_pipeline *p, size_t j);
void fair_pipeline_free(fair_pipeline *p);   /* NULL is a no-op */

/* Saving (issue 10, persist.h): exports the fitted statistics (per column:
 * name, type, mean and sd or the sorted levels and the mode, indicator) into
 * the OBJECT @out; FAIR_ENOMEM. Import rebuilds an identical pipeline (new,
 * caller frees) or returns NULL with FAIR_EPARSE for missing or bad fields. */
struct fair_param;
int            fair_pipeline_export(const fair_pipeline *p, struct fair_param *out, fair_error *err);
fair_pipeline *fair_pipeline_import(const struct fair_param *in, fair_error *err);

#endif
