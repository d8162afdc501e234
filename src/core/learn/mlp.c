/* mlp.c -- multi-layer perceptron learner on top of nn.c: minibatch
 * Adam, weighted log / squared loss, early stopping on a held-out part of
 * the training rows (see learn-private.h for the objective). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "learn/learn-private.h"
#include "fairsh/param.h"

struct mlp_impl {
	fair_nn *net;
	double   ymean, ysd;   /* regression target scaling */
};

void
fair_mlp_opts_init(fair_mlp_opts *o)
{
	memset(o, 0, sizeof *o);
	o->task = FAIR_TASK_CLASSIFICATION;
	o->hidden[0] = 64;
	o->hidden[1] = 32;
	o->nhidden = 2;
	o->activation = FAIR_NN_RELU;
	o->epochs = 200;
	o->batch = 64;
	o->lr = 1e-3;
	o->l2 = 1e-4;
	o->val_fraction = 0.1;
	o->patience = 10;
	o->seed = 0;
}

int
fair_mlp_parse_hidden(fair_mlp_opts *o, const char *s, fair_error *err)
{
	size_t n = 0;
	const char *p = s;

	if (*s == '\0' || strcmp(s, "0") == 0) {
		o->nhidden = 0;
		return FAIR_OK;
	}
	while (*p) {
		char *end;
		errno = 0;
		if (*p < '0' || *p > '9')
			goto bad;
		unsigned long long v = strtoull(p, &end, 10);
		if (errno || v == 0 || v > 100000 || end == p)
			goto bad;
		if (n == FAIR_MLP_MAX_LAYERS)
			return fair_error_set(err, FAIR_EINVAL, "hidden '%s': at most %d layers", s,
			                      FAIR_MLP_MAX_LAYERS);
		o->hidden[n++] = (size_t)v;
		p = end;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			goto bad;
		else
			break;
		if (*p == '\0')
			goto bad;
	}
	o->nhidden = n;
	return FAIR_OK;
bad:
	return fair_error_set(err, FAIR_EINVAL,
	                      "hidden '%s': expected layer widths 1..100000 separated by commas, e.g. 64,32", s);
}

static void
mlp_free_impl(void *p)
{
	struct mlp_impl *im = p;
	fair_nn_free(im->net);
	free(im);
}

static int
mlp_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct mlp_impl *im = l->impl;
	if (X->size1 == 0)
		return FAIR_OK;
	gsl_matrix_view out = gsl_matrix_view_array(score, X->size1, 1);
	int st = fair_nn_predict(im->net, X, &out.matrix, err);
	if (st != FAIR_OK)
		return st;
	for (size_t i = 0; i < X->size1; i++)
		score[i] = l->task == FAIR_TASK_CLASSIFICATION
		           ? (score[i] >= 0 ? 1.0 / (1.0 + exp(-score[i])) : exp(score[i]) / (1.0 + exp(score[i])))
		           : im->ymean + im->ysd * score[i];
	return FAIR_OK;
}

