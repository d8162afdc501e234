/* mmd.c -- squared MMD with a Gaussian kernel (biased and unbiased), the
 * median-heuristic bandwidth, the mean-embedding distance (doc/methods.md 6.2,
 * 5.1), and the input check of two point clouds every divergence shares.
 * Kernel matrices are formed in row blocks with dgemm, so memory stays
 * O(block * (n + m)). The dispatcher over the divergences is divergence.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_statistics_double.h>

#include "ot/ot-private.h"

enum { MMD_BLOCK = 256, MEDIAN_MAX_ROWS = 2000 };

int
fair__ot_check_pair(const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *gA,
                     const gsl_matrix *gB, const char *what, fair_error *err)
{
	if (!A || !B || A->size1 == 0 || B->size1 == 0)
		return fair_error_set(err, FAIR_EINVAL, "%s: empty point cloud", what);
	if (A->size2 != B->size2 || A->size2 == 0)
		return fair_error_set(err, FAIR_EINVAL,
		                      "%s: point clouds have %zu and %zu columns; expected the same positive number",
		                      what, A->size2, B->size2);
	if (gA && (gA->size1 != A->size1 || gA->size2 != A->size2))
		return fair_error_set(err, FAIR_EINVAL, "%s: gradient of the first cloud must be %zu x %zu",
		                      what, A->size1, A->size2);
	if (gB && (gB->size1 != B->size1 || gB->size2 != B->size2))
		return fair_error_set(err, FAIR_EINVAL, "%s: gradient of the second cloud must be %zu x %zu",
		                      what, B->size1, B->size2);
	return FAIR_OK;
}

static double
row_sqnorm(const gsl_matrix *X, size_t i)
{
	double s = 0.0;
	for (size_t k = 0; k < X->size2; k++) {
		double v = gsl_matrix_get(X, i, k);
		s += v * v;
	}
	return s;
}

/* Sum of k(x_i, y_j) over all i, j, and gradient contributions:
 *   gX_i += c * (sum_j k_ij (x_i - y_j)),  gY_j += c * (sum_i k_ij (y_j - x_i)).
 * @same: X and Y are the same cloud (diagonal set to exactly 1; only gX is
 * accumulated, with the factor 2 of both arguments). */
static int
kernel_pass(const gsl_matrix *X, const gsl_matrix *Y, bool same, double bw,
            double c, gsl_matrix *gX, gsl_matrix *gY, double *sum, double *Kbuf,
            double *nx, double *ny, double *rs, double *cs)
{
	size_t n = X->size1, m = Y->size1, r = X->size2;
	double inv = 1.0 / (2.0 * bw * bw), total = 0.0;
	int st = 0;
	for (size_t i = 0; i < n; i++)
		nx[i] = row_sqnorm(X, i);
	for (size_t j = 0; j < m; j++)
		ny[j] = row_sqnorm(Y, j);
	if (cs)
		memset(cs, 0, m * sizeof *cs);
	for (size_t i0 = 0; i0 < n; i0 += MMD_BLOCK) {
		size_t nb = i0 + MMD_BLOCK < n ? MMD_BLOCK : n - i0;
		gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, i0, 0, nb, r);
		gsl_matrix_view K = gsl_matrix_view_array(Kbuf, nb, m);
		st = gsl_blas_dgemm(CblasNoTrans, CblasTrans, -2.0, &Xb.matrix, Y, 0.0, &K.matrix);
		if (st)
			return st;
		for (size_t i = 0; i < nb; i++) {
			double *k = Kbuf + i * m, s = 0.0;
			for (size_t j = 0; j < m; j++) {
				double d2 = k[j] + nx[i0 + i] + ny[j];
				k[j] = exp(-(d2 > 0.0 ? d2 : 0.0) * inv);
			}
			if (same)
				k[i0 + i] = 1.0;
			for (size_t j = 0; j < m; j++)
				s += k[j];
			total += s;
			rs[i] = s;
			if (cs)
				for (size_t j = 0; j < m; j++)
					cs[j] += k[j];
		}
		if (gX) {
			/* gX_b += c' (diag(rs) X_b - K Y), c' = 2c for the self term */
			double cf = same ? 2.0 * c : c;
			gsl_matrix_view G = gsl_matrix_submatrix(gX, i0, 0, nb, r);
			st = gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -cf, &K.matrix, Y, 1.0, &G.matrix);
			if (st)
				return st;
			for (size_t i = 0; i < nb; i++)
				for (size_t k = 0; k < r; k++)
					*gsl_matrix_ptr(&G.matrix, i, k) += cf * rs[i] * gsl_matrix_get(X, i0 + i, k);
		}
		if (gY && !same) {
			/* gY -= c K^T X_b (the diag(cs) Y part is added after the loop) */
			st = gsl_blas_dgemm(CblasTrans, CblasNoTrans, -c, &K.matrix, &Xb.matrix, 1.0, gY);
			if (st)
				return st;
		}
	}
	if (gY && !same)
		for (size_t j = 0; j < m; j++)
			for (size_t k = 0; k < r; k++)
				*gsl_matrix_ptr(gY, j, k) += c * cs[j] * gsl_matrix_get(Y, j, k);
	*sum = total;
	return 0;
}

