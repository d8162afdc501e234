/* adversarial.c -- adversarial debiasing (Zhang, Lemoine & Mitchell 2018)
 * as AIF360's AdversarialDebiasing trains it: a classifier network (nn.c)
 * and an adversary that predicts the group from the classifier's logit
 * (and the label), the classifier's gradient with the component along the
 * adversary's removed and alpha times the adversary's subtracted, two Adam
 * optimisers; and the `adversarial` learner type. */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

void
fair_adv_opts_init(fair_adv_opts *o)
{
	memset(o, 0, sizeof *o);
	o->constraint = FAIR_CONSTRAINT_EODDS;
	o->alpha = 0.1;
	o->debias = true;
	o->hidden[0] = 200;
	o->nhidden = 1;
	o->activation = FAIR_NN_RELU;
	o->epochs = 50;
	o->batch = 128;
	o->lr = 0.001;
	o->decay = 0.96;
	o->decay_steps = 1000;
	o->keep = 0.8;
}

/* the adversary: a = u W + b with u = [s] (dp) or [s, s y, s (1 - y)],
 * s = sigmoid((1 + |c|) z); one logit for two groups, K (softmax) else */
struct fair_adv {
	fair_adv_opts o;
	size_t   d, K, q, ka;     /* inputs, groups, adversary inputs and outputs */
	fair_nn *net;
	double  *phi;             /* c, W (q x ka, row-major), b (ka)        */
	size_t   nphi;
	fair_nn_work *ws;
	fair_adam *adam_c, *adam_a;
	gsl_rng *rng;             /* initialisation, shuffles, dropout        */
	size_t   steps;           /* classifier updates so far (the schedule) */
	double  *gP, *gA, *g, *gphi, *dzP, *dzA;
	size_t   max_rows;
};

void
fair_adv_free(fair_adv *a)
{
	if (a == NULL)
		return;
	fair_nn_free(a->net);
	fair_nn_work_free(a->ws);
	fair_adam_free(a->adam_c);
	fair_adam_free(a->adam_a);
	if (a->rng)
		gsl_rng_free(a->rng);
	free(a->phi);
	free(a->gP);
	free(a->gA);
	free(a->g);
	free(a->gphi);
	free(a->dzP);
	free(a->dzA);
	free(a);
}

static int
check_opts(const fair_adv_opts *o, fair_error *err)
{
	if (!(o->constraint == FAIR_CONSTRAINT_DP || o->constraint == FAIR_CONSTRAINT_EO ||
	      o->constraint == FAIR_CONSTRAINT_EODDS))
		return fair_error_set(err, FAIR_EINVAL, "adversarial takes constraint dp, eo or eodds");
	if (!(o->alpha >= 0) || !isfinite(o->alpha) || o->epochs == 0 || o->batch == 0 || !(o->lr > 0) ||
	    !(o->decay > 0 && o->decay <= 1) || o->decay_steps == 0 || !(o->keep > 0 && o->keep <= 1) ||
	    o->nhidden > FAIR_MLP_MAX_LAYERS)
		return fair_error_set(err, FAIR_EINVAL, "adversarial: bad options (alpha >= 0, epochs and batch >= 1, "
		                      "lr > 0, decay in (0, 1], keep in (0, 1])");
	return FAIR_OK;
}

