/* persist.c -- the neutral parameter tree (persist.h) and the export/import
 * of fitted learners, linear FERM transforms and Wasserstein corrections.
 * Module-private state is exported by the modules themselves (pipeline.c,
 * kernel.c, nn.c, model-ksvm.c, model-mlp.c, ferm-kernel.c, method-expgrad.c,
 * model-rep.c). No file I/O. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/ferm.h"
#include "fairsh/learner.h"
#include "fairsh/methods.h"
#include "fairsh/model-rep.h"
#include "fairsh/models.h"
#include "fairsh/persist.h"
#include "fairsh/wbary.h"

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
	if (v < 0)
		return bad_type(obj, name, "a count", err);
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
		if (!(v[i] >= 0) || v[i] != floor(v[i]) || v[i] > 9007199254740992.0) {
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

/* ---- learners -------------------------------------------------------------- */

static const char *const learner_kind_names[] = {
	"logreg", "ridge", "svm_linear", "svm_kernel", "mlp", "kferm",
};

static int
nomem(fair_error *err)
{
	return fair_error_set(err, FAIR_ENOMEM, "out of memory");
}

int
fair_learner_export(const fair_learner *l, fair_param *out, fair_error *err)
{
	int st = FAIR_OK;

	const char *kname;

	if (l->kind == FAIR_LEARNER_OTHER && fair_expgrad_is(l))
		kname = "expgrad";
	else if (l->kind == FAIR_LEARNER_OTHER && fair_rep_learner_rep(l) != NULL)
		kname = "fairrep";
	else if (l->kind < 0 || l->kind >= FAIR_LEARNER_OTHER)
		return fair_error_set(err, FAIR_EINVAL, "this kind of learner cannot be saved");
	else
		kname = learner_kind_names[l->kind];
	fair_param_add_str(out, "kind", kname);
	fair_param_add_str(out, "task", l->task == FAIR_TASK_REGRESSION ? "regression" : "classification");
	fair_param_add_bool(out, "score_is_prob", l->score_is_prob);
	fair_param_add_num(out, "threshold", l->threshold);
	fair_param_add_int(out, "d", (int64_t)l->d);
	if (l->w)
		fair_param_add_gvector(out, "w", l->w);
	fair_param_add_num(out, "b", l->b);
	fair_param_add_int(out, "iterations", (int64_t)l->iterations);
	fair_param_add_bool(out, "converged", l->converged);
	if (l->kind == FAIR_LEARNER_SVM_KERNEL)
		st = fair_ksvm_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (l->kind == FAIR_LEARNER_MLP)
		st = fair_mlp_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (l->kind == FAIR_LEARNER_KFERM)
		st = fair_kferm_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (fair_expgrad_is(l))
		st = fair_expgrad_export_impl(l, fair_param_add_object(out, "impl"), err);
	else if (fair_rep_learner_rep(l) != NULL)
		st = fair_rep_learner_export_impl(l, fair_param_add_object(out, "impl"), err);
	if (st == FAIR_OK && fair_param_failed(out))
		st = nomem(err);
	return st;
}

