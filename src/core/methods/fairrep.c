/* fairrep.c -- fair multi-task representation learning (doc/methods.md 5.1-5.4):
 * a small dense encoder (linear / mlp1 / mlp2) with hand-written backprop,
 * one linear head per task, Adam on mean task loss + weight decay + lambda *
 * divergence between the groups' minibatch representations. The layers live
 * here (static); the divergences come from ot-private.h. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "methods/methods-private.h"


/* Per-batch buffers, sized for @cap rows. */
struct ws {
	size_t cap;
	gsl_matrix *Xb, *pre[2], *act[2], *dA, *dpre, *Gz, *tA, *tB;
	double *Yb;        /* T x cap targets (standardised), NaN = unlabelled */
	size_t *cnt;       /* rows of each group 0..K-1 at the start of the batch */
};

static void
ws_free(struct ws *w)
{
	gsl_matrix_free(w->Xb);
	for (int l = 0; l < 2; l++) {
		gsl_matrix_free(w->pre[l]);
		gsl_matrix_free(w->act[l]);
	}
	gsl_matrix_free(w->dA);
	gsl_matrix_free(w->dpre);
	gsl_matrix_free(w->Gz);
	gsl_matrix_free(w->tA);
	gsl_matrix_free(w->tB);
	free(w->Yb);
	free(w->cnt);
	memset(w, 0, sizeof *w);
}

static int
ws_alloc(struct ws *w, const fair_fairrep *rep, size_t cap)
{
	memset(w, 0, sizeof *w);
	size_t wmax = rep->d;
	w->cap = cap;
	w->Xb = gsl_matrix_alloc(cap, rep->d);
	bool ok = w->Xb != NULL;
	for (size_t l = 0; l < rep->nlayer; l++) {
		w->pre[l] = gsl_matrix_alloc(cap, rep->L[l].out);
		w->act[l] = gsl_matrix_alloc(cap, rep->L[l].out);
		ok = ok && w->pre[l] && w->act[l];
		wmax = rep->L[l].out > wmax ? rep->L[l].out : wmax;
	}
	w->dA = gsl_matrix_alloc(cap, wmax);
	w->dpre = gsl_matrix_alloc(cap, wmax);
	w->Gz = gsl_matrix_alloc(cap, rep->r);
	w->tA = gsl_matrix_alloc(cap, rep->r);
	w->tB = gsl_matrix_alloc(cap, rep->r);
	w->Yb = malloc((rep->T ? rep->T : 1) * cap * sizeof *w->Yb);
	w->cnt = calloc(rep->K + 1, sizeof *w->cnt);
	ok = ok && w->dA && w->dpre && w->Gz && w->tA && w->tB && w->Yb && w->cnt;
	if (!ok) {
		ws_free(w);
		return FAIR_ENOMEM;
	}
	return FAIR_OK;
}

static gsl_matrix_view
rows_of(gsl_matrix *M, size_t off, size_t n, size_t cols)
{
	return gsl_matrix_submatrix(M, off, 0, n, cols);
}

/* Forward pass of the first @B rows of w->Xb; the representation ends up in
 * w->act[nlayer - 1] (or a view on it). */
static void
forward(const fair_fairrep *rep, const double *theta, struct ws *w, size_t B)
{
	gsl_matrix_view in = rows_of(w->Xb, 0, B, rep->d);
	for (size_t l = 0; l < rep->nlayer; l++) {
		const struct layer *L = &rep->L[l];
		gsl_matrix_const_view W = gsl_matrix_const_view_array(theta + L->w_off, L->out, L->in);
		gsl_matrix_view P = rows_of(w->pre[l], 0, B, L->out);
		gsl_matrix_view A = rows_of(w->act[l], 0, B, L->out);
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &in.matrix, &W.matrix, 0.0, &P.matrix);
		const double *c = theta + L->b_off;
		for (size_t i = 0; i < B; i++) {
			double *p = gsl_matrix_ptr(&P.matrix, i, 0), *a = gsl_matrix_ptr(&A.matrix, i, 0);
			for (size_t k = 0; k < L->out; k++) {
				p[k] += c[k];
				a[k] = L->act == FAIR_ACT_TANH ? tanh(p[k])
				     : L->act == FAIR_ACT_RELU ? (p[k] > 0.0 ? p[k] : 0.0) : p[k];
			}
		}
		in = A;
	}
}

