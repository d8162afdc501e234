/* nn.c -- dense feed-forward networks: forward, backward with injectable
 * layer gradients, Adam (see learn-private.h). Batches are row-major matrices, so each
 * layer is one dgemm forward and two backward. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_rng.h>

#include "learn/learn-private.h"
#include "fairsh/param.h"

struct fair_nn {
	size_t  L;          /* layers (hidden + output) */
	size_t *width;      /* L + 1 widths, width[0] = inputs */
	int     act;
	size_t  nparams;
	size_t *woff, *boff;  /* per layer 1..L (index 0 unused) */
	double *params;
};

struct fair_nn_work {
	size_t   L, max_rows, m;
	size_t  *width;
	double **A, **G;    /* per layer 1..L: max_rows x width */
	/* dropout on the hidden layers (fair_nn_work_dropout): per hidden
	 * layer the mask of the last forward, 0 (dropped) or 1 / keep */
	double   keep;
	gsl_rng *rng;       /* borrowed */
	double **M;
};

struct fair_adam {
	size_t  n, t;
	double  lr, b1, b2, eps, b1t, b2t;
	double *m, *v;
};

void
fair_nn_free(fair_nn *net)
{
	if (net == NULL)
		return;
	free(net->width);
	free(net->woff);
	free(net->boff);
	free(net->params);
	free(net);
}

