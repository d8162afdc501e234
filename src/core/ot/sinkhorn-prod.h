/* sinkhorn-prod.h -- the kernel's matrix-vector products, included twice by
 * sinkhorn-problem.c: for a kernel stored in doubles (KT double) and in
 * floats (KT float; fair__ot_ski_prob.f32). Entries are widened to double
 * as they are read: every sum is a double sum, in the same order for both. */
/* SPDX-License-Identifier: MIT */
#define KCAT2(a, b) a##b
#define KCAT(a, b) KCAT2(a, b)
#define KFN(name) KCAT(name, KSFX)

/* sum_j k_j w_j over one kernel row of m entries: eight entries a step in
 * two four-lane accumulators (entries widened to double as read), the
 * lanes summed pairwise, then the tail in order. Not cloned itself: it is
 * inlined into each clone of its callers and compiled for that clone's
 * target, so every caller sums in the same order and gets the same bits. */
static FAIR_INLINE double
KFN(row_dot)(const KT *k, const double *w, size_t m)
{
	v4d a0 = { 0.0, 0.0, 0.0, 0.0 }, a1 = a0;
	size_t j = 0;
	for (; j + 8 <= m; j += 8) {
		v4d k0, k1, w0, w1;
		KLD4(k0, k + j);
		KLD4(k1, k + j + 4);
		memcpy(&w0, w + j, sizeof w0);
		memcpy(&w1, w + j + 4, sizeof w1);
		a0 += k0 * w0;
		a1 += k1 * w1;
	}
	v4d a = a0 + a1;
	double s = (a[0] + a[1]) + (a[2] + a[3]);
	for (; j < m; j++)
		s += k[j] * w[j];
	return s;
}

/* s_j += sum_q K_qj u_q over four consecutive kernel rows q (the first at
 * k0, rows of m entries, weights u[0..3]), j = 0..m-1: four columns a step,
 * the four rows' terms summed pairwise. Inlined into each clone, as row_dot. */
static FAIR_INLINE void
KFN(cols_add4)(double *s, const KT *k0, const double *u, size_t m)
{
	const KT *k1 = k0 + m, *k2 = k1 + m, *k3 = k2 + m;
	const v4d w0 = { u[0], u[0], u[0], u[0] }, w1 = { u[1], u[1], u[1], u[1] };
	const v4d w2 = { u[2], u[2], u[2], u[2] }, w3 = { u[3], u[3], u[3], u[3] };
	size_t j = 0;
	for (; j + 4 <= m; j += 4) {
		v4d a, x0, x1, x2, x3;
		memcpy(&a, s + j, sizeof a);
		KLD4(x0, k0 + j);
		KLD4(x1, k1 + j);
		KLD4(x2, k2 + j);
		KLD4(x3, k3 + j);
		a += (x0 * w0 + x1 * w1) + (x2 * w2 + x3 * w3);
		memcpy(s + j, &a, sizeof a);
	}
	for (; j < m; j++)
		s[j] += (k0[j] * u[0] + k1[j] * u[1]) + (k2[j] * u[2] + k3[j] * u[3]);
}

/* s_i = sum_j K_ij w_j, rows lo..hi (row_dot). */
FAIR_CLONES static int
KFN(mv_rows)(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m;
	for (size_t i = lo; i < hi; i++)
		P->s[i] = KFN(row_dot)(KMAT(P) + i * m, P->w, m);
	return 0;
}

/* s = K w for a block upper triangular K (tri), row blocks lo..hi, reading
 * each stored entry once: row i's dot product over its stored columns goes
 * to s_i, and entry (i, j) right of the diagonal tile also adds K_ij w_i to
 * column j's sum (K_ji = K_ij), four rows at a time. Blocks before tsplit
 * add their column sums into s2, the others into t1, whatever the thread
 * split, so s = dots + s2 + t1 does not depend on the thread count. */