/* Backward pass from dL/dZ in w->Gz (first B rows), adding into grad. */
static void
backward(const fair_fairrep *rep, const double *theta, struct ws *w, size_t B, double *grad)
{
	gsl_matrix_view dA = rows_of(w->Gz, 0, B, rep->r);
	for (size_t l = rep->nlayer; l-- > 0;) {
		const struct layer *L = &rep->L[l];
		gsl_matrix_view P = rows_of(w->pre[l], 0, B, L->out);
		gsl_matrix_view A = rows_of(w->act[l], 0, B, L->out);
		gsl_matrix_view D = rows_of(w->dpre, 0, B, L->out);
		for (size_t i = 0; i < B; i++)
			for (size_t k = 0; k < L->out; k++) {
				double g = gsl_matrix_get(&dA.matrix, i, k), a = gsl_matrix_get(&A.matrix, i, k);
				if (L->act == FAIR_ACT_TANH)
					g *= 1.0 - a * a;
				else if (L->act == FAIR_ACT_RELU)
					g = gsl_matrix_get(&P.matrix, i, k) > 0.0 ? g : 0.0;
				gsl_matrix_set(&D.matrix, i, k, g);
			}
		gsl_matrix_view in = l == 0 ? rows_of(w->Xb, 0, B, rep->d) : rows_of(w->act[l - 1], 0, B, L->in);
		gsl_matrix_view dW = gsl_matrix_view_array(grad + L->w_off, L->out, L->in);
		gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &D.matrix, &in.matrix, 1.0, &dW.matrix);
		for (size_t i = 0; i < B; i++)
			for (size_t k = 0; k < L->out; k++)
				grad[L->b_off + k] += gsl_matrix_get(&D.matrix, i, k);
		if (l > 0) {
			gsl_matrix_const_view W = gsl_matrix_const_view_array(theta + L->w_off, L->out, L->in);
			gsl_matrix_view dIn = rows_of(w->dA, 0, B, L->in);
			gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &D.matrix, &W.matrix, 0.0, &dIn.matrix);
			dA = dIn;
		}
	}
}

static double
softplus(double s)
{
	return s > 0.0 ? s + log1p(exp(-s)) : log1p(exp(s));
}

static void
div_opts(const fair_fairrep *rep, fair_divergence_opts *d)
{
	fair_divergence_opts_init(d);
	d->kind = rep->o.divergence;
	d->bandwidth = rep->bandwidth;
	d->unbiased = rep->o.unbiased;
	d->sinkhorn.eps = rep->o.epsilon;
	d->sinkhorn.max_iter = rep->o.sinkhorn_iter;
	d->sinkhorn.tol = rep->o.sinkhorn_tol;
}

/* Objective on the batch in @w (B rows: group 0 rows first, then group 1,
 * ..., then rows without a group; w->cnt[g] rows of group g). Fills
 * task loss, divergence and the full objective; adds the gradient into
 * @grad when not NULL. */