static fair_nn *
nn_alloc(size_t L, fair_error *err)
{
	fair_nn *net = calloc(1, sizeof *net);
	if (net == NULL || (net->width = calloc(L + 1, sizeof *net->width)) == NULL ||
	    (net->woff = calloc(L + 1, sizeof *net->woff)) == NULL ||
	    (net->boff = calloc(L + 1, sizeof *net->boff)) == NULL) {
		fair_nn_free(net);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	net->L = L;
	return net;
}

/* The parameter offsets of a network of @L layers with widths @w[0..L]
 * (weights then biases, layer by layer) into @woff/@boff (may be NULL) and
 * the count into *n; false when a count overflows (widths from a file). */
static bool
nn_layout(const size_t *w, size_t L, size_t *woff, size_t *boff, size_t *n)
{
	size_t total = 0, wl;

	for (size_t l = 1; l <= L; l++) {
		if (woff)
			woff[l] = total;
		if (!fair_size_mul(w[l - 1], w[l], &wl) || !fair_size_add(total, wl, &total))
			return false;
		if (boff)
			boff[l] = total;
		if (!fair_size_add(total, w[l], &total))
			return false;
	}
	/* the parameters are doubles, and Adam keeps two more of each */
	if (total > SIZE_MAX / (3 * sizeof(double)))
		return false;
	*n = total;
	return true;
}

fair_nn *
fair_nn_new(size_t nin, const size_t *hidden, size_t nhidden, size_t nout, int act,
            uint64_t seed, fair_error *err)
{
	fair_nn *net;
	gsl_rng *rng;

	if (nin == 0 || nout == 0) {
		fair_error_set(err, FAIR_EINVAL, "network needs at least one input and one output");
		return NULL;
	}
	for (size_t k = 0; k < nhidden; k++)
		if (hidden[k] == 0) {
			fair_error_set(err, FAIR_EINVAL, "hidden layer %zu has width 0", k + 1);
			return NULL;
		}
	if (act != FAIR_NN_RELU && act != FAIR_NN_TANH && act != FAIR_NN_IDENTITY) {
		fair_error_set(err, FAIR_EINVAL, "unknown activation %d", act);
		return NULL;
	}
	if ((net = nn_alloc(nhidden + 1, err)) == NULL)
		return NULL;
	net->act = act;
	net->width[0] = nin;
	for (size_t k = 0; k < nhidden; k++)
		net->width[k + 1] = hidden[k];
	net->width[net->L] = nout;
	if (!nn_layout(net->width, net->L, net->woff, net->boff, &net->nparams)) {
		fair_nn_free(net);
		fair_error_set(err, FAIR_EINVAL, "network too large: its parameters do not fit in memory");
		return NULL;
	}
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (rng == NULL || (net->params = calloc(net->nparams, sizeof *net->params)) == NULL) {
		if (rng)
			gsl_rng_free(rng);
		fair_nn_free(net);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	gsl_rng_set(rng, (unsigned long)seed);
	for (size_t l = 1; l <= net->L; l++) {
		size_t in = net->width[l - 1], out = net->width[l];
		/* He-uniform before a ReLU, Glorot-uniform otherwise */
		double lim = (l < net->L && act == FAIR_NN_RELU) ? sqrt(6.0 / (double)in)
		                                                 : sqrt(6.0 / (double)(in + out));
		for (size_t k = 0; k < in * out; k++)
			net->params[net->woff[l] + k] = lim * (2.0 * gsl_rng_uniform(rng) - 1.0);
	}
	gsl_rng_free(rng);
	return net;
}

fair_nn *
fair_nn_clone(const fair_nn *net, fair_error *err)
{
	fair_nn *c = nn_alloc(net->L, err);
	if (c == NULL)
		return NULL;
	c->act = net->act;
	c->nparams = net->nparams;
	memcpy(c->width, net->width, (net->L + 1) * sizeof *c->width);
	memcpy(c->woff, net->woff, (net->L + 1) * sizeof *c->woff);
	memcpy(c->boff, net->boff, (net->L + 1) * sizeof *c->boff);
	if ((c->params = malloc(net->nparams * sizeof *c->params)) == NULL) {
		fair_nn_free(c);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(c->params, net->params, net->nparams * sizeof *c->params);
	return c;
}

size_t fair_nn_nlayers(const fair_nn *net) { return net->L; }
size_t fair_nn_width(const fair_nn *net, size_t l) { return l <= net->L ? net->width[l] : 0; }
size_t fair_nn_nparams(const fair_nn *net) { return net->nparams; }
double *fair_nn_params(fair_nn *net) { return net->params; }
const double *fair_nn_params_const(const fair_nn *net) { return net->params; }
size_t fair_nn_weight_offset(const fair_nn *net, size_t l) { return net->woff[l]; }
size_t fair_nn_bias_offset(const fair_nn *net, size_t l) { return net->boff[l]; }

void
fair_nn_work_free(fair_nn_work *ws)
{
	if (ws == NULL)
		return;
	for (size_t l = 0; l <= ws->L; l++) {
		if (ws->A)
			free(ws->A[l]);
		if (ws->G)
			free(ws->G[l]);
		if (ws->M)
			free(ws->M[l]);
	}
	free(ws->A);
	free(ws->G);
	free(ws->M);
	free(ws->width);
	free(ws);
}

fair_nn_work *
fair_nn_work_new(const fair_nn *net, size_t max_rows, fair_error *err)
{
	fair_nn_work *ws = calloc(1, sizeof *ws);
	if (max_rows == 0)
		max_rows = 1;
	if (ws == NULL)
		goto nomem;
	ws->L = net->L;
	ws->max_rows = max_rows;
	ws->keep = 1.0;
	if ((ws->A = calloc(net->L + 1, sizeof *ws->A)) == NULL ||
	    (ws->G = calloc(net->L + 1, sizeof *ws->G)) == NULL ||
	    (ws->width = malloc((net->L + 1) * sizeof *ws->width)) == NULL)
		goto nomem;
	memcpy(ws->width, net->width, (net->L + 1) * sizeof *ws->width);
	for (size_t l = 1; l <= net->L; l++)
		if ((ws->A[l] = malloc(max_rows * net->width[l] * sizeof(double))) == NULL ||
		    (ws->G[l] = malloc(max_rows * net->width[l] * sizeof(double))) == NULL)
			goto nomem;
	return ws;
nomem:
	fair_nn_work_free(ws);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

int
fair_nn_forward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, fair_error *err)
{
	size_t m = X->size1;
	if (X->size2 != net->width[0] || m > ws->max_rows || m == 0 || ws->L != net->L)
		return fair_error_set(err, FAIR_EINVAL, "network forward: batch is %zu x %zu; expected at most %zu x %zu",
		                      m, X->size2, ws->max_rows, net->width[0]);
	ws->m = m;
	for (size_t l = 1; l <= net->L; l++) {
		size_t in = net->width[l - 1], out = net->width[l];
		gsl_matrix_const_view W = gsl_matrix_const_view_array(net->params + net->woff[l], in, out);
		const double *c = net->params + net->boff[l];
		gsl_matrix_view A = gsl_matrix_view_array(ws->A[l], m, out);
		for (size_t i = 0; i < m; i++)
			memcpy(ws->A[l] + i * out, c, out * sizeof *c);
		if (l == 1) {
			gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, &W.matrix, 1.0, &A.matrix);
		} else {
			gsl_matrix_const_view P = gsl_matrix_const_view_array(ws->A[l - 1], m, in);
			gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &P.matrix, &W.matrix, 1.0, &A.matrix);
		}
		if (l < net->L) {
			double *a = ws->A[l];
			if (net->act == FAIR_NN_RELU)
				for (size_t k = 0; k < m * out; k++)
					a[k] = a[k] > 0.0 ? a[k] : 0.0;
			else if (net->act == FAIR_NN_TANH)
				for (size_t k = 0; k < m * out; k++)
					a[k] = tanh(a[k]);
			if (ws->M != NULL) {
				double *mk = ws->M[l];
				for (size_t k = 0; k < m * out; k++) {
					mk[k] = gsl_rng_uniform(ws->rng) < ws->keep ? 1.0 / ws->keep : 0.0;
					a[k] *= mk[k];
				}
			}
		}
		memset(ws->G[l], 0, m * out * sizeof(double));
	}
	return FAIR_OK;
}

int
fair_nn_work_dropout(fair_nn_work *ws, double keep, gsl_rng *rng, fair_error *err)
{
	if (!(keep > 0.0 && keep <= 1.0))
		return fair_error_set(err, FAIR_EINVAL, "dropout: keep probability %g; expected (0, 1]", keep);
	if (keep < 1.0 && rng == NULL)
		return fair_error_set(err, FAIR_EINVAL, "dropout needs a random generator");
	if (keep < 1.0 && ws->M == NULL) {
		if ((ws->M = calloc(ws->L + 1, sizeof *ws->M)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		for (size_t l = 1; l < ws->L; l++)
			if ((ws->M[l] = malloc(ws->max_rows * ws->width[l] * sizeof(double))) == NULL)
				return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	} else if (keep >= 1.0 && ws->M != NULL) {
		for (size_t l = 0; l <= ws->L; l++)
			free(ws->M[l]);
		free(ws->M);
		ws->M = NULL;
	}
	ws->keep = keep;
	ws->rng = keep < 1.0 ? rng : NULL;
	return FAIR_OK;
}

gsl_matrix_view
fair_nn_layer_output(fair_nn_work *ws, size_t l)
{
	return gsl_matrix_view_array(ws->A[l], ws->m, ws->width[l]);
}

gsl_matrix_view
fair_nn_layer_grad(fair_nn_work *ws, size_t l)
{
	return gsl_matrix_view_array(ws->G[l], ws->m, ws->width[l]);
}

int
fair_nn_backward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, double *grad,
                 fair_error *err)
{
	size_t m = ws->m;
	if (X->size1 != m || X->size2 != net->width[0])
		return fair_error_set(err, FAIR_EINVAL, "network backward: batch does not match the forward pass");
	for (size_t l = net->L; l >= 1; l--) {
		size_t in = net->width[l - 1], out = net->width[l];
		double *delta = ws->G[l], *db = grad + net->boff[l];
		const double *a = ws->A[l];
		/* delta = dL/d(pre-activation) = G * act'(.) from the stored output;
		 * with dropout the stored output is mask * act(.): a dropped unit
		 * passes nothing back, a kept one its gradient times 1 / keep */
		if (l < net->L && ws->M != NULL) {
			const double *mk = ws->M[l];
			for (size_t k = 0; k < m * out; k++) {
				if (mk[k] == 0.0) {
					delta[k] = 0.0;
					continue;
				}
				double ak = a[k] / mk[k];
				delta[k] *= mk[k];
				if (net->act == FAIR_NN_RELU && !(ak > 0.0))
					delta[k] = 0.0;
				else if (net->act == FAIR_NN_TANH)
					delta[k] *= 1.0 - ak * ak;
			}
		} else if (l < net->L) {
			if (net->act == FAIR_NN_RELU) {
				for (size_t k = 0; k < m * out; k++)
					if (!(a[k] > 0.0))
						delta[k] = 0.0;
			} else if (net->act == FAIR_NN_TANH) {
				for (size_t k = 0; k < m * out; k++)
					delta[k] *= 1.0 - a[k] * a[k];
			}
		}
		gsl_matrix_view D = gsl_matrix_view_array(delta, m, out);
		gsl_matrix_view dW = gsl_matrix_view_array(grad + net->woff[l], in, out);
		if (l == 1) {
			gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &D.matrix, 0.0, &dW.matrix);
		} else {
			gsl_matrix_const_view P = gsl_matrix_const_view_array(ws->A[l - 1], m, in);
			gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &P.matrix, &D.matrix, 0.0, &dW.matrix);
		}
		memset(db, 0, out * sizeof *db);
		for (size_t i = 0; i < m; i++)
			for (size_t k = 0; k < out; k++)
				db[k] += delta[i * out + k];
		if (l > 1) {
			gsl_matrix_const_view W = gsl_matrix_const_view_array(net->params + net->woff[l], in, out);
			gsl_matrix_view Gp = gsl_matrix_view_array(ws->G[l - 1], m, in);
			gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &D.matrix, &W.matrix, 1.0, &Gp.matrix);
		}
	}
	return FAIR_OK;
}

