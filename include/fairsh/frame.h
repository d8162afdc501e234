/* frame.h -- the columnar data frame: immutable, reference-counted columns
 * (numeric as double with NaN for missing, categorical as dictionary codes
 * with -1 for missing) gathered in a frame. Frames share columns, so deriving
 * a frame with one more column copies no data. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_FRAME_H
#define FAIRSH_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"

typedef enum fair_coltype {
	FAIR_COL_NUMERIC = 0,
	FAIR_COL_CATEGORICAL = 1
} fair_coltype;

typedef struct fair_column fair_column;
typedef struct fair_frame fair_frame;

/* Returns a new numeric column (refcount 1). Takes ownership of @values
 * (malloc'd, @n doubles, NaN = missing); on failure @values is freed. */
fair_column *fair_column_new_numeric(const char *name, double *values, size_t n,
                                     fair_error *err);

/* Same as fair_column_new_numeric, for callers that already know the number
 * of distinct non-NaN values (@ndistinct; 0.0 and -0.0 count as one), which
 * skips the O(n log n) count. Used by the CSV reader. @ndistinct may be
 * FAIR_NDISTINCT_MANY for a column known to have more than 4,096 distinct
 * values (derived columns): the exact number is then counted on the first
 * fair_column_ndistinct, not when the column is made. */
#define FAIR_NDISTINCT_MANY SIZE_MAX
fair_column *fair_column_new_numeric_nd(const char *name, double *values, size_t n,
                                        size_t ndistinct, fair_error *err);

/* Returns a new boolean column (refcount 1): a numeric column whose values
 * are 0, 1 or missing, stored in one byte a row (the conditions `derive`
 * makes). Takes ownership of @bools (malloc'd, @n bytes, each 0, 1 or
 * FAIR_BOOL_MISSING; another value is an error); freed on failure. It reads
 * as any numeric column: fair_column_values makes its doubles on first use
 * and keeps them. */
#define FAIR_BOOL_MISSING 2
fair_column *fair_column_new_bool(const char *name, unsigned char *bools, size_t n,
                                  fair_error *err);

/* Returns a new categorical column (refcount 1). Takes ownership of @codes
 * (malloc'd, @n entries in [-1, nlevels), -1 = missing), of the array
 * @levels and of each string in it (all malloc'd); freed on failure. */
fair_column *fair_column_new_categorical(const char *name, int32_t *codes, size_t n,
                                         char **levels, size_t nlevels,
                                         fair_error *err);

fair_column *fair_column_ref(fair_column *c);     /* returns @c */
void         fair_column_unref(fair_column *c);   /* NULL is a no-op */

const char   *fair_column_name(const fair_column *c);     /* borrowed */
fair_coltype  fair_column_type(const fair_column *c);
size_t        fair_column_length(const fair_column *c);
size_t        fair_column_nmissing(const fair_column *c);
/* Number of distinct non-missing values (levels for categorical columns). */
size_t        fair_column_ndistinct(const fair_column *c);
/* false while the number of a FAIR_NDISTINCT_MANY column is not counted
 * (then it is known to be above 4,096; fair_column_ndistinct counts it). */
bool          fair_column_ndistinct_known(const fair_column *c);
/* A column is binary when it has exactly two distinct non-missing values. */
bool          fair_column_is_binary(const fair_column *c);
/* Numeric data (borrowed; NULL for categorical columns, and for a boolean
 * column when its doubles cannot be allocated). */
const double *fair_column_values(const fair_column *c);
/* The bytes of a boolean column (0, 1, FAIR_BOOL_MISSING; borrowed), NULL
 * for every other column: readers that can use them avoid the doubles. */
const unsigned char *fair_column_bools(const fair_column *c);
/* Categorical codes (borrowed; NULL for numeric columns). */
const int32_t *fair_column_codes(const fair_column *c);
size_t        fair_column_nlevels(const fair_column *c);
const char   *fair_column_level(const fair_column *c, size_t k);   /* borrowed */
/* Index of level @s, or -1. */
long          fair_column_level_index(const fair_column *c, const char *s);
bool          fair_column_is_missing(const fair_column *c, size_t row);
/* Minimum, mean and maximum of the non-missing values of numeric column @c
 * among the rows @keep marks (NULL: all rows); the mean is taken on the
 * values scaled by a power of two, so it never overflows (|x| near the
 * largest double) and is exact where the plain sum is. The count goes to
 * *@n; NaN for all three when it is 0. */
void          fair_column_range(const fair_column *c, const unsigned char *keep, double *min, double *mean,
                                double *max, size_t *n);
/* Writes the cell as text into @out (numbers with %.15g, missing as ""),
 * returns @out. */
char         *fair_column_cell(const fair_column *c, size_t row, char *out, size_t outlen);

/* Returns a new empty frame (refcount 1). */
fair_frame  *fair_frame_new(void);
fair_frame  *fair_frame_ref(fair_frame *f);
void         fair_frame_unref(fair_frame *f);
/* Appends @col, taking a new reference to it (the caller keeps its own).
 * Fails on a length mismatch or a duplicate name. Only for frames being built. */
int          fair_frame_add_column(fair_frame *f, fair_column *col, fair_error *err);
/* Returns a new frame with the columns of @f and @col appended, or replacing
 * the column of the same name; columns are shared, not copied. */
fair_frame  *fair_frame_with_column(const fair_frame *f, fair_column *col, fair_error *err);
size_t       fair_frame_nrows(const fair_frame *f);
size_t       fair_frame_ncols(const fair_frame *f);
fair_column *fair_frame_column(const fair_frame *f, size_t j);     /* borrowed */
/* Index of the column named @name, or -1. */
long         fair_frame_find(const fair_frame *f, const char *name);

#endif
