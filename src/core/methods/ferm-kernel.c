/* ferm-kernel.c -- kernel FERM (doc/methods.md 3.3): exact path on the projected
 * Gram matrix (SMO for the hinge loss, centred Cholesky for the squared loss,
 * slab multipliers for eps > 0) and the approximate path through an explicit
 * feature map (learn/kernel.c) + linear FERM (ferm.c) + a linear learner;
 * and the `ferm` learner type. */
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
#include "methods/methods-private.h"
#include "learn/learn-private.h"
#include "fairsh/param.h"

#define KFERM_MAX_EXACT_N 15000

/* Private state of a fitted kernel FERM learner. Exact and Nystroem-free
 * paths predict with a kernel expansion f(x) = sum_j coef_j k(P_j, x) + b;
 * the approximate path with f(x) = <w, phi(x)> + b. */
typedef struct kferm_impl {
	fair_kernel       kernel;   /* gamma resolved */
	gsl_matrix       *P;        /* expansion points (p x d) or NULL */
	gsl_vector       *coef;     /* p */
	fair_feature_map *map;      /* approximate path */
	gsl_vector       *wz;       /* map weights (already orthogonal to the u's) */
	int               path;
} kferm_impl;

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

#define PRED_BLOCK 1024

static int
kferm_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const kferm_impl *m = l->impl;
	size_t n = X->size1;
	int rc = FAIR_OK;

	for (size_t i0 = 0; i0 < n && rc == FAIR_OK; i0 += PRED_BLOCK) {
		size_t nb = n - i0 < PRED_BLOCK ? n - i0 : PRED_BLOCK;
		gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, i0, 0, nb, X->size2);
		gsl_vector_view sv = gsl_vector_view_array(score + i0, nb);
		gsl_matrix *F;

		if (m->map != NULL) {
			F = fair_feature_map_apply(m->map, &Xb.matrix, err);
			if (F == NULL)
				return err ? err->code : FAIR_ENOMEM;
			gsl_vector_set_all(&sv.vector, l->b);
			gsl_blas_dgemv(CblasNoTrans, 1.0, F, m->wz, 1.0, &sv.vector);
		} else {
			F = gsl_matrix_alloc(nb, m->P->size1);
			if (F == NULL)
				return fair_error_set(err, FAIR_ENOMEM, "out of memory");
			rc = fair_kernel_matrix(&m->kernel, &Xb.matrix, m->P, F, err);
			gsl_vector_set_all(&sv.vector, l->b);
			if (rc == FAIR_OK)
				gsl_blas_dgemv(CblasNoTrans, 1.0, F, m->coef, 1.0, &sv.vector);
		}
		gsl_matrix_free(F);
	}
	return rc;
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

/* Constraint coefficients (doc/methods.md 3.3, multi-group): u_c = sum_i A_ic
 * phi(x_i), with the same vectors (reference = last group) and the same
 * messages as fair_ferm_fit. Returns a new n x m matrix or NULL. */
static gsl_matrix *
constraint_coefs(const double *y, const int32_t *group, size_t n, size_t K,
                 const char *const *labels, int constraint, fair_error *err)
{
	size_t *cp = calloc(2 * K, sizeof *cp), *cn = cp + K;
	gsl_matrix *A = NULL;
	char gname[128];

	if (cp == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t g = group[i];
		if (g == -1)
			continue;
		if (g < 0 || (size_t)g >= K) {
			fair_error_set(err, FAIR_EINVAL, "group code %d at row %zu is out of range [0, %zu)",
			               (int)g, i + 1, K);
			goto out;
		}
		if (constraint == FAIR_FERM_DP || y[i] == 1.0)
			cp[g]++;
		else
			cn[g]++;
	}
	for (size_t g = 0; g < K; g++) {
		const char *what = constraint == FAIR_FERM_DP ? "" : "positive ";
		if (cp[g] == 0 || (constraint == FAIR_FERM_EODDS && cn[g] == 0)) {
			if (cp[g] != 0)
				what = "negative ";
			if (labels != NULL && labels[g] != NULL)
				snprintf(gname, sizeof gname, "%s", labels[g]);
			else
				snprintf(gname, sizeof gname, "%zu", g);
			fair_error_set(err, FAIR_EINVAL,
			               "group '%s' has no %straining examples; FERM (constraint=%s) needs some",
			               gname, what, fair_ferm_constraint_name(constraint));
			goto out;
		}
	}
	size_t m = (K - 1) * (constraint == FAIR_FERM_EODDS ? 2 : 1);
	A = gsl_matrix_calloc(n, m);
	if (A == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t g = group[i];
		if (g == -1)
			continue;
		bool posset = constraint == FAIR_FERM_DP || y[i] == 1.0;
		if (!posset && constraint != FAIR_FERM_EODDS)
			continue;
		size_t off = posset ? 0 : K - 1;
		double cnt = (double)(posset ? cp[g] : cn[g]);
		if ((size_t)g + 1 < K) {
			gsl_matrix_set(A, i, off + (size_t)g, 1.0 / cnt);
		} else {
			for (size_t c = 0; c + 1 < K; c++)
				gsl_matrix_set(A, i, off + c, -1.0 / cnt);
		}
	}
out:
	free(cp);
	return A;
}

