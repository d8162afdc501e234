/* session-cache.c -- the audit cache of a session (fairsh/session.h): the
 * rows and groups of each on= and the decisions of models and decision
 * rules, built once per set-up and dropped by fair_session_changed, the one
 * invalidation point. At 10 million rows an audit counts in a few
 * hundredths of a second; building its inputs again (row lists, renumbered
 * groups, per-row predictions: fresh arrays of tens of megabytes, each
 * page-faulted) took several times that. fair_session_rows, which makes
 * the row lists, lives here too. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "fairsh/model.h"
#include "fairsh/session.h"
#include "fairsh/spec.h"
#include "workbench/workbench-private.h"

#define NON 4   /* enum fair_on */

struct cached_decision {
	fair_session_decision d;
	fair_column  *yhat_col, *score_col;   /* d.yhat / d.score are these columns' values (referenced) */
	fair_model   *model;      /* referenced, or NULL */
	char         *key;
	size_t        bytes;
	unsigned long used;       /* last use, for the least recently used */
};

struct fair_session_cache {
	/* what the entries were made from: the generation, and the objects
	 * (a view swaps the groups for a moment, both alive) */
	unsigned long gen;
	const void   *frame, *target, *groups;
	fair_session_rowset rowset[NON];
	bool          have[NON];
	fair_groups  *restricted[NON];
	bool          borrowed[NON];   /* restricted[on]->group is the session's */
	char         *dropped[NON];
	struct cached_decision dec[FAIR_SESSION_DECISIONS];
	size_t        ndec;
	unsigned long clock;
};

static void
decision_release(struct cached_decision *c)
{
	if (c->yhat_col)
		fair_column_unref(c->yhat_col);
	else
		free(c->d.yhat);
	if (c->score_col)
		fair_column_unref(c->score_col);
	else
		free(c->d.score);
	free(c->d.rule);
	free(c->key);
	if (c->model)
		fair_model_unref(c->model);
	memset(c, 0, sizeof *c);
}

static void
cache_clear(struct fair_session_cache *c)
{
	for (int on = 0; on < NON; on++) {
		free((size_t *)c->rowset[on].rows);
		if (c->restricted[on] && c->borrowed[on])
			c->restricted[on]->group = NULL;
		fair_groups_free(c->restricted[on]);
		free(c->dropped[on]);
		memset(&c->rowset[on], 0, sizeof c->rowset[on]);
		c->restricted[on] = NULL;
		c->dropped[on] = NULL;
		c->have[on] = c->borrowed[on] = false;
	}
	for (size_t i = 0; i < c->ndec; i++)
		decision_release(&c->dec[i]);
	c->ndec = 0;
}

void
fair_session_changed(fair_session *s)
{
	if (s == NULL)
		return;
	s->setup_gen++;
	if (s->cache != NULL) {
		cache_clear(s->cache);
		free(s->cache);
		s->cache = NULL;
	}
}

/* The cache of @s, emptied when the session's objects are not those it was
 * made from (a guard besides the generation); NULL when out of memory. */
