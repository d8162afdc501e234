/* test-session-cache.c -- the session's audit cache (session-cache.c): row
 * sets with every row, after a filter and per split part, the groups among
 * them, invalidation by fair_session_changed, decisions stored and found by
 * model and key, the least recently used dropped first, equal columns and
 * targets shared instead of copied. The shell-level check (every set-up
 * command followed by an audit equals a fresh session's audit) is
 * tests/cli/audit-cache.sh. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/frame.h"
#include "fairsh/session.h"
#include "fairsh/spec.h"

/* 10 rows: y (0/1, row 9 missing unless @complete), p = y except rows 0
 * and 5, g in {a, b, c}; group c only in rows 8 and 9. */
static fair_session *
make_session(bool complete)
{
	double yv[10] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, complete ? 0 : NAN };
	static const double pv[10] = { 1, 1, 1, 0, 1, 1, 0, 1, 1, 0 };
	static const int32_t gv[10] = { 0, 0, 1, 1, 0, 1, 0, 1, 2, 2 };
	char **levels = malloc(3 * sizeof *levels);
	double *y = malloc(sizeof yv), *p = malloc(sizeof pv);
	int32_t *g = malloc(sizeof gv);
	fair_column *cols[3];
	fair_frame *f;
	fair_session *s;
	fair_error err;
	const char *gc[] = { "g" };

	levels[0] = strdup("a");
	levels[1] = strdup("b");
	levels[2] = strdup("c");
	memcpy(y, yv, sizeof yv);
	memcpy(p, pv, sizeof pv);
	memcpy(g, gv, sizeof gv);
	cols[0] = fair_column_new_numeric("y", y, 10, &err);
	cols[1] = fair_column_new_numeric("p", p, 10, &err);
	cols[2] = fair_column_new_categorical("g", g, 10, levels, 3, &err);
	f = fair_frame_new();
	for (int j = 0; j < 3; j++) {
		if (f && fair_frame_add_column(f, cols[j], &err)) {
			fair_frame_unref(f);
			f = NULL;
		}
		fair_column_unref(cols[j]);
	}
	s = f ? fair_session_new("t", f, "test", &err) : NULL;
	fair_frame_unref(f);
	if (s == NULL || fair_target_build(s->frame, "y", NULL, 0, NAN, -1, &s->target, &err) ||
	    fair_groups_build(s->frame, gc, 1, NAN, NULL, &s->groups, &err)) {
		fprintf(stderr, "set-up: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static void
test_rowsets(void)
{
	fair_session *s = make_session(false);
	const fair_session_rowset *rs, *rs2;
	fair_error err;
	unsigned long gen = s->setup_gen;

	/* no filter, no split: rows 0..8 (row 9 has no target), so a list */
	gsl_test_int(fair_session_rowset_get(s, FAIR_ON_ALL, &rs, &err), FAIR_OK, "rowset all");
	gsl_test_int((int)rs->nrows, 9, "rows with a target: 9 of 10");
	gsl_test(rs->rows == NULL || rs->rows[8] != 8, "the rows are 0..8");
	gsl_test_int((int)rs->groups->K, 3, "three groups (c has row 8)");
	gsl_test(rs->dropped != NULL, "no group dropped");
	/* the same entry the second time */
	fair_session_rowset_get(s, FAIR_ON_ALL, &rs2, &err);
	gsl_test(rs2 != rs, "cached: the same row set");
	/* the target share: y is a 0/1 column read with positive 1 */
	gsl_test(s->target->y_column == NULL, "target shares its 0/1 column");
	gsl_test(s->target->y != fair_column_values(fair_frame_column(s->frame, 0)), "target y is the column");

	/* a filter: keep rows 0..7 (group c loses all its rows) */
	s->keep = malloc(10);
	for (int i = 0; i < 10; i++)
		s->keep[i] = i < 8;
	fair_session_changed(s);
	gsl_test(s->setup_gen != gen + 1, "the generation moved");
	gsl_test(s->cache != NULL, "the cache is dropped");
	gsl_test_int(fair_session_rowset_get(s, FAIR_ON_ALL, &rs, &err), FAIR_OK, "rowset after filter");
	gsl_test_int((int)rs->nrows, 8, "8 kept rows");
	gsl_test(rs->rows == NULL || rs->rows[7] != 7, "rows 0..7");
	gsl_test_int((int)rs->groups->K, 2, "group c left out");
	gsl_test(rs->dropped == NULL || strcmp(rs->dropped, "c") != 0, "named: c");
	gsl_test_int((int)rs->ndropped, 1, "one group dropped");

	fair_session_free(s);

	/* every row kept and with a target: no row list at all */
	s = make_session(true);
	gsl_test_int(fair_session_rowset_get(s, FAIR_ON_ALL, &rs, &err), FAIR_OK, "rowset, all rows");
	gsl_test(rs->rows != NULL, "every row: no list");
	gsl_test_int((int)rs->nrows, 10, "10 rows");
	gsl_test(rs->groups->group != s->groups->group, "nothing renumbered: the session's codes, not a copy");
	gsl_test(fair_session_cache_bytes(s) != 0, "nothing copied: 0 bytes (%zu)", fair_session_cache_bytes(s));

	/* a split: train 0..5, test 6..9 */
	s->split = malloc(10);
	for (int i = 0; i < 10; i++)
		s->split[i] = i < 6 ? FAIR_SPLIT_TRAIN : FAIR_SPLIT_TEST;
	fair_session_changed(s);
	gsl_test_int(fair_session_rowset_get(s, FAIR_ON_TEST, &rs, &err), FAIR_OK, "rowset test");
	gsl_test_int(fair_session_rowset_get(s, FAIR_ON_TRAIN, &rs2, &err), FAIR_OK, "rowset train");
	gsl_test_int((int)rs->nrows, 4, "4 test rows");
	gsl_test(rs->rows[0] != 6, "test starts at row 6");
	gsl_test_int((int)rs2->nrows, 6, "6 train rows");
	gsl_test_int((int)rs2->groups->K, 2, "train rows have groups a and b");
	gsl_test(fair_session_rowset_get(s, FAIR_ON_CALIB, &rs, &err) == FAIR_OK, "no calibration rows: an error");
	fair_session_free(s);
}

static void
test_decisions(void)
{
	fair_session *s = make_session(false);
	const fair_session_decision *d, *e;
	fair_error err;
	size_t n = 10;
	double *yh = malloc(n * sizeof *yh);
	const double *p = fair_column_values(fair_frame_column(s->frame, 1));

	for (size_t i = 0; i < n; i++)
		yh[i] = 1 - p[i];    /* equal to no column: kept as it is */
	d = fair_session_decision_put(s, NULL, "k1", yh, NULL, false, strdup("rule 1"), &err);
	gsl_test(d == NULL || d->yhat != yh, "stored as given");
	gsl_test(fair_session_decision_find(s, NULL, "k1") != d, "found by its key");
	gsl_test(fair_session_decision_find(s, NULL, "k2") != NULL, "another key: not found");
	gsl_test(fair_session_cache_bytes(s) != n * sizeof(double), "10 doubles held (%zu)", fair_session_cache_bytes(s));

	/* equal to column p: the column is shared */
	double *cp = malloc(n * sizeof *cp);
	memcpy(cp, p, n * sizeof *cp);
	e = fair_session_decision_put(s, NULL, "p", cp, NULL, false, NULL, &err);
	gsl_test(e == NULL || e->yhat != p, "a copy of column p: the column itself");
	gsl_test(fair_session_cache_bytes(s) != n * sizeof(double), "the shared column costs nothing");

	/* the least recently used goes first: k1 is used, p is not */
	fair_session_decision_find(s, NULL, "k1");
	for (int k = 0; k < FAIR_SESSION_DECISIONS - 1; k++) {
		char key[16];
		double *v = calloc(n, sizeof *v);
		v[0] = 2 + k;        /* no column has it */
		snprintf(key, sizeof key, "x%d", k);
		fair_session_decision_put(s, NULL, key, v, NULL, false, NULL, &err);
		if (k == 0)
			fair_session_decision_find(s, NULL, "k1");
	}
	gsl_test(fair_session_decision_find(s, NULL, "p") != NULL, "p, least recently used, dropped");
	gsl_test(fair_session_decision_find(s, NULL, "k1") == NULL, "k1, used, kept");
	char last[16];
	snprintf(last, sizeof last, "x%d", FAIR_SESSION_DECISIONS - 2);
	gsl_test(fair_session_decision_find(s, NULL, last) == NULL, "the newest kept");

	/* a change drops every decision */
	fair_session_changed(s);
	gsl_test(fair_session_decision_find(s, NULL, "k1") != NULL, "dropped by fair_session_changed");
	gsl_test(fair_session_cache_bytes(s) != 0, "nothing held");
	fair_session_free(s);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_rowsets();
	test_decisions();
	exit(gsl_test_summary());
}
