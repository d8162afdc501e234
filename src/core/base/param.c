/* param.c -- the neutral parameter tree (fairsh/param.h): building,
 * reading with type coercions, freeing. It knows no fitted object: each
 * module exports and imports its own state through it. No file I/O. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/param.h"

/* ---- tree ---------------------------------------------------------------- */

fair_param *
fair_param_new(int type, const char *name)
{
	fair_param *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->type = type;
	if (name != NULL && (p->name = strdup(name)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
fair_param_free(fair_param *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nkids; i++)
		fair_param_free(p->kids[i]);
	free(p->kids);
	free(p->name);
	free(p->str);
	free(p->vec);
	free(p->bytes);
	free(p);
}

fair_param *
fair_param_add(fair_param *parent, fair_param *child)
{
	if (parent == NULL) {
		fair_param_free(child);
		return NULL;
	}
	if (child == NULL)
		goto fail;
	if (parent->nkids == parent->capkids) {
		size_t nc = parent->capkids ? 2 * parent->capkids : 8;
		fair_param **k = realloc(parent->kids, nc * sizeof *k);
		if (k == NULL)
			goto fail;
		parent->kids = k;
		parent->capkids = nc;
	}
	parent->kids[parent->nkids++] = child;
	return child;
fail:
	fair_param_free(child);
	parent->failed = true;
	return NULL;
}

fair_param *
fair_param_add_object(fair_param *parent, const char *name)
{
	return parent ? fair_param_add(parent, fair_param_new(FAIR_PARAM_OBJECT, name)) : NULL;
}

fair_param *
fair_param_add_list(fair_param *parent, const char *name)
{
	return parent ? fair_param_add(parent, fair_param_new(FAIR_PARAM_LIST, name)) : NULL;
}

fair_param *
fair_param_add_num(fair_param *parent, const char *name, double v)
{
	fair_param *p = parent ? fair_param_add(parent, fair_param_new(FAIR_PARAM_NUM, name)) : NULL;
	if (p)
		p->num = v;
	return p;
}

fair_param *
fair_param_add_int(fair_param *parent, const char *name, int64_t v)
{
	fair_param *p = parent ? fair_param_add(parent, fair_param_new(FAIR_PARAM_INT, name)) : NULL;
	if (p)
		p->ival = v;
	return p;
}

fair_param *
fair_param_add_bool(fair_param *parent, const char *name, bool v)
{
	fair_param *p = parent ? fair_param_add(parent, fair_param_new(FAIR_PARAM_BOOL, name)) : NULL;
	if (p)
		p->ival = v;
	return p;
}

fair_param *
fair_param_add_str(fair_param *parent, const char *name, const char *s)
{
	fair_param *p;

	if (parent == NULL)
		return NULL;
	p = fair_param_new(FAIR_PARAM_STR, name);
	if (p && (p->str = strdup(s ? s : "")) == NULL) {
		fair_param_free(p);
		p = NULL;
	}
	return fair_param_add(parent, p);
}

fair_param *
fair_param_add_vec(fair_param *parent, const char *name, const double *v, size_t n)
{
	fair_param *p;

	if (parent == NULL)
		return NULL;
	p = fair_param_new(FAIR_PARAM_VEC, name);
	if (p && (p->vec = malloc((n ? n : 1) * sizeof *p->vec)) == NULL) {
		fair_param_free(p);
		p = NULL;
	}
	if (p) {
		if (n)
			memcpy(p->vec, v, n * sizeof *v);
		p->n = n;
	}
	return fair_param_add(parent, p);
}

fair_param *
fair_param_add_sizes(fair_param *parent, const char *name, const size_t *v, size_t n)
{
	fair_param *p = fair_param_add_vec(parent, name, NULL, 0);

	if (p == NULL)
		return NULL;
	free(p->vec);
	if ((p->vec = malloc((n ? n : 1) * sizeof *p->vec)) == NULL) {
		parent->failed = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		p->vec[i] = (double)v[i];
	p->n = n;
	return p;
}

fair_param *
fair_param_add_matrix(fair_param *parent, const char *name, const gsl_matrix *m)
{
	fair_param *p = fair_param_add_vec(parent, name, NULL, 0);
	size_t r = m->size1, c = m->size2;

	if (p == NULL)
		return NULL;
	free(p->vec);
	if ((p->vec = malloc((r * c > 0 ? r * c : 1) * sizeof *p->vec)) == NULL) {
		parent->failed = true;
		return NULL;
	}
	for (size_t i = 0; i < r; i++)
		memcpy(p->vec + i * c, gsl_matrix_const_ptr(m, i, 0), c * sizeof(double));
	p->n = r * c;
	p->rows = r;
	p->cols = c;
	return p;
}

fair_param *
fair_param_add_gvector(fair_param *parent, const char *name, const gsl_vector *v)
{
	fair_param *p = fair_param_add_vec(parent, name, NULL, 0);

	if (p == NULL)
		return NULL;
	free(p->vec);
	if ((p->vec = malloc((v->size ? v->size : 1) * sizeof *p->vec)) == NULL) {
		parent->failed = true;
		return NULL;
	}
	for (size_t i = 0; i < v->size; i++)
		p->vec[i] = gsl_vector_get(v, i);
	p->n = v->size;
	return p;
}

fair_param *
fair_param_add_bytes(fair_param *parent, const char *name, const unsigned char *b, size_t n)
{
	fair_param *p;

	if (parent == NULL)
		return NULL;
	p = fair_param_new(FAIR_PARAM_BYTES, name);
	if (p && (p->bytes = malloc(n ? n : 1)) == NULL) {
		fair_param_free(p);
		p = NULL;
	}
	if (p) {
		if (n)
			memcpy(p->bytes, b, n);
		p->n = n;
	}
	return fair_param_add(parent, p);
}

bool
fair_param_failed(const fair_param *p)
{
	if (p == NULL)
		return true;
	if (p->failed)
		return true;
	for (size_t i = 0; i < p->nkids; i++)
		if (fair_param_failed(p->kids[i]))
			return true;
	return false;
}

/* ---- readers --------------------------------------------------------------- */

const fair_param *
fair_param_get(const fair_param *obj, const char *name)
{
	if (obj == NULL || obj->type != FAIR_PARAM_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->nkids; i++)
		if (obj->kids[i]->name && strcmp(obj->kids[i]->name, name) == 0)
			return obj->kids[i];
	return NULL;
}

static const fair_param *
need(const fair_param *obj, const char *name, fair_error *err)
{
	const fair_param *p = fair_param_get(obj, name);

	if (p == NULL && obj && obj->name)
		fair_error_set(err, FAIR_EPARSE, "saved data: field '%s' of '%s' is missing", name, obj->name);
	else if (p == NULL)
		fair_error_set(err, FAIR_EPARSE, "saved data: field '%s' is missing", name);
	return p;
}

static int
bad_type(const fair_param *obj, const char *name, const char *what, fair_error *err)
{
	if (obj && obj->name)
		return fair_error_set(err, FAIR_EPARSE, "saved data: field '%s' of '%s' is not %s", name, obj->name, what);
	return fair_error_set(err, FAIR_EPARSE, "saved data: field '%s' is not %s", name, what);
}

int
fair_param_num(const fair_param *obj, const char *name, double *out, fair_error *err)
{
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return FAIR_EPARSE;
	if (p->type == FAIR_PARAM_NUM)
		*out = p->num;
	else if (p->type == FAIR_PARAM_INT || p->type == FAIR_PARAM_BOOL)
		*out = (double)p->ival;
	else if (p->type == FAIR_PARAM_STR && !strcmp(p->str, "NaN"))
		*out = NAN;
	else if (p->type == FAIR_PARAM_STR && !strcmp(p->str, "Infinity"))
		*out = INFINITY;
	else if (p->type == FAIR_PARAM_STR && !strcmp(p->str, "-Infinity"))
		*out = -INFINITY;
	else
		return bad_type(obj, name, "a number", err);
	return FAIR_OK;
}

int
fair_param_int(const fair_param *obj, const char *name, int64_t *out, fair_error *err)
{
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return FAIR_EPARSE;
	if (p->type == FAIR_PARAM_INT || p->type == FAIR_PARAM_BOOL) {
		*out = p->ival;
	} else if (p->type == FAIR_PARAM_NUM && p->num == floor(p->num) && fabs(p->num) <= 9007199254740992.0) {
		*out = (int64_t)p->num;
	} else if (p->type == FAIR_PARAM_STR && p->str[0]) {
		char *end;
		errno = 0;
		if (p->str[0] == '-') {
			long long v = strtoll(p->str, &end, 10);
			*out = v;
		} else {
			unsigned long long v = strtoull(p->str, &end, 10);
			*out = (int64_t)v;   /* seeds above 2^63 keep their bits */
		}
		if (errno || *end)
			return bad_type(obj, name, "an integer", err);
	} else {
		return bad_type(obj, name, "an integer", err);
	}
	return FAIR_OK;
}

int
fair_param_size(const fair_param *obj, const char *name, size_t *out, fair_error *err)
{
	int64_t v;
	int st = fair_param_int(obj, name, &v, err);

	if (st)
		return st;
	/* a count: no more than a double holds exactly, whatever the spelling
	 * (a decimal string reaches 2^64 through strtoull) */
	if (v < 0 || v > FAIR_PARAM_COUNT_MAX)
		return bad_type(obj, name, "a count", err);
	*out = (size_t)v;
	return FAIR_OK;
}

int
fair_param_count(const fair_param *obj, const char *name, size_t lo, size_t hi, size_t *out, fair_error *err)
{
	int64_t v;
	int st = fair_param_int(obj, name, &v, err);

	if (st)
		return st;
	if (v < 0 || (uint64_t)v < lo || (uint64_t)v > hi) {
		const char *what = obj && obj->name ? obj->name : NULL;
		return fair_error_set(err, FAIR_EPARSE, "saved data: field '%s'%s%s%s is %lld; expected a count from %zu to %zu",
		                      name, what ? " of '" : "", what ? what : "", what ? "'" : "", (long long)v, lo, hi);
	}
	*out = (size_t)v;
	return FAIR_OK;
}

int
fair_param_bool(const fair_param *obj, const char *name, bool *out, fair_error *err)
{
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return FAIR_EPARSE;
	if ((p->type == FAIR_PARAM_BOOL || p->type == FAIR_PARAM_INT) && (p->ival == 0 || p->ival == 1))
		*out = p->ival != 0;
	else if (p->type == FAIR_PARAM_NUM && (p->num == 0 || p->num == 1))
		*out = p->num != 0;
	else
		return bad_type(obj, name, "true or false", err);
	return FAIR_OK;
}

const char *
fair_param_str(const fair_param *obj, const char *name, fair_error *err)
{
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return NULL;
	if (p->type != FAIR_PARAM_STR) {
		bad_type(obj, name, "a string", err);
		return NULL;
	}
	return p->str;
}

const double *
fair_param_vec(const fair_param *obj, const char *name, size_t *n, fair_error *err)
{
	static const double empty[1] = { 0 };
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return NULL;
	if (p->type == FAIR_PARAM_LIST && p->nkids == 0) {
		*n = 0;
		return empty;
	}
	if (p->type != FAIR_PARAM_VEC) {
		bad_type(obj, name, "an array of numbers", err);
		return NULL;
	}
	*n = p->n;
	return p->vec ? p->vec : empty;
}

const unsigned char *
fair_param_bytes(const fair_param *obj, const char *name, size_t *n, fair_error *err)
{
	static const unsigned char empty[1] = { 0 };
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return NULL;
	if (p->type != FAIR_PARAM_BYTES) {
		bad_type(obj, name, "a byte array", err);
		return NULL;
	}
	*n = p->n;
	return p->bytes ? p->bytes : empty;
}

gsl_matrix *
fair_param_matrix(const fair_param *obj, const char *name, fair_error *err)
{
	const fair_param *p = need(obj, name, err);
	gsl_matrix *m;

	if (p == NULL)
		return NULL;
	if (p->type != FAIR_PARAM_VEC || p->rows == 0 || p->cols == 0 || p->rows * p->cols != p->n) {
		bad_type(obj, name, "a non-empty matrix", err);
		return NULL;
	}
	if ((m = gsl_matrix_alloc(p->rows, p->cols)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < p->rows; i++)
		memcpy(gsl_matrix_ptr(m, i, 0), p->vec + i * p->cols, p->cols * sizeof(double));
	return m;
}

gsl_vector *
fair_param_gvector(const fair_param *obj, const char *name, fair_error *err)
{
	size_t n;
	const double *v = fair_param_vec(obj, name, &n, err);
	gsl_vector *g;

	if (v == NULL)
		return NULL;
	if (n == 0) {
		bad_type(obj, name, "a non-empty array", err);
		return NULL;
	}
	if ((g = gsl_vector_alloc(n)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(g->data, v, n * sizeof *v);
	return g;
}

size_t *
fair_param_sizes(const fair_param *obj, const char *name, size_t *n, fair_error *err)
{
	const double *v = fair_param_vec(obj, name, n, err);
	size_t *out;

	if (v == NULL)
		return NULL;
	if ((out = malloc((*n ? *n : 1) * sizeof *out)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < *n; i++) {
		if (!(v[i] >= 0) || v[i] != floor(v[i]) || v[i] > (double)FAIR_PARAM_COUNT_MAX) {
			free(out);
			bad_type(obj, name, "an array of counts", err);
			return NULL;
		}
		out[i] = (size_t)v[i];
	}
	return out;
}

static const fair_param *
child_of(const fair_param *obj, const char *name, int type, fair_error *err)
{
	const fair_param *p = need(obj, name, err);

	if (p == NULL)
		return NULL;
	if (type == FAIR_PARAM_LIST && p->type == FAIR_PARAM_VEC && p->n == 0) {
		static const fair_param empty_list = { .type = FAIR_PARAM_LIST };
		return &empty_list;
	}
	if (p->type != type) {
		bad_type(obj, name, type == FAIR_PARAM_LIST ? "a list" : "an object", err);
		return NULL;
	}
	return p;
}

const fair_param *
fair_param_object(const fair_param *obj, const char *name, fair_error *err)
{
	return child_of(obj, name, FAIR_PARAM_OBJECT, err);
}

const fair_param *
fair_param_list(const fair_param *obj, const char *name, fair_error *err)
{
	return child_of(obj, name, FAIR_PARAM_LIST, err);
}

char **
fair_param_strings(const fair_param *obj, const char *name, size_t *n, fair_error *err)
{
	const fair_param *l = fair_param_list(obj, name, err);
	char **v;

	if (l == NULL)
		return NULL;
	if ((v = calloc(l->nkids + 1, sizeof *v)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < l->nkids; i++) {
		if (l->kids[i]->type != FAIR_PARAM_STR || (v[i] = strdup(l->kids[i]->str)) == NULL) {
			for (size_t k = 0; k < i; k++)
				free(v[k]);
			free(v);
			bad_type(obj, name, "a list of strings", err);
			return NULL;
		}
	}
	*n = l->nkids;
	return v;
}
