/* session.c -- the workbench and its sessions: bookkeeping only. The data
 * spec (target, groups, filters, split) is computed in spec.c; models in
 * model.c. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/db.h"
#include "fairsh/model.h"
#include "fairsh/session.h"
#include "workbench/workbench-private.h"
#include "fairsh/spec.h"

fair_workbench *
fair_workbench_new(void)
{
	fair_workbench *wb = calloc(1, sizeof *wb);

	if (wb != NULL)
		wb->current = -1;
	return wb;
}

void
fair_workbench_free(fair_workbench *wb)
{
	if (wb == NULL)
		return;
	for (size_t i = 0; i < wb->n; i++)
		fair_session_free(wb->sessions[i]);
	free(wb->sessions);
	free(wb);
}

fair_session *
fair_workbench_find(const fair_workbench *wb, const char *name)
{
	for (size_t i = 0; i < wb->n; i++)
		if (strcmp(wb->sessions[i]->name, name) == 0)
			return wb->sessions[i];
	return NULL;
}

int
fair_workbench_add(fair_workbench *wb, fair_session *s, fair_error *err)
{
	if (fair_workbench_find(wb, s->name) != NULL)
		return fair_error_set(err, FAIR_EINVAL, "a session named '%s' exists already (close it or use 'as NAME')", s->name);
	if (wb->n == wb->cap) {
		size_t ncap = wb->cap ? 2 * wb->cap : 8;
		fair_session **p = realloc(wb->sessions, ncap * sizeof *p);
		if (p == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		wb->sessions = p;
		wb->cap = ncap;
	}
	wb->sessions[wb->n] = s;
	wb->current = (long)wb->n++;
	return FAIR_OK;
}

fair_session *
fair_workbench_current(const fair_workbench *wb)
{
	return wb->current >= 0 ? wb->sessions[wb->current] : NULL;
}

static long
find_index(const fair_workbench *wb, const char *name)
{
	for (size_t i = 0; i < wb->n; i++)
		if (strcmp(wb->sessions[i]->name, name) == 0)
			return (long)i;
	return -1;
}

static int
unknown_session(const fair_workbench *wb, const char *name, fair_error *err)
{
	char list[300] = "";

	for (size_t i = 0; i < wb->n && strlen(list) < 250; i++) {
		if (i)
			strcat(list, ", ");
		strncat(list, wb->sessions[i]->name, 40);
	}
	return fair_error_set(err, FAIR_ENOTFOUND, "no session named '%s' (sessions: %s)", name,
	                      wb->n ? list : "none");
}

int
fair_workbench_use(fair_workbench *wb, const char *name, fair_error *err)
{
	long i = find_index(wb, name);

	if (i < 0)
		return unknown_session(wb, name, err);
	wb->current = i;
	return FAIR_OK;
}

int
fair_workbench_close(fair_workbench *wb, const char *name, fair_error *err)
{
	long i = find_index(wb, name);

	if (i < 0)
		return unknown_session(wb, name, err);
	fair_session_free(wb->sessions[i]);
	memmove(wb->sessions + i, wb->sessions + i + 1, (wb->n - (size_t)i - 1) * sizeof *wb->sessions);
	wb->n--;
	if (wb->current == i)
		wb->current = wb->n ? (long)wb->n - 1 : -1;
	else if (wb->current > i)
		wb->current--;
	return FAIR_OK;
}

char *
fair_workbench_unique_name(const fair_workbench *wb, const char *base)
{
	size_t len = strlen(base) + 24;
	char *s = malloc(len);

	if (s == NULL)
		return NULL;
	snprintf(s, len, "%s", base);
	for (unsigned k = 2; fair_workbench_find(wb, s) != NULL; k++)
		snprintf(s, len, "%s%u", base, k);
	return s;
}

fair_session *
fair_session_new(const char *name, fair_frame *frame, const char *source, fair_error *err)
{
	fair_session *s = calloc(1, sizeof *s);

	if (s == NULL || (s->name = strdup(name)) == NULL || (s->source = strdup(source)) == NULL) {
		fair_session_free(s);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	s->frame = fair_frame_ref(frame);
	return s;
}

void
fair_session_free(fair_session *s)
{
	if (s == NULL)
		return;
	fair_session_changed(s);   /* frees the audit cache */
	for (size_t i = 0; i < s->nmodels; i++)
		fair_model_unref(s->models[i]);
	free(s->models);
	fair_frame_unref(s->frame);
	free(s->name);
	free(s->source);
	free(s->path);
	fair_db_close(s->db);
	free(s->db_sql);
	free(s->stream_path);
	free(s->stream_na);
	fair_db_setup_free(s->db_setup);
	fair_target_free(s->target);
	free(s->target_spec);
	fair_groups_free(s->groups);
	free(s->sensitive_spec);
	free(s->features);
	free(s->features_spec);
	for (size_t i = 0; i < s->nfilters; i++)
		fair_filter_free(s->filters[i]);
	free(s->filters);
	free(s->keep);
	free(s->split);
	free(s->split_spec);
	free(s->split_column);
	free(s->weights);
	for (size_t i = 0; i < s->nderived; i++)
		free(s->derived[i]);
	free(s->derived);
	for (size_t i = 0; i < s->nformulas; i++) {
		free(s->formula_names[i]);
		free(s->formulas[i]);
	}
	free(s->formula_names);
	free(s->formulas);
	free(s);
}

