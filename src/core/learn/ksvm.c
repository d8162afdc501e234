/* ksvm.c -- kernel SVM: exact dual by SMO with libsvm's second-order
 * working set selection (Fan, Chen, Lin, JMLR 2005) and a kernel row cache,
 * or an explicit approximate feature map (RFF / Nystroem) followed by the
 * linear dual coordinate descent SVM (svm.c). See learn-private.h. Also the
 * `svm` learner type, whose options pick the linear or the kernel form. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>

#include "learn/learn-private.h"
#include "fairsh/param.h"

#define TAU 1e-12

struct ksvm_impl {
	int               path;     /* enum fair_ksvm_approx (not AUTO) */
	fair_kernel       k;        /* gamma resolved */
	gsl_matrix       *SV;       /* exact: support vectors */
	double           *coef;     /* exact: a_i t_i */
	double            dual;     /* exact: dual objective */
	fair_feature_map *map;      /* approximate */
	fair_learner     *lin;      /* approximate: linear SVM on the map */
};

void
fair_ksvm_opts_init(fair_ksvm_opts *o)
{
	o->C = 1.0;
	fair_kernel_init(&o->kernel);
	o->approx = FAIR_KSVM_AUTO;
	o->exact_max_n = 5000;
	o->components = 500;
	o->tol = 1e-3;
	o->max_iter = 10000000;
	o->cache_mb = 200;
	o->seed = 0;
	fair_svm_opts_init(&o->linear);
}

const char *
fair_ksvm_path_name(int path)
{
	switch (path) {
	case FAIR_KSVM_EXACT: return "exact (smo)";
	case FAIR_KSVM_RFF: return "rff";
	case FAIR_KSVM_NYSTROEM: return "nystroem";
	default: return "auto";
	}
}

int
fair_ksvm_path(const fair_learner *l)
{
	if (l == NULL || l->type != &fair_svm_kernel_type || l->impl == NULL)
		return -1;
	return ((const struct ksvm_impl *)l->impl)->path;
}

double
fair_ksvm_dual_objective(const fair_learner *l)
{
	return fair_ksvm_path(l) == FAIR_KSVM_EXACT ? ((const struct ksvm_impl *)l->impl)->dual : NAN;
}

size_t
fair_ksvm_nsv(const fair_learner *l)
{
	if (fair_ksvm_path(l) != FAIR_KSVM_EXACT)
		return 0;
	const struct ksvm_impl *im = l->impl;
	return im->SV ? im->SV->size1 : 0;
}

static void
ksvm_free_impl(void *p)
{
	struct ksvm_impl *im = p;
	if (im == NULL)
		return;
	if (im->SV)
		gsl_matrix_free(im->SV);
	free(im->coef);
	fair_feature_map_free(im->map);
	fair_learner_free(im->lin);
	free(im);
}

static int
ksvm_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct ksvm_impl *im = l->impl;
	const size_t chunk = 256;
	size_t n = X->size1;
	int st = FAIR_OK;

	if (n == 0)
		return FAIR_OK;
	for (size_t i0 = 0; i0 < n && st == FAIR_OK; i0 += chunk) {
		size_t m = n - i0 < chunk ? n - i0 : chunk;
		gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, i0, 0, m, X->size2);
		if (im->path != FAIR_KSVM_EXACT) {
			gsl_matrix *Z = fair_feature_map_apply(im->map, &Xb.matrix, err);
			if (Z == NULL)
				return err ? err->code : FAIR_ENOMEM;
			st = fair_learner_predict(im->lin, Z, score + i0, err);
			gsl_matrix_free(Z);
			continue;
		}
		if (im->SV == NULL) {   /* no support vector: constant decision */
			for (size_t i = 0; i < m; i++)
				score[i0 + i] = l->b;
			continue;
		}
		gsl_matrix *K = gsl_matrix_alloc(m, im->SV->size1);
		if (K == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		st = fair_kernel_matrix(&im->k, &Xb.matrix, im->SV, K, err);
		for (size_t i = 0; i < m && st == FAIR_OK; i++) {
			double s = l->b;
			const double *kr = gsl_matrix_const_ptr(K, i, 0);
			for (size_t j = 0; j < im->SV->size1; j++)
				s += im->coef[j] * kr[j];
			score[i0 + i] = s;
		}
		gsl_matrix_free(K);
	}
	return st;
}