fair_adv *
fair_adv_new(size_t d, size_t K, size_t max_rows, const fair_adv_opts *o, uint64_t seed, fair_error *err)
{
	fair_adv *a;

	if (check_opts(o, err))
		return NULL;
	if (d == 0 || K < 2 || max_rows == 0) {
		fair_error_set(err, FAIR_EINVAL, "adversarial needs features and at least two groups");
		return NULL;
	}
	if ((a = calloc(1, sizeof *a)) == NULL)
		goto nomem;
	a->o = *o;
	a->d = d;
	a->K = K;
	a->q = o->constraint == FAIR_CONSTRAINT_DP ? 1 : 3;
	a->ka = K == 2 ? 1 : K;
	a->nphi = 1 + a->q * a->ka + a->ka;
	a->max_rows = max_rows;
	if ((a->rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		goto nomem;
	gsl_rng_set(a->rng, (unsigned long)seed);
	if ((a->net = fair_nn_new(d, o->hidden, o->nhidden, 1, o->activation, seed, err)) == NULL)
		goto fail;
	/* Glorot-uniform for every layer (AIF360's initialiser), from our stream */
	{
		double *th = fair_nn_params(a->net);
		for (size_t l = 1; l <= fair_nn_nlayers(a->net); l++) {
			size_t in = fair_nn_width(a->net, l - 1), out = fair_nn_width(a->net, l);
			double lim = sqrt(6.0 / (double)(in + out));
			for (size_t k = 0; k < in * out; k++)
				th[fair_nn_weight_offset(a->net, l) + k] = lim * (2.0 * gsl_rng_uniform(a->rng) - 1.0);
		}
	}
	size_t P = fair_nn_nparams(a->net);
	if ((a->phi = calloc(a->nphi, sizeof *a->phi)) == NULL || (a->gP = malloc(P * sizeof *a->gP)) == NULL ||
	    (a->gA = malloc(P * sizeof *a->gA)) == NULL || (a->g = malloc(P * sizeof *a->g)) == NULL ||
	    (a->gphi = malloc(a->nphi * sizeof *a->gphi)) == NULL || (a->dzP = malloc(max_rows * sizeof *a->dzP)) == NULL ||
	    (a->dzA = malloc(max_rows * sizeof *a->dzA)) == NULL)
		goto nomem;
	a->phi[0] = 1.0;   /* c, as AIF360 */
	{
		double lim = sqrt(6.0 / (double)(a->q + a->ka));
		for (size_t k = 0; k < a->q * a->ka; k++)
			a->phi[1 + k] = lim * (2.0 * gsl_rng_uniform(a->rng) - 1.0);
	}
	if ((a->ws = fair_nn_work_new(a->net, max_rows, err)) == NULL ||
	    fair_nn_work_dropout(a->ws, o->keep, a->rng, err) ||
	    (a->adam_c = fair_adam_new(P, o->lr, 0.9, 0.999, 1e-8, err)) == NULL ||
	    (a->adam_a = fair_adam_new(a->nphi, o->lr, 0.9, 0.999, 1e-8, err)) == NULL)
		goto fail;
	return a;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	fair_adv_free(a);
	return NULL;
}

double *
fair_adv_clf_params(fair_adv *a, size_t *n)
{
	*n = fair_nn_nparams(a->net);
	return fair_nn_params(a->net);
}

double *
fair_adv_adv_params(fair_adv *a, size_t *n)
{
	*n = a->nphi;
	return a->phi;
}

const fair_nn *
fair_adv_net(const fair_adv *a)
{
	return a->net;
}

static double
sigmoid(double z)
{
	return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

/* log(1 + exp(z)) without overflow */
static double
softplus(double z)
{
	return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* Does row i enter the adversary? */
static bool
adv_row(const fair_adv *a, double y, int32_t g)
{
	return g >= 0 && (a->o.constraint != FAIR_CONSTRAINT_EO || y == 1.0);
}

/* Forward and both backward passes on the batch @X (m rows): *LP, *LA and
 * the gradients a->gP, a->gA (classifier) and a->gphi (adversary). The
 * dropout masks are drawn by the forward pass. */
static int
adv_grads(fair_adv *a, const gsl_matrix *X, const double *y, const int32_t *grp, const double *w,
          double *LP, double *LA, fair_error *err)
{
	size_t m = X->size1, L = fair_nn_nlayers(a->net), q = a->q, ka = a->ka, mA = 0;
	const double c = a->phi[0], *W = a->phi + 1, *b = a->phi + 1 + q * ka;
	double lp = 0, la = 0, *gW = a->gphi + 1, *gb = a->gphi + 1 + q * ka;
	int st;

	if ((st = fair_nn_forward(a->net, a->ws, X, err)))
		return st;
	gsl_matrix_view Z = fair_nn_layer_output(a->ws, L);
	const double *z = Z.matrix.data;
	/* the classifier's loss: (1/m) sum s_i logloss(z_i, y_i) */
	for (size_t i = 0; i < m; i++) {
		double si = w ? w[i] : 1.0;
		lp += si * (softplus(z[i]) - y[i] * z[i]);
		a->dzP[i] = si * (sigmoid(z[i]) - y[i]) / (double)m;
	}
	*LP = lp / (double)m;
	memset(a->gphi, 0, a->nphi * sizeof *a->gphi);
	for (size_t i = 0; i < m; i++)
		a->dzA[i] = 0;
	if (a->o.debias)
		for (size_t i = 0; i < m; i++)
			mA += adv_row(a, y[i], grp[i]);
	/* the adversary's loss: (1/m_A) sum over its rows of s_i CE(a_i, group_i) */
	for (size_t i = 0; mA > 0 && i < m; i++) {
		double u[3], ai[FAIR_ADV_MAX_GROUPS] = { 0 }, da[FAIR_ADV_MAX_GROUPS] = { 0 }, du[3] = { 0, 0, 0 };
		double si = w ? w[i] : 1.0, k1 = 1.0 + fabs(c), sp, ds;
		if (!adv_row(a, y[i], grp[i]))
			continue;
		sp = sigmoid(k1 * z[i]);
		u[0] = sp;
		u[1] = sp * y[i];
		u[2] = sp * (1.0 - y[i]);
		for (size_t k = 0; k < ka; k++) {
			ai[k] = b[k];
			for (size_t j = 0; j < q; j++)
				ai[k] += u[j] * W[j * ka + k];
		}
		if (ka == 1) {
			double t = grp[i] == 1 ? 1.0 : 0.0;
			la += si * (softplus(ai[0]) - t * ai[0]);
			da[0] = si * (sigmoid(ai[0]) - t) / (double)mA;
		} else {
			double mx = ai[0], se = 0;
			for (size_t k = 1; k < ka; k++)
				mx = fmax(mx, ai[k]);
			for (size_t k = 0; k < ka; k++)
				se += exp(ai[k] - mx);
			la += si * (mx + log(se) - ai[grp[i]]);
			for (size_t k = 0; k < ka; k++)
				da[k] = si * (exp(ai[k] - mx) / se - ((size_t)grp[i] == k ? 1.0 : 0.0)) / (double)mA;
		}
		for (size_t k = 0; k < ka; k++) {
			gb[k] += da[k];
			for (size_t j = 0; j < q; j++) {
				gW[j * ka + k] += u[j] * da[k];
				du[j] += da[k] * W[j * ka + k];
			}
		}
		ds = q == 1 ? du[0] : du[0] + du[1] * y[i] + du[2] * (1.0 - y[i]);
		a->dzA[i] = ds * sp * (1.0 - sp) * k1;
		/* d|c|/dc = sign(c) (0 at 0, as TensorFlow) */
		a->gphi[0] += ds * sp * (1.0 - sp) * z[i] * (c > 0 ? 1.0 : c < 0 ? -1.0 : 0.0);
	}
	*LA = mA > 0 ? la / (double)mA : 0.0;
	/* dL_A/dtheta, then dL_P/dtheta through the same forward pass */
	gsl_matrix_view G = fair_nn_layer_grad(a->ws, L);
	memcpy(G.matrix.data, a->dzA, m * sizeof *a->dzA);
	if ((st = fair_nn_backward(a->net, a->ws, X, a->gA, err)))
		return st;
	for (size_t l = 1; l < L; l++) {
		gsl_matrix_view H = fair_nn_layer_grad(a->ws, l);
		gsl_matrix_set_zero(&H.matrix);
	}
	memcpy(G.matrix.data, a->dzP, m * sizeof *a->dzP);
	return fair_nn_backward(a->net, a->ws, X, a->gP, err);
}

/* The classifier's update direction from gP and gA, per parameter tensor
 * (each layer's W, then its bias), as AIF360:
 *   g = gP - (gP . u) u - alpha gA,  u = gA / (|gA| + FLT_MIN). */
static void
adv_direction(fair_adv *a)
{
	size_t L = fair_nn_nlayers(a->net), P = fair_nn_nparams(a->net);

	if (!a->o.debias) {
		memcpy(a->g, a->gP, P * sizeof *a->g);
		return;
	}
	for (size_t l = 1; l <= L; l++)
		for (int part = 0; part < 2; part++) {
			size_t lo = part == 0 ? fair_nn_weight_offset(a->net, l) : fair_nn_bias_offset(a->net, l);
			size_t hi = part == 0 ? fair_nn_bias_offset(a->net, l)
			                      : fair_nn_bias_offset(a->net, l) + fair_nn_width(a->net, l);
			double nrm = 0, dot = 0;
			for (size_t k = lo; k < hi; k++)
				nrm += a->gA[k] * a->gA[k];
			nrm = sqrt(nrm) + FLT_MIN;
			for (size_t k = lo; k < hi; k++)
				dot += a->gP[k] * (a->gA[k] / nrm);
			for (size_t k = lo; k < hi; k++)
				a->g[k] = a->gP[k] - dot * (a->gA[k] / nrm) - a->o.alpha * a->gA[k];
		}
}

int
fair_adv_grad(fair_adv *a, const gsl_matrix *X, const double *y, const int32_t *group, const double *w,
              uint64_t mask_seed, double *LP, double *LA, double *gP, double *gA, double *g, double *gphi,
              fair_error *err)
{
	size_t P = fair_nn_nparams(a->net);
	int st;

	if (X->size1 > a->max_rows || X->size2 != a->d)
		return fair_error_set(err, FAIR_EINVAL, "adversarial: batch of %zu x %zu; expected at most %zu x %zu",
		                      X->size1, X->size2, a->max_rows, a->d);
	gsl_rng_set(a->rng, (unsigned long)mask_seed);
	if ((st = adv_grads(a, X, y, group, w, LP, LA, err)))
		return st;
	adv_direction(a);
	if (gP) memcpy(gP, a->gP, P * sizeof *gP);
	if (gA) memcpy(gA, a->gA, P * sizeof *gA);
	if (g) memcpy(g, a->g, P * sizeof *g);
	if (gphi) memcpy(gphi, a->gphi, a->nphi * sizeof *gphi);
	return FAIR_OK;
}

int
fair_adv_step(fair_adv *a, const gsl_matrix *X, const double *y, const int32_t *group, const double *w,
              double *LP, double *LA, fair_error *err)
{
	int st;
	/* TensorFlow's exponential_decay(lr, step, decay_steps, decay, staircase) */
	double lr = a->o.lr * pow(a->o.decay, floor((double)a->steps / (double)a->o.decay_steps));

	if (X->size1 > a->max_rows || X->size2 != a->d)
		return fair_error_set(err, FAIR_EINVAL, "adversarial: batch of %zu x %zu; expected at most %zu x %zu",
		                      X->size1, X->size2, a->max_rows, a->d);
	if ((st = adv_grads(a, X, y, group, w, LP, LA, err)))
		return st;
	adv_direction(a);
	/* both from the same forward pass: the classifier's step, then the
	 * adversary's (AIF360 orders them by a control dependency) */
	fair_adam_set_lr(a->adam_c, lr);
	fair_adam_step(a->adam_c, fair_nn_params(a->net), a->g);
	if (a->o.debias) {
		fair_adam_set_lr(a->adam_a, lr);
		fair_adam_step(a->adam_a, a->phi, a->gphi);
	}
	a->steps++;
	return FAIR_OK;
}

/* ---- training ------------------------------------------------------------------ */

struct adv_impl {
	fair_nn *net;
	int      constraint;
	size_t   K;
	double   alpha;
	bool     debias;
	double  *phi;          /* the adversary at the end */
	size_t   nphi;
	double   loss_clf, loss_adv, loss_adv_base;
};

static void
adv_impl_free(void *p)
{
	struct adv_impl *im = p;
	if (im == NULL)
		return;
	fair_nn_free(im->net);
	free(im->phi);
	free(im);
}

/* the entropy of the adversary's targets on its rows: its loss when it
 * can only guess the group's frequencies */
static double
target_entropy(const fair_adv *a, const double *y, const int32_t *grp, const double *w, size_t n)
{
	double cnt[FAIR_ADV_MAX_GROUPS] = { 0 }, tot = 0, h = 0;
	for (size_t i = 0; i < n; i++)
		if (adv_row(a, y[i], grp[i])) {
			double si = w ? w[i] : 1.0;
			cnt[grp[i]] += si;
			tot += si;
		}
	for (size_t k = 0; k < a->K && tot > 0; k++)
		if (cnt[k] > 0)
			h -= cnt[k] / tot * log(cnt[k] / tot);
	return h;
}

fair_learner *
fair_adv_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K, const double *w,
             const fair_adv_opts *o, uint64_t seed, fair_adv_info *info, fair_progress *prog, fair_error *err)
{
	size_t n = X->size1, d = X->size2, bs, nb, *perm = NULL, nadv = 0, epoch;
	double *B = NULL, *yb = NULL, *wb = NULL, sumw;
	int32_t *gb = NULL;
	fair_adv *a = NULL;
	fair_learner *l = NULL;
	struct adv_impl *im = NULL;
	double lp_ep = NAN, la_ep = NAN;

	if (check_opts(o, err))
		return NULL;
	if (model_check_input("adversarial", X, y, w, true, &sumw, err))
		return NULL;
	if (K < 2 || K > FAIR_ADV_MAX_GROUPS) {
		fair_error_set(err, FAIR_EINVAL, "adversarial needs 2 to %d groups; got %zu", FAIR_ADV_MAX_GROUPS, K);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (group[i] >= 0 && (size_t)group[i] >= K) {
			fair_error_set(err, FAIR_EINVAL, "group code %d in row %zu is out of range (K = %zu)", (int)group[i],
			               i + 1, K);
			return NULL;
		}
		nadv += group[i] >= 0 && (o->constraint != FAIR_CONSTRAINT_EO || y[i] == 1.0);
	}
	if (nadv == 0 && o->debias) {
		fair_error_set(err, FAIR_EINVAL, "adversarial: no training row has a group%s for the adversary",
		               o->constraint == FAIR_CONSTRAINT_EO ? " and a positive label" : "");
		return NULL;
	}
	/* AIF360: n / batch full batches of a fresh permutation per epoch */
	bs = o->batch < n ? o->batch : n;
	nb = n / bs;
	if ((a = fair_adv_new(d, K, bs, o, seed, err)) == NULL)
		return NULL;
	if ((perm = malloc(n * sizeof *perm)) == NULL || (B = malloc(bs * d * sizeof *B)) == NULL ||
	    (yb = malloc(bs * sizeof *yb)) == NULL || (gb = malloc(bs * sizeof *gb)) == NULL ||
	    (w && (wb = malloc(bs * sizeof *wb)) == NULL)) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (epoch = 0; epoch < o->epochs; epoch++) {
		double slp = 0, sla = 0;
		gsl_ran_shuffle(a->rng, perm, n, sizeof *perm);
		for (size_t t = 0; t < nb; t++) {
			double lp, la;
			if (fair_progress_cancelled(prog)) {
				fair_error_set(err, FAIR_ECANCELED, "adversarial: cancelled");
				goto out;
			}
			for (size_t i = 0; i < bs; i++) {
				size_t r = perm[t * bs + i];
				memcpy(B + i * d, gsl_matrix_const_ptr(X, r, 0), d * sizeof *B);
				yb[i] = y[r];
				gb[i] = group[r];
				if (wb)
					wb[i] = w[r];
			}
			gsl_matrix_view Bv = gsl_matrix_view_array(B, bs, d);
			if (fair_adv_step(a, &Bv.matrix, yb, gb, wb, &lp, &la, err))
				goto out;
			if (!isfinite(lp) || !isfinite(la)) {
				fair_error_set(err, FAIR_ENUMERIC, "adversarial: the loss is not finite in epoch %zu; lower lr",
				               epoch + 1);
				goto out;
			}
			slp += lp;
			sla += la;
		}
		lp_ep = slp / (double)nb;
		la_ep = sla / (double)nb;
		fair_progress_set(prog, epoch + 1, o->epochs, lp_ep, o->debias ? la_ep : NAN);
	}
	if ((im = calloc(1, sizeof *im)) == NULL || (im->phi = malloc(a->nphi * sizeof *im->phi)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if ((l = fair_learner_new(&fair_adversarial_type, FAIR_TASK_CLASSIFICATION, d, err)) == NULL)
		goto out;
	im->net = a->net;
	a->net = NULL;
	memcpy(im->phi, a->phi, a->nphi * sizeof *im->phi);
	im->nphi = a->nphi;
	im->constraint = o->constraint;
	im->K = K;
	im->alpha = o->alpha;
	im->debias = o->debias;
	im->loss_clf = lp_ep;
	im->loss_adv = o->debias ? la_ep : NAN;
	im->loss_adv_base = target_entropy(a, y, group, w, n);
	l->impl = im;
	l->score_is_prob = true;
	l->threshold = 0.5;
	l->iterations = o->epochs;
	l->converged = true;
	if (info) {
		info->epochs = o->epochs;
		info->batches = nb;
		info->loss_clf = im->loss_clf;
		info->loss_adv = im->loss_adv;
		info->loss_adv_base = im->loss_adv_base;
	}
	im = NULL;
out:
	adv_impl_free(im);
	fair_adv_free(a);
	free(perm);
	free(B);
	free(yb);
	free(gb);
	free(wb);
	return l;
}

static int
adv_score(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct adv_impl *im = l->impl;
	if (X->size1 == 0)
		return FAIR_OK;
	gsl_matrix_view out = gsl_matrix_view_array(score, X->size1, 1);
	int st = fair_nn_predict(im->net, X, &out.matrix, err);
	for (size_t i = 0; st == FAIR_OK && i < X->size1; i++)
		score[i] = sigmoid(score[i]);
	return st;
}

bool
fair_adv_is(const fair_learner *l)
{
	return l != NULL && l->type == &fair_adversarial_type;
}

const fair_nn *
fair_adv_learner_net(const fair_learner *l)
{
	return fair_adv_is(l) ? ((const struct adv_impl *)l->impl)->net : NULL;
}

/* ---- saving ------------------------------------------------------------------ */

static int
adv_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct adv_impl *im = l->impl;
	int st;

	fair_param_add_str(out, "constraint", fair_constraint_name(im->constraint));
	fair_param_add_int(out, "groups", (int64_t)im->K);
	fair_param_add_num(out, "alpha", im->alpha);
	fair_param_add_bool(out, "debias", im->debias);
	fair_param_add_vec(out, "adversary", im->phi, im->nphi);
	fair_param_add_num(out, "loss_clf", im->loss_clf);
	fair_param_add_num(out, "loss_adv", im->loss_adv);
	fair_param_add_num(out, "loss_adv_base", im->loss_adv_base);
	if ((st = fair_nn_export(im->net, fair_param_add_object(out, "net"), err)))
		return st;
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
adv_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	struct adv_impl *im = calloc(1, sizeof *im);
	const fair_param *np;
	const double *phi;
	const char *con;
	size_t nphi;

	if (im == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if ((con = fair_param_str(in, "constraint", err)) == NULL || fair_constraint_parse(con, &im->constraint, err) ||
	    fair_param_size(in, "groups", &im->K, err) || fair_param_num(in, "alpha", &im->alpha, err) ||
	    fair_param_bool(in, "debias", &im->debias, err) ||
	    (phi = fair_param_vec(in, "adversary", &nphi, err)) == NULL ||
	    fair_param_num(in, "loss_clf", &im->loss_clf, err) || fair_param_num(in, "loss_adv", &im->loss_adv, err) ||
	    fair_param_num(in, "loss_adv_base", &im->loss_adv_base, err) ||
	    (np = fair_param_object(in, "net", err)) == NULL || (im->net = fair_nn_import(np, err)) == NULL)
		goto fail;
	if (im->K < 2 || im->K > FAIR_ADV_MAX_GROUPS ||
	    nphi != 1 + (im->constraint == FAIR_CONSTRAINT_DP ? 1 : 3) * (im->K == 2 ? 1 : im->K) + (im->K == 2 ? 1 : im->K) ||
	    fair_nn_width(im->net, 0) != l->d || fair_nn_width(im->net, fair_nn_nlayers(im->net)) != 1) {
		fair_error_set(err, FAIR_EPARSE, "saved data: adversarial model (%zu groups, %zu adversary parameters, "
		               "%zu inputs) does not fit its %zu features", im->K, nphi, fair_nn_width(im->net, 0), l->d);
		goto fail;
	}
	if ((im->phi = malloc(nphi * sizeof *im->phi)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(im->phi, phi, nphi * sizeof *phi);
	im->nphi = nphi;
	l->impl = im;
	return FAIR_OK;
fail:
	adv_impl_free(im);
	return err ? err->code : FAIR_EPARSE;
}

/* ---- the learner type ------------------------------------------------------ */

static int
adv_set(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	fair_adv_opts *ao = opts;
	fair_mlp_opts mo;
	int st;

	if (!strcmp(o->name, "constraint")) {
		if ((st = fair_constraint_parse(val, &ao->constraint, err)))
			return st;
		if (ao->constraint != FAIR_CONSTRAINT_DP && ao->constraint != FAIR_CONSTRAINT_EO &&
		    ao->constraint != FAIR_CONSTRAINT_EODDS)
			return fair_error_set(err, FAIR_EINVAL, "adversarial takes constraint dp, eo or eodds, not %s", val);
		return FAIR_OK;
	}
	/* hidden */
	fair_mlp_opts_init(&mo);
	if ((st = fair_mlp_parse_hidden(&mo, val, err)))
		return st;
	memcpy(ao->hidden, mo.hidden, sizeof ao->hidden);
	ao->nhidden = mo.nhidden;
	return FAIR_OK;
}

static const int adv_act_values[] = { FAIR_NN_RELU, FAIR_NN_TANH };

#define AO(f) offsetof(fair_adv_opts, f)
static const fair_opt adv_opts[] = {
	{ .name = "constraint", .type = FAIR_OPT_STR, .set = adv_set,
	  .help = "what the adversary sees: dp (the logit), eo (the logit, positives only) or eodds (the logit and "
	          "the label; default)" },
	{ .name = "alpha", .type = FAIR_OPT_NUM, .offset = AO(alpha), .lo = 0, .hi = 1e6,
	  .help = "weight of the adversary's gradient (AIF360's adversary_loss_weight)" },
	{ .name = "debias", .type = FAIR_OPT_BOOL, .offset = AO(debias), .help = "train against the adversary (no: the plain network)" },
	{ .name = "hidden", .type = FAIR_OPT_STR, .set = adv_set, .help = "widths of the classifier's hidden layers (default 200)" },
	{ .name = "activation", .type = FAIR_OPT_CHOICE, .offset = AO(activation), .choices = "relu|tanh",
	  .values = adv_act_values, .help = "hidden-layer activation" },
	{ .name = "epochs", .type = FAIR_OPT_SIZE, .offset = AO(epochs), .lo = 1, .hi = 100000, .help = "passes over the rows" },
	{ .name = "batch", .type = FAIR_OPT_SIZE, .offset = AO(batch), .lo = 1, .hi = 1000000, .help = "rows per step" },
	{ .name = "lr", .type = FAIR_OPT_NUM, .offset = AO(lr), .lo = 1e-12, .hi = 10,
	  .help = "Adam step size (times 0.96 every 1000 steps)" },
	{ .name = "keep", .type = FAIR_OPT_NUM, .offset = AO(keep), .lo = 1e-3, .hi = 1,
	  .help = "dropout: probability of keeping a hidden unit in training" },
	{ .name = NULL }
};
#undef AO

static void
adv_opts_init(void *o)
{
	fair_adv_opts_init(o);
}

static fair_learner *
adv_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	const fair_adv_opts *o = opts;
	fair_adv_info info;
	fair_learner *l = fair_adv_fit(d->X, d->y, d->group, d->K, d->w, o, d->seed, &info, prog, err);

	if (l != NULL) {
		const char *wt = d->w ? ", weighted rows" : "";
		if (o->debias)
			fair_fit_note(d, "adversarial (%s, alpha=%g%s): %zu epochs, classifier loss %.4g, adversary loss %.4g "
			              "(%.4g when it can only guess)", fair_constraint_name(o->constraint), o->alpha, wt,
			              info.epochs, info.loss_clf, info.loss_adv, info.loss_adv_base);
		else
			fair_fit_note(d, "adversarial (debias=no%s): %zu epochs, classifier loss %.4g", wt, info.epochs,
			              info.loss_clf);
	}
	return l;
}

const fair_learner_type fair_adversarial_type = {
	.name = "adversarial", .kind = "adversarial",
	.help = "adversarial debiasing: a network trained against an adversary that predicts the group",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_GROUPS,
	.opts = adv_opts, .opts_size = sizeof(fair_adv_opts), .opts_init = adv_opts_init,
	.fit = adv_fit,
	.score = adv_score, .save = adv_save, .load = adv_load, .free = adv_impl_free,
};