static int
batch_objective(const fair_fairrep *rep, const double *theta, struct ws *w, size_t B,
                double *task_loss, double *divv, double *obj, double *grad, size_t *skipped,
                fair_error *err)
{
	const size_t r = rep->r, T = rep->T, K = rep->K;
	forward(rep, theta, w, B);
	gsl_matrix_view Z = rows_of(w->act[rep->nlayer - 1], 0, B, r);
	gsl_matrix_view Gz = rows_of(w->Gz, 0, B, r);
	gsl_matrix_set_zero(&Gz.matrix);

	double tl = 0.0;
	for (size_t t = 0; t < T; t++) {
		const double *wt = theta + rep->head_off + t * (r + 1), bt = wt[r];
		const double *y = w->Yb + t * w->cap;
		size_t nt = 0;
		for (size_t i = 0; i < B; i++)
			nt += !isnan(y[i]);
		if (nt == 0)
			continue;
		double sc = 1.0 / ((double)T * (double)nt), lt = 0.0;
		double *gw = grad ? grad + rep->head_off + t * (r + 1) : NULL;
		for (size_t i = 0; i < B; i++) {
			if (isnan(y[i]))
				continue;
			const double *z = gsl_matrix_const_ptr(&Z.matrix, i, 0);
			double s = bt;
			for (size_t k = 0; k < r; k++)
				s += wt[k] * z[k];
			double dl;
			if (rep->kinds[t] == FAIR_TASK_CLASSIFICATION) {
				lt += softplus(s) - y[i] * s;
				dl = 1.0 / (1.0 + exp(-s)) - y[i];
			} else {
				lt += 0.5 * (s - y[i]) * (s - y[i]);
				dl = s - y[i];
			}
			dl *= sc;
			if (grad) {
				double *g = gsl_matrix_ptr(&Gz.matrix, i, 0);
				for (size_t k = 0; k < r; k++) {
					g[k] += dl * wt[k];
					gw[k] += dl * z[k];
				}
				gw[r] += dl;
			}
		}
		tl += lt * sc;
	}

	double reg = 0.0, wd = rep->o.weight_decay;
	for (size_t l = 0; l < rep->nlayer; l++)
		for (size_t q = 0; q < rep->L[l].in * rep->L[l].out; q++) {
			double v = theta[rep->L[l].w_off + q];
			reg += wd * v * v;
			if (grad)
				grad[rep->L[l].w_off + q] += 2.0 * wd * v;
		}
	for (size_t t = 0; t < T; t++)
		for (size_t k = 0; k < r; k++) {
			size_t q = rep->head_off + t * (r + 1) + k;
			reg += wd * theta[q] * theta[q];
			if (grad)
				grad[q] += 2.0 * wd * theta[q];
		}

	/* penalty: K = 2: D(Z_0, Z_1); K > 2: sum_g D(Z_g, Z_pooled) (5.4) */
	double dv = 0.0, lam = rep->o.lambda;
	fair_divergence_opts dopt;
	div_opts(rep, &dopt);
	size_t pooled = 0;
	for (size_t g = 0; g < K; g++)
		pooled += w->cnt[g];
	if (K == 2) {
		size_t n0 = w->cnt[0], n1 = w->cnt[1];
		if (n0 >= 2 && n1 >= 2) {
			gsl_matrix_view Za = rows_of(&Z.matrix, 0, n0, r), Zb = rows_of(&Z.matrix, n0, n1, r);
			gsl_matrix_view Ga = rows_of(w->tA, 0, n0, r), Gb = rows_of(w->tB, 0, n1, r);
			int rc = fair_divergence(&Za.matrix, &Zb.matrix, &dopt, &dv, grad ? &Ga.matrix : NULL,
			                         grad ? &Gb.matrix : NULL, err);
			if (rc)
				return rc;
			if (grad && lam != 0.0) {
				gsl_matrix_view T0 = rows_of(&Gz.matrix, 0, n0, r), T1 = rows_of(&Gz.matrix, n0, n1, r);
				gsl_matrix_scale(&Ga.matrix, lam);
				gsl_matrix_scale(&Gb.matrix, lam);
				gsl_matrix_add(&T0.matrix, &Ga.matrix);
				gsl_matrix_add(&T1.matrix, &Gb.matrix);
			}
		} else if (skipped)
			(*skipped)++;
	} else {
		gsl_matrix_view Zp = rows_of(&Z.matrix, 0, pooled, r);
		size_t off = 0;
		for (size_t g = 0; g < K; g++) {
			size_t ng = w->cnt[g];
			if (ng < 2) {
				if (skipped)
					(*skipped)++;
				off += ng;
				continue;
			}
			gsl_matrix_view Zg = rows_of(&Z.matrix, off, ng, r);
			gsl_matrix_view Ga = rows_of(w->tA, 0, ng, r), Gb = rows_of(w->tB, 0, pooled, r);
			double v;
			int rc = fair_divergence(&Zg.matrix, &Zp.matrix, &dopt, &v, grad ? &Ga.matrix : NULL,
			                         grad ? &Gb.matrix : NULL, err);
			if (rc)
				return rc;
			dv += v;
			if (grad && lam != 0.0) {
				gsl_matrix_view Tg = rows_of(&Gz.matrix, off, ng, r), Tp = rows_of(&Gz.matrix, 0, pooled, r);
				gsl_matrix_scale(&Ga.matrix, lam);
				gsl_matrix_scale(&Gb.matrix, lam);
				gsl_matrix_add(&Tg.matrix, &Ga.matrix);
				gsl_matrix_add(&Tp.matrix, &Gb.matrix);
			}
			off += ng;
		}
	}
	if (grad)
		backward(rep, theta, w, B, grad);
	*task_loss = tl;
	*divv = dv;
	*obj = tl + reg + lam * dv;
	if (!isfinite(*obj))
		return fair_error_set(err, FAIR_ENUMERIC,
		                      "fairrep: objective is not finite (task loss %g, divergence %g); %s",
		                      tl, dv, isfinite(tl) && !isfinite(dv)
		                      ? "the divergence overflowed: check bandwidth= or epsilon=, or lower lambda"
		                      : "try a smaller lr");
	return FAIR_OK;
}