/* loss and dL/dz for one row (target t already scaled for regression) */
static double
row_loss(int task, double z, double t, double *dz)
{
	if (task == FAIR_TASK_CLASSIFICATION) {
		double p = z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
		*dz = p - t;
		return (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - t * z;
	}
	*dz = z - t;
	return 0.5 * (z - t) * (z - t);
}

/* gathers rows idx[0..m) of X into B (m x d) */
static void
gather(const gsl_matrix *X, const size_t *idx, size_t m, double *B)
{
	size_t d = X->size2;
	for (size_t i = 0; i < m; i++)
		memcpy(B + i * d, gsl_matrix_const_ptr(X, idx[i], 0), d * sizeof *B);
}

fair_learner *
fair_mlp_fit(const gsl_matrix *X, const double *y, const double *w, const fair_mlp_opts *o,
             fair_progress *prog, fair_error *err)
{
	fair_mlp_opts def;
	fair_learner *l = NULL;
	struct mlp_impl *im = NULL;
	fair_nn_work *ws = NULL;
	fair_adam *adam = NULL;
	gsl_rng *rng = NULL;
	size_t n = X->size1, d = X->size2, *perm = NULL, ntr, nval, epoch = 0, bad = 0;
	double *B = NULL, *grad = NULL, *best = NULL, *t = NULL, sumw, best_val = INFINITY;
	bool cls;

	if (o == NULL) {
		fair_mlp_opts_init(&def);
		o = &def;
	}
	cls = o->task == FAIR_TASK_CLASSIFICATION;
	if (o->epochs == 0 || o->batch == 0 || !(o->lr > 0.0) || !(o->l2 >= 0.0) ||
	    !(o->val_fraction >= 0.0 && o->val_fraction <= 0.9) || o->nhidden > FAIR_MLP_MAX_LAYERS ||
	    (o->task != FAIR_TASK_CLASSIFICATION && o->task != FAIR_TASK_REGRESSION)) {
		fair_error_set(err, FAIR_EINVAL, "mlp: bad options (epochs and batch >= 1, lr > 0, l2 >= 0, "
		               "val_fraction in [0, 0.9])");
		return NULL;
	}
	if (model_check_input("mlp", X, y, w, cls, &sumw, err) != FAIR_OK)
		return NULL;
	nval = o->val_fraction > 0.0 ? (size_t)floor(o->val_fraction * (double)n) : 0;
	if (o->val_fraction > 0.0 && nval == 0)
		nval = 1;
	if (nval >= n) {
		fair_error_set(err, FAIR_EINVAL, "mlp: %zu rows are too few for val_fraction=%g", n, o->val_fraction);
		return NULL;
	}
	ntr = n - nval;
	size_t bs = o->batch < ntr ? o->batch : ntr, mx = bs > 512 ? bs : 512;
	if ((im = calloc(1, sizeof *im)) == NULL || (rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL ||
	    (perm = malloc(n * sizeof *perm)) == NULL || (t = malloc(n * sizeof *t)) == NULL ||
	    (B = malloc(mx * d * sizeof *B)) == NULL)
		goto nomem;
	gsl_rng_set(rng, (unsigned long)o->seed);
	/* the validation rows: the last nval of a seeded permutation */
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	gsl_ran_shuffle(rng, perm, n, sizeof *perm);
	im->ymean = 0.0;
	im->ysd = 1.0;
	if (!cls) {
		double sw = 0, m = 0, v = 0;
		for (size_t k = 0; k < ntr; k++) {
			double wi = w ? w[perm[k]] : 1.0;
			sw += wi;
			m += wi * y[perm[k]];
		}
		m = sw > 0 ? m / sw : 0.0;
		for (size_t k = 0; k < ntr; k++)
			v += (w ? w[perm[k]] : 1.0) * (y[perm[k]] - m) * (y[perm[k]] - m);
		v = sw > 0 ? sqrt(v / sw) : 0.0;
		im->ymean = m;
		im->ysd = v > 0 ? v : 1.0;
	}
	for (size_t i = 0; i < n; i++)
		t[i] = cls ? y[i] : (y[i] - im->ymean) / im->ysd;
	if ((im->net = fair_nn_new(d, o->hidden, o->nhidden, 1, o->activation, o->seed, err)) == NULL)
		goto fail;
	size_t P = fair_nn_nparams(im->net);
	double *theta = fair_nn_params(im->net);
	if ((ws = fair_nn_work_new(im->net, mx, err)) == NULL ||
	    (adam = fair_adam_new(P, o->lr, 0.9, 0.999, 1e-8, err)) == NULL)
		goto fail;
	if ((grad = malloc(P * sizeof *grad)) == NULL || (best = malloc(P * sizeof *best)) == NULL)
		goto nomem;
	memcpy(best, theta, P * sizeof *best);
	double reg = o->l2 / (double)ntr;

	for (epoch = 0; epoch < o->epochs; epoch++) {
		double tl = 0.0, vl = NAN;
		gsl_ran_shuffle(rng, perm, ntr, sizeof *perm);
		for (size_t b0 = 0; b0 < ntr; b0 += bs) {
			size_t m = ntr - b0 < bs ? ntr - b0 : bs;
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "mlp: cancelled");
				goto fail;
			}
			gather(X, perm + b0, m, B);
			gsl_matrix_view Bv = gsl_matrix_view_array(B, m, d);
			fair_nn_forward(im->net, ws, &Bv.matrix, NULL);
			gsl_matrix_view Z = fair_nn_layer_output(ws, fair_nn_nlayers(im->net));
			gsl_matrix_view G = fair_nn_layer_grad(ws, fair_nn_nlayers(im->net));
			for (size_t i = 0; i < m; i++) {
				size_t r = perm[b0 + i];
				double si = w ? w[r] : 1.0, dz;
				tl += si * row_loss(o->task, Z.matrix.data[i], t[r], &dz);
				G.matrix.data[i] = si * dz / (double)m;
			}
			fair_nn_backward(im->net, ws, &Bv.matrix, grad, NULL);
			for (size_t l1 = 1; l1 <= fair_nn_nlayers(im->net); l1++) {
				size_t off = fair_nn_weight_offset(im->net, l1), end = fair_nn_bias_offset(im->net, l1);
				for (size_t k = off; k < end; k++)
					grad[k] += reg * theta[k];
			}
			fair_adam_step(adam, theta, grad);
		}
		tl /= (double)ntr;
		if (nval > 0) {
			double vs = 0.0, vw = 0.0;
			for (size_t b0 = ntr; b0 < n; b0 += mx) {
				size_t m = n - b0 < mx ? n - b0 : mx;
				gather(X, perm + b0, m, B);
				gsl_matrix_view Bv = gsl_matrix_view_array(B, m, d);
				fair_nn_forward(im->net, ws, &Bv.matrix, NULL);
				gsl_matrix_view Z = fair_nn_layer_output(ws, fair_nn_nlayers(im->net));
				for (size_t i = 0; i < m; i++) {
					size_t r = perm[b0 + i];
					double si = w ? w[r] : 1.0, dz;
					vs += si * row_loss(o->task, Z.matrix.data[i], t[r], &dz);
					vw += si;
				}
			}
			vl = vw > 0 ? vs / vw : vs / (double)nval;
			if (vl < best_val) {
				best_val = vl;
				bad = 0;
				memcpy(best, theta, P * sizeof *best);
			} else {
				bad++;
			}
		}
		fair_progress_set(prog, epoch + 1, o->epochs, tl, vl);
		if (nval > 0 && bad >= o->patience) {
			epoch++;
			break;
		}
	}
	if (epoch > o->epochs)
		epoch = o->epochs;
	if (nval > 0)
		memcpy(theta, best, P * sizeof *best);
	if ((l = fair_learner_new(&fair_mlp_type, o->task, d, err)) == NULL)
		goto fail;
	l->impl = im;
	l->score_is_prob = cls;
	l->threshold = cls ? 0.5 : 0.0;
	l->iterations = epoch;
	l->converged = nval > 0 ? bad >= o->patience : true;
	im = NULL;
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "mlp: out of memory");
fail:
	l = NULL;
