/* session-save.c -- sessions and the workbench to and from the parameter
 * tree (fairsh/param.h; src/json writes it as JSON, the `save` and `open`
 * commands add the settings). A saved session is its data source with
 * checksums (a file's SHA-256, or the demo generator's words), the set-up
 * as the command words that made it plus checksums of what they gave, the
 * split, prediction columns and models. Opening reads the data again,
 * checks the checksums, re-applies the set-up and imports the models. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fairsh/csv.h"
#include "fairsh/demo.h"
#include "fairsh/expr.h"
#include "base/base-private.h"
#include "workbench/workbench-private.h"

/* ---- fingerprints ---------------------------------------------------------- */

/* Columns made by `derive` are saved as their formulas; prediction columns
 * added by `predict` with their values; every other column comes from the
 * data source. */
static bool
is_extra_column(const fair_session *s, const fair_column *c)
{
	const char *n = fair_column_name(c);
	size_t l = strlen(n);

	if (s != NULL && fair_session_formula(s, n) != NULL)
		return false;
	return fair_column_type(c) == FAIR_COL_NUMERIC &&
	       ((l > 6 && !strcmp(n + l - 6, "_score")) || (l > 5 && !strcmp(n + l - 5, "_pred")));
}

/* Adds column @col (name, type, values, levels, codes) to the hash @c. */
static void
hash_column(fair_sha256 *c, const fair_column *col)
{
	const char *name = fair_column_name(col);
	uint64_t nrows = fair_column_length(col);

	fair_sha256_update(c, name, strlen(name) + 1);
	if (fair_column_type(col) == FAIR_COL_NUMERIC) {
		fair_sha256_update(c, "N", 1);
		fair_sha256_update(c, fair_column_values(col), nrows * sizeof(double));
	} else {
		fair_sha256_update(c, "C", 1);
		for (size_t k = 0; k < fair_column_nlevels(col); k++)
			fair_sha256_update(c, fair_column_level(col, k), strlen(fair_column_level(col, k)) + 1);
		fair_sha256_update(c, fair_column_codes(col), nrows * sizeof(int32_t));
	}
}

static void
column_fingerprint(const fair_column *col, char hex[65])
{
	fair_sha256 c;
	unsigned char d[32];

	fair_sha256_init(&c);
	hash_column(&c, col);
	fair_sha256_final(&c, d);
	fair_sha256_hex(d, hex);
}

/* SHA-256 of the source columns of @f (those neither derived in @s, which
 * may be NULL, nor added by `predict`): names, types, values, levels, codes. */
static void
frame_fingerprint(const fair_session *s, const fair_frame *f, char hex[65])
{
	fair_sha256 c;
	unsigned char d[32];
	uint64_t nrows = fair_frame_nrows(f);

	fair_sha256_init(&c);
	fair_sha256_update(&c, &nrows, sizeof nrows);
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *col = fair_frame_column(f, j);
		if (is_extra_column(s, col) || (s != NULL && fair_session_formula(s, fair_column_name(col))))
			continue;
		hash_column(&c, col);
	}
	fair_sha256_final(&c, d);
	fair_sha256_hex(d, hex);
}

/* SHA-256 of the derived set-up arrays, to check that re-applying the set-up
 * words on open gives what was saved. */
static void
setup_fingerprint(const fair_session *s, const char *what, char hex[65])
{
	size_t n = fair_frame_nrows(s->frame);

	if (!strcmp(what, "target"))
		fair_sha256_buf(s->target->y, n * sizeof(double), hex);
	else if (!strcmp(what, "groups"))
		fair_sha256_buf(s->groups->group, n * sizeof(int32_t), hex);
	else
		fair_sha256_buf(s->keep, n, hex);
}

/* ---- save -------------------------------------------------------------------- */