/* kernel row cache: rows of K (not Q), FIFO eviction, never evicting @keep */
struct cache {
	const gsl_matrix *X;
	const fair_kernel *k;
	const double *sq;     /* squared norms */
	size_t n, nslots, next;
	long *slot_of;        /* row -> slot or -1 */
	size_t *row_of;       /* slot -> row (SIZE_MAX: empty) */
	double *data;         /* nslots x n */
	double *dots;         /* n: scratch for the row's dot products */
};

static const double *
cache_row(struct cache *c, size_t i, size_t keep)
{
	if (c->slot_of[i] >= 0)
		return c->data + (size_t)c->slot_of[i] * c->n;
	size_t s = c->next;
	if (c->row_of[s] == keep && keep != (size_t)-1)
		s = (s + 1) % c->nslots;
	c->next = (s + 1) % c->nslots;
	if (c->row_of[s] != (size_t)-1)
		c->slot_of[c->row_of[s]] = -1;
	c->row_of[s] = i;
	c->slot_of[i] = (long)s;
	double *row = c->data + s * c->n;
	gsl_vector_const_view xi = gsl_matrix_const_row(c->X, i);
	gsl_vector_view rv = gsl_vector_view_array(row, c->n);
	gsl_blas_dgemv(CblasNoTrans, 1.0, c->X, &xi.vector, 0.0, &rv.vector);
	for (size_t t = 0; t < c->n; t++) {
		double dot = row[t];
		switch (c->k->type) {
		case FAIR_KERNEL_RBF: {
			double d2 = c->sq[i] + c->sq[t] - 2.0 * dot;
			row[t] = exp(-c->k->gamma * (d2 > 0.0 ? d2 : 0.0));
			break;
		}
		case FAIR_KERNEL_POLY:
			row[t] = gsl_pow_int(c->k->gamma * dot + c->k->coef0, c->k->degree);
			break;
		default:
			break;
		}
	}
	return row;
}