out:
	if (im)
		mlp_free_impl(im);
	fair_nn_work_free(ws);
	fair_adam_free(adam);
	if (rng)
		gsl_rng_free(rng);
	free(perm); free(t); free(B); free(grad); free(best);
	return l;
}

/* ---- saving ------------------------------------------------------------------ */

static int
mlp_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct mlp_impl *im = l->impl;
	int st;

	fair_param_add_num(out, "ymean", im->ymean);
	fair_param_add_num(out, "ysd", im->ysd);
	if ((st = fair_nn_export(im->net, fair_param_add_object(out, "net"), err)))
		return st;
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
mlp_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	struct mlp_impl *im = calloc(1, sizeof *im);
	const fair_param *np;

	if (im == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (fair_param_num(in, "ymean", &im->ymean, err) || fair_param_num(in, "ysd", &im->ysd, err) ||
	    (np = fair_param_object(in, "net", err)) == NULL || (im->net = fair_nn_import(np, err)) == NULL) {
		free(im);
		return err ? err->code : FAIR_EPARSE;
	}
	if (fair_nn_width(im->net, 0) != l->d) {
		size_t nin = fair_nn_width(im->net, 0);
		mlp_free_impl(im);
		return fair_error_set(err, FAIR_EPARSE, "saved data: network has %zu inputs for %zu features", nin, l->d);
	}
	l->impl = im;
	return FAIR_OK;
}

