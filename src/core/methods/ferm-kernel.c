/* ferm-kernel.c -- kernel FERM (doc/methods.md 3.3): the options, the
 * approximate path through an explicit feature map (learn/kernel.c) +
 * linear FERM (ferm.c) + a linear learner, the fit that picks a path,
 * saving, and the `ferm` learner type. The exact path is ferm-exact.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "fairsh/text.h"
#include "methods/ferm-kernel-impl.h"
#include "fairsh/param.h"

#define KFERM_MAX_EXACT_N 15000

static void
kferm_impl_free(void *p)
{
	kferm_impl *m = p;

	if (m == NULL)
		return;
	gsl_matrix_free(m->P);
	gsl_vector_free(m->coef);
	fair_feature_map_free(m->map);
	gsl_vector_free(m->wz);
	free(m);
}

void
fair_kferm_opts_init(fair_kferm_opts *o)
{
	memset(o, 0, sizeof *o);
	o->kernel = FAIR_KERNEL_RBF;
	o->gamma = 0.0;
	o->degree = 3;
	o->coef0 = 1.0;
	o->loss = FAIR_KFERM_HINGE;
	o->C = 1.0;
	o->lambda = 1e-2;
	o->eps = 0.0;
	o->constraint = FAIR_FERM_EO;
	o->exact = FAIR_KFERM_AUTO;
	o->max_exact_n = 3000;
	o->map = FAIR_KFERM_MAP_AUTO;
	o->components = 500;
	o->seed = 0;
	o->tol = 1e-3;
	o->max_iter = 0;
}

int
fair_kferm_kernel_parse(const char *s, int *out, fair_error *err)
{
	return fair_kernel_parse(s, out, err);
}

const char *
fair_kferm_path_name(int path)
{
	switch (path) {
	case FAIR_KFERM_PATH_EXACT_PROJECTED: return "exact (projected kernel)";
	case FAIR_KFERM_PATH_EXACT_SLAB: return "exact (slab constraint)";
	case FAIR_KFERM_PATH_RFF: return "random Fourier features";
	case FAIR_KFERM_PATH_NYSTROEM: return "Nystroem features";
	default: return "unknown";
	}
}

/* Approximate path: phi = RFF or Nystroem; linear FERM (projection) in
 * feature space; linear SVM or ridge on the projected features. */
static int
kferm_approx(fair_learner *l, kferm_impl *m, const gsl_matrix *X, const double *y,
             const int32_t *group, size_t K, const char *const *labels,
             const fair_kferm_opts *o, fair_kferm_info *info, fair_progress *prog, fair_error *err)
{
	size_t n = X->size1;
	int rc = FAIR_ENOMEM, map = o->map;
	gsl_matrix *Z = NULL, *Zt = NULL;
	fair_ferm *tr = NULL;
	fair_learner *lin = NULL;
	double *t = NULL;

	if (map == FAIR_KFERM_MAP_AUTO)
		map = m->kernel.type == FAIR_KERNEL_RBF ? FAIR_KFERM_MAP_RFF : FAIR_KFERM_MAP_NYSTROEM;
	if (map == FAIR_KFERM_MAP_RFF && m->kernel.type != FAIR_KERNEL_RBF)
		return fair_error_set(err, FAIR_EINVAL, "random Fourier features need kernel=rbf; "
		                      "use map=nystroem for kernel=%s", fair_kernel_name(m->kernel.type));
	size_t D = o->components ? o->components : 500;
	m->map = map == FAIR_KFERM_MAP_RFF ? fair_rff_new(&m->kernel, X->size2, D, o->seed, err)
	                                   : fair_nystroem_new(&m->kernel, X, D, o->seed, err);
	if (m->map == NULL)
		return err ? err->code : FAIR_ENOMEM;
	info->path = map == FAIR_KFERM_MAP_RFF ? FAIR_KFERM_PATH_RFF : FAIR_KFERM_PATH_NYSTROEM;
	info->dim = fair_feature_map_dim(m->map);
	Z = fair_feature_map_apply(m->map, X, err);
	if (Z == NULL)
		return err ? err->code : FAIR_ENOMEM;
	if (fair_progress_cancelled(prog)) {
		rc = fair_error_set(err, FAIR_ECANCELED, "cancelled");
		goto out;
	}
	fair_ferm_opts fo;
	fair_ferm_opts_init(&fo);
	fo.constraint = o->constraint;
	tr = fair_ferm_fit(Z, y, group, K, labels, &fo, err);
	if (tr == NULL) {
		rc = err ? err->code : FAIR_ENOMEM;
		goto out;
	}
	info->identity = fair_ferm_is_identity(tr);
	info->rank = fair_ferm_rank(tr);
	Zt = fair_ferm_apply(tr, Z, err);
	if (Zt == NULL) {
		rc = err ? err->code : FAIR_ENOMEM;
		goto out;
	}
	if (o->loss == FAIR_KFERM_SQUARED) {
		fair_ridge_opts ro;
		fair_ridge_opts_init(&ro);
		ro.alpha = (double)n * o->lambda;
		t = malloc(n * sizeof *t);
		if (t == NULL)
			goto nomem;
		for (size_t i = 0; i < n; i++)
			t[i] = y[i] == 1.0 ? 1.0 : -1.0;
		lin = fair_ridge_fit(Zt, t, NULL, &ro, prog, err);
	} else {
		fair_svm_opts so;
		fair_svm_opts_init(&so);
		so.C = o->C;
		so.seed = o->seed;
		if (o->max_iter)
			so.max_iter = o->max_iter;
		lin = fair_svm_fit(Zt, y, NULL, &so, prog, err);
	}
	if (lin == NULL) {
		rc = err ? err->code : FAIR_ENOMEM;
		goto out;
	}
	info->converged = lin->converged;
	info->iterations = lin->iterations;
	m->wz = gsl_vector_alloc(info->dim);
	if (m->wz == NULL)
		goto nomem;
	if ((rc = fair_ferm_pullback(tr, lin->w, m->wz, err)) != FAIR_OK)
		goto out;
	l->b = lin->b;
	/* constraint gap on the training data, in feature space */
	info->constraint_gap = 0.0;
	const gsl_matrix *U = fair_ferm_u(tr);
	for (size_t c = 0; U != NULL && c < U->size2; c++) {
		gsl_vector_const_view uc = gsl_matrix_const_column(U, c);
		double dot;
		gsl_blas_ddot(&uc.vector, m->wz, &dot);
		info->constraint_gap = fmax(info->constraint_gap, fabs(dot));
	}
	rc = FAIR_OK;
	goto out;
nomem:
	rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
out:
	gsl_matrix_free(Z);
	gsl_matrix_free(Zt);
	fair_ferm_free(tr);
	fair_learner_free(lin);
	free(t);
	return rc;
}