int
fair_mmd2(const gsl_matrix *A, const gsl_matrix *B, double bandwidth, bool unbiased,
          double *value, gsl_matrix *grad_A, gsl_matrix *grad_B,
          double *bandwidth_used, fair_error *err)
{
	int rc = fair__ot_check_pair(A, B, grad_A, grad_B, "mmd", err);
	if (rc)
		return rc;
	size_t n = A->size1, m = B->size1;
	if (unbiased && (n < 2 || m < 2))
		return fair_error_set(err, FAIR_EINVAL,
		                      "mmd: the unbiased estimate needs at least 2 points per cloud; got %zu and %zu",
		                      n, m);
	if (!isfinite(bandwidth))
		return fair_error_set(err, FAIR_EINVAL, "mmd: bandwidth is %g; expected a finite number", bandwidth);
	double bw = bandwidth;
	if (bw <= 0.0) {
		rc = fair_median_bandwidth(A, B, &bw, err);
		if (rc)
			return rc;
	}
	size_t nm = n > m ? n : m, blk = nm < MMD_BLOCK ? nm : MMD_BLOCK;
	double *buf = malloc((blk * nm + 3 * nm + nm) * sizeof *buf);
	if (!buf)
		return fair_error_set(err, FAIR_ENOMEM, "mmd: cannot allocate a %zu x %zu kernel block", blk, nm);
	double *K = buf, *nx = K + blk * nm, *ny = nx + nm, *rs = ny + nm, *cs = rs + nm;
	double dn = (double)n, dm = (double)m, ib2 = 1.0 / (bw * bw);
	double naa = unbiased ? dn * (dn - 1.0) : dn * dn;
	double nbb = unbiased ? dm * (dm - 1.0) : dm * dm;
	double saa, sbb, sab;
	if (grad_A)
		gsl_matrix_set_zero(grad_A);
	if (grad_B)
		gsl_matrix_set_zero(grad_B);
	/* d/dx_i of mean K_aa = -(2/(naa bw^2)) sum_i' k (x_i - x_i');
	 * d/dx_i of -2 mean K_ab = +(2/(nm bw^2)) sum_j k (x_i - y_j) (6.2) */
	int st = kernel_pass(A, A, true, bw, -ib2 / naa, grad_A, NULL, &saa, K, nx, ny, rs, NULL);
	if (!st)
		st = kernel_pass(B, B, true, bw, -ib2 / nbb, grad_B, NULL, &sbb, K, nx, ny, rs, NULL);
	if (!st)
		st = kernel_pass(A, B, false, bw, 2.0 * ib2 / (dn * dm), grad_A, grad_B, &sab, K, nx, ny,
		                 rs, cs);
	free(buf);
	if (st)
		return fair_error_set(err, FAIR_ENUMERIC, "mmd: %s", gsl_strerror(st));
	if (unbiased) {
		saa -= dn;
		sbb -= dm;
	}
	*value = saa / naa + sbb / nbb - 2.0 * sab / (dn * dm);
	if (bandwidth_used)
		*bandwidth_used = bw;
	return FAIR_OK;
}