/* SMO (libsvm's WSS2, Fan, Chen & Lin 2005) for
 *   min 0.5 a'Qa + p'a,  0 <= a <= C,  t'a = 0,  Q_ij = t_i t_j K_ij,
 * warm-started from @a with gradient @G = Qa + p kept up to date. Returns
 * FAIR_OK (converged or iteration cap; *conv says which), FAIR_ECANCELED. */
static int
smo(const gsl_matrix *K, const double *t, double C, double *a, double *G, double tol,
    size_t max_iter, size_t *iters, bool *conv, fair_progress *prog)
{
	size_t n = K->size1, it = 0;
	const double TAU = 1e-12;

	*conv = false;
	for (; it < max_iter; it++) {
		if ((it & 1023) == 0) {
			if (fair_progress_cancelled(prog))
				return FAIR_ECANCELED;
		}
		double Gmax = -INFINITY, Gmax2 = -INFINITY, obj_min = INFINITY;
		size_t i = n, j = n;
		for (size_t s = 0; s < n; s++) {
			bool up = t[s] > 0 ? a[s] < C : a[s] > 0;
			if (up && -t[s] * G[s] >= Gmax) {
				Gmax = -t[s] * G[s];
				i = s;
			}
		}
		if (i == n)
			break;
		const double *Ki = gsl_matrix_const_ptr(K, i, 0);
		double Kii = Ki[i];
		for (size_t s = 0; s < n; s++) {
			bool low = t[s] > 0 ? a[s] > 0 : a[s] < C;
			if (!low)
				continue;
			double v = t[s] * G[s];   /* = -(-t G) */
			if (v >= Gmax2)
				Gmax2 = v;
			double b = Gmax + v;
			if (b > 0) {
				double q = Kii + gsl_matrix_get(K, s, s) - 2.0 * Ki[s];
				if (q <= 0)
					q = TAU;
				if (-(b * b) / q <= obj_min) {
					obj_min = -(b * b) / q;
					j = s;
				}
			}
		}
		if (Gmax + Gmax2 < tol || j == n) {
			*conv = true;
			break;
		}
		const double *Kj = gsl_matrix_const_ptr(K, j, 0);
		double Qij = t[i] * t[j] * Ki[j], ai = a[i], aj = a[j];
		if (t[i] != t[j]) {
			double q = Kii + Kj[j] + 2.0 * Qij;
			if (q <= 0)
				q = TAU;
			double delta = (-G[i] - G[j]) / q, diff = a[i] - a[j];
			a[i] += delta;
			a[j] += delta;
			if (diff > 0) {
				if (a[j] < 0) { a[j] = 0; a[i] = diff; }
			} else {
				if (a[i] < 0) { a[i] = 0; a[j] = -diff; }
			}
			if (diff > 0) {
				if (a[i] > C) { a[i] = C; a[j] = C - diff; }
			} else {
				if (a[j] > C) { a[j] = C; a[i] = C + diff; }
			}
		} else {
			double q = Kii + Kj[j] - 2.0 * Qij;
			if (q <= 0)
				q = TAU;
			double delta = (G[i] - G[j]) / q, sum = a[i] + a[j];
			a[i] -= delta;
			a[j] += delta;
			if (sum > C) {
				if (a[i] > C) { a[i] = C; a[j] = sum - C; }
			} else {
				if (a[j] < 0) { a[j] = 0; a[i] = sum; }
			}
			if (sum > C) {
				if (a[j] > C) { a[j] = C; a[i] = sum - C; }
			} else {
				if (a[i] < 0) { a[i] = 0; a[j] = sum; }
			}
		}
		double dai = (a[i] - ai) * t[i], daj = (a[j] - aj) * t[j];
		for (size_t s = 0; s < n; s++)
			G[s] += t[s] * (Ki[s] * dai + Kj[s] * daj);
		if ((it & 1023) == 0)
			fair_progress_set(prog, it, max_iter, NAN, Gmax + Gmax2);
	}
	*iters += it;
	return FAIR_OK;
}

