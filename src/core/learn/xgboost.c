/* xgboost.c -- gradient-boosted trees (`train xgboost`) and random forests
 * (`train forest`) through XGBoost's C API: fitting round by round with
 * progress and cancellation, scoring, the booster saved in XGBoost's own
 * format with a checksum, and gain per feature. Without XGBoost (configure
 * did not find libxgboost-dev) the two types keep their options and help
 * and say how to get them. What is fitted: learn-private.h. The options'
 * defaults and the validation rows are in xgboost-opts.c. */
/* SPDX-License-Identifier: MIT */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/learn-private.h"
#include "fairsh/param.h"

#ifdef FAIRSH_HAVE_XGBOOST
#include <xgboost/c_api.h>
#ifdef FAIRSH_HAVE_XGBOOST_DL
#include "learn/xgboost-dl.h"   /* the library opened on first use */
#endif
#endif

#define XGB_MISSING "fairsh was built without XGBoost: install the Debian package libxgboost-dev " \
	"(or XGBoost >= 1.7 with its C API) and re-run ./configure"
/* ---- metrics ------------------------------------------------------------- */

static const char *const metric_names[] = { "", "logloss", "error", "auc", "rmse", "mae" };

static int
metric_of(const fair_xgb_opts *o, fair_error *err)
{
	bool cls = o->task == FAIR_TASK_CLASSIFICATION;
	int m = o->metric;

	if (m == FAIR_XGB_METRIC_AUTO)
		return cls ? FAIR_XGB_LOGLOSS : FAIR_XGB_RMSE;
	if (m < FAIR_XGB_LOGLOSS || m > FAIR_XGB_MAE)
		return fair_error_set(err, FAIR_EINVAL, "xgboost: unknown metric"), -1;
	if (cls != (m <= FAIR_XGB_AUC)) {
		fair_error_set(err, FAIR_EINVAL, "%s: metric=%s is for %s targets; use %s", o->forest ? "forest" : "xgboost",
		               metric_names[m],
		               cls ? "numeric" : "binary", cls ? "logloss, error or auc" : "rmse or mae");
		return -1;
	}
	return m;
}

#ifdef FAIRSH_HAVE_XGBOOST

/* ======================================================================== */
/* With XGBoost */

struct xgb_impl {
	BoosterHandle bst;
	size_t        threads;
};

/* the progress line's names (static: they outlive the job) */
static const char *const train_names[] = { "", "train logloss", "train error", "train auc", "train rmse", "train mae" };
static const char *const valid_names[] = { "", "valid logloss", "valid error", "valid auc", "valid rmse", "valid mae" };

/* XGBoost's log lines (warnings) are caught here, not written to the
 * terminal: the core never prints. The callback is registered per thread (XGBoost keeps it in
 * thread-local storage), before every series of calls. */
static _Thread_local char xgb_log[256];

static void
xgb_log_cb(const char *msg)
{
	snprintf(xgb_log, sizeof xgb_log, "%s", msg ? msg : "");
}

static void
xgb_enter(void)
{
	xgb_log[0] = '\0';
	XGBRegisterLogCallback(xgb_log_cb);
}

/* The first line of XGBoost's last log message of this thread without its
 * time stamp ("WARNING: ...: Parameters: { ... } are not used."), or "". */
static const char *
xgb_warning(char *buf, size_t size)
{
	const char *m = xgb_log, *p;

	if (m[0] == '[' && (p = strstr(m, "] ")) != NULL && p - m < 16)
		m = p + 2;
	snprintf(buf, size, "%.*s", (int)strcspn(m, "\n"), m);
	return buf;
}

/* XGBoost's last error as a fairsh message: its first line, without the
 * "[12:00:00] ../src/learner.cc:123: " prefix and the stack trace. */
static int
xgb_error(fair_error *err, const char *what)
{
	const char *m = XGBGetLastError(), *p, *q;
	size_t len;

	if (m == NULL || *m == '\0')
		m = "unknown error";
	if (m[0] == '[' && (p = strstr(m, "] ")) != NULL && p - m < 16)
		m = p + 2;
	/* "path/file.cc:123: message" */
	len = strcspn(m, "\n");
	for (p = m; (q = memchr(p, ':', (size_t)(m + len - p))) != NULL; p = q + 1) {
		const char *r = q + 1;
		while (*r >= '0' && *r <= '9')
			r++;
		if (r > q + 1 && r[0] == ':' && r[1] == ' ' && memchr(m, ' ', (size_t)(q - m)) == NULL) {
			len -= (size_t)(r + 2 - m);
			m = r + 2;
			break;
		}
	}
	if (strstr(m, "bad_alloc") != NULL)
		return fair_error_set(err, FAIR_ENOMEM, "%s: XGBoost ran out of memory", what);
	return fair_error_set(err, FAIR_EINVAL, "%s: XGBoost: %.*s", what, (int)len, m);
}

