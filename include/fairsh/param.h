/* param.h -- a neutral tree of named parameters (numbers, strings, double
 * arrays and matrices, byte arrays, objects and lists) that fitted objects
 * are exported to and imported from when a workbench is saved. The core
 * never sees the file format: src/json turns the tree into JSON. The tree
 * knows nothing of what is stored in it. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_PARAM_H
#define FAIRSH_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "fairsh/error.h"

enum fair_param_type {
	FAIR_PARAM_OBJECT = 0,  /* named children                                  */
	FAIR_PARAM_LIST,        /* unnamed children, in order                      */
	FAIR_PARAM_NUM,         /* one double (any value, NaN and inf included)    */
	FAIR_PARAM_INT,         /* one int64 (seeds are stored bit for bit)        */
	FAIR_PARAM_BOOL,        /* ival 0 / 1                                      */
	FAIR_PARAM_STR,         /* a NUL-terminated string                         */
	FAIR_PARAM_VEC,         /* n doubles; rows x cols when a matrix            */
	FAIR_PARAM_BYTES        /* n bytes                                         */
};

typedef struct fair_param fair_param;
struct fair_param {
	char        *name;      /* member name in an OBJECT parent; NULL in a LIST */
	int          type;      /* enum fair_param_type */
	double       num;       /* NUM */
	int64_t      ival;      /* INT, BOOL */
	char        *str;       /* STR */
	double      *vec;       /* VEC: n values (row-major for a matrix) */
	unsigned char *bytes;   /* BYTES: n bytes */
	size_t       n;
	size_t       rows, cols;/* VEC: matrix shape (rows * cols == n); 0, 0 = plain vector */
	fair_param **kids;      /* OBJECT, LIST */
	size_t       nkids, capkids;
	bool         failed;    /* an add below this node ran out of memory */
};

/* A new empty node of @type named @name (may be NULL). Caller frees with
 * fair_param_free (which frees the subtree). NULL when out of memory. */
fair_param *fair_param_new(int type, const char *name);
void        fair_param_free(fair_param *p);   /* NULL is a no-op */

/* Appends @child (takes ownership; freed on failure) to @parent (OBJECT or
 * LIST). Returns @child, or NULL when out of memory or @parent is NULL, in
 * which case @parent->failed is set. */
fair_param *fair_param_add(fair_param *parent, fair_param *child);

/* Builders: append a new child to @parent and return it (borrowed), or NULL
 * with @parent->failed set. A NULL @parent is allowed (returns NULL), so
 * calls can be chained; check fair_param_failed() on the root at the end.
 * Arrays are copied. */
fair_param *fair_param_add_object(fair_param *parent, const char *name);
fair_param *fair_param_add_list(fair_param *parent, const char *name);
fair_param *fair_param_add_num(fair_param *parent, const char *name, double v);
fair_param *fair_param_add_int(fair_param *parent, const char *name, int64_t v);
fair_param *fair_param_add_bool(fair_param *parent, const char *name, bool v);
fair_param *fair_param_add_str(fair_param *parent, const char *name, const char *s);
fair_param *fair_param_add_vec(fair_param *parent, const char *name, const double *v, size_t n);
fair_param *fair_param_add_sizes(fair_param *parent, const char *name, const size_t *v, size_t n);
fair_param *fair_param_add_matrix(fair_param *parent, const char *name, const gsl_matrix *m);
fair_param *fair_param_add_gvector(fair_param *parent, const char *name, const gsl_vector *v);
fair_param *fair_param_add_bytes(fair_param *parent, const char *name, const unsigned char *b, size_t n);

/* True when any add under @p failed (out of memory). */
bool fair_param_failed(const fair_param *p);

/* Readers. @obj is an OBJECT; fields are looked up by name. Every reader
 * that takes @err reports a missing or mistyped field as FAIR_EPARSE
 * "saved data: field 'w' of 'learner' is missing" / "... is not a number".
 * Type coercions (the file format may not keep every type): NUM accepts INT
 * and the strings "NaN", "Infinity", "-Infinity"; INT accepts an integral
 * NUM and a decimal string; BOOL accepts INT/NUM 0/1; VEC accepts an empty
 * LIST; LIST accepts an empty VEC. */
const fair_param *fair_param_get(const fair_param *obj, const char *name);   /* NULL when absent */
int   fair_param_num(const fair_param *obj, const char *name, double *out, fair_error *err);
int   fair_param_int(const fair_param *obj, const char *name, int64_t *out, fair_error *err);
/* A count: an integer from 0 to FAIR_PARAM_COUNT_MAX (2^53), however spelt.
 * Counts from a file bound nothing by themselves: a reader checks them
 * against the arrays they describe, and products of them for overflow. */
#define FAIR_PARAM_COUNT_MAX 9007199254740992LL
int   fair_param_size(const fair_param *obj, const char *name, size_t *out, fair_error *err);
/* A count from @lo to @hi (the range the option that made it accepts):
 * "saved data: field 'dim' of 'options' is 1418980313362273202; expected a
 * count from 1 to 100000". */
int   fair_param_count(const fair_param *obj, const char *name, size_t lo, size_t hi, size_t *out,
                       fair_error *err);
int   fair_param_bool(const fair_param *obj, const char *name, bool *out, fair_error *err);
/* Borrowed string (valid while @obj lives) or NULL with @err. */
const char *fair_param_str(const fair_param *obj, const char *name, fair_error *err);
/* Borrowed values and length, or NULL with @err (an empty array gives a
 * non-NULL pointer and *n = 0). */
const double *fair_param_vec(const fair_param *obj, const char *name, size_t *n, fair_error *err);
const unsigned char *fair_param_bytes(const fair_param *obj, const char *name, size_t *n,
                                      fair_error *err);
/* New copies (caller frees); a matrix needs its shape, a size array
 * non-negative integral values. */
gsl_matrix *fair_param_matrix(const fair_param *obj, const char *name, fair_error *err);
gsl_vector *fair_param_gvector(const fair_param *obj, const char *name, fair_error *err);
size_t     *fair_param_sizes(const fair_param *obj, const char *name, size_t *n, fair_error *err);
/* The OBJECT or LIST child @name (borrowed) or NULL with @err. */
const fair_param *fair_param_object(const fair_param *obj, const char *name, fair_error *err);
const fair_param *fair_param_list(const fair_param *obj, const char *name, fair_error *err);
/* The strings of the LIST child @name as a new NULL-terminated array of new
 * strings (caller frees each and the array); count in *n. */
char      **fair_param_strings(const fair_param *obj, const char *name, size_t *n, fair_error *err);

#endif