int
fair_median_bandwidth(const gsl_matrix *A, const gsl_matrix *B, double *bw, fair_error *err)
{
	if (!A || (B && B->size2 != A->size2))
		return fair_error_set(err, FAIR_EINVAL, "median bandwidth: point clouds have different dimensions");
	size_t na = A->size1, nb = B ? B->size1 : 0, N = na + nb;
	if (N < 2)
		return fair_error_set(err, FAIR_EINVAL, "median bandwidth: needs at least 2 points; got %zu", N);
	size_t use = N > MEDIAN_MAX_ROWS ? MEDIAN_MAX_ROWS : N, r = A->size2;
	size_t npair = use * (use - 1) / 2;
	double *d = malloc(npair * sizeof *d);
	const double **row = malloc(use * sizeof *row);
	if (!d || !row) {
		free(d);
		free(row);
		return fair_error_set(err, FAIR_ENOMEM, "median bandwidth: cannot allocate %zu pair distances", npair);
	}
	for (size_t u = 0; u < use; u++) {
		size_t i = use == N ? u : u * N / use;   /* evenly spaced pooled rows */
		row[u] = i < na ? gsl_matrix_const_ptr(A, i, 0) : gsl_matrix_const_ptr(B, i - na, 0);
	}
	size_t q = 0;
	double mean = 0.0;
	for (size_t u = 0; u < use; u++)
		for (size_t w = u + 1; w < use; w++) {
			double s = 0.0;
			for (size_t k = 0; k < r; k++) {
				double t = row[u][k] - row[w][k];
				s += t * t;
			}
			d[q++] = s;
			mean += s;
		}
	mean /= (double)npair;
	double med = gsl_stats_median(d, 1, npair);   /* quickselect; averages the middle pair */
	free(d);
	free(row);
	if (!isfinite(med) || !isfinite(mean))
		return fair_error_set(err, FAIR_EINVAL, "median bandwidth: points have non-finite coordinates");
	if (med > 0.0)
		*bw = sqrt(0.5 * med);
	else if (mean > 0.0)
		*bw = sqrt(0.5 * mean);
	else
		*bw = 1.0;
	return FAIR_OK;
}

int
fair_mean_divergence(const gsl_matrix *A, const gsl_matrix *B, double *value,
                     gsl_matrix *grad_A, gsl_matrix *grad_B, fair_error *err)
{
	int rc = fair__ot_check_pair(A, B, grad_A, grad_B, "mean divergence", err);
	if (rc)
		return rc;
	size_t n = A->size1, m = B->size1, r = A->size2;
	double v = 0.0;
	for (size_t k = 0; k < r; k++) {
		double ma = 0.0, mb = 0.0;
		for (size_t i = 0; i < n; i++)
			ma += gsl_matrix_get(A, i, k);
		for (size_t j = 0; j < m; j++)
			mb += gsl_matrix_get(B, j, k);
		double diff = ma / (double)n - mb / (double)m;
		v += diff * diff;
		if (grad_A)
			for (size_t i = 0; i < n; i++)
				gsl_matrix_set(grad_A, i, k, 2.0 * diff / (double)n);
		if (grad_B)
			for (size_t j = 0; j < m; j++)
				gsl_matrix_set(grad_B, j, k, -2.0 * diff / (double)m);
	}
	*value = v;
	return FAIR_OK;
}