int
fair_session_set_frame(fair_session *s, fair_frame *frame, fair_error *err)
{
	if (fair_frame_nrows(frame) != fair_frame_nrows(s->frame))
		return fair_error_set(err, FAIR_EINVAL, "new frame has %zu rows, the session has %zu",
		                      fair_frame_nrows(frame), fair_frame_nrows(s->frame));
	fair_frame_ref(frame);
	fair_frame_unref(s->frame);
	s->frame = frame;
	fair_session_changed(s);
	return FAIR_OK;
}

size_t
fair_session_nrows(const fair_session *s)
{
	return s->db != NULL || s->stream_path != NULL ? s->db_rows : fair_frame_nrows(s->frame);
}

size_t
fair_session_ncols(const fair_session *s)
{
	return fair_frame_ncols(s->frame) + (s->db_setup != NULL ? s->db_setup->nderived : 0);
}

size_t
fair_session_nfilters_text(const fair_session *s)
{
	return s->db_setup != NULL ? s->db_setup->nfilters : s->nfilters;
}

const char *
fair_session_filter_str(const fair_session *s, size_t i)
{
	return s->db_setup != NULL ? s->db_setup->filters[i] : fair_filter_text(s->filters[i]);
}

size_t
fair_session_nkept(const fair_session *s)
{
	size_t n = fair_frame_nrows(s->frame), k = 0;

	if (s->db != NULL || s->stream_path != NULL)
		return s->db_kept;

	if (s->keep == NULL)
		return n;
	for (size_t i = 0; i < n; i++)
		k += s->keep[i] != 0;
	return k;
}

int
fair_session_add_model(fair_session *s, struct fair_model *m, fair_error *err)
{
	for (size_t i = 0; i < s->nmodels; i++)
		if (strcmp(fair_model_name(s->models[i]), fair_model_name(m)) == 0) {
			fair__workbench_cache_drop_model(s, s->models[i]);
			fair_model_unref(s->models[i]);
			s->models[i] = m;    /* retraining under the same name replaces */
			return FAIR_OK;
		}
	if (s->nmodels == s->capmodels) {
		size_t ncap = s->capmodels ? 2 * s->capmodels : 8;
		struct fair_model **p = realloc(s->models, ncap * sizeof *p);
		if (p == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		s->models = p;
		s->capmodels = ncap;
	}
	s->models[s->nmodels++] = m;
	return FAIR_OK;
}

struct fair_model *
fair_session_find_model(const fair_session *s, const char *name)
{
	for (size_t i = 0; i < s->nmodels; i++)
		if (strcmp(fair_model_name(s->models[i]), name) == 0)
			return s->models[i];
	return NULL;
}

int
fair_session_remove_model(fair_session *s, const char *name, fair_error *err)
{
	for (size_t i = 0; i < s->nmodels; i++)
		if (strcmp(fair_model_name(s->models[i]), name) == 0) {
			fair__workbench_cache_drop_model(s, s->models[i]);
			fair_model_unref(s->models[i]);
			memmove(s->models + i, s->models + i + 1, (s->nmodels - i - 1) * sizeof *s->models);
			s->nmodels--;
			return FAIR_OK;
		}
	return fair_error_set(err, FAIR_ENOTFOUND, "no model named '%s'", name);
}

size_t
fair__workbench_groups_used(const fair_groups *g, const size_t *rows, size_t n, long *map,
                            const char **labels)
{
	size_t K = 0;

	for (size_t k = 0; k < g->K; k++)
		map[k] = rows ? -1 : 0;
	for (size_t i = 0; rows && i < n; i++)
		if (g->group[rows[i]] >= 0)
			map[g->group[rows[i]]] = 0;
	for (size_t k = 0; k < g->K; k++)
		if (map[k] == 0) {
			map[k] = (long)K;
			labels[K++] = g->labels[k];
		}
	return K;
}

/* ---- features ------------------------------------------------------------- */

static bool
name_in(const char *name, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != NULL && !strcmp(name, v[i]))
			return true;
	return false;
}

bool
fair_session_is_sensitive(const fair_session *s, const char *name)
{
	return s->groups && name_in(name, (const char *const *)s->groups->columns, s->groups->ncolumns);
}