static struct fair_session_cache *
cache_of(fair_session *s)
{
	struct fair_session_cache *c = s->cache;

	if (c != NULL && (c->gen != s->setup_gen || c->frame != (const void *)s->frame ||
	                  c->target != (const void *)s->target || c->groups != (const void *)s->groups)) {
		cache_clear(c);
		c->gen = s->setup_gen;
	}
	if (c == NULL && (c = s->cache = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->gen = s->setup_gen;
	c->frame = s->frame;
	c->target = s->target;
	c->groups = s->groups;
	return c;
}

/* The rows of @on, made afresh (here rather than in session.c, which
 * calls into the cache: no cycle between the two files). */
size_t *
fair_session_rows(const fair_session *s, int on, size_t *nout, fair_error *err)
{
	size_t n = fair_frame_nrows(s->frame), k = 0;
	size_t *rows = malloc((n ? n : 1) * sizeof *rows);
	static const char *const names[] = { "test", "train", "all", "calib" };

	*nout = 0;
	if (rows == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (s->keep && !s->keep[i])
			continue;
		if (s->target && s->target->y[i] != s->target->y[i])   /* NaN: missing target */
			continue;
		if (s->groups && s->groups->group[i] < 0)
			continue;
		if (on != FAIR_ON_ALL && s->split != NULL) {
			int part = s->split[i];
			if ((on == FAIR_ON_TEST && part != FAIR_SPLIT_TEST) ||
			    (on == FAIR_ON_TRAIN && part != FAIR_SPLIT_TRAIN) ||
			    (on == FAIR_ON_CALIB && part != FAIR_SPLIT_CALIB))
				continue;
		} else if (on == FAIR_ON_CALIB) {
			continue;
		}
		rows[k++] = i;
	}
	if (k == 0) {
		free(rows);
		fair_error_set(err, FAIR_EINVAL, "no rows to use for on=%s%s", names[on],
		               s->split == NULL && on != FAIR_ON_ALL ? "" : " (check filters and split)");
		return NULL;
	}
	*nout = k;
	return rows;
}

int
fair_session_rowset_get(fair_session *s, int on, const fair_session_rowset **out, fair_error *err)
{
	struct fair_session_cache *c;
	size_t n = fair_frame_nrows(s->frame), nrows = 0, *rows;
	fair_session_rowset *rs;
	fair_groups *g = NULL;
	char *dropped = NULL;
	size_t ndropped = 0;

	*out = NULL;
	if (on < 0 || on >= NON)
		return fair_error_set(err, FAIR_EINVAL, "unknown row set %d", on);
	if ((c = cache_of(s)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	rs = &c->rowset[on];
	if (c->have[on]) {
		*out = rs;
		return FAIR_OK;
	}
	if ((rows = fair_session_rows(s, on, &nrows, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	/* no sensitive attribute (bias by= audits its own groups): rows only */
	if (s->groups != NULL && fair_groups_restrict(s->groups, rows, nrows, &g, &dropped, &ndropped, err)) {
		free(rows);
		return err ? err->code : FAIR_ENOMEM;
	}
	if (nrows == n) {         /* rows are 0..n-1 (ascending, none left out) */
		free(rows);
		rows = NULL;
	}
	if (g != NULL && ndropped == 0 && g->K == s->groups->K) {
		/* nothing renumbered: the same codes as the session's groups */
		free(g->group);
		g->group = s->groups->group;
		c->borrowed[on] = true;
	}
	c->restricted[on] = g;
	c->dropped[on] = dropped;
	rs->rows = rows;
	rs->nrows = nrows;
	rs->groups = g;
	rs->dropped = dropped;
	rs->ndropped = ndropped;
	c->have[on] = true;
	*out = rs;
	return FAIR_OK;
}

const fair_session_decision *
fair_session_decision_find(fair_session *s, const struct fair_model *m, const char *key)
{
	struct fair_session_cache *c = s->cache;

	if (c == NULL || (c = cache_of(s)) == NULL)
		return NULL;
	for (size_t i = 0; i < c->ndec; i++)
		if (c->dec[i].model == m && !strcmp(c->dec[i].key, key)) {
			c->dec[i].used = ++c->clock;
			return &c->dec[i].d;
		}
	return NULL;
}

/* The decoded size of the frame: 8 bytes a numeric cell, 4 a category,
 * 1 a condition (boolean column). */
static size_t
frame_bytes(const fair_frame *f)
{
	size_t n = fair_frame_nrows(f), b = 0;

	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		b += n * (fair_column_bools(c) ? 1 : fair_column_type(c) == FAIR_COL_NUMERIC ? 8 : 4);
	}
	return b;
}

static size_t
decisions_bytes(const struct fair_session_cache *c)
{
	size_t b = 0;

	for (size_t i = 0; i < c->ndec; i++)
		b += c->dec[i].bytes;
	return b;
}

/* A numeric column of @f whose values are @v bit for bit (a prediction
 * column of 0/1 read in a 0/1 target's labels, a score read as it is):
 * the entry then shares the column instead of a copy. NULL when none. */
static fair_column *
same_column(const fair_frame *f, const double *v)
{
	size_t n = fair_frame_nrows(f), head = n < 64 ? n : 64;

	for (size_t j = 0; v != NULL && n > 0 && j < fair_frame_ncols(f); j++) {
		fair_column *c = fair_frame_column(f, j);
		/* a boolean column (a derived condition) keeps bytes: asking for
		 * its doubles would make the 8 bytes a row the sharing saves */
		const double *x = fair_column_type(c) == FAIR_COL_NUMERIC && fair_column_bools(c) == NULL
		                  ? fair_column_values(c) : NULL;
		if (x != NULL && !memcmp(x, v, head * sizeof *v) && !memcmp(x, v, n * sizeof *v))
			return c;
	}
	return NULL;
}

const fair_session_decision *
fair_session_decision_put(fair_session *s, struct fair_model *m, const char *key, double *yhat, double *score,
                          bool prob, char *rule, fair_error *err)
{
	struct fair_session_cache *c = cache_of(s);
	size_t n = fair_frame_nrows(s->frame), bytes = n * sizeof(double) * (score ? 2 : 1);
	/* half the decoded data, and at least 64 MB (small data: the count decides) */
	size_t budget = frame_bytes(s->frame) / 2 > ((size_t)64 << 20) ? frame_bytes(s->frame) / 2 : (size_t)64 << 20;
	char *k = strdup(key);

	if (c == NULL || k == NULL) {
		free(yhat);
		free(score);
		free(rule);
		free(k);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	/* the same key again (a caller that did not look first): replace */
	for (size_t i = 0; i < c->ndec; i++)
		if (c->dec[i].model == m && !strcmp(c->dec[i].key, key)) {
			decision_release(&c->dec[i]);
			c->dec[i] = c->dec[--c->ndec];
			break;
		}
	/* a copy of a column: share the column instead */
	fair_column *ycol = same_column(s->frame, yhat), *scol = same_column(s->frame, score);
	if (ycol != NULL) {
		free(yhat);
		yhat = (double *)fair_column_values(fair_column_ref(ycol));
		bytes -= n * sizeof(double);
	}
	if (scol != NULL) {
		free(score);
		score = (double *)fair_column_values(fair_column_ref(scol));
		bytes -= n * sizeof(double);
	}
	/* make room: the least recently used go first */
	while (c->ndec > 0 && (c->ndec == FAIR_SESSION_DECISIONS || decisions_bytes(c) + bytes > budget)) {
		size_t lru = 0;
		for (size_t i = 1; i < c->ndec; i++)
			if (c->dec[i].used < c->dec[lru].used)
				lru = i;
		decision_release(&c->dec[lru]);
		c->dec[lru] = c->dec[--c->ndec];
	}
	struct cached_decision *e = &c->dec[c->ndec++];
	e->yhat_col = ycol;
	e->score_col = scol;
	e->d.yhat = yhat;
	e->d.score = score;
	e->d.prob = prob;
	e->d.rule = rule;
	e->model = m ? fair_model_ref(m) : NULL;
	e->key = k;
	e->bytes = bytes;
	e->used = ++c->clock;
	return &e->d;
}

size_t
fair_session_cache_bytes(const fair_session *s)
{
	const struct fair_session_cache *c = s->cache;
	size_t b = 0;

	if (c == NULL)
		return 0;
	for (int on = 0; on < NON; on++) {
		if (!c->have[on])
			continue;
		if (c->rowset[on].rows)
			b += c->rowset[on].nrows * sizeof(size_t);
		if (c->restricted[on] != NULL && !c->borrowed[on])
			b += c->restricted[on]->n * sizeof(int32_t);
	}
	return b + decisions_bytes(c);
}

void
fair__workbench_cache_drop_model(fair_session *s, const struct fair_model *m)
{
	struct fair_session_cache *c = s->cache;

	for (size_t i = 0; c != NULL && i < c->ndec;) {
		if (c->dec[i].model == m) {
			decision_release(&c->dec[i]);
			c->dec[i] = c->dec[--c->ndec];
		} else {
			i++;
		}
	}
}