/* ---- the learner type ------------------------------------------------------ */

static int
mlp_set_hidden(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	(void)o;
	return fair_mlp_parse_hidden(opts, val, err);
}

static const int act_values[] = { FAIR_NN_RELU, FAIR_NN_TANH };

#define MO(f) offsetof(fair_mlp_opts, f)
static const fair_opt mlp_opts[] = {
	{ .name = "hidden", .type = FAIR_OPT_STR, .set = mlp_set_hidden,
	  .help = "widths of the hidden layers, e.g. 64,32 (0: none)" },
	{ .name = "epochs", .type = FAIR_OPT_SIZE, .offset = MO(epochs), .lo = 1, .hi = 100000,
	  .help = "passes over the training rows at most" },
	{ .name = "batch", .type = FAIR_OPT_SIZE, .offset = MO(batch), .lo = 1, .hi = 1000000,
	  .help = "rows per minibatch" },
	{ .name = "lr", .type = FAIR_OPT_NUM, .offset = MO(lr), .lo = 1e-12, .hi = 10, .help = "Adam learning rate" },
	{ .name = "l2", .type = FAIR_OPT_NUM, .offset = MO(l2), .lo = 0, .hi = 1e6, .help = "weight decay" },
	{ .name = "val_fraction", .type = FAIR_OPT_NUM, .offset = MO(val_fraction), .lo = 0, .hi = 0.9,
	  .help = "share of the rows held out for early stopping" },
	{ .name = "patience", .type = FAIR_OPT_SIZE, .offset = MO(patience), .lo = 1, .hi = 100000,
	  .help = "epochs without improvement before stopping" },
	{ .name = "activation", .type = FAIR_OPT_CHOICE, .offset = MO(activation), .choices = "relu|tanh",
	  .values = act_values, .help = "hidden-layer activation" },
	{ .name = NULL }
};
#undef MO

static void
mlp_opts_init(void *o)
{
	fair_mlp_opts_init(o);
}

static fair_learner *
mlp_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_mlp_opts o = *(const fair_mlp_opts *)opts;

	o.task = d->task;
	o.seed = d->seed;
	return fair_mlp_fit(d->X, d->y, d->w, &o, prog, err);
}

/* Minibatches: beyond the design matrix, the row order and the scores
 * of an epoch (peak RSS on 700,000 rows: 78 MB over the data, X 62 MB). */
static size_t
mlp_memory(const void *opts, size_t nrows, size_t dim)
{
	(void)opts, (void)dim;
	return nrows * 3 * sizeof(double);
}

const fair_learner_type fair_mlp_type = {
	.name = "mlp", .kind = "mlp",
	.help = "multi-layer perceptron (dense network, Adam, early stopping)",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_REGRESS | FAIR_LEARNER_PLAIN,
	.opts = mlp_opts, .opts_size = sizeof(fair_mlp_opts), .opts_init = mlp_opts_init,
	.fit = mlp_fit,
	.score = mlp_predict, .save = mlp_save, .load = mlp_load, .free = mlp_free_impl,
	.memory = mlp_memory,
};