/* Copies rows @idx[0..B) of X and the targets (standardised) into the batch. */
static void
fill_batch(const fair_fairrep *rep, struct ws *w, const gsl_matrix *X, const double *const *Y,
           const size_t *idx, size_t B)
{
	for (size_t i = 0; i < B; i++) {
		gsl_vector_const_view src = gsl_matrix_const_row(X, idx[i]);
		gsl_vector_view dst = gsl_matrix_row(w->Xb, i);
		gsl_vector_memcpy(&dst.vector, &src.vector);
		for (size_t t = 0; t < rep->T; t++) {
			double y = Y[t][idx[i]];
			if (rep->kinds[t] == FAIR_TASK_REGRESSION && !isnan(y))
				y = (y - rep->ymean[t]) / rep->ysd[t];
			w->Yb[t * w->cap + i] = y;
		}
	}
}

/* Encodes up to STAT_ROWS evenly spaced rows that have a group; returns the
 * matrix (caller frees) or NULL. */
static gsl_matrix *
encode_sample(const fair_fairrep *rep, const gsl_matrix *X, const int32_t *group, size_t limit,
              fair_error *err)
{
	size_t n = X->size1, ng = 0;
	for (size_t i = 0; i < n; i++)
		ng += group[i] >= 0;
	size_t use = ng > limit ? limit : ng, q = 0, seen = 0;
	gsl_matrix *S = gsl_matrix_alloc(use, X->size2);
	if (!S) {
		fair_error_set(err, FAIR_ENOMEM, "fairrep: out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n && q < use; i++) {
		if (group[i] < 0)
			continue;
		if (seen++ == q * ng / use) {
			gsl_vector_const_view src = gsl_matrix_const_row(X, i);
			gsl_matrix_set_row(S, q++, &src.vector);
		}
	}
	gsl_matrix *Z = fair_fairrep_encode(rep, S, err);
	gsl_matrix_free(S);
	return Z;
}

static void
column_sd(const gsl_matrix *Z, double *sd)
{
	for (size_t k = 0; k < Z->size2; k++) {
		double m = 0.0, s = 0.0;
		for (size_t i = 0; i < Z->size1; i++)
			m += gsl_matrix_get(Z, i, k);
		m /= (double)Z->size1;
		for (size_t i = 0; i < Z->size1; i++) {
			double v = gsl_matrix_get(Z, i, k) - m;
			s += v * v;
		}
		sd[k] = sqrt(s / (double)(Z->size1 > 1 ? Z->size1 - 1 : 1));
	}
}

/* Divergence of the training representation on at most FINAL_DIV_ROWS
 * (Sinkhorn: half that) evenly spaced rows per group, with the training
 * options (MMD: last bandwidth; Sinkhorn: same eps and iteration budget). */
static double
full_divergence(const fair_fairrep *rep, const gsl_matrix *X, const int32_t *group)
{
	double out = 0.0;
	size_t n = X->size1, K = rep->K;
	int32_t *gsel = malloc(n * sizeof *gsel);
	if (!gsel)
		return NAN;
	gsl_matrix *Zg[2] = { NULL, NULL };
	fair_divergence_opts dopt;
	div_opts(rep, &dopt);
	/* Sinkhorn: the training iteration budget, and fewer rows (O(n^2) per sweep) */
	size_t rows = rep->o.divergence == FAIR_DIV_SINKHORN ? FINAL_DIV_ROWS / 2 : FINAL_DIV_ROWS;
	/* K = 2: group 0 vs group 1; K > 2: each group vs all (5.4) */
	size_t npair = K == 2 ? 1 : K;
	for (size_t p = 0; p < npair && !isnan(out); p++) {
		for (int side = 0; side < 2; side++) {
			for (size_t i = 0; i < n; i++) {
				bool in = K == 2 ? group[i] == (int32_t)side
				        : side == 0 ? group[i] == (int32_t)p : group[i] >= 0;
				gsel[i] = in ? 0 : -1;
			}
			gsl_matrix_free(Zg[side]);
			Zg[side] = encode_sample(rep, X, gsel, rows, NULL);
		}
		double v;
		if (!Zg[0] || !Zg[1] || fair_divergence(Zg[0], Zg[1], &dopt, &v, NULL, NULL, NULL))
			out = NAN;
		else
			out += v;
	}
	gsl_matrix_free(Zg[0]);
	gsl_matrix_free(Zg[1]);
	free(gsel);
	return out;
}

static bool
detect_collapse(const fair_fairrep *rep, const gsl_matrix *X, const double *const *Y,
                const double *sd0, const gsl_matrix *Zs)
{
	double *sd = malloc(rep->r * sizeof *sd);
	if (!sd)
		return false;
	column_sd(Zs, sd);
	bool tiny = true;
	for (size_t k = 0; k < rep->r; k++)
		if (!(sd[k] < 1e-3 * sd0[k]))
			tiny = false;
	free(sd);
	if (tiny)
		return true;
	bool allbin = true;
	for (size_t t = 0; t < rep->T; t++)
		allbin = allbin && rep->kinds[t] == FAIR_TASK_CLASSIFICATION;
	if (!allbin)
		return false;
	/* every head predicts one class, or every head's training loss is within
	 * 1% of the best constant predictor's (the representation carries no
	 * information for any task) */
	size_t n = X->size1;
	double *s = malloc(n * sizeof *s);
	if (!s)
		return false;
	bool single = true, flat = true;
	for (size_t t = 0; t < rep->T; t++) {
		if (fair_fairrep_predict(rep, t, X, s, NULL)) {
			single = flat = false;
			break;
		}
		int seen = 0;
		double loss = 0.0, pos = 0.0, cnt = 0.0;
		for (size_t i = 0; i < n; i++) {
			double y = Y[t][i];
			if (isnan(y))
				continue;
			seen |= s[i] > 0.5 ? 2 : 1;
			double p = fmin(fmax(s[i], 1e-15), 1.0 - 1e-15);
			loss -= y * log(p) + (1.0 - y) * log1p(-p);
			pos += y;
			cnt += 1.0;
		}
		single = single && seen != 3;
		double pb = pos / cnt, h = 0.0;
		if (pb > 0.0 && pb < 1.0)
			h = -(pb * log(pb) + (1.0 - pb) * log1p(-pb));
		flat = flat && loss / cnt >= 0.99 * h;
	}
	free(s);
	return single || flat;
}

fair_fairrep *
fair_fairrep_fit(const gsl_matrix *X, const double *const *Y, const int *kinds, size_t T,
                 const int32_t *group, size_t K, const fair_fairrep_opts *opts,
                 fair_progress *prog, fair_error *err)
{
	fair_fairrep_opts o;
	if (opts)
		o = *opts;
	else
		fair_fairrep_opts_init(&o);
	if (fair__methods_fairrep_validate(X, Y, kinds, T, group, K, &o, err))
		return NULL;
	const size_t n = X->size1, S = K + 1;   /* strata: groups, then "no group" */
	fair_fairrep *rep = NULL;
	struct ws w;
	memset(&w, 0, sizeof w);
	size_t *strat = NULL, *scnt = NULL, *soff = NULL, *idx = NULL;
	double *m = NULL, *v = NULL, *grad = NULL, *sd0 = NULL;
	gsl_matrix *Zs = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		goto nomem;
	gsl_rng_set(rng, o.seed);
	rep = fair_repi_new(X->size2, kinds, T, K, &o, rng);
	if (!rep)
		goto nomem;
	for (size_t t = 0; t < T; t++)
		if (kinds[t] == FAIR_TASK_REGRESSION) {
			double s = 0.0, s2 = 0.0;
			size_t c = 0;
			for (size_t i = 0; i < n; i++)
				if (!isnan(Y[t][i])) {
					s += Y[t][i];
					c++;
				}
			rep->ymean[t] = s / (double)c;
			for (size_t i = 0; i < n; i++)
				if (!isnan(Y[t][i]))
					s2 += (Y[t][i] - rep->ymean[t]) * (Y[t][i] - rep->ymean[t]);
			rep->ysd[t] = c > 1 && s2 > 0.0 ? sqrt(s2 / (double)(c - 1)) : 1.0;
		}

	/* strata: row indices grouped by group (stable), then rows without one */
	strat = malloc(n * sizeof *strat);
	scnt = calloc(S, sizeof *scnt);
	soff = calloc(S + 1, sizeof *soff);
	if (!strat || !scnt || !soff)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		scnt[group[i] >= 0 ? (size_t)group[i] : K]++;
	for (size_t s = 0; s < S; s++)
		soff[s + 1] = soff[s] + scnt[s];
	{
		size_t *fill = calloc(S, sizeof *fill);
		if (!fill)
			goto nomem;
		for (size_t i = 0; i < n; i++) {
			size_t s = group[i] >= 0 ? (size_t)group[i] : K;
			strat[soff[s] + fill[s]++] = i;
		}
		free(fill);
	}
	size_t nb = (n + o.batch - 1) / o.batch, cap = 0;
	for (size_t s = 0; s < S; s++)
		cap += scnt[s] / nb + 1;
	idx = malloc(cap * sizeof *idx);
	m = calloc(rep->nparam, sizeof *m);
	v = calloc(rep->nparam, sizeof *v);
	grad = malloc(rep->nparam * sizeof *grad);
	sd0 = malloc(rep->r * sizeof *sd0);
	if (!idx || !m || !v || !grad || !sd0 || ws_alloc(&w, rep, cap))
		goto nomem;

	Zs = encode_sample(rep, X, group, STAT_ROWS, err);
	if (!Zs)
		goto fail;
	column_sd(Zs, sd0);
	fair_progress_set(prog, 0, o.epochs, NAN, NAN);
	const double b1 = 0.9, b2 = 0.999, aeps = 1e-8;
	size_t step = 0;
	for (size_t ep = 0; ep < o.epochs; ep++) {
		if (fair_progress_cancelled(prog)) {
			fair_error_set(err, FAIR_ECANCELED, "fairrep: cancelled at epoch %zu", ep);
			goto fail;
		}
		if (o.divergence == FAIR_DIV_MMD && o.bandwidth <= 0.0) {
			/* median heuristic on the current representation, once per epoch (5.5) */
			gsl_matrix_free(Zs);
			Zs = encode_sample(rep, X, group, STAT_ROWS, err);
			if (!Zs || fair_median_bandwidth(Zs, NULL, &rep->bandwidth, err))
				goto fail;
		}
		for (size_t s = 0; s < S; s++)
			if (scnt[s] > 1)
				gsl_ran_shuffle(rng, strat + soff[s], scnt[s], sizeof *strat);
		double eloss = 0.0, ediv = 0.0;
		for (size_t k = 0; k < nb; k++) {
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "fairrep: cancelled at epoch %zu", ep);
				goto fail;
			}
			size_t B = 0;
			for (size_t s = 0; s < S; s++) {
				size_t lo = k * scnt[s] / nb, hi = (k + 1) * scnt[s] / nb;
				if (s < K)
					w.cnt[s] = hi - lo;
				for (size_t q = lo; q < hi; q++)
					idx[B++] = strat[soff[s] + q];
			}
			fill_batch(rep, &w, X, Y, idx, B);
			memset(grad, 0, rep->nparam * sizeof *grad);
			double tl, dv, obj;
			if (batch_objective(rep, rep->theta, &w, B, &tl, &dv, &obj, grad, &rep->skipped, err))
				goto fail;
			eloss += tl;
			ediv += dv;
			step++;
			double c1 = 1.0 - pow(b1, (double)step), c2 = 1.0 - pow(b2, (double)step);
			for (size_t q = 0; q < rep->nparam; q++) {
				m[q] = b1 * m[q] + (1.0 - b1) * grad[q];
				v[q] = b2 * v[q] + (1.0 - b2) * grad[q] * grad[q];
				rep->theta[q] -= o.lr * (m[q] / c1) / (sqrt(v[q] / c2) + aeps);
			}
		}
		rep->loss_hist[ep] = eloss / (double)nb;
		rep->div_hist[ep] = ediv / (double)nb;
		rep->epochs_run = ep + 1;
		fair_progress_set(prog, ep + 1, o.epochs, rep->loss_hist[ep], rep->div_hist[ep]);
	}
	gsl_matrix_free(Zs);
	Zs = encode_sample(rep, X, group, STAT_ROWS, err);
	if (!Zs)
		goto fail;
	rep->collapsed = detect_collapse(rep, X, Y, sd0, Zs);
	rep->final_div = full_divergence(rep, X, group);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "fairrep: out of memory");