/* libsvm's intercept: average of t_i G_i over free a_i, else the midpoint. */
static double
smo_bias(const double *t, const double *a, const double *G, double C, size_t n)
{
	double ub = INFINITY, lb = -INFINITY, sum = 0.0;
	size_t nfree = 0;

	for (size_t i = 0; i < n; i++) {
		double yG = t[i] * G[i];
		if (a[i] >= C) {
			if (t[i] < 0) ub = fmin(ub, yG); else lb = fmax(lb, yG);
		} else if (a[i] <= 0) {
			if (t[i] > 0) ub = fmin(ub, yG); else lb = fmax(lb, yG);
		} else {
			nfree++;
			sum += yG;
		}
	}
	return -(nfree > 0 ? sum / (double)nfree : 0.5 * (ub + lb));
}

/* Exact path. Gram K (n x n, overwritten by Kt when eps = 0). */
static int
kferm_exact(fair_learner *l, kferm_impl *m, const gsl_matrix *X, const double *y,
            const gsl_matrix *A, const fair_kferm_opts *o, fair_kferm_info *info,
            fair_progress *prog, fair_error *err)
{
	size_t n = X->size1, mc = A->size2, r = 0;
	int rc = FAIR_ENOMEM;
	gsl_matrix *K = gsl_matrix_alloc(n, n), *T = gsl_matrix_alloc(n, mc);
	gsl_matrix *G = gsl_matrix_alloc(mc, mc), *V = gsl_matrix_alloc(mc, mc);
	gsl_matrix *Gp = gsl_matrix_calloc(mc, mc), *S = NULL;
	gsl_vector *lam = gsl_vector_alloc(mc), *gam = gsl_vector_alloc(n);
	gsl_vector *tb = gsl_vector_alloc(mc), *tmp = gsl_vector_alloc(mc);
	gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(mc);
	double *t = malloc(3 * n * sizeof *t), *a = t + n, *Gr = a + n, b = 0.0;

	if (!K || !T || !G || !V || !Gp || !lam || !gam || !tb || !tmp || !ws || !t) {
		fair_error_set(err, rc, "out of memory (kernel FERM on %zu rows needs %.0f MB; use exact=no)",
		               n, 8.0 * (double)n * (double)n / 1e6);
		goto out;
	}
	if ((rc = fair_kernel_matrix(&m->kernel, X, X, K, err)) != FAIR_OK)
		goto out;
	if (fair_progress_cancelled(prog)) {
		rc = fair_error_set(err, FAIR_ECANCELED, "cancelled");
		goto out;
	}
	/* T = K A (tau_c(x_j)), G = A' K A = <u_c, u_h>, eigen-pseudo-inverse */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, K, A, 0.0, T);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, T, 0.0, G);
	double dmean = 0.0;
	for (size_t i = 0; i < n; i++)
		dmean += gsl_matrix_get(K, i, i) / (double)n;
	gsl_matrix *Gw = gsl_matrix_alloc(mc, mc);
	if (Gw == NULL)
		goto out;
	gsl_matrix_memcpy(Gw, G);
	gsl_eigen_symmv(Gw, lam, V, ws);
	gsl_matrix_free(Gw);
	double lmax = gsl_vector_max(lam);
	info->identity = !(lmax > 1e-14 * dmean);
	if (!info->identity) {
		for (size_t k = 0; k < mc; k++) {
			double lk = gsl_vector_get(lam, k);
			if (lk <= 1e-12 * lmax)
				continue;
			r++;
			for (size_t p = 0; p < mc; p++)
				for (size_t q = 0; q < mc; q++)
					gsl_matrix_set(Gp, p, q, gsl_matrix_get(Gp, p, q) +
					               gsl_matrix_get(V, p, k) * gsl_matrix_get(V, q, k) / lk);
		}
	}
	info->rank = r;
	for (size_t i = 0; i < n; i++)
		t[i] = y[i] == 1.0 ? 1.0 : -1.0;
	bool slab = o->eps > 0.0 && !info->identity;
	if (!slab && r > 0) {
		/* Kt = K - T G^+ T' = K - S T' with S = T G^+ */
		S = gsl_matrix_alloc(n, mc);
		if (S == NULL)
			goto out;
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, T, Gp, 0.0, S);
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, S, T, 1.0, K);
		/* symmetrise the rounding */
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				double v = 0.5 * (gsl_matrix_get(K, i, j) + gsl_matrix_get(K, j, i));
				gsl_matrix_set(K, i, j, v);
				gsl_matrix_set(K, j, i, v);
			}
	}
	info->path = slab ? FAIR_KFERM_PATH_EXACT_SLAB : FAIR_KFERM_PATH_EXACT_PROJECTED;
	gsl_vector_view bv = gsl_vector_view_array(a, n);   /* beta lives in a */
	if (o->loss == FAIR_KFERM_SQUARED) {
		/* (H Kt H + n lambda I) beta = H t,  b = mean(t) - mean(Kt beta) */
		double tm = 0.0;
		gsl_vector *cm = gsl_vector_alloc(n);
		if (cm == NULL)
			goto out;
		for (size_t i = 0; i < n; i++)
			tm += t[i] / (double)n;
		double km = 0.0;
		for (size_t j = 0; j < n; j++) {
			double s = 0.0;
			for (size_t i = 0; i < n; i++)
				s += gsl_matrix_get(K, i, j);
			gsl_vector_set(cm, j, s / (double)n);
			km += s / ((double)n * (double)n);
		}
		for (size_t i = 0; i < n; i++) {
			a[i] = t[i] - tm;
			double ci = gsl_vector_get(cm, i);
			double *Ki = gsl_matrix_ptr(K, i, 0);
			for (size_t j = 0; j < n; j++)
				Ki[j] = Ki[j] - ci - gsl_vector_get(cm, j) + km;
			Ki[i] += (double)n * o->lambda;
		}
		gsl_vector_free(cm);
		if (gsl_linalg_cholesky_decomp1(K) != GSL_SUCCESS) {
			rc = fair_error_set(err, FAIR_ENUMERIC, "kernel FERM: centred kernel matrix is not positive definite");
			goto out;
		}
		gsl_linalg_cholesky_svx(K, &bv.vector);
		/* K is destroyed; b from the uncentred Kt: recompute Kt beta via the
		 * expansion below (gam) after mapping beta to gam. */
		info->converged = true;
	} else {
		double C = o->C;
		size_t max_iter = o->max_iter ? o->max_iter : 10000000;
		bool conv = false;
		gsl_vector *mu = gsl_vector_calloc(mc), *Tmu = gsl_vector_alloc(n);
		if (mu == NULL || Tmu == NULL) {
			gsl_vector_free(mu);
			gsl_vector_free(Tmu);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			a[i] = 0.0;
			Gr[i] = -1.0;
		}
		info->iterations = 0;
		for (size_t outer = 0; outer < (slab ? 500 : 1); outer++) {
			size_t before = info->iterations;
			rc = smo(K, t, C, a, Gr, o->tol, max_iter, &info->iterations, &conv, prog);
			if (rc != FAIR_OK) {
				fair_error_set(err, rc, "cancelled");
				break;
			}
			if (!slab)
				break;
			/* mu-step: min_mu 0.5 mu'G mu - mu'T'(a.t) + eps |mu|_1 by
			 * coordinate descent; then shift the SMO gradient by -t.(T dmu) */
			for (size_t i = 0; i < n; i++)
				gsl_vector_set(gam, i, a[i] * t[i]);
			gsl_blas_dgemv(CblasTrans, 1.0, T, gam, 0.0, tb);
			gsl_vector_memcpy(tmp, mu);
			for (int sweep = 0; sweep < 200; sweep++) {
				double ch = 0.0;
				for (size_t c = 0; c < mc; c++) {
					double gcc = gsl_matrix_get(G, c, c);
					if (gcc <= 1e-14 * lmax)
						continue;
					double z = gsl_vector_get(tb, c);
					for (size_t h = 0; h < mc; h++)
						if (h != c)
							z -= gsl_matrix_get(G, c, h) * gsl_vector_get(mu, h);
					double nv = (z > o->eps ? z - o->eps : z < -o->eps ? z + o->eps : 0.0) / gcc;
					ch = fmax(ch, fabs(nv - gsl_vector_get(mu, c)) * sqrt(gcc));
					gsl_vector_set(mu, c, nv);
				}
				if (ch <= 1e-12)
					break;
			}
			gsl_vector_sub(tmp, mu);   /* tmp = old - new = -dmu */
			gsl_blas_dgemv(CblasNoTrans, 1.0, T, tmp, 0.0, Tmu);
			double dmax = 0.0;
			for (size_t i = 0; i < n; i++) {
				Gr[i] += t[i] * gsl_vector_get(Tmu, i);
				dmax = fmax(dmax, fabs(gsl_vector_get(Tmu, i)));
			}
			if (outer > 0 && info->iterations == before && dmax <= 1e-10)
				break;
			conv = false;
		}
		if (rc == FAIR_OK) {
			b = smo_bias(t, a, Gr, C, n);
			info->converged = conv;
			for (size_t i = 0; i < n; i++)
				a[i] *= t[i];   /* beta = a.t */
			if (slab) {
				/* gamma = a.t - A mu: fold into beta here, no projection */
				gsl_vector_memcpy(gam, &bv.vector);
				gsl_blas_dgemv(CblasNoTrans, -1.0, A, mu, 1.0, gam);
			}
		}
		gsl_vector_free(mu);
		gsl_vector_free(Tmu);
		if (rc != FAIR_OK)
			goto out;
	}
	if (!slab) {
		/* gamma = beta - A G^+ T' beta */
		gsl_vector_memcpy(gam, &bv.vector);
		if (r > 0) {
			gsl_blas_dgemv(CblasTrans, 1.0, T, &bv.vector, 0.0, tb);
			gsl_blas_dgemv(CblasNoTrans, 1.0, Gp, tb, 0.0, tmp);
			gsl_blas_dgemv(CblasNoTrans, -1.0, A, tmp, 1.0, gam);
		}
	}
	/* constraint gap max_c |<w, u_c>| = |T' gamma|_inf */
	gsl_blas_dgemv(CblasTrans, 1.0, T, gam, 0.0, tb);
	info->constraint_gap = 0.0;
	for (size_t c = 0; c < mc; c++)
		info->constraint_gap = fmax(info->constraint_gap, fabs(gsl_vector_get(tb, c)));
	/* keep the rows with non-zero coefficient */
	size_t p = 0;
	for (size_t i = 0; i < n; i++)
		p += gsl_vector_get(gam, i) != 0.0;
	if (p == 0)
		p = 1;
	m->P = gsl_matrix_alloc(p, X->size2);
	m->coef = gsl_vector_calloc(p);
	if (m->P == NULL || m->coef == NULL)
		goto nomem;
	gsl_matrix_set_zero(m->P);
	for (size_t i = 0, q = 0; i < n; i++) {
		double gi = gsl_vector_get(gam, i);
		if (gi == 0.0)
			continue;
		gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
		gsl_matrix_set_row(m->P, q, &xi.vector);
		gsl_vector_set(m->coef, q++, gi);
	}
	info->n_sv = p;
	if (o->loss == FAIR_KFERM_SQUARED) {
		/* b = mean(t) - mean_i sum_j gamma_j k(x_j, x_i) */
		double *sc = malloc(n * sizeof *sc), tm = 0.0, fm = 0.0;
		if (sc == NULL)
			goto nomem;
		l->b = 0.0;
		rc = kferm_predict(l, X, sc, err);
		for (size_t i = 0; i < n; i++) {
			tm += t[i];
			fm += sc[i];
		}
		free(sc);
		if (rc != FAIR_OK)
			goto out;
		b = (tm - fm) / (double)n;
	}
	l->b = b;
	rc = FAIR_OK;
	goto out;
nomem:
	rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
out:
	gsl_matrix_free(K);
	gsl_matrix_free(T);
	gsl_matrix_free(G);
	gsl_matrix_free(V);
	gsl_matrix_free(Gp);
	gsl_matrix_free(S);
	gsl_vector_free(lam);
	gsl_vector_free(gam);
	gsl_vector_free(tb);
	gsl_vector_free(tmp);
	if (ws)
		gsl_eigen_symmv_free(ws);
	free(t);
	return rc;
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
	A = constraint_coefs(y, group, n, K, labels, o->constraint, err);
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
		rc = kferm_exact(l, m, X, y, A, o, info, prog, err);
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
	.score = kferm_predict, .save = kferm_save, .load = kferm_load, .free = kferm_impl_free,
	.memory = kferm_memory,
};