static fair_learner *
fit_smo(const gsl_matrix *X, const double *y, const double *w, const fair_ksvm_opts *o,
        const fair_kernel *k, fair_progress *prog, fair_error *err)
{
	size_t n = X->size1, d = X->size2, iter = 0, nsv = 0;
	struct cache c = { 0 };
	double *alpha = NULL, *G = NULL, *t = NULL, *Cb = NULL, *QD = NULL, *sq = NULL;
	struct ksvm_impl *im = NULL;
	fair_learner *l = NULL;
	bool converged = false;
	double gap = INFINITY;

	size_t budget = (size_t)(o->cache_mb * 1048576.0 / (8.0 * (double)n));
	c.nslots = budget < 2 ? 2 : budget > n ? n : budget;
	if (n < 2)
		c.nslots = n;
	alpha = calloc(n, sizeof *alpha);
	G = malloc(n * sizeof *G);
	t = malloc(n * sizeof *t);
	Cb = malloc(n * sizeof *Cb);
	QD = malloc(n * sizeof *QD);
	sq = malloc(n * sizeof *sq);
	c.slot_of = malloc(n * sizeof *c.slot_of);
	c.row_of = malloc(c.nslots * sizeof *c.row_of);
	c.data = malloc(c.nslots * n * sizeof *c.data);
	im = calloc(1, sizeof *im);
	if (!alpha || !G || !t || !Cb || !QD || !sq || !c.slot_of || !c.row_of || !c.data || !im)
		goto nomem;
	c.X = X; c.k = k; c.sq = sq; c.n = n; c.next = 0;
	for (size_t i = 0; i < n; i++) {
		const double *xi = gsl_matrix_const_ptr(X, i, 0);
		double s = 0.0;
		for (size_t j = 0; j < d; j++)
			s += xi[j] * xi[j];
		sq[i] = s;
		QD[i] = fair_kernel_eval(k, xi, xi, d);
		t[i] = y[i] > 0.5 ? 1.0 : -1.0;
		Cb[i] = o->C * (w ? w[i] : 1.0);
		G[i] = -1.0;
		c.slot_of[i] = -1;
	}
	for (size_t s = 0; s < c.nslots; s++)
		c.row_of[s] = (size_t)-1;

	for (iter = 0; iter < o->max_iter; iter++) {
		if (iter % 64 == 0) {
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "svm: cancelled");
				goto fail;
			}
			fair_progress_set(prog, iter, o->max_iter, NAN, gap);
		}
		/* WSS2: i maximises -t G over I_up, j minimises the second-order gain */
		double Gmax = -INFINITY, Gmax2 = -INFINITY, best = INFINITY;
		size_t i = (size_t)-1, j = (size_t)-1;
		for (size_t s = 0; s < n; s++) {
			if (t[s] > 0 ? alpha[s] < Cb[s] : alpha[s] > 0.0) {
				double v = -t[s] * G[s];
				if (v >= Gmax) {
					Gmax = v;
					i = s;
				}
			}
		}
		if (i == (size_t)-1)
			break;
		const double *Ki = cache_row(&c, i, (size_t)-1);
		for (size_t s = 0; s < n; s++) {
			if (!(t[s] > 0 ? alpha[s] > 0.0 : alpha[s] < Cb[s]))
				continue;
			double v = t[s] * G[s];   /* in I_low: -t G candidates */
			if (v >= Gmax2)
				Gmax2 = v;
			double gd = Gmax + v;
			if (gd > 0.0) {
				double quad = QD[i] + QD[s] - 2.0 * Ki[s];
				double od = -(gd * gd) / (quad > 0.0 ? quad : TAU);
				if (od <= best) {
					best = od;
					j = s;
				}
			}
		}
		gap = Gmax + Gmax2;
		if (gap < o->tol || j == (size_t)-1) {
			converged = true;
			break;
		}
		Ki = cache_row(&c, i, (size_t)-1);
		const double *Kj = cache_row(&c, j, i);
		Ki = c.data + (size_t)c.slot_of[i] * n;
		double ai = alpha[i], aj = alpha[j], Ci = Cb[i], Cj = Cb[j];
		double quad = QD[i] + QD[j] - 2.0 * Ki[j];
		if (quad <= 0.0)
			quad = TAU;
		if (t[i] != t[j]) {
			/* G is the gradient of the dual with Q = t t' K, as libsvm's */
			double delta = (-G[i] - G[j]) / quad, diff = ai - aj;
			alpha[i] += delta;
			alpha[j] += delta;
			if (diff > 0) {
				if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; }
			} else if (alpha[i] < 0) {
				alpha[i] = 0; alpha[j] = -diff;
			}
			if (diff > Ci - Cj) {
				if (alpha[i] > Ci) { alpha[i] = Ci; alpha[j] = Ci - diff; }
			} else if (alpha[j] > Cj) {
				alpha[j] = Cj; alpha[i] = Cj + diff;
			}
		} else {
			double delta = (G[i] - G[j]) / quad, sum = ai + aj;
			alpha[i] -= delta;
			alpha[j] += delta;
			if (sum > Ci) {
				if (alpha[i] > Ci) { alpha[i] = Ci; alpha[j] = sum - Ci; }
			} else if (alpha[j] < 0) {
				alpha[j] = 0; alpha[i] = sum;
			}
			if (sum > Cj) {
				if (alpha[j] > Cj) { alpha[j] = Cj; alpha[i] = sum - Cj; }
			} else if (alpha[i] < 0) {
				alpha[i] = 0; alpha[j] = sum;
			}
		}
		double dai = alpha[i] - ai, daj = alpha[j] - aj;
		for (size_t s = 0; s < n; s++)
			G[s] += t[s] * (t[i] * Ki[s] * dai + t[j] * Kj[s] * daj);
	}
	/* b = -rho, rho from free variables (libsvm calculate_rho) */
	double ub = INFINITY, lb = -INFINITY, sfree = 0.0, dual = 0.0;
	size_t nfree = 0;
	for (size_t s = 0; s < n; s++) {
		double yG = t[s] * G[s];
		bool upper = alpha[s] >= Cb[s], lower = alpha[s] <= 0.0;
		if (upper && !lower) {
			if (t[s] < 0) ub = fmin(ub, yG); else lb = fmax(lb, yG);
		} else if (lower && !upper) {
			if (t[s] > 0) ub = fmin(ub, yG); else lb = fmax(lb, yG);
		} else if (!lower && !upper) {
			nfree++;
			sfree += yG;
		}
		dual += alpha[s] * (G[s] - 1.0) / 2.0;
		nsv += alpha[s] > 0.0;
	}
	double rho = nfree > 0 ? sfree / (double)nfree : (ub + lb) / 2.0;
	if (!isfinite(rho))
		rho = 0.0;
	if ((l = fair_learner_new(&fair_svm_kernel_type, FAIR_TASK_CLASSIFICATION, d, err)) == NULL)
		goto fail;
	if (nsv > 0) {
		if ((im->SV = gsl_matrix_alloc(nsv, d)) == NULL || (im->coef = malloc(nsv * sizeof *im->coef)) == NULL)
			goto nomem;
		for (size_t s = 0, r = 0; s < n; s++)
			if (alpha[s] > 0.0) {
				memcpy(gsl_matrix_ptr(im->SV, r, 0), gsl_matrix_const_ptr(X, s, 0), d * sizeof(double));
				im->coef[r++] = alpha[s] * t[s];
			}
	}
	im->path = FAIR_KSVM_EXACT;
	im->k = *k;
	im->dual = dual;
	l->b = -rho;
	l->impl = im;
	l->threshold = 0.0;
	l->iterations = iter;
	l->converged = converged;
	im = NULL;
	fair_progress_set(prog, iter, o->max_iter, dual, gap);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "svm: out of memory (kernel cache %g MB)", o->cache_mb);