fail:
	fair_fairrep_free(rep);
	rep = NULL;
out:
	gsl_matrix_free(Zs);
	ws_free(&w);
	free(strat);
	free(scnt);
	free(soff);
	free(idx);
	free(m);
	free(v);
	free(grad);
	free(sd0);
	gsl_rng_free(rng);
	return rep;
}

gsl_matrix *
fair_fairrep_encode(const fair_fairrep *rep, const gsl_matrix *X, fair_error *err)
{
	if (!rep || !X || X->size2 != rep->d) {
		fair_error_set(err, FAIR_EINVAL, "fairrep: input has %zu columns; the representation expects %zu",
		               X ? X->size2 : 0, rep ? rep->d : 0);
		return NULL;
	}
	size_t n = X->size1, chunk = n < 512 ? (n ? n : 1) : 512;
	gsl_matrix *Z = gsl_matrix_alloc(n ? n : 1, rep->r);
	struct ws w;
	if (!Z || ws_alloc(&w, rep, chunk)) {
		gsl_matrix_free(Z);
		fair_error_set(err, FAIR_ENOMEM, "fairrep: out of memory");
		return NULL;
	}
	for (size_t i0 = 0; i0 < n; i0 += chunk) {
		size_t B = i0 + chunk < n ? chunk : n - i0;
		gsl_matrix_const_view src = gsl_matrix_const_submatrix(X, i0, 0, B, rep->d);
		gsl_matrix_view dst = rows_of(w.Xb, 0, B, rep->d);
		gsl_matrix_memcpy(&dst.matrix, &src.matrix);
		forward(rep, rep->theta, &w, B);
		gsl_matrix_view Zb = rows_of(w.act[rep->nlayer - 1], 0, B, rep->r);
		gsl_matrix_view out = rows_of(Z, i0, B, rep->r);
		gsl_matrix_memcpy(&out.matrix, &Zb.matrix);
	}
	ws_free(&w);
	return Z;
}