fair_learner *
fair_kferm_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
               const char *const *labels, const fair_kferm_opts *o, fair_kferm_info *info,
               fair_progress *prog, fair_error *err)
{
	fair_kferm_opts def;
	fair_kferm_info inf0;
	fair_learner *l = NULL;
	kferm_impl *m = NULL;
	gsl_matrix *A = NULL;
	size_t n = X->size1;
	int rc;

	if (o == NULL) {
		fair_kferm_opts_init(&def);
		o = &def;
	}
	if (info == NULL)
		info = &inf0;
	memset(info, 0, sizeof *info);
	if (K < 2) {
		fair_error_set(err, FAIR_EINVAL, "FERM needs at least two groups; got %zu", K);
		return NULL;
	}
	fair_kernel kern;
	fair_kernel_init(&kern);
	kern.type = o->kernel;
	kern.gamma = o->gamma > 0.0 ? o->gamma : 0.0;
	kern.degree = o->degree;
	kern.coef0 = o->coef0;
	if (fair_kernel_check(&kern, err) != FAIR_OK)
		return NULL;
	if (!(o->C > 0.0) || !(o->eps >= 0.0) || !(o->lambda > 0.0) || !(o->tol > 0.0) ||
	    o->constraint < FAIR_FERM_EO || o->constraint > FAIR_FERM_EODDS) {
		fair_error_set(err, FAIR_EINVAL, "kernel FERM: C, lambda and tol must be > 0 and eps >= 0");
		return NULL;
	}
	if (n < 2 || X->size2 == 0) {
		fair_error_set(err, FAIR_EINVAL, "FERM needs training data; got %zu rows and %zu features",
		               n, X->size2);
		return NULL;
	}
	size_t npos = 0;
	for (size_t i = 0; i < n; i++) {
		if (y[i] != 0.0 && y[i] != 1.0) {
			fair_error_set(err, FAIR_EINVAL, "FERM needs a binary target coded 0/1; got %g at row %zu",
			               y[i], i + 1);
			return NULL;
		}
		npos += y[i] == 1.0;
	}
	if (npos == 0 || npos == n) {
		fair_error_set(err, FAIR_EINVAL, "target has one class");
		return NULL;
	}
	bool exact = o->exact == FAIR_KFERM_EXACT ||
	             (o->exact == FAIR_KFERM_AUTO && n <= (o->max_exact_n ? o->max_exact_n : 3000));
	if (exact && n > KFERM_MAX_EXACT_N) {
		fair_error_set(err, FAIR_ENOMEM, "exact kernel FERM on %zu rows needs a %zu x %zu kernel "
		               "matrix (limit %d rows); use exact=no", n, n, n, KFERM_MAX_EXACT_N);
		return NULL;
	}
	if (o->eps > 0.0 && (!exact || o->loss != FAIR_KFERM_HINGE)) {
		fair_error_set(err, FAIR_EINVAL, "kernel FERM: eps > 0 needs the exact path and the hinge loss");
		return NULL;
	}
	A = fair__methods_kferm_constraint_coefs(y, group, n, K, labels, o->constraint, err);
	if (A == NULL)
		return NULL;
	l = fair_learner_new(&fair_kferm_type, FAIR_TASK_CLASSIFICATION, X->size2, err);
	m = calloc(1, sizeof *m);
	if (l == NULL || m == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	l->impl = m;
	l->score_is_prob = false;
	l->threshold = 0.0;
	m->kernel = kern;
	if (m->kernel.gamma <= 0.0)
		m->kernel.gamma = fair_kernel_gamma_scale(X);
	info->gamma = m->kernel.gamma;
	info->n = n;
	info->dim = n;
	if (exact)
		rc = fair__methods_kferm_exact(l, m, X, y, A, o, info, prog, err);
	else
		rc = kferm_approx(l, m, X, y, group, K, labels, o, info, prog, err);
	if (rc != FAIR_OK)
		goto fail;
	m->path = info->path;
	l->converged = info->converged;
	l->iterations = info->iterations;
	gsl_matrix_free(A);
	return l;
fail:
	if (l == NULL)
		kferm_impl_free(m);
	fair_learner_free(l);
	gsl_matrix_free(A);
	return NULL;
}

/* ---- saving ------------------------------------------------------------------ */

static int
kferm_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const kferm_impl *m = l->impl;
	int st;

	fair_param_add_int(out, "path", m->path);
	if ((st = fair_kernel_export(&m->kernel, fair_param_add_object(out, "kernel"), err)))
		return st;
	if (m->map) {
		if ((st = fair_feature_map_export(m->map, fair_param_add_object(out, "map"), err)))
			return st;
		fair_param_add_gvector(out, "wz", m->wz);
	} else {
		fair_param_add_matrix(out, "P", m->P);
		fair_param_add_gvector(out, "coef", m->coef);
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
kferm_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	kferm_impl *m = calloc(1, sizeof *m);
	const fair_param *kp;
	int64_t path;

	if (m == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (fair_param_int(in, "path", &path, err) || (kp = fair_param_object(in, "kernel", err)) == NULL ||
	    fair_kernel_import(kp, &m->kernel, err))
		goto fail;
	m->path = (int)path;
	if (fair_param_get(in, "map")) {
		if ((m->map = fair_feature_map_import(fair_param_get(in, "map"), err)) == NULL ||
		    (m->wz = fair_param_gvector(in, "wz", err)) == NULL)
			goto fail;
		if (m->wz->size != fair_feature_map_dim(m->map) || fair_feature_map_input_dim(m->map) != l->d) {
			fair_error_set(err, FAIR_EPARSE, "saved data: kernel FERM map weights do not match");
			goto fail;
		}
	} else {
		if ((m->P = fair_param_matrix(in, "P", err)) == NULL || (m->coef = fair_param_gvector(in, "coef", err)) == NULL)
			goto fail;
		if (m->coef->size != m->P->size1 || m->P->size2 != l->d) {
			fair_error_set(err, FAIR_EPARSE, "saved data: kernel FERM expansion does not match");
			goto fail;
		}
	}
	l->impl = m;
	return FAIR_OK;
fail:
	kferm_impl_free(m);
	return err && err->code ? err->code : FAIR_EPARSE;
}

/* ---- the learner type ------------------------------------------------------ */

static int
kferm_set(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	fair_kferm_opts *k = opts;
	bool b;

	if (!strcmp(o->name, "kernel"))
		return fair_kferm_kernel_parse(val, &k->kernel, err);
	if (!strcmp(o->name, "constraint"))
		return fair_ferm_constraint_parse(val, &k->constraint, err);
	/* exact=yes|no|auto */
	if (!strcmp(val, "auto"))
		k->exact = FAIR_KFERM_AUTO;
	else if (fair_parse_yesno(val, &b))
		k->exact = b ? FAIR_KFERM_EXACT : FAIR_KFERM_APPROX;
	else
		return fair_error_set(err, FAIR_EINVAL, "exact must be yes, no or auto, not '%s'", val);
	return FAIR_OK;
}

static const int loss_values[] = { FAIR_KFERM_HINGE, FAIR_KFERM_SQUARED };

#define KO(f) offsetof(fair_kferm_opts, f)
static const fair_opt kferm_opts[] = {
	{ .name = "kernel", .type = FAIR_OPT_STR, .set = kferm_set, .help = "kernel: rbf (default), poly or linear" },
	{ .name = "C", .type = FAIR_OPT_NUM, .offset = KO(C), .lo = 1e-12, .hi = 1e12,
	  .help = "SVM box constraint (hinge loss)" },
	{ .name = "gamma", .type = FAIR_OPT_NUM, .offset = KO(gamma), .lo = 1e-12, .hi = 1e12,
	  .help = "rbf / poly scale (default 1 / (d var X))" },
	{ .name = "degree", .type = FAIR_OPT_INT, .offset = KO(degree), .lo = 1, .hi = 10, .help = "poly degree" },
	{ .name = "coef0", .type = FAIR_OPT_NUM, .offset = KO(coef0), .lo = -1e12, .hi = 1e12, .help = "poly offset" },
	{ .name = "eps", .type = FAIR_OPT_NUM, .offset = KO(eps), .lo = 0, .hi = 1e12,
	  .help = "allowed mean-score gap |<w,u>| (0: exact orthogonality)" },
	{ .name = "constraint", .type = FAIR_OPT_STR, .set = kferm_set, .help = "eo (default), dp or eodds" },
	{ .name = "exact", .type = FAIR_OPT_STR, .set = kferm_set,
	  .help = "yes: the exact kernel path; no: a feature map; auto (default) by size" },
	{ .name = "components", .type = FAIR_OPT_SIZE, .offset = KO(components), .lo = 1, .hi = 100000,
	  .help = "dimension of the feature map" },
	{ .name = "loss", .type = FAIR_OPT_CHOICE, .offset = KO(loss), .choices = "hinge|squared", .values = loss_values,
	  .help = "hinge (SVM, default) or squared" },
	{ .name = "lambda", .type = FAIR_OPT_NUM, .offset = KO(lambda), .lo = 0, .hi = 1e12,
	  .help = "ridge penalty of the squared loss" },
	{ .name = "tol", .type = FAIR_OPT_NUM, .offset = KO(tol), .lo = 1e-15, .hi = 1, .help = "solver tolerance" },
	{ .name = NULL }
};
#undef KO

static void
kferm_opts_init(void *o)
{
	fair_kferm_opts_init(o);
}

static fair_learner *
kferm_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_kferm_opts o = *(const fair_kferm_opts *)opts;
	fair_kferm_info info;
	fair_learner *l;

	o.seed = d->seed;
	l = fair_kferm_fit(d->X, d->y, d->group, d->K, d->labels, &o, &info, prog, err);
	if (l != NULL)
		fair_fit_note(d, "kernel FERM on %zu rows: %s, %zu constraint direction%s, "
		              "max mean-score gap on training positives %.3g", info.n, fair_kferm_path_name(info.path),
		              info.rank, info.rank == 1 ? "" : "s", info.constraint_gap);
	return l;
}

/* Exact: the n x n kernel matrix and a factor of it; approximate: the
 * feature map of n x components twice (map and projected copy). */
static size_t
kferm_memory(const void *opts, size_t nrows, size_t dim)
{
	const fair_kferm_opts *o = opts;
	double n = (double)nrows, b;
	bool exact = o->exact == FAIR_KFERM_EXACT ||
	             (o->exact == FAIR_KFERM_AUTO && nrows <= (o->max_exact_n ? o->max_exact_n : 3000));

	b = exact ? 2.0 * n * n * sizeof(double) : 2.0 * n * (double)o->components * sizeof(double);
	b += n * (double)dim * sizeof(double);
	return b < (double)SIZE_MAX ? (size_t)b : SIZE_MAX;
}

const fair_learner_type fair_kferm_type = {
	.name = "ferm", .kind = "kferm",
	.help = "kernel FERM: a kernel SVM whose scores have equal means across groups",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_GROUPS | FAIR_LEARNER_NO_PRE | FAIR_LEARNER_NO_WEIGHTS,
	.opts = kferm_opts, .opts_size = sizeof(fair_kferm_opts), .opts_init = kferm_opts_init,
	.fit = kferm_fit,
	.score = fair__methods_kferm_predict, .save = kferm_save, .load = kferm_load, .free = kferm_impl_free,
	.memory = kferm_memory,
};
