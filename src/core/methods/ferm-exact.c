/* ferm-exact.c -- the exact path of kernel FERM (doc/methods.md 3.3) on
 * the projected Gram matrix: SMO for the hinge loss, centred Cholesky for
 * the squared loss, slab multipliers for eps > 0; the constraint vectors
 * both paths use, and prediction by kernel expansion. */
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

#define PRED_BLOCK 1024

int
fair__methods_kferm_predict(const fair_learner *l, const gsl_matrix *X, double *score,
                            fair_error *err)
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

/* Constraint coefficients (doc/methods.md 3.3, multi-group): u_c = sum_i A_ic
 * phi(x_i), with the same vectors (reference = last group) and the same
 * messages as fair_ferm_fit. Returns a new n x m matrix or NULL. */
gsl_matrix *
fair__methods_kferm_constraint_coefs(const double *y, const int32_t *group, size_t n, size_t K,
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

/* Gram K (n x n, overwritten by Kt when eps = 0). */
int
fair__methods_kferm_exact(fair_learner *l, kferm_impl *m, const gsl_matrix *X, const double *y,
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
		rc = fair__methods_kferm_predict(l, X, sc, err);
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