fail:
	fair_learner_free(l);
	l = NULL;
out:
	ksvm_free_impl(im);
	free(alpha); free(G); free(t); free(Cb); free(QD); free(sq);
	free(c.slot_of); free(c.row_of); free(c.data);
	return l;
}

static fair_learner *
fit_mapped(const gsl_matrix *X, const double *y, const double *w, const fair_ksvm_opts *o,
           const fair_kernel *k, int path, fair_progress *prog, fair_error *err)
{
	struct ksvm_impl *im = calloc(1, sizeof *im);
	fair_learner *l = NULL;
	gsl_matrix *Z = NULL;

	if (im == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	im->path = path;
	im->k = *k;
	im->map = path == FAIR_KSVM_RFF ? fair_rff_new(k, X->size2, o->components, o->seed, err)
	                                : fair_nystroem_new(k, X, o->components, o->seed, err);
	if (im->map == NULL || (Z = fair_feature_map_apply(im->map, X, err)) == NULL)
		goto fail;
	fair_svm_opts lo = o->linear;
	lo.C = o->C;
	lo.seed = o->seed;
	if ((im->lin = fair_svm_fit(Z, y, w, &lo, prog, err)) == NULL)
		goto fail;
	if ((l = fair_learner_new(&fair_svm_kernel_type, FAIR_TASK_CLASSIFICATION, X->size2, err)) == NULL)
		goto fail;
	l->b = im->lin->b;
	l->iterations = im->lin->iterations;
	l->converged = im->lin->converged;
	l->threshold = 0.0;
	l->impl = im;
	gsl_matrix_free(Z);
	return l;
fail:
	if (Z)
		gsl_matrix_free(Z);
	ksvm_free_impl(im);
	return NULL;
}

fair_learner *
fair_ksvm_fit(const gsl_matrix *X, const double *y, const double *w, const fair_ksvm_opts *o,
              fair_progress *prog, fair_error *err)
{
	fair_ksvm_opts def;
	fair_kernel k;
	double sumw;
	int path;

	if (o == NULL) {
		fair_ksvm_opts_init(&def);
		o = &def;
	}
	if (!(o->C > 0.0) || !isfinite(o->C) || !(o->tol > 0.0) || o->max_iter == 0 || !(o->cache_mb > 0.0)) {
		fair_error_set(err, FAIR_EINVAL, "svm: C, tol and cache must be > 0 (C=%g tol=%g)", o->C, o->tol);
		return NULL;
	}
	if (fair_kernel_check(&o->kernel, err) != FAIR_OK)
		return NULL;
	if (model_check_input("svm", X, y, w, true, &sumw, err) != FAIR_OK)
		return NULL;
	k = o->kernel;
	if (k.gamma == 0.0)
		k.gamma = fair_kernel_gamma_scale(X);
	path = o->approx;
	if (path == FAIR_KSVM_AUTO)
		path = X->size1 <= o->exact_max_n ? FAIR_KSVM_EXACT
		       : k.type == FAIR_KERNEL_RBF ? FAIR_KSVM_RFF : FAIR_KSVM_NYSTROEM;
	if (path == FAIR_KSVM_RFF && k.type != FAIR_KERNEL_RBF) {
		fair_error_set(err, FAIR_EINVAL, "svm: approx=rff needs kernel=rbf; use approx=nystroem for '%s'",
		               fair_kernel_name(k.type));
		return NULL;
	}
	if (path != FAIR_KSVM_EXACT && o->components == 0) {
		fair_error_set(err, FAIR_EINVAL, "svm: components must be >= 1");
		return NULL;
	}
	if (path == FAIR_KSVM_EXACT)
		return fit_smo(X, y, w, o, &k, prog, err);
	if (path == FAIR_KSVM_RFF || path == FAIR_KSVM_NYSTROEM)
		return fit_mapped(X, y, w, o, &k, path, prog, err);
	fair_error_set(err, FAIR_EINVAL, "svm: unknown approximation %d", path);
	return NULL;
}

/* ---- saving ------------------------------------------------------------------ */

static int
ksvm_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct ksvm_impl *im = l->impl;
	int st;

	fair_param_add_str(out, "path", im->path == FAIR_KSVM_EXACT ? "exact" : im->path == FAIR_KSVM_RFF ? "rff" : "nystroem");
	if ((st = fair_kernel_export(&im->k, fair_param_add_object(out, "kernel"), err)))
		return st;
	if (im->path == FAIR_KSVM_EXACT) {
		fair_param_add_num(out, "dual", im->dual);
		if (im->SV) {
			fair_param_add_matrix(out, "SV", im->SV);
			fair_param_add_vec(out, "coef", im->coef, im->SV->size1);
		}
	} else {
		if ((st = fair_feature_map_export(im->map, fair_param_add_object(out, "map"), err)) ||
		    (st = fair_learner_export(im->lin, fair_param_add_object(out, "linear"), err)))
			return st;
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static const fair_learner_type *const linear_form[] = { &fair_svm_linear_type, NULL };

static int
ksvm_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	const char *path = fair_param_str(in, "path", err);
	const fair_param *kp;
	struct ksvm_impl *im;
	int st = FAIR_EPARSE;

	if (path == NULL || (kp = fair_param_object(in, "kernel", err)) == NULL)
		return FAIR_EPARSE;
	if ((im = calloc(1, sizeof *im)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	im->path = !strcmp(path, "exact") ? FAIR_KSVM_EXACT : !strcmp(path, "rff") ? FAIR_KSVM_RFF : FAIR_KSVM_NYSTROEM;
	if ((st = fair_kernel_import(kp, &im->k, err)))
		goto fail;
	if (im->path == FAIR_KSVM_EXACT) {
		if ((st = fair_param_num(in, "dual", &im->dual, err)))
			goto fail;
		if (fair_param_get(in, "SV")) {
			size_t n;
			const double *c;
			if ((im->SV = fair_param_matrix(in, "SV", err)) == NULL || (c = fair_param_vec(in, "coef", &n, err)) == NULL) {
				st = FAIR_EPARSE;
				goto fail;
			}
			if (n != im->SV->size1 || im->SV->size2 != l->d) {
				st = fair_error_set(err, FAIR_EPARSE, "saved data: kernel SVM support vectors do not match");
				goto fail;
			}
			if ((im->coef = malloc(n * sizeof *im->coef)) == NULL) {
				st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
				goto fail;
			}
			memcpy(im->coef, c, n * sizeof *c);
		}
	} else {
		const fair_param *mp = fair_param_object(in, "map", err), *lp = mp ? fair_param_object(in, "linear", err) : NULL;
		if (lp == NULL || (im->map = fair_feature_map_import(mp, err)) == NULL ||
		    (im->lin = fair_learner_import_as(lp, linear_form, err)) == NULL) {
			st = err ? err->code : FAIR_EPARSE;
			goto fail;
		}
		if (fair_feature_map_input_dim(im->map) != l->d || im->lin->d != fair_feature_map_dim(im->map)) {
			st = fair_error_set(err, FAIR_EPARSE, "saved data: kernel SVM map (%zu -> %zu features) does not fit "
			                    "the learner (%zu features) or its linear part (%zu)", fair_feature_map_input_dim(im->map),
			                    fair_feature_map_dim(im->map), l->d, im->lin->d);
			goto fail;
		}
	}
	l->impl = im;
	return FAIR_OK;
fail:
	ksvm_free_impl(im);
	return st ? st : FAIR_EPARSE;
}

const fair_learner_type fair_svm_kernel_type = {
	.name = NULL, .kind = "svm_kernel",
	.help = "kernel SVM (the form of `svm` with a kernel)",
	.flags = FAIR_LEARNER_CLASSIFY,
	.score = ksvm_predict, .save = ksvm_save, .load = ksvm_load, .free = ksvm_free_impl,
};

/* ---- the `svm` learner: linear, or kernel when a kernel option is given ---- */

struct svm_train_opts {
	fair_svm_opts  lin;
	fair_ksvm_opts ker;
	bool           kernel;   /* fit the kernel form */
};

/* C and tol apply to both forms. */
static int
svm_set_both(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	struct svm_train_opts *so = opts;
	double v;
	int st = fair_opt_parse(o, val, &v, err);

	if (st)
		return st;
	if (!strcmp(o->name, "C"))
		so->lin.C = so->ker.C = v;
	else
		so->lin.tol = so->ker.tol = v;
	return FAIR_OK;
}

/* kernel=rbf|poly (or approx=, components=) asks for the kernel form. */
static int
svm_set_kernel(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	struct svm_train_opts *so = opts;
	int st;

	if (!strcmp(o->name, "kernel")) {
		int t;
		if ((st = fair_opt_parse(o, val, &t, err)))
			return st;
		so->ker.kernel.type = t;
		so->kernel = t != FAIR_KERNEL_LINEAR || so->kernel;
	} else if (!strcmp(o->name, "approx")) {
		if ((st = fair_opt_parse(o, val, &so->ker.approx, err)))
			return st;
		so->kernel = true;
	} else {
		if ((st = fair_opt_parse(o, val, &so->ker.components, err)))
			return st;
		so->kernel = true;
	}
	return FAIR_OK;
}

static const int kernel_values[] = { FAIR_KERNEL_LINEAR, FAIR_KERNEL_RBF, FAIR_KERNEL_POLY };
static const int approx_values[] = { FAIR_KSVM_AUTO, FAIR_KSVM_EXACT, FAIR_KSVM_RFF, FAIR_KSVM_NYSTROEM };

#define SO(f) offsetof(struct svm_train_opts, f)
static const fair_opt svm_opts[] = {
	{ .name = "C", .type = FAIR_OPT_NUM, .lo = 1e-12, .hi = 1e12, .set = svm_set_both,
	  .help = "penalty of margin violations (larger: less regularised)" },
	{ .name = "kernel", .type = FAIR_OPT_CHOICE, .choices = "linear|rbf|poly", .values = kernel_values,
	  .set = svm_set_kernel, .help = "kernel: linear (default), rbf or poly" },
	{ .name = "gamma", .type = FAIR_OPT_NUM, .offset = SO(ker.kernel.gamma), .lo = 1e-12, .hi = 1e12,
	  .help = "rbf / poly scale (default 1 / (d var X))" },
	{ .name = "degree", .type = FAIR_OPT_INT, .offset = SO(ker.kernel.degree), .lo = 1, .hi = 10,
	  .help = "poly degree" },
	{ .name = "coef0", .type = FAIR_OPT_NUM, .offset = SO(ker.kernel.coef0), .lo = -1e12, .hi = 1e12,
	  .help = "poly offset" },
	{ .name = "approx", .type = FAIR_OPT_CHOICE, .choices = "auto|exact|rff|nystroem", .values = approx_values,
	  .set = svm_set_kernel, .help = "kernel path: exact SMO or an approximate feature map" },
	{ .name = "components", .type = FAIR_OPT_SIZE, .lo = 1, .hi = 100000, .set = svm_set_kernel,
	  .help = "dimension of the approximate feature map" },
	{ .name = "tol", .type = FAIR_OPT_NUM, .lo = 1e-15, .hi = 1, .set = svm_set_both,
	  .help = "stopping tolerance" },
	{ .name = "max_iter", .type = FAIR_OPT_SIZE, .offset = SO(lin.max_iter), .lo = 1, .hi = 100000000,
	  .help = "passes of the linear solver at most" },
	{ .name = NULL }
};
#undef SO

static void
svm_opts_init(void *opts)
{
	struct svm_train_opts *so = opts;

	fair_svm_opts_init(&so->lin);
	fair_ksvm_opts_init(&so->ker);
	so->kernel = false;
}

static fair_learner *
svm_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	struct svm_train_opts so = *(const struct svm_train_opts *)opts;
	fair_learner *l;

	so.lin.seed = so.ker.seed = d->seed;
	if (!so.kernel)
		return fair_svm_fit(d->X, d->y, d->w, &so.lin, prog, err);
	if ((l = fair_ksvm_fit(d->X, d->y, d->w, &so.ker, prog, err)) != NULL)
		fair_fit_note(d, "kernel SVM on %zu rows: %s", d->X->size1, fair_ksvm_path_name(fair_ksvm_path(l)));
	return l;
}

/* The kernel forms hold a feature map of @nrows x components, or the
 * exact path's kernel cache (peak RSS on 700,000 rows: 1.0x). */
static size_t
svm_memory(const void *opts, size_t nrows, size_t dim)
{
	const struct svm_train_opts *so = opts;
	double x = (double)nrows * (double)dim * sizeof(double), b;

	if (!so->kernel)
		b = 2 * x;
	else if (so->ker.approx == FAIR_KSVM_EXACT || (so->ker.approx == FAIR_KSVM_AUTO && nrows <= so->ker.exact_max_n))
		b = so->ker.cache_mb * 1048576.0 + 4.0 * (double)nrows * sizeof(double) + x;
	else
		b = (double)nrows * (double)so->ker.components * sizeof(double) + x;
	return b < (double)SIZE_MAX ? (size_t)b : SIZE_MAX;
}

const fair_learner_type fair_svm_type = {
	.name = "svm", .kind = NULL,
	.help = "support vector machine, linear or with a kernel",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_PLAIN,
	.opts = svm_opts, .opts_size = sizeof(struct svm_train_opts), .opts_init = svm_opts_init,
	.fit = svm_fit,
	.memory = svm_memory,
};