bool
fair_xgb_available(void)
{
#ifdef FAIRSH_HAVE_XGBOOST_DL
	return fair__learn_xgb_loaded();
#else
	return true;
#endif
}

const char *
fair_xgb_version(void)
{
	static char v[32];
	int a = 0, b = 0, c = 0;

	XGBoostVersion(&a, &b, &c);
	snprintf(v, sizeof v, "%d.%d.%d", a, b, c);
	return v;
}

/* XGBoost works in single precision: rows @rows (NULL: all) of @X as floats. */
static float *
to_float(const gsl_matrix *X, const size_t *rows, size_t n, const char *what, fair_error *err)
{
	size_t d = X->size2;
	float *f = malloc((n > 0 && d > 0 ? n * d : 1) * sizeof *f);

	if (f == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t r = rows ? rows[i] : i;
		const double *x = gsl_matrix_const_ptr(X, r, 0);
		for (size_t j = 0; j < d; j++) {
			if (fabs(x[j]) > FLT_MAX) {
				fair_error_set(err, FAIR_EINVAL, "%s: feature %zu in row %zu (%g) is beyond single precision, "
				               "which XGBoost works in", what, j + 1, r + 1, x[j]);
				free(f);
				return NULL;
			}
			f[i * d + j] = (float)x[j];
		}
	}
	return f;
}