int
fair_session_features(const fair_session *s, const char *const *targets, size_t ntargets, bool use_sensitive,
                      size_t **cols, size_t *ncols, fair_buf *note, fair_error *err)
{
	const char *spec = s->features_spec ? s->features_spec : "all";
	bool listed = strcmp(spec, "all") != 0 && strncmp(spec, "all-except=", 11) != 0;
	size_t ns = s->groups ? s->groups->ncolumns : 0, nex = 0, *out = NULL, n = 0;
	const char **excl = malloc((ntargets + ns + s->nderived + 4) * sizeof *excl), *st = NULL;
	int rc;

	*cols = NULL;
	*ncols = 0;
	if (excl == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (targets == NULL && s->target)
		targets = &st, st = s->target->column, ntargets = 1;
	for (size_t i = 0; i < ntargets; i++)
		excl[nex++] = targets[i];
	if (s->split_column)
		excl[nex++] = s->split_column;
	if (s->weights)
		excl[nex++] = s->weights;
	for (size_t j = 0; j < ns; j++)
		excl[nex++] = s->groups->columns[j];
	for (size_t j = 0; j < s->nderived; j++)
		excl[nex++] = s->derived[j];
	rc = fair_features_resolve(s->frame, spec, excl, nex, &out, &n, err);
	if (rc == FAIR_OK && (out = realloc(out, (n + ns + 1) * sizeof *out)) == NULL)
		rc = fair_error_set(err, FAIR_ENOMEM, "out of memory");
	if (rc == FAIR_OK) {
		/* a target is never a feature, even when listed: that would be
		 * the answer among the inputs */
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const char *cn = fair_column_name(fair_frame_column(s->frame, out[i]));
			if (listed && name_in(cn, targets, ntargets)) {
				if (note)
					fair_buf_printf(note, "%s'%s' is the target, not a feature", note->len ? "; " : "", cn);
				continue;
			}
			out[k++] = out[i];
		}
		n = k;
		/* use_sensitive=yes adds the sensitive columns not listed */
		for (size_t j = 0; use_sensitive && j < ns; j++) {
			long c = fair_frame_find(s->frame, s->groups->columns[j]);
			bool have = c < 0;
			for (size_t i = 0; i < n && !have; i++)
				have = out[i] == (size_t)c;
			if (!have)
				out[n++] = (size_t)c;
		}
		if (n == 0)
			rc = fair_error_set(err, FAIR_EINVAL, "no feature columns left (the target, sensitive and split columns "
			                    "are not features; see 'features')");
	}
	if (rc == FAIR_OK) {
		*cols = out;
		*ncols = n;
	} else {
		free(out);
	}
	free(excl);
	return rc;
}

int
fair_session_set_weights(fair_session *s, const char *column, fair_error *err)
{
	if (column == NULL) {
		free(s->weights);
		s->weights = NULL;
		return FAIR_OK;
	}
	long j = fair_frame_find(s->frame, column);
	if (j < 0)
		return fair_error_set(err, FAIR_ENOTFOUND, "unknown column '%s' (see 'columns')", column);
	const fair_column *c = fair_frame_column(s->frame, (size_t)j);
	if (fair_column_type(c) != FAIR_COL_NUMERIC)
		return fair_error_set(err, FAIR_EINVAL, "weights column '%s' is categorical; weights are numbers", column);
	if (s->target && !strcmp(s->target->column, column))
		return fair_error_set(err, FAIR_EINVAL, "column '%s' is the target; it cannot be the weights", column);
	if (fair_session_is_sensitive(s, column))
		return fair_error_set(err, FAIR_EINVAL, "column '%s' is part of the sensitive attribute; it cannot be "
		                      "the weights", column);
	const double *v = fair_column_values(c);
	size_t n = fair_column_length(c);
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			return fair_error_set(err, FAIR_EINVAL, "weights column '%s': row %zu is missing (every row needs a "
			                      "weight; filter the row out or derive a column that fills it)", column, i + 1);
		if (!(v[i] >= 0 && v[i] < INFINITY))
			return fair_error_set(err, FAIR_EINVAL, "weights column '%s': row %zu has %g (weights must be finite "
			                      "and >= 0)", column, i + 1, v[i]);
		if (s->keep == NULL || s->keep[i])
			sum += v[i];
	}
	if (!(sum > 0))
		return fair_error_set(err, FAIR_EINVAL, "weights column '%s' sums to 0 over the kept rows", column);
	char *dup = strdup(column);
	if (dup == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	free(s->weights);
	s->weights = dup;
	return FAIR_OK;
}

const double *
fair_session_weights(const fair_session *s)
{
	if (s->weights == NULL)
		return NULL;
	long j = fair_frame_find(s->frame, s->weights);
	if (j < 0)
		return NULL;
	const fair_column *c = fair_frame_column(s->frame, (size_t)j);
	return fair_column_type(c) == FAIR_COL_NUMERIC ? fair_column_values(c) : NULL;
}