int
fair_nn_predict(const fair_nn *net, const gsl_matrix *X, gsl_matrix *out, fair_error *err)
{
	const size_t chunk = 512;
	size_t n = X->size1, nout = net->width[net->L];
	if (X->size2 != net->width[0] || out->size1 != n || out->size2 != nout)
		return fair_error_set(err, FAIR_EINVAL, "network predict: shape mismatch");
	if (n == 0)
		return FAIR_OK;
	fair_nn_work *ws = fair_nn_work_new(net, n < chunk ? n : chunk, err);
	if (ws == NULL)
		return FAIR_ENOMEM;
	for (size_t i0 = 0; i0 < n; i0 += chunk) {
		size_t m = n - i0 < chunk ? n - i0 : chunk;
		gsl_matrix_const_view Xb = gsl_matrix_const_submatrix(X, i0, 0, m, X->size2);
		fair_nn_forward(net, ws, &Xb.matrix, NULL);
		for (size_t i = 0; i < m; i++)
			for (size_t k = 0; k < nout; k++)
				gsl_matrix_set(out, i0 + i, k, ws->A[net->L][i * nout + k]);
	}
	fair_nn_work_free(ws);
	return FAIR_OK;
}

fair_adam *
fair_adam_new(size_t n, double lr, double beta1, double beta2, double eps, fair_error *err)
{
	fair_adam *a = calloc(1, sizeof *a);
	if (a == NULL || (a->m = calloc(n ? n : 1, sizeof *a->m)) == NULL ||
	    (a->v = calloc(n ? n : 1, sizeof *a->v)) == NULL) {
		fair_adam_free(a);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	a->n = n;
	a->lr = lr;
	a->b1 = beta1;
	a->b2 = beta2;
	a->eps = eps;
	a->b1t = a->b2t = 1.0;
	return a;
}

void
fair_adam_step(fair_adam *a, double *params, const double *grad)
{
	a->t++;
	a->b1t *= a->b1;
	a->b2t *= a->b2;
	double c1 = 1.0 - a->b1t, c2 = 1.0 - a->b2t;
	for (size_t k = 0; k < a->n; k++) {
		a->m[k] = a->b1 * a->m[k] + (1.0 - a->b1) * grad[k];
		a->v[k] = a->b2 * a->v[k] + (1.0 - a->b2) * grad[k] * grad[k];
		params[k] -= a->lr * (a->m[k] / c1) / (sqrt(a->v[k] / c2) + a->eps);
	}
}

void
fair_adam_set_lr(fair_adam *a, double lr)
{
	a->lr = lr;
}

void
fair_adam_free(fair_adam *a)
{
	if (a == NULL)
		return;
	free(a->m);
	free(a->v);
	free(a);
}

/* ---- saving ------------------------------------------------------ */

int
fair_nn_export(const fair_nn *net, fair_param *out, fair_error *err)
{
	fair_param_add_sizes(out, "widths", net->width, net->L + 1);
	fair_param_add_str(out, "activation", net->act == FAIR_NN_RELU ? "relu" : net->act == FAIR_NN_TANH ? "tanh" : "identity");
	fair_param_add_vec(out, "params", net->params, net->nparams);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_nn *
fair_nn_import(const fair_param *in, fair_error *err)
{
	size_t nw, np;
	size_t *w = fair_param_sizes(in, "widths", &nw, err);
	const char *act = w ? fair_param_str(in, "activation", err) : NULL;
	const double *params = act ? fair_param_vec(in, "params", &np, err) : NULL;
	fair_nn *net = NULL;
	int a;

	if (params == NULL)
		goto out;
	a = !strcmp(act, "relu") ? FAIR_NN_RELU : !strcmp(act, "tanh") ? FAIR_NN_TANH : FAIR_NN_IDENTITY;
	if (nw < 2) {
		fair_error_set(err, FAIR_EPARSE, "saved data: network needs at least two layer widths");
		goto out;
	}
	/* the widths are checked against the parameters saved before anything
	 * is allocated: widths whose product wraps around must not pass */
	size_t need;
	if (!nn_layout(w, nw - 1, NULL, NULL, &need)) {
		fair_error_set(err, FAIR_EPARSE, "saved data: network widths too large (their parameters would not fit in memory)");
		goto out;
	}
	if (np != need) {
		fair_error_set(err, FAIR_EPARSE, "saved data: network has %zu parameters, its widths need %zu", np, need);
		goto out;
	}
	if ((net = fair_nn_new(w[0], w + 1, nw - 2, w[nw - 1], a, 0, err)) == NULL)
		goto out;
	memcpy(net->params, params, np * sizeof *params);
out:
	free(w);
	return net;
}