/* A DMatrix of rows @rows with labels and weights (NULL: none). */
static DMatrixHandle
make_dmatrix(const gsl_matrix *X, const double *y, const double *w, const size_t *rows, size_t n,
             size_t threads, const char *what, fair_error *err)
{
	DMatrixHandle dm = NULL;
	float *f = to_float(X, rows, n, what, err), *v = NULL;

	if (f == NULL)
		return NULL;
	if (XGDMatrixCreateFromMat_omp(f, n, X->size2, NAN, &dm, (int)threads) != 0) {
		xgb_error(err, what);
		free(f);
		return NULL;
	}
	free(f);
	if ((y || w) && (v = malloc(n * sizeof *v)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	if (y) {
		for (size_t i = 0; i < n; i++)
			v[i] = (float)y[rows ? rows[i] : i];
		if (XGDMatrixSetFloatInfo(dm, "label", v, n) != 0) {
			xgb_error(err, what);
			goto fail;
		}
	}
	if (w) {
		for (size_t i = 0; i < n; i++)
			v[i] = (float)w[rows ? rows[i] : i];
		if (XGDMatrixSetFloatInfo(dm, "weight", v, n) != 0) {
			xgb_error(err, what);
			goto fail;
		}
	}
	free(v);
	return dm;
fail:
	free(v);
	XGDMatrixFree(dm);
	return NULL;
}

static int
set_param(BoosterHandle b, const char *what, fair_error *err, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static int
set_param(BoosterHandle b, const char *what, fair_error *err, const char *key, const char *fmt, ...)
{
	char v[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	if (XGBoosterSetParam(b, key, v) != 0)
		return xgb_error(err, what);
	return FAIR_OK;
}

/* "[3]\ttrain-logloss:0.51\tvalid-logloss:0.55": the value of data set @name. */
static double
eval_value(const char *s, const char *name)
{
	size_t k = strlen(name);

	for (const char *p = s; p && *p; p = strchr(p + 1, '\t')) {
		const char *t = *p == '\t' ? p + 1 : p;
		if (!strncmp(t, name, k) && t[k] == '-') {
			const char *c = strchr(t, ':');
			return c ? strtod(c + 1, NULL) : NAN;
		}
	}
	return NAN;
}

static const char *const methods[] = { "hist", "approx", "exact" };

static int
configure_booster(BoosterHandle b, const fair_xgb_opts *o, int metric, const char *what, fair_error *err)
{
	bool cls = o->task == FAIR_TASK_CLASSIFICATION;
	double eta = o->eta;

	if (o->forest) {
		/* XGBoost scales a round's parallel trees by eta / trees, in single
		 * precision: the same learning rate for each of the trees here */
		float lr = (float)o->eta / (float)o->trees;
		eta = lr;
	}
	if (set_param(b, what, err, "objective", "%s", cls ? "binary:logistic" : "reg:squarederror") ||
	    set_param(b, what, err, "base_score", "0.5") ||
	    set_param(b, what, err, "tree_method", "%s", methods[o->method]) ||
	    set_param(b, what, err, "max_depth", "%zu", o->max_depth) ||
	    set_param(b, what, err, "eta", o->forest ? "%.9g" : "%.17g", eta) ||
	    set_param(b, what, err, "subsample", "%.17g", o->subsample) ||
	    set_param(b, what, err, "colsample_bytree", "%.17g", o->colsample_bytree) ||
	    set_param(b, what, err, "colsample_bynode", "%.17g", o->colsample_bynode) ||
	    set_param(b, what, err, "min_child_weight", "%.17g", o->min_child_weight) ||
	    set_param(b, what, err, "lambda", "%.17g", o->lambda) ||
	    set_param(b, what, err, "alpha", "%.17g", o->alpha) ||
	    set_param(b, what, err, "gamma", "%.17g", o->gamma) ||
	    (cls && set_param(b, what, err, "scale_pos_weight", "%.17g", o->scale_pos_weight)) ||
	    set_param(b, what, err, "max_bin", "%zu", o->max_bin) ||
	    set_param(b, what, err, "seed", "%llu", (unsigned long long)o->seed) ||
	    set_param(b, what, err, "nthread", "%zu", o->threads) ||
	    set_param(b, what, err, "eval_metric", "%s", metric_names[metric]) ||
	    set_param(b, what, err, "verbosity", "1"))
		return err ? err->code : FAIR_EINVAL;
	return FAIR_OK;
}

static void
impl_free(void *p)
{
	struct xgb_impl *im = p;

	if (im == NULL)
		return;
	if (im->bst)
		XGBoosterFree(im->bst);
	free(im);
}

fair_learner *
fair_xgb_fit(const gsl_matrix *X, const double *y, const double *w, const fair_xgb_opts *opts,
             fair_xgb_info *info, fair_progress *prog, fair_error *err)
{
	fair_xgb_opts def;
	const char *what;
	size_t n = X->size1, d = X->size2, ntr = 0, nva = 0, rounds, it = 0, kept, bad = 0, best = 0;
	size_t *rtr = NULL, *rva = NULL;
	unsigned char *valid = NULL;
	DMatrixHandle dtr = NULL, dva = NULL, dm[2];
	BoosterHandle bst = NULL;
	float *grad = NULL, *hess = NULL;
	struct xgb_impl *im = NULL;
	fair_learner *l = NULL;
	double sumw, best_score = NAN, tl = NAN, vl = NAN, frac;
	bool cls, stop = false;
	int metric;

	if (opts == NULL) {
		fair_xgb_opts_init(&def, false);
		opts = &def;
	}
	what = opts->forest ? "forest" : "xgboost";
	cls = opts->task == FAIR_TASK_CLASSIFICATION;
	if (info)
		memset(info, 0, sizeof *info);
	if ((metric = metric_of(opts, err)) < 0)
		return NULL;
	if (!cls && opts->scale_pos_weight != 1.0) {
		fair_error_set(err, FAIR_EINVAL, "%s: scale_pos_weight applies to a binary target", what);
		return NULL;
	}
	if ((opts->forest ? opts->trees : opts->rounds) == 0) {
		fair_error_set(err, FAIR_EINVAL, "%s: %s must be at least 1", what, opts->forest ? "trees" : "rounds");
		return NULL;
	}
	if (opts->method < FAIR_XGB_HIST || opts->method > FAIR_XGB_EXACT) {
		fair_error_set(err, FAIR_EINVAL, "%s: unknown tree method %d", what, opts->method);
		return NULL;
	}
	if (model_check_input(what, X, y, w, cls, &sumw, err) != FAIR_OK)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (fabs(y[i]) > FLT_MAX) {
			fair_error_set(err, FAIR_EINVAL, "%s: target %g in row %zu is beyond single precision", what, y[i], i + 1);
			return NULL;
		}
	xgb_enter();
	/* the validation part (boosting with early stopping) */
	frac = opts->forest ? 0.0 : opts->val_fraction > 0 ? opts->val_fraction : opts->early_stopping > 0 ? 0.1 : 0.0;
	if ((valid = malloc(n)) == NULL || (rtr = calloc(n, sizeof *rtr)) == NULL ||
	    (rva = calloc(n, sizeof *rva)) == NULL)
		goto nomem;
	if (fair_xgb_valid_rows(n, frac, opts->seed, valid, err))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (valid[i])
			rva[nva++] = i;
		else
			rtr[ntr++] = i;
	}
	if ((dtr = make_dmatrix(X, y, w, rtr, ntr, opts->threads, what, err)) == NULL)
		goto fail;
	if (nva > 0 && (dva = make_dmatrix(X, y, w, rva, nva, opts->threads, what, err)) == NULL)
		goto fail;
	dm[0] = dtr;
	dm[1] = dva;
	if (XGBoosterCreate(dm, nva > 0 ? 2 : 1, &bst) != 0) {
		xgb_error(err, what);
		goto fail;
	}
	if (configure_booster(bst, opts, metric, what, err))
		goto fail;
	if (opts->forest) {
		/* the gradient of the loss at the base score 0.5, as XGBoost's
		 * objectives compute it in single precision (weights times
		 * scale_pos_weight for positive rows) */
		if ((grad = malloc(ntr * sizeof *grad)) == NULL || (hess = malloc(ntr * sizeof *hess)) == NULL)
			goto nomem;
		for (size_t i = 0; i < ntr; i++) {
			float yi = (float)y[rtr[i]], wi = w ? (float)w[rtr[i]] : 1.0f, p = 0.5f;
			if (cls && yi == 1.0f)
				wi *= (float)opts->scale_pos_weight;
			grad[i] = (p - yi) * wi;
			hess[i] = (cls ? fmaxf(p * (1.0f - p), 1e-16f) : 1.0f) * wi;
		}
	}
	fair_progress_names(prog, train_names[metric], nva > 0 ? valid_names[metric] : NULL);
	rounds = opts->forest ? opts->trees : opts->rounds;
	fair_progress_set(prog, 0, rounds, NAN, NAN);
	for (it = 0; it < rounds && !stop; it++) {
		if (fair_progress_cancelled(prog)) {
			fair_error_set(err, FAIR_ECANCELED, "%s: cancelled", what);
			goto fail;
		}
		if (opts->forest) {
			if (XGBoosterBoostOneIter(bst, dtr, grad, hess, ntr) != 0) {
				xgb_error(err, what);
				goto fail;
			}
			fair_progress_set(prog, it + 1, rounds, NAN, NAN);
			continue;
		}
		if (XGBoosterUpdateOneIter(bst, (int)it, dtr) != 0) {
			xgb_error(err, what);
			goto fail;
		}
		{
			static const char *names[2] = { "train", "valid" };
			const char *res = NULL;
			if (XGBoosterEvalOneIter(bst, (int)it, dm, names, nva > 0 ? 2 : 1, &res) != 0) {
				xgb_error(err, what);
				goto fail;
			}
			tl = eval_value(res, "train");
			vl = nva > 0 ? eval_value(res, "valid") : NAN;
		}
		fair_progress_set(prog, it + 1, rounds, tl, vl);
		if (opts->early_stopping > 0 && nva > 0) {
			/* Python's EarlyStopping: strict improvement, the last data set */
			bool better = metric == FAIR_XGB_AUC ? vl > best_score : vl < best_score;
			if (it == 0 || better) {
				best_score = vl;
				best = it;
				bad = 0;
			} else if (++bad >= opts->early_stopping) {
				stop = true;
			}
		}
	}
	kept = opts->early_stopping > 0 && nva > 0 ? best + 1 : it;
	if (kept < it) {
		BoosterHandle cut = NULL;
		if (XGBoosterSlice(bst, 0, (int)kept, 1, &cut) != 0) {
			xgb_error(err, what);
			goto fail;
		}
		XGBoosterFree(bst);
		bst = cut;
	}
	/* the figures of the model kept (a forest is evaluated once, at the end) */
	if (opts->forest || kept < it) {
		static const char *names[2] = { "train", "valid" };
		const char *res = NULL;
		if (XGBoosterEvalOneIter(bst, (int)kept - 1, dm, names, nva > 0 ? 2 : 1, &res) != 0) {
			xgb_error(err, what);
			goto fail;
		}
		tl = eval_value(res, "train");
		vl = nva > 0 ? eval_value(res, "valid") : NAN;
	}
	if ((im = calloc(1, sizeof *im)) == NULL)
		goto nomem;
	if ((l = fair_learner_new(opts->forest ? &fair_forest_type : &fair_xgboost_type, opts->task, d, err)) == NULL)
		goto fail;
	im->bst = bst;
	im->threads = opts->threads;
	bst = NULL;
	l->impl = im;
	im = NULL;
	l->score_is_prob = cls;
	l->threshold = cls ? 0.5 : 0.0;
	l->iterations = kept;
	l->converged = true;
	if (info) {
		info->rounds = it;
		info->kept = kept;
		info->nvalid = nva;
		info->metric = metric_names[metric];
		info->train_loss = tl;
		info->valid_loss = vl;
	}
	fair_progress_set(prog, it, rounds, tl, vl);
	goto out;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
fail:
	l = NULL;
out:
	free(im);
	if (bst)
		XGBoosterFree(bst);
	if (dtr)
		XGDMatrixFree(dtr);
	if (dva)
		XGDMatrixFree(dva);
	free(grad);
	free(hess);
	free(valid);
	free(rtr);
	free(rva);
	return l;
}

static int
xgb_predict(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct xgb_impl *im = l->impl;
	const char *what = l->type->name;
	DMatrixHandle dm;
	const bst_ulong *shape = NULL;
	bst_ulong dim = 0;
	const float *res = NULL;
	size_t n = X->size1;

	if (n == 0)
		return FAIR_OK;
	xgb_enter();
	if ((dm = make_dmatrix(X, NULL, NULL, NULL, n, im->threads, what, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	if (XGBoosterPredictFromDMatrix(im->bst, dm, "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
	                                "\"iteration_end\": 0, \"strict_shape\": false}", &shape, &dim, &res) != 0) {
		int st = xgb_error(err, what);
		XGDMatrixFree(dm);
		return st;
	}
	if (dim != 1 || shape[0] != n) {
		XGDMatrixFree(dm);
		return fair_error_set(err, FAIR_EINVAL, "%s: XGBoost returned %llu predictions for %zu rows", what,
		                      (unsigned long long)(dim >= 1 ? shape[0] : 0), n);
	}
	for (size_t i = 0; i < n; i++)
		score[i] = res[i];
	XGDMatrixFree(dm);
	return FAIR_OK;
}

unsigned char *
fair_xgb_model_bytes(const fair_learner *l, const char *format, size_t *len, fair_error *err)
{
	const struct xgb_impl *im = l->impl;
	char cfg[64];
	bst_ulong n = 0;
	const char *p = NULL;
	unsigned char *out;

	if (l->type != &fair_xgboost_type && l->type != &fair_forest_type) {
		fair_error_set(err, FAIR_EINVAL, "not an XGBoost learner");
		return NULL;
	}
	xgb_enter();
	snprintf(cfg, sizeof cfg, "{\"format\": \"%s\"}", format);
	if (XGBoosterSaveModelToBuffer(im->bst, cfg, &n, &p) != 0) {
		xgb_error(err, l->type->name);
		return NULL;
	}
	if ((out = malloc(n ? n : 1)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	memcpy(out, p, n);
	*len = n;
	return out;
}

/* The booster as XGBoost's own JSON (a string in the saved tree, so the
 * file stays text) with its SHA-256, checked on loading: a changed
 * character would change the model silently. JSON rather than XGBoost's
 * binary UBJ because XGBoost 1.7 reads corrupt UBJ out of bounds (a
 * crafted file could crash fairsh), while its JSON reader reports every
 * malformed input as an error. */
static int
xgb_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	size_t len = 0;
	unsigned char *b = fair_xgb_model_bytes(l, "json", &len, err);
	char hex[65], *text;

	if (b == NULL)
		return err ? err->code : FAIR_EINVAL;
	if ((text = realloc(b, len + 1)) == NULL) {
		free(b);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		free(text);
		return fair_error_set(err, FAIR_EINVAL, "%s: XGBoost's JSON holds a NUL byte", l->type->name);
	}
	fair_sha256_buf(text, len, hex);
	fair_param_add_str(out, "format", "json");
	fair_param_add_str(out, "xgboost", fair_xgb_version());
	fair_param_add_str(out, "booster", text);
	fair_param_add_str(out, "sha256", hex);
	free(text);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
xgb_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	const char *fmt = fair_param_str(in, "format", err), *sum, *b;
	size_t len;
	char hex[65];
	struct xgb_impl *im;
	bst_ulong nf = 0;

	if (fmt == NULL || (b = fair_param_str(in, "booster", err)) == NULL ||
	    (sum = fair_param_str(in, "sha256", err)) == NULL)
		return err ? err->code : FAIR_EPARSE;
	if (strcmp(fmt, "json"))
		return fair_error_set(err, FAIR_EPARSE, "saved data: booster format '%s' (expected json)", fmt);
	len = strlen(b);
	fair_sha256_buf(b, len, hex);
	if (strcmp(hex, sum))
		return fair_error_set(err, FAIR_EPARSE, "saved data: the %s booster does not match its checksum "
		                      "(the file was changed)", l->type->name);
	if ((im = calloc(1, sizeof *im)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	xgb_enter();
	if (XGBoosterCreate(NULL, 0, &im->bst) != 0 || XGBoosterLoadModelFromBuffer(im->bst, b, len) != 0 ||
	    XGBoosterGetNumFeature(im->bst, &nf) != 0) {
		xgb_error(err, "saved data");
		impl_free(im);
		if (err)
			err->code = FAIR_EPARSE;
		return FAIR_EPARSE;
	}
	if (nf != l->d) {
		impl_free(im);
		return fair_error_set(err, FAIR_EPARSE, "saved data: the booster has %llu features for %zu",
		                      (unsigned long long)nf, l->d);
	}
	l->impl = im;
	return FAIR_OK;
}

/* XGBoost's "gain" (mean over the splits on a feature) and "total_gain". */
static int
xgb_importance(const fair_learner *l, double *gain, double *total, fair_error *err)
{
	const struct xgb_impl *im = l->impl;
	static const char *const kinds[2] = { "{\"importance_type\": \"gain\"}", "{\"importance_type\": \"total_gain\"}" };
	double *outs[2] = { gain, total };

	xgb_enter();
	for (int k = 0; k < 2; k++) {
		bst_ulong nf = 0, dim = 0;
		const char **names = NULL;
		const bst_ulong *shape = NULL;
		const float *sc = NULL;
		if (outs[k] == NULL)
			continue;
		for (size_t j = 0; j < l->d; j++)
			outs[k][j] = 0.0;
		if (XGBoosterFeatureScore(im->bst, kinds[k], &nf, &names, &dim, &shape, &sc) != 0)
			return xgb_error(err, l->type->name);
		for (bst_ulong j = 0; j < nf; j++) {
			char *end;
			unsigned long f = names[j][0] == 'f' ? strtoul(names[j] + 1, &end, 10) : 0;
			if (names[j][0] != 'f' || *end != '\0' || f >= l->d)
				return fair_error_set(err, FAIR_EINVAL, "%s: XGBoost named a feature '%s'", l->type->name, names[j]);
			outs[k][f] = sc[j];
		}
	}
	return FAIR_OK;
}

#define XGB_SCORE    xgb_predict
#define XGB_SAVE     xgb_save
#define XGB_LOAD     xgb_load
#define XGB_FREE     impl_free
#define XGB_IMP      xgb_importance
#define XGB_MISSING_MSG NULL

#else /* !FAIRSH_HAVE_XGBOOST */

/* ======================================================================== */
/* Without XGBoost: the types exist (options, help) and say how to get it. */

bool
fair_xgb_available(void)
{
	return false;
}

const char *
fair_xgb_version(void)
{
	return "";
}

fair_learner *
fair_xgb_fit(const gsl_matrix *X, const double *y, const double *w, const fair_xgb_opts *opts,
             fair_xgb_info *info, fair_progress *prog, fair_error *err)
{
	(void)X; (void)y; (void)w; (void)prog;
	if (info)
		memset(info, 0, sizeof *info);
	fair_error_set(err, FAIR_EINVAL, "%s: %s", opts && opts->forest ? "forest" : "xgboost", XGB_MISSING);
	return NULL;
}

unsigned char *
fair_xgb_model_bytes(const fair_learner *l, const char *format, size_t *len, fair_error *err)
{
	(void)l; (void)format; (void)len;
	fair_error_set(err, FAIR_EINVAL, "%s", XGB_MISSING);
	return NULL;
}

#define XGB_SCORE    NULL
#define XGB_SAVE     NULL
#define XGB_LOAD     NULL
#define XGB_FREE     NULL
#define XGB_IMP      NULL
#define XGB_MISSING_MSG XGB_MISSING

static const char *
xgb_warning(char *buf, size_t size)
{
	(void)size;
	buf[0] = '\0';
	return buf;
}

#endif /* FAIRSH_HAVE_XGBOOST */

/* ---- the learner types ------------------------------------------------------ */

static const int method_values[] = { FAIR_XGB_HIST, FAIR_XGB_APPROX, FAIR_XGB_EXACT };
static const int metric_values[] = { FAIR_XGB_LOGLOSS, FAIR_XGB_ERROR, FAIR_XGB_AUC, FAIR_XGB_RMSE, FAIR_XGB_MAE };

#define XO(f) offsetof(fair_xgb_opts, f)
/* the tree options both types share */
#define TREE_OPTS(eta_help) \
	{ .name = "max_depth", .type = FAIR_OPT_SIZE, .offset = XO(max_depth), .lo = 1, .hi = 64, \
	  .help = "depth of each tree at most (default 6)" }, \
	{ .name = "eta", .type = FAIR_OPT_NUM, .offset = XO(eta), .lo = 1e-6, .hi = 1, .help = eta_help }, \
	{ .name = "learning_rate", .type = FAIR_OPT_NUM, .offset = XO(eta), .lo = 1e-6, .hi = 1, .help = "the same as eta" }, \
	{ .name = "subsample", .type = FAIR_OPT_NUM, .offset = XO(subsample), .lo = 1e-6, .hi = 1, \
	  .help = "share of the rows each tree is grown on (default 1; forest 0.8)" }, \
	{ .name = "colsample_bytree", .type = FAIR_OPT_NUM, .offset = XO(colsample_bytree), .lo = 1e-6, .hi = 1, \
	  .help = "share of the features each tree may use (default 1)" }, \
	{ .name = "colsample_bynode", .type = FAIR_OPT_NUM, .offset = XO(colsample_bynode), .lo = 1e-6, .hi = 1, \
	  .help = "share of those features each split may choose from (default 1; forest 0.8)" }, \
	{ .name = "min_child_weight", .type = FAIR_OPT_NUM, .offset = XO(min_child_weight), .lo = 0, .hi = 1e12, \
	  .help = "Hessian weight a leaf needs at least (default 1)" }, \
	{ .name = "lambda", .type = FAIR_OPT_NUM, .offset = XO(lambda), .lo = 0, .hi = 1e12, \
	  .help = "L2 penalty on the leaf values (default 1; forest 1e-5)" }, \
	{ .name = "alpha", .type = FAIR_OPT_NUM, .offset = XO(alpha), .lo = 0, .hi = 1e12, \
	  .help = "L1 penalty on the leaf values (default 0)" }, \
	{ .name = "gamma", .type = FAIR_OPT_NUM, .offset = XO(gamma), .lo = 0, .hi = 1e12, \
	  .help = "loss reduction a split needs at least (default 0)" }, \
	{ .name = "scale_pos_weight", .type = FAIR_OPT_NUM, .offset = XO(scale_pos_weight), .lo = 1e-12, .hi = 1e12, \
	  .help = "weight of the positive rows, binary targets (default 1)" }, \
	{ .name = "max_bin", .type = FAIR_OPT_SIZE, .offset = XO(max_bin), .lo = 2, .hi = 65536, \
	  .help = "histogram bins per feature, hist and approx (default 256)" }, \
	{ .name = "tree_method", .type = FAIR_OPT_CHOICE, .offset = XO(method), .choices = "hist|approx|exact", \
	  .values = method_values, .help = "how splits are found: hist (default), approx or exact" }, \
	{ .name = "metric", .type = FAIR_OPT_CHOICE, .offset = XO(metric), .choices = "logloss|error|auc|rmse|mae", \
	  .values = metric_values, .help = "the loss shown and early stopping's: logloss, error, auc (binary; default logloss), rmse (default), mae" }, \
	{ .name = "threads", .type = FAIR_OPT_SIZE, .offset = XO(threads), .lo = 0, .hi = 4096, \
	  .help = "threads (default 0: every core, or OMP_NUM_THREADS)" }

static const fair_opt xgboost_opts[] = {
	{ .name = "rounds", .type = FAIR_OPT_SIZE, .offset = XO(rounds), .lo = 1, .hi = 1000000,
	  .help = "boosting rounds (trees) at most (default 100)" },
	TREE_OPTS("learning rate: shrinkage of each tree (default 0.3)"),
	{ .name = "early_stopping", .type = FAIR_OPT_SIZE, .offset = XO(early_stopping), .lo = 0, .hi = 1000000,
	  .help = "stop when the validation metric has not improved for this many rounds (default 0: off)" },
	{ .name = "val_fraction", .type = FAIR_OPT_NUM, .offset = XO(val_fraction), .lo = 0, .hi = 0.9,
	  .help = "share of the rows held out for validation (default 0; 0.1 with early_stopping)" },
	{ .name = NULL }
};

static const fair_opt forest_opts[] = {
	{ .name = "trees", .type = FAIR_OPT_SIZE, .offset = XO(trees), .lo = 1, .hi = 1000000,
	  .help = "trees in the forest (default 100)" },
	TREE_OPTS("learning rate of the forest: each tree weighs eta / trees (default 1)"),
	{ .name = NULL }
};
#undef XO

static void
xgboost_opts_init(void *o)
{
	fair_xgb_opts_init(o, false);
}

static void
forest_opts_init(void *o)
{
	fair_xgb_opts_init(o, true);
}

/* "relationship=Husband 41%, capital-gain 12%, ..." of the @k features of
 * largest share of the total gain into @buf. */
static void
top_gain(const fair_learner *l, const char *const *names, size_t k, char *buf, size_t size)
{
	size_t d = l->d, used = 0, len = 0;
	double *g = calloc(d ? d : 1, sizeof *g), sum = 0;

	buf[0] = '\0';
	if (g == NULL || l->type->importance == NULL || l->type->importance(l, NULL, g, NULL) != FAIR_OK) {
		free(g);
		return;
	}
	for (size_t j = 0; j < d; j++)
		sum += g[j];
	while (used < k && sum > 0) {
		size_t b = d;
		for (size_t j = 0; j < d; j++)
			if (g[j] > 0 && (b == d || g[j] > g[b]))
				b = j;
		if (b == d)
			break;
		if (len < size && names != NULL)
			len += (size_t)snprintf(buf + len, size - len, "%s%s %.0f%%", used ? ", " : "", names[b], 100 * g[b] / sum);
		else if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%sx%zu %.0f%%", used ? ", " : "", b + 1, 100 * g[b] / sum);
		g[b] = 0;
		used++;
	}
	free(g);
}

static int
xgb_check(const void *opts, int task, fair_error *err)
{
	fair_xgb_opts o = *(const fair_xgb_opts *)opts;

	o.task = task;
	if (metric_of(&o, err) < 0)
		return FAIR_EINVAL;
	if (task != FAIR_TASK_CLASSIFICATION && o.scale_pos_weight != 1.0)
		return fair_error_set(err, FAIR_EINVAL, "%s: scale_pos_weight applies to a binary target",
		                      o.forest ? "forest" : "xgboost");
	return FAIR_OK;
}

static fair_learner *
xgb_type_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_xgb_opts o = *(const fair_xgb_opts *)opts;
	fair_xgb_info info;
	fair_learner *l;
	char top[200], warn[200];

	o.task = d->task;
	o.seed = d->seed;
	l = fair_xgb_fit(d->X, d->y, d->w, &o, &info, prog, err);
	if (l == NULL)
		return NULL;
	/* a warning XGBoost logged while fitting (the core prints nothing) */
	if (xgb_warning(warn, sizeof warn)[0] != '\0')
		fair_fit_note(d, "XGBoost said: %s", warn);
	top_gain(l, d->names, 3, top, sizeof top);
	if (o.forest)
		fair_fit_note(d, "forest of %zu trees: train %s %.4g; largest share of the gain: %s", info.rounds, info.metric,
		              info.train_loss, top[0] ? top : "none (no split)");
	else if (info.nvalid > 0)
		fair_fit_note(d, "xgboost: %zu rounds%s, kept %zu; train %s %.4g, valid %.4g (%zu rows); largest share of the gain: %s",
		              info.rounds, info.rounds < o.rounds ? " (early stop)" : "", info.kept, info.metric,
		              info.train_loss, info.valid_loss, info.nvalid, top[0] ? top : "none (no split)");
	else
		fair_fit_note(d, "xgboost: %zu rounds; train %s %.4g; largest share of the gain: %s", info.rounds, info.metric,
		              info.train_loss, top[0] ? top : "none (no split)");
	return l;
}

const fair_learner_type fair_xgboost_type = {
	.name = "xgboost", .kind = "xgboost",
	.help = "gradient-boosted trees (XGBoost): progress per round, early stopping, gain per feature",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_REGRESS | FAIR_LEARNER_PLAIN,
	.opts = xgboost_opts, .opts_size = sizeof(fair_xgb_opts), .opts_init = xgboost_opts_init,
	.check_task = xgb_check, .fit = xgb_type_fit,
	.score = XGB_SCORE, .save = XGB_SAVE, .load = XGB_LOAD, .free = XGB_FREE, .importance = XGB_IMP,
	.unavailable = XGB_MISSING_MSG,
};

const fair_learner_type fair_forest_type = {
	.name = "forest", .kind = "forest",
	.help = "random forest (XGBoost's random-forest mode): progress per tree, gain per feature",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_REGRESS | FAIR_LEARNER_PLAIN,
	.opts = forest_opts, .opts_size = sizeof(fair_xgb_opts), .opts_init = forest_opts_init,
	.check_task = xgb_check, .fit = xgb_type_fit,
	.score = XGB_SCORE, .save = XGB_SAVE, .load = XGB_LOAD, .free = XGB_FREE, .importance = XGB_IMP,
	.unavailable = XGB_MISSING_MSG,
};