fair_learner *
fair_learner_import(const fair_param *in, fair_error *err)
{
	const char *kind = fair_param_str(in, "kind", err), *task;
	fair_learner *l = NULL;
	int k = -1;
	size_t d = 0, iters = 0;
	bool prob = false, conv = false;
	double thr = 0, b = 0;

	if (kind == NULL || (task = fair_param_str(in, "task", err)) == NULL)
		return NULL;
	for (int i = 0; i < FAIR_LEARNER_OTHER; i++)
		if (!strcmp(kind, learner_kind_names[i]))
			k = i;
	if (!strcmp(kind, "expgrad") || !strcmp(kind, "fairrep"))
		k = FAIR_LEARNER_OTHER;
	if (k < 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: unknown learner kind '%s'", kind);
		return NULL;
	}
	if (fair_param_size(in, "d", &d, err) || fair_param_bool(in, "score_is_prob", &prob, err) ||
	    fair_param_num(in, "threshold", &thr, err) || fair_param_num(in, "b", &b, err) ||
	    fair_param_size(in, "iterations", &iters, err) || fair_param_bool(in, "converged", &conv, err))
		return NULL;
	l = fair_learner_new(k, strcmp(task, "regression") ? FAIR_TASK_CLASSIFICATION : FAIR_TASK_REGRESSION, d, err);
	if (l == NULL)
		return NULL;
	l->score_is_prob = prob;
	l->threshold = thr;
	l->b = b;
	l->iterations = iters;
	l->converged = conv;
	if (fair_param_get(in, "w")) {
		if ((l->w = fair_param_gvector(in, "w", err)) == NULL)
			goto fail;
		if (l->w->size != d && k != FAIR_LEARNER_SVM_KERNEL && k != FAIR_LEARNER_KFERM) {
			fair_error_set(err, FAIR_EPARSE, "saved data: learner has %zu weights for %zu features", l->w->size, d);
			goto fail;
		}
	} else if (k == FAIR_LEARNER_LOGREG || k == FAIR_LEARNER_RIDGE || k == FAIR_LEARNER_SVM_LINEAR) {
		fair_error_set(err, FAIR_EPARSE, "saved data: field 'w' of '%s' is missing", in->name ? in->name : "learner");
		goto fail;
	}
	if (k == FAIR_LEARNER_SVM_KERNEL || k == FAIR_LEARNER_MLP || k == FAIR_LEARNER_KFERM || k == FAIR_LEARNER_OTHER) {
		const fair_param *im = fair_param_object(in, "impl", err);
		int st;
		if (im == NULL)
			goto fail;
		st = k == FAIR_LEARNER_SVM_KERNEL ? fair_ksvm_import_impl(l, im, err)
		   : k == FAIR_LEARNER_MLP ? fair_mlp_import_impl(l, im, err)
		   : k == FAIR_LEARNER_KFERM ? fair_kferm_import_impl(l, im, err)
		   : !strcmp(kind, "expgrad") ? fair_expgrad_import_impl(l, im, err)
		   : fair_rep_learner_import_impl(l, im, err);
		if (st)
			goto fail;
	}
	return l;
fail:
	fair_learner_free(l);
	return NULL;
}

/* ---- linear FERM ------------------------------------------------------------ */

int
fair_ferm_export(const fair_ferm *t, fair_param *out, fair_error *err)
{
	int var = fair_ferm_variant(t);

	fair_param_add_str(out, "variant", var == FAIR_FERM_ELIMINATE ? "eliminate" : "project");
	fair_param_add_str(out, "constraint", fair_ferm_constraint_name(fair_ferm_constraint(t)));
	fair_param_add_int(out, "d", (int64_t)fair_ferm_in_dim(t));
	fair_param_add_int(out, "rank", fair_ferm_is_identity(t) ? 0 : (int64_t)fair_ferm_rank(t));
	if (!fair_ferm_is_identity(t) && fair_ferm_rank(t) > 0) {
		if (var == FAIR_FERM_ELIMINATE) {
			const gsl_matrix *A = fair_ferm_elim_matrix(t);
			const size_t *piv = fair_ferm_pivots(t);
			if (A == NULL || piv == NULL)
				return fair_error_set(err, FAIR_EINVAL, "FERM transform has no elimination data to save");
			fair_param_add_matrix(out, "A", A);
			fair_param_add_sizes(out, "pivots", piv, A->size2);
		} else {
			const gsl_matrix *Q = fair_ferm_basis(t);
			if (Q == NULL)
				return fair_error_set(err, FAIR_EINVAL, "FERM transform has no basis to save");
			fair_param_add_matrix(out, "Q", Q);
		}
	}
	return fair_param_failed(out) ? nomem(err) : FAIR_OK;
}

fair_ferm *
fair_ferm_import(const fair_param *in, fair_error *err)
{
	const char *var = fair_param_str(in, "variant", err), *con;
	size_t d = 0, rank = 0, np = 0;
	int c = 0;
	fair_ferm *t = NULL;

	if (var == NULL || (con = fair_param_str(in, "constraint", err)) == NULL ||
	    fair_param_size(in, "d", &d, err) || fair_param_size(in, "rank", &rank, err) ||
	    fair_ferm_constraint_parse(con, &c, err))
		return NULL;
	if (rank == 0)
		return fair_ferm_new_project(d, NULL, c, err);
	if (!strcmp(var, "eliminate")) {
		gsl_matrix *A = fair_param_matrix(in, "A", err);
		size_t *piv = A ? fair_param_sizes(in, "pivots", &np, err) : NULL;
		if (piv && (np != A->size2 || A->size1 != d)) {
			fair_error_set(err, FAIR_EPARSE, "saved data: FERM elimination matrix and pivots disagree");
		} else if (piv) {
			t = fair_ferm_new_eliminate(d, A, piv, c, err);
		}
		free(piv);
		if (A)
			gsl_matrix_free(A);
		return t;
	}
	gsl_matrix *Q = fair_param_matrix(in, "Q", err);
	if (Q == NULL)
		return NULL;
	if (Q->size1 != d)
		fair_error_set(err, FAIR_EPARSE, "saved data: FERM basis has %zu rows for %zu features", Q->size1, d);
	else
		t = fair_ferm_new_project(d, Q, c, err);
	gsl_matrix_free(Q);
	return t;
}