int
fair_fairrep_predict(const fair_fairrep *rep, size_t task, const gsl_matrix *X, double *score,
                     fair_error *err)
{
	if (!rep || task >= rep->T)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: task %zu does not exist; the model has %zu tasks",
		                      task, rep ? rep->T : 0);
	gsl_matrix *Z = fair_fairrep_encode(rep, X, err);
	if (!Z)
		return err ? err->code : FAIR_EINVAL;
	const double *wt = rep->theta + rep->head_off + task * (rep->r + 1);
	for (size_t i = 0; i < X->size1; i++) {
		double s = wt[rep->r];
		for (size_t k = 0; k < rep->r; k++)
			s += wt[k] * gsl_matrix_get(Z, i, k);
		score[i] = rep->kinds[task] == FAIR_TASK_CLASSIFICATION ? 1.0 / (1.0 + exp(-s))
		         : rep->ymean[task] + rep->ysd[task] * s;
	}
	gsl_matrix_free(Z);
	return FAIR_OK;
}

bool
fair_fairrep_collapsed(const fair_fairrep *rep)
{
	return rep && rep->collapsed;
}

void
fair_fairrep_summary_get(const fair_fairrep *rep, fair_fairrep_summary *s)
{
	memset(s, 0, sizeof *s);
	s->d = rep->d;
	s->dim = rep->r;
	s->tasks = rep->T;
	s->groups = rep->K;
	s->epochs = rep->epochs_run;
	s->loss = rep->loss_hist;
	s->div = rep->div_hist;
	s->bandwidth = rep->o.divergence == FAIR_DIV_MMD ? rep->bandwidth : NAN;
	s->final_div = rep->final_div;
	s->collapsed = rep->collapsed;
	s->skipped = rep->skipped;
}