FAIR_CLONES static int
KFN(mv_sym_part)(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m;
	const double *w = P->w;
	for (size_t b = lo; b < hi; b++) {
		double *cs = b < P->tsplit ? P->s2 : P->t1;
		size_t i0 = b * SKI_BLOCK, i1 = i0 + SKI_BLOCK < P->n ? i0 + SKI_BLOCK : P->n;
		size_t i = i0;
		for (; i + 4 <= i1; i += 4) {
			const KT *k0 = KMAT(P) + i * m, *k1 = k0 + m, *k2 = k1 + m, *k3 = k2 + m;
			const v4d w0 = { w[i], w[i], w[i], w[i] }, w1 = { w[i + 1], w[i + 1], w[i + 1], w[i + 1] };
			const v4d w2 = { w[i + 2], w[i + 2], w[i + 2], w[i + 2] };
			const v4d w3 = { w[i + 3], w[i + 3], w[i + 3], w[i + 3] };
			v4d a0 = { 0.0, 0.0, 0.0, 0.0 }, a1 = a0, a2 = a0, a3 = a0;
			double d0 = 0.0, d1 = 0.0, d2 = 0.0, d3 = 0.0;
			/* the diagonal tile: dot products only */
			for (size_t j = i0; j < i1; j++) {
				d0 += k0[j] * w[j];
				d1 += k1[j] * w[j];
				d2 += k2[j] * w[j];
				d3 += k3[j] * w[j];
			}
			size_t j = i1;
			for (; j + 4 <= m; j += 4) {
				v4d x0, x1, x2, x3, wj, c;
				KLD4(x0, k0 + j);
				KLD4(x1, k1 + j);
				KLD4(x2, k2 + j);
				KLD4(x3, k3 + j);
				memcpy(&wj, w + j, sizeof wj);
				memcpy(&c, cs + j, sizeof c);
				a0 += x0 * wj;
				a1 += x1 * wj;
				a2 += x2 * wj;
				a3 += x3 * wj;
				c += (x0 * w0 + x1 * w1) + (x2 * w2 + x3 * w3);
				memcpy(cs + j, &c, sizeof c);
			}
			for (; j < m; j++) {
				d0 += k0[j] * w[j];
				d1 += k1[j] * w[j];
				d2 += k2[j] * w[j];
				d3 += k3[j] * w[j];
				cs[j] += (k0[j] * w[i] + k1[j] * w[i + 1]) + (k2[j] * w[i + 2] + k3[j] * w[i + 3]);
			}
			P->s[i] = d0 + ((a0[0] + a0[1]) + (a0[2] + a0[3]));
			P->s[i + 1] = d1 + ((a1[0] + a1[1]) + (a1[2] + a1[3]));
			P->s[i + 2] = d2 + ((a2[0] + a2[1]) + (a2[2] + a2[3]));
			P->s[i + 3] = d3 + ((a3[0] + a3[1]) + (a3[2] + a3[3]));
		}
		for (; i < i1; i++) {
			const KT *k = KMAT(P) + i * m;
			double d = 0.0;
			for (size_t j = i0; j < m; j++)
				d += k[j] * w[j];
			for (size_t j = i1; j < m; j++)
				cs[j] += k[j] * w[i];
			P->s[i] = d;
		}
	}
	return 0;
}

/* Column sums s_j = sum_i K_ij w_i as the sum of two partial sums over the
 * first and the second half of the rows (into s and s2), four rows at a
 * time. The halves are the parts of the two-thread split (each thread
 * streams its own contiguous rows); one thread computes both the same way,
 * so the result never depends on the thread count. @lo..@hi: which halves. */
FAIR_CLONES static int
KFN(mv_cols_half)(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m;
	for (size_t half = lo; half < hi; half++) {
		double *s = half ? P->s2 : P->s;
		size_t i0 = half ? P->n / 2 : 0, i1 = half ? P->n : P->n / 2;
		memset(s, 0, m * sizeof *s);
		size_t i = i0;
		for (; i + 4 <= i1; i += 4) {
			KFN(cols_add4)(s, KMAT(P) + i * m, P->w + i, m);
		}
		for (; i < i1; i++) {
			const KT *k = KMAT(P) + i * m;
			const double wi = P->w[i];
			for (size_t j = 0; j < m; j++)
				s[j] += k[j] * wi;
		}
	}
	return 0;
}

/* Rows lo..hi of a fused alternating sweep (halves 0 and 1 of the rows, as
 * mv_cols_half splits them): for four rows at a time, each row's dot product
 * with the column weights w gives its new potential f_i (as
 * fair__ot_ski_upd_rows) and its weight u_i (as fair__ot_ski_upd_cols would
 * compute it from f_i), and the four rows, still in cache, then add u_i K_ij
 * to the column sums of their half (t1 or s2) -- the same operations in the
 * same order as the two separate passes, so the same numbers, from one read
 * of the kernel instead of two. */
FAIR_CLONES static int
KFN(alt_half)(struct fair__ot_ski_prob *P, size_t lo, size_t hi)
{
	const size_t m = P->m;
	const double *w = P->w;
	double *f = P->alt_f, *u = P->t0;
	for (size_t half = lo; half < hi; half++) {
		double *cs = half ? P->s2 : P->t1;
		size_t i0 = half ? P->n / 2 : 0, i1 = half ? P->n : P->n / 2;
		memset(cs, 0, m * sizeof *cs);
		for (size_t i = i0; i < i1;) {
			size_t nr = i + 4 <= i1 ? 4 : 1;
			for (size_t q = i; q < i + nr; q++) {
				double s = KFN(row_dot)(KMAT(P) + q * m, w, m);
				if (s > SKI_TINY && s < HUGE_VAL)
					f[q] = P->fh[q] - P->eps * log(s);
				else
					f[q] = exact_smin(P, false, q, P->alt_g);
				u[q] = exp(P->la + (f[q] - P->fh[q]) / P->eps);
			}
			if (nr == 4) {
				KFN(cols_add4)(cs, KMAT(P) + i * m, u + i, m);
			} else {
				const KT *k = KMAT(P) + i * m;
				const double wi = u[i];
				for (size_t j = 0; j < m; j++)
					cs[j] += k[j] * wi;
			}
			i += nr;
		}
	}
	return 0;
}

#undef KFN
#undef KCAT
#undef KCAT2