int
fair_session_export(const fair_session *s, fair_param *o, fair_error *err)
{
	fair_param *setup, *cols, *extra, *derived, *models, *checks, *filters;
	char hex[65];
	size_t n = fair_frame_nrows(s->frame);

	if (s->path == NULL && strncmp(s->source, "demo:", 5) != 0)   /* read from a pipe */
		return fair_error_set(err, FAIR_EINVAL, "its data came from a pipe ('%s') that cannot be read "
		                      "again; write them to a file ('export predictions FILE.csv'), load that file "
		                      "and save", s->source);
	fair_param_add_str(o, "name", s->name);
	fair_param_add_str(o, "source", s->source);
	if (s->path) {
		uint64_t size;
		if (fair_sha256_file(s->path, hex, &size, err))
			return err->code;
		fair_param_add_str(o, "path", s->path);
		fair_param_add_int(o, "size", (int64_t)size);
		fair_param_add_str(o, "sha256", hex);
	}
	fair_param_add_int(o, "nrows", (int64_t)n);
	frame_fingerprint(s, s->frame, hex);
	fair_param_add_str(o, "data_sha256", hex);
	cols = fair_param_add_list(o, "columns");
	extra = fair_param_add_list(o, "extra_columns");
	derived = fair_param_add_list(o, "derived");
	for (size_t k = 0; k < s->nformulas; k++) {
		fair_param *e = fair_param_add_object(derived, NULL);
		long j = fair_frame_find(s->frame, s->formula_names[k]);
		fair_param_add_str(e, "name", s->formula_names[k]);
		fair_param_add_str(e, "formula", s->formulas[k]);
		if (j >= 0) {
			column_fingerprint(fair_frame_column(s->frame, (size_t)j), hex);
			fair_param_add_str(e, "sha256", hex);
		}
	}
	for (size_t j = 0; j < fair_frame_ncols(s->frame); j++) {
		const fair_column *c = fair_frame_column(s->frame, j);
		fair_param_add_str(cols, NULL, fair_column_name(c));
		if (is_extra_column(s, c)) {
			fair_param *e = fair_param_add_object(extra, NULL);
			fair_param_add_str(e, "name", fair_column_name(c));
			fair_param_add_vec(e, "values", fair_column_values(c), n);
		}
	}
	setup = fair_param_add_object(o, "setup");
	checks = fair_param_add_object(o, "checks");
	filters = fair_param_add_list(setup, "filters");
	for (size_t i = 0; i < s->nfilters; i++)
		fair_param_add_str(filters, NULL, fair_filter_text(s->filters[i]));
	if (s->keep) {
		setup_fingerprint(s, "keep", hex);
		fair_param_add_str(checks, "keep", hex);
	}
	if (s->target) {
		fair_param_add_str(setup, "target", s->target_spec ? s->target_spec : s->target->column);
		setup_fingerprint(s, "target", hex);
		fair_param_add_str(checks, "target", hex);
	}
	if (s->groups) {
		fair_param_add_str(setup, "sensitive", s->sensitive_spec ? s->sensitive_spec : "");
		setup_fingerprint(s, "groups", hex);
		fair_param_add_str(checks, "groups", hex);
	}
	if (s->features_spec) {
		/* the spec is what counts (resolved at each training); the listed
		 * columns are checked on open */
		fair_param *fl = fair_param_add_list(setup, "feature_columns");
		fair_param_add_str(setup, "features", s->features_spec);
		for (size_t j = 0; j < s->nfeatures; j++)
			fair_param_add_str(fl, NULL, fair_column_name(fair_frame_column(s->frame, s->features[j])));
	}
	if (s->weights)
		fair_param_add_str(setup, "weights", s->weights);
	if (s->split) {
		fair_param_add_str(setup, "split", s->split_spec ? s->split_spec : "");
		fair_param_add_bytes(o, "split", s->split, n);
	}
	models = fair_param_add_list(o, "models");
	for (size_t k = 0; k < s->nmodels; k++) {
		int st = fair_model_export_in(s->models[k], s->models, s->nmodels, fair_param_add_object(models, NULL), err);
		if (st)
			return st;
	}
	return fair_param_failed(o) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

/* ---- open -------------------------------------------------------------------- */

/* Re-applies "COLUMN key=value ..." (the words of `target` or `sensitive`,
 * as the shell joined them; train-spec.c reads them). */
static int
apply_spec(fair_session *s, const char *what, const char *spec, fair_error *err)
{
	int st;

	if (!strcmp(what, "target")) {
		fair_target *t = NULL;
		if ((st = fair__workbench_target_words(s->frame, spec, &t, err)) == FAIR_OK) {
			s->target = t;
			if ((s->target_spec = strdup(spec)) == NULL)
				st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
	} else {
		fair_groups *g = NULL;
		if ((st = fair__workbench_groups_words(s->frame, spec, &g, err)) == FAIR_OK) {
			s->groups = g;
			if ((s->sensitive_spec = strdup(spec)) == NULL)
				st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
	}
	return st;
}

/* The data of a saved session: the file again (same SHA-256) or the demo
 * generator again; then the saved prediction columns. */
static fair_frame *
restore_data(const fair_param *o, const char *name, const char *file, size_t memory_limit, fair_error *err)
{
	const char *source = fair_param_str(o, "source", err), *path, *sum;
	fair_frame *f = NULL;

	if (source == NULL)
		return NULL;
	if (strncmp(source, "demo:", 5) == 0) {
		char dname[64];
		size_t n = 0;
		double bias = NAN;
		unsigned long seed = 1;
		if (sscanf(source, "demo:%63s n=%zu bias=%lf seed=%lu", dname, &n, &bias, &seed) != 4) {
			fair_error_set(err, FAIR_EPARSE, "session '%s': cannot read the demo source '%s'", name, source);
			return NULL;
		}
		if (fair_demo_generate(dname, n, bias, seed, &f, err))
			return NULL;
		return f;
	}
	int64_t size;
	char hex[65];
	uint64_t now;
	struct stat st;
	if ((path = fair_param_str(o, "path", err)) == NULL || (sum = fair_param_str(o, "sha256", err)) == NULL ||
	    fair_param_int(o, "size", &size, err))
		return NULL;
	if (stat(path, &st) != 0) {
		fair_error_set(err, FAIR_ENOTFOUND, "session '%s': its dataset '%s' is missing (%s); "
		               "put the file back there, or load the data again and redo the set-up", name, path, strerror(errno));
		return NULL;
	}
	if (fair_sha256_file(path, hex, &now, err))
		return NULL;
	if (strcmp(hex, sum) != 0) {
		fair_error_set(err, FAIR_EINVAL, "session '%s': its dataset '%s' has changed since '%s' was saved "
		               "(SHA-256 %.12s..., was %.12s...; %" PRIu64 " bytes, was %" PRId64 "); restore the original file, "
		               "or load the new data and redo the set-up and training", name, path, file, hex, sum, now, size);
		return NULL;
	}
	fair_csv_opts co;
	fair_csv_opts_init(&co);
	co.memory_limit = memory_limit;
	return fair_csv_read(path, &co, NULL, err);
}

static int
add_extra_columns(fair_session *s, const fair_param *o, fair_error *err)
{
	const fair_param *ex = fair_param_list(o, "extra_columns", err);
	size_t n = fair_frame_nrows(s->frame);

	if (ex == NULL)
		return FAIR_EPARSE;
	for (size_t i = 0; i < ex->nkids; i++) {
		const char *name = fair_param_str(ex->kids[i], "name", err);
		size_t nv;
		const double *v = name ? fair_param_vec(ex->kids[i], "values", &nv, err) : NULL;
		if (v == NULL)
			return FAIR_EPARSE;
		if (fair_frame_find(s->frame, name) >= 0)
			continue;   /* the source has it */
		if (nv != n)
			return fair_error_set(err, FAIR_EPARSE, "saved data: column '%s' has %zu values for %zu rows", name, nv, n);
		double *copy = malloc((n ? n : 1) * sizeof *copy);
		if (copy == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		memcpy(copy, v, n * sizeof *v);
		fair_column *c = fair_column_new_numeric(name, copy, n, err);
		fair_frame *f2 = c ? fair_frame_with_column(s->frame, c, err) : NULL;
		fair_column_unref(c);
		if (f2 == NULL)
			return err->code;
		int st = fair_session_set_frame(s, f2, err);
		fair_frame_unref(f2);
		if (st)
			return st;
		/* a prediction column again (as `predict` made it): never a
		 * feature, shown with its role */
		char **nd = realloc(s->derived, (s->nderived + 1) * sizeof *nd);
		if (nd == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		s->derived = nd;
		if ((s->derived[s->nderived] = strdup(name)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		s->nderived++;
	}
	return FAIR_OK;
}

/* The derived columns of a saved session, computed again from their
 * formulas in the order they were defined (after the prediction columns,
 * which they may read), each checked against its saved fingerprint; then
 * the columns put in the saved order. */
static int
restore_derived(fair_session *s, const fair_param *o, const fair_param *cols, fair_error *err)
{
	const fair_param *dl = fair_param_get(o, "derived");
	fair_frame *f = NULL;
	int st = FAIR_OK;

	if (dl == NULL)      /* written before derived columns existed */
		return FAIR_OK;
	if (dl->type != FAIR_PARAM_LIST)
		return fair_error_set(err, FAIR_EPARSE, "saved data: 'derived' is not a list");
	for (size_t i = 0; i < dl->nkids; i++) {
		const char *name = fair_param_str(dl->kids[i], "name", err), *text, *sum;
		fair_expr *e;
		char hex[65];
		if (name == NULL || (text = fair_param_str(dl->kids[i], "formula", err)) == NULL ||
		    (sum = fair_param_str(dl->kids[i], "sha256", err)) == NULL)
			return FAIR_EPARSE;
		if ((e = fair_expr_parse(text, err)) == NULL ||
		    (st = fair_session_derive(s, name, e, err)) != FAIR_OK) {
			fair_expr_free(e);
			return fair_error_prefix(err, "session '%s': derived column '%s'", s->name, name);
		}
		fair_expr_free(e);
		column_fingerprint(fair_frame_column(s->frame, (size_t)fair_frame_find(s->frame, name)), hex);
		if (strcmp(hex, sum) != 0)
			return fair_error_set(err, FAIR_EINVAL, "session '%s': derived column '%s' = %s comes out "
			                      "different from the saved one; the data or fairsh changed since the "
			                      "file was written", s->name, name, text);
	}
	if (dl->nkids == 0 || cols->nkids != fair_frame_ncols(s->frame))
		return FAIR_OK;      /* a mismatch is reported by the caller */
	if ((f = fair_frame_new()) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t j = 0; j < cols->nkids && st == FAIR_OK; j++) {
		long c = cols->kids[j]->type == FAIR_PARAM_STR ? fair_frame_find(s->frame, cols->kids[j]->str) : -1;
		if (c < 0) {
			fair_frame_unref(f);
			return FAIR_OK;   /* reported by the caller */
		}
		st = fair_frame_add_column(f, fair_frame_column(s->frame, (size_t)c), err);
	}
	if (st == FAIR_OK)
		st = fair_session_set_frame(s, f, err);
	fair_frame_unref(f);
	return st;
}

static int
check_setup(const fair_session *s, const fair_param *checks, const char *what, bool have, fair_error *err)
{
	const fair_param *p = fair_param_get(checks, what);
	char hex[65];

	if ((p != NULL) != have)
		return fair_error_set(err, FAIR_EPARSE, "session '%s': the saved %s does not match its set-up", s->name, what);
	if (p == NULL)
		return FAIR_OK;
	setup_fingerprint(s, what, hex);
	if (p->type != FAIR_PARAM_STR || strcmp(p->str, hex) != 0)
		return fair_error_set(err, FAIR_EINVAL, "session '%s': re-applying the saved %s gives a different result; "
		                      "the data or fairsh changed since the file was written", s->name, what);
	return FAIR_OK;
}

static int
restore_setup(fair_session *s, const fair_param *o, fair_error *err)
{
	const fair_param *setup = fair_param_object(o, "setup", err), *checks = fair_param_object(o, "checks", err);
	const fair_param *fl, *p;
	size_t n = fair_frame_nrows(s->frame);
	int st;

	if (setup == NULL || checks == NULL || (fl = fair_param_list(setup, "filters", err)) == NULL)
		return FAIR_EPARSE;
	for (size_t i = 0; i < fl->nkids; i++) {
		fair_filter *f, **nf;
		if (fl->kids[i]->type != FAIR_PARAM_STR)
			return fair_error_set(err, FAIR_EPARSE, "saved data: a filter is not a string");
		if ((f = fair_filter_parse(s->frame, fl->kids[i]->str, err)) == NULL)
			return err->code;
		if ((nf = realloc(s->filters, (s->nfilters + 1) * sizeof *nf)) == NULL) {
			fair_filter_free(f);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		s->filters = nf;
		s->filters[s->nfilters++] = f;
	}
	if (s->nfilters) {
		if ((s->keep = malloc(n ? n : 1)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		if ((st = fair_filters_keep((const fair_filter *const *)s->filters, s->nfilters, s->frame, s->keep, NULL, err)))
			return st;
	}
	if ((p = fair_param_get(setup, "target")) != NULL &&
	    (st = apply_spec(s, "target", p->type == FAIR_PARAM_STR ? p->str : "", err)))
		return st;
	if ((p = fair_param_get(setup, "sensitive")) != NULL &&
	    (st = apply_spec(s, "sensitive", p->type == FAIR_PARAM_STR ? p->str : "", err)))
		return st;
	if ((st = check_setup(s, checks, "keep", s->keep != NULL, err)) ||
	    (st = check_setup(s, checks, "target", s->target != NULL, err)) ||
	    (st = check_setup(s, checks, "groups", s->groups != NULL, err)))
		return st;
	if (fair_param_get(setup, "feature_columns")) {
		size_t nf = 0, nlist;
		char **names = fair_param_strings(setup, "feature_columns", &nf, err);
		const char *spec = fair_param_str(setup, "features", err);
		if (names == NULL || spec == NULL) {
			fair_strv_free(names, nf);
			return FAIR_EPARSE;
		}
		/* files of earlier versions list the columns "all" gave when
		 * saved: only a list spec keeps its columns */
		nlist = !strcmp(spec, "all") || !strncmp(spec, "all-except=", 11) ? 0 : nf;
		s->features = nlist ? malloc(nlist * sizeof *s->features) : NULL;
		s->features_spec = strdup(spec);
		if ((nlist && s->features == NULL) || s->features_spec == NULL) {
			fair_strv_free(names, nf);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
		for (size_t j = 0; j < nlist; j++) {
			long c = fair_frame_find(s->frame, names[j]);
			if (c < 0) {
				fair_error_set(err, FAIR_EPARSE, "saved data: feature column '%s' not found", names[j]);
				fair_strv_free(names, nf);
				return FAIR_EPARSE;
			}
			s->features[s->nfeatures++] = (size_t)c;
		}
		fair_strv_free(names, nf);
	}
	if (fair_param_get(setup, "weights")) {
		/* checked again against the data as opened */
		const char *wc = fair_param_str(setup, "weights", err);
		if (wc == NULL || fair_session_set_weights(s, wc, err))
			return err->code ? err->code : FAIR_EPARSE;
	}
	if (fair_param_get(o, "split")) {
		size_t nb;
		const unsigned char *b = fair_param_bytes(o, "split", &nb, err);
		const char *spec = b ? fair_param_str(setup, "split", err) : NULL;
		if (spec == NULL)
			return FAIR_EPARSE;
		if (nb != n)
			return fair_error_set(err, FAIR_EPARSE, "saved data: split of session '%s' has %zu rows, the data %zu", s->name, nb, n);
		for (size_t i = 0; i < n; i++)
			if (b[i] > FAIR_SPLIT_NONE)
				return fair_error_set(err, FAIR_EPARSE, "saved data: bad split value %u in row %zu", b[i], i + 1);
		if ((s->split = malloc(n ? n : 1)) == NULL || (s->split_spec = strdup(spec)) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		memcpy(s->split, b, n);
	}
	return FAIR_OK;
}

/* The models of a saved session, added in file order. A model trained on a
 * representation names it (fair_model_import_in): models whose reference
 * is not imported yet wait for a later pass. */
static int
import_models(fair_session *s, const fair_param *models, fair_error *err)
{
	size_t n = models->nkids, left = n, bad = 0;
	fair_model **mv = calloc(n + 1, sizeof *mv);
	fair_error e1;
	int st = FAIR_OK;

	if (mv == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	fair_error_clear(&e1);
	while (left > 0 && st == FAIR_OK) {
		size_t before = left;
		for (size_t k = 0; k < n && st == FAIR_OK; k++) {
			if (mv[k])
				continue;
			if ((mv[k] = fair_model_import_in(models->kids[k], mv, n, err)) != NULL) {
				left--;
			} else if (err->code == FAIR_ENOTFOUND) {
				if (e1.code == FAIR_OK) {
					e1 = *err;
					bad = k;
				}
			} else {
				bad = k;
				st = err->code;
			}
		}
		if (st == FAIR_OK && left == before) {   /* no progress: a name that is not in the file */
			*err = e1;
			st = e1.code;
		}
		fair_error_clear(&e1);
	}
	for (size_t k = 0; k < n && st == FAIR_OK; k++) {
		if ((st = fair_session_add_model(s, mv[k], err)) == FAIR_OK)
			mv[k] = NULL;   /* the session holds it */
		else
			bad = k;
	}
	if (st != FAIR_OK) {
		fair_error e2 = *err;
		fair_error_set(err, e2.code, "session '%s': saved model %zu: %s", s->name, bad + 1, e2.msg);
	}
	for (size_t k = 0; k < n; k++)
		fair_model_unref(mv[k]);
	free(mv);
	return st;
}

fair_frame *
fair_session_import_data(const fair_param *o, const char *file, size_t memory_limit, fair_error *err)
{
	const char *name = fair_param_str(o, "name", err), *fp;
	fair_frame *f;
	char hex[65];

	if (name == NULL || (fp = fair_param_str(o, "data_sha256", err)) == NULL)
		return NULL;
	if ((f = restore_data(o, name, file, memory_limit, err)) == NULL)
		return NULL;
	frame_fingerprint(NULL, f, hex);
	if (strcmp(hex, fp) != 0) {
		fair_error_set(err, FAIR_EINVAL, "session '%s': the data read again from '%s' differ from the saved data "
		               "(was it loaded with delim=, na= or skip_bad=?); load it again and redo the set-up",
		               name, fair_param_str(o, "source", NULL));
		fair_frame_unref(f);
		return NULL;
	}
	return f;
}

fair_session *
fair_session_import_frame(const fair_param *o, fair_frame *f, fair_error *err)
{
	const char *name = fair_param_str(o, "name", err), *path;
	const fair_param *models, *cols;
	fair_session *s = NULL;

	if (name == NULL || (cols = fair_param_list(o, "columns", err)) == NULL ||
	    (models = fair_param_list(o, "models", err)) == NULL)
		return NULL;
	s = fair_session_new(name, f, fair_param_str(o, "source", NULL), err);
	if (s == NULL)
		return NULL;
	if ((path = fair_param_get(o, "path") ? fair_param_str(o, "path", err) : NULL) != NULL &&
	    (s->path = strdup(path)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto fail;
	}
	if (add_extra_columns(s, o, err) || restore_derived(s, o, cols, err))
		goto fail;
	if (cols->nkids != fair_frame_ncols(s->frame))
		goto columns;
	for (size_t j = 0; j < cols->nkids; j++)
		if (cols->kids[j]->type != FAIR_PARAM_STR ||
		    strcmp(cols->kids[j]->str, fair_column_name(fair_frame_column(s->frame, j))) != 0)
			goto columns;
	if (restore_setup(s, o, err))
		goto fail;
	if (import_models(s, models, err))
		goto fail;
	return s;
columns:
	fair_error_set(err, FAIR_EPARSE, "session '%s': the saved columns do not match the data", name);
fail:
	fair_session_free(s);
	return NULL;
}

fair_session *
fair_session_import(const fair_param *o, const char *file, size_t memory_limit, fair_error *err)
{
	fair_frame *f = fair_session_import_data(o, file, memory_limit, err);
	fair_session *s;

	if (f == NULL)
		return NULL;
	s = fair_session_import_frame(o, f, err);
	fair_frame_unref(f);
	return s;
}

/* ---- the workbench ---------------------------------------------------------- */

int
fair_workbench_export(const fair_workbench *wb, fair_param *root, size_t *nmodels, fair_error *err)
{
	const fair_session *cur = fair_workbench_current(wb);
	fair_param *list;

	*nmodels = 0;
	if (cur)
		fair_param_add_str(root, "current", cur->name);
	list = fair_param_add_list(root, "sessions");
	for (size_t i = 0; i < wb->n; i++) {
		if (fair_session_export(wb->sessions[i], fair_param_add_object(list, NULL), err))
			return fair_error_prefix(err, "session '%s'", wb->sessions[i]->name);
		*nmodels += wb->sessions[i]->nmodels;
	}
	return fair_param_failed(root) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

fair_workbench *
fair_workbench_import(const fair_param *root, const char *file, size_t memory_limit, size_t *nmodels,
                      fair_error *err)
{
	const fair_param *list = fair_param_list(root, "sessions", err);
	const char *cur;
	fair_workbench *wb;

	*nmodels = 0;
	if (list == NULL)
		return NULL;
	if ((wb = fair_workbench_new()) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < list->nkids; i++) {
		fair_session *s = fair_session_import(list->kids[i], file, memory_limit, err);
		if (s == NULL || fair_workbench_add(wb, s, err)) {
			fair_session_free(s);
			goto fail;
		}
		*nmodels += s->nmodels;
	}
	cur = fair_param_get(root, "current") ? fair_param_str(root, "current", NULL) : NULL;
	if (cur && fair_workbench_use(wb, cur, err)) {
		fair_error_prefix(err, "'%s'", file);
		goto fail;
	}
	return wb;
fail:
	fair_workbench_free(wb);
	return NULL;
}