int
fair_fairrep_objective(const fair_fairrep *rep, const gsl_matrix *X, const double *const *Y,
                       const int32_t *group, double *value, double *grad, fair_error *err)
{
	if (!rep || !X || X->size2 != rep->d || X->size1 < 2)
		return fair_error_set(err, FAIR_EINVAL, "fairrep: objective needs at least 2 rows of %zu features",
		                      rep ? rep->d : 0);
	size_t n = X->size1, B = 0;
	struct ws w;
	size_t *idx = malloc(n * sizeof *idx);
	if (!idx || ws_alloc(&w, rep, n)) {
		free(idx);
		return fair_error_set(err, FAIR_ENOMEM, "fairrep: out of memory");
	}
	for (size_t g = 0; g <= rep->K; g++) {
		size_t c = 0;
		for (size_t i = 0; i < n; i++) {
			bool in = g < rep->K ? group[i] == (int32_t)g : (group[i] < 0 || group[i] >= (int32_t)rep->K);
			if (in) {
				idx[B++] = i;
				c++;
			}
		}
		if (g < rep->K)
			w.cnt[g] = c;
	}
	fill_batch(rep, &w, X, Y, idx, B);
	if (grad)
		memset(grad, 0, rep->nparam * sizeof *grad);
	double tl, dv;
	int rc = batch_objective(rep, rep->theta, &w, B, &tl, &dv, value, grad, NULL, err);
	ws_free(&w);
	free(idx);
	return rc;
}

double *
fair_fairrep_params(fair_fairrep *rep, size_t *count)
{
	*count = rep->nparam;
	return rep->theta;
}