/* ---- Wasserstein correction ------------------------------------------------- */

int
fair_wbary_export(const fair_wbary *wb, fair_param *out, fair_error *err)
{
	size_t K = fair_wbary_ngroups(wb);
	fair_param *groups = fair_param_add_list(out, "groups");

	fair_param_add_num(out, "jitter", fair_wbary_jitter(wb));
	fair_param_add_str(out, "quantile", fair_wbary_quantile_mode(wb) == FAIR_WBARY_Q_INTERP ? "interp" : "step");
	fair_param_add_str(out, "split", fair_wbary_split_mode(wb) == FAIR_WBARY_SPLIT_TWO ? "two" : "one");
	fair_param_add_int(out, "nskipped", (int64_t)fair_wbary_nskipped(wb));
	for (size_t s = 0; s < K; s++) {
		fair_param *g = fair_param_add_object(groups, NULL);
		size_t nc, nq;
		const double *c = fair_wbary_cdf_table(wb, s, &nc), *q = fair_wbary_quantile_table(wb, s, &nq);
		fair_param_add_str(g, "label", fair_wbary_label(wb, s));
		fair_param_add_num(g, "weight", fair_wbary_weight(wb, s));
		fair_param_add_int(g, "n", (int64_t)fair_wbary_group_n(wb, s));
		fair_param_add_vec(g, "cdf", c, nc);
		if (q != c)
			fair_param_add_vec(g, "quantile", q, nq);
	}
	return fair_param_failed(out) ? nomem(err) : FAIR_OK;
}

fair_wbary *
fair_wbary_import(const fair_param *in, fair_error *err)
{
	const fair_param *groups = fair_param_list(in, "groups", err);
	const char *qm, *sm;
	double jitter;
	size_t K;
	const char **labels = NULL;
	const double **cdf = NULL, **qf = NULL;
	size_t *nc = NULL, *nq = NULL, *gn = NULL;
	double *w = NULL;
	fair_wbary *wb = NULL;

	if (groups == NULL || (qm = fair_param_str(in, "quantile", err)) == NULL ||
	    (sm = fair_param_str(in, "split", err)) == NULL || fair_param_num(in, "jitter", &jitter, err))
		return NULL;
	K = groups->nkids;
	labels = calloc(K + 1, sizeof *labels);
	cdf = calloc(K + 1, sizeof *cdf);
	qf = calloc(K + 1, sizeof *qf);
	nc = calloc(K + 1, sizeof *nc);
	nq = calloc(K + 1, sizeof *nq);
	gn = calloc(K + 1, sizeof *gn);
	w = calloc(K + 1, sizeof *w);
	if (!labels || !cdf || !qf || !nc || !nq || !gn || !w) {
		nomem(err);
		goto out;
	}
	for (size_t s = 0; s < K; s++) {
		const fair_param *g = groups->kids[s];
		if ((labels[s] = fair_param_str(g, "label", err)) == NULL || fair_param_num(g, "weight", &w[s], err) ||
		    fair_param_size(g, "n", &gn[s], err) || (cdf[s] = fair_param_vec(g, "cdf", &nc[s], err)) == NULL)
			goto out;
		if (fair_param_get(g, "quantile")) {
			if ((qf[s] = fair_param_vec(g, "quantile", &nq[s], err)) == NULL)
				goto out;
		} else {
			qf[s] = cdf[s];
			nq[s] = nc[s];
		}
	}
	wb = fair_wbary_from_tables(K, labels, cdf, nc, qf, nq, w, jitter,
	                            strcmp(qm, "interp") ? FAIR_WBARY_Q_STEP : FAIR_WBARY_Q_INTERP,
	                            strcmp(sm, "two") ? FAIR_WBARY_SPLIT_ONE : FAIR_WBARY_SPLIT_TWO, gn, err);
out:
	free(labels);
	free(cdf);
	free(qf);
	free(nc);
	free(nq);
	free(gn);
	free(w);
	return wb;
}
