/* cmd-describe.c -- `describe [COLUMN]`: a summary of each column (type,
 * missing, distinct, min/mean/max or top levels) and of the set-up. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "out/out.h"
#include "cli/output.h"
#include "cli/result.h"
#include "fairsh/frame.h"
#include "fairsh/spec.h"
#include "out/report.h"

static enum cmd_retval cmd_describe_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt describe_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_describe_entry = {
	.name = "describe", .alias = "d", .min_args = 0, .max_args = 1, .opts = describe_opts,
	.flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.args = "[COLUMN]",
	.help = "summarise each column (type, missing, distinct, min/mean/max or top levels)",
	.exec = cmd_describe_exec,
};

/* Top levels "a (12), b (7), c (3)" of a categorical column over kept rows. */
static void
top_levels(const fair_column *c, const unsigned char *keep, char *buf, size_t len)
{
	size_t nl = fair_column_nlevels(c), n = fair_column_length(c);
	size_t *cnt = calloc(nl ? nl : 1, sizeof *cnt);
	const int32_t *codes = fair_column_codes(c);

	buf[0] = '\0';
	if (cnt == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if ((!keep || keep[i]) && codes[i] >= 0)
			cnt[codes[i]]++;
	for (int shown = 0; shown < 3; shown++) {
		size_t best = nl;
		for (size_t k = 0; k < nl; k++)
			if (cnt[k] > 0 && (best == nl || cnt[k] > cnt[best]))
				best = k;
		if (best == nl)
			break;
		size_t l = strlen(buf);
		char *lv = out_escaped_value(fair_column_level(c, best));   /* each level by the rule of text.h */
		snprintf(buf + l, len - l, "%s%s (%zu)", shown ? ", " : "", lv ? lv : "", cnt[best]);
		free(lv);
		cnt[best] = 0;
	}
	free(cnt);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Distinct non-missing values over the rows kept by the filters (the
 * column's own count when nothing is filtered); -1 when out of memory. */
static long long
distinct_kept(const fair_column *c, const unsigned char *keep)
{
	size_t n = fair_column_length(c), d = 0;

	if (keep == NULL)
		return (long long)fair_column_ndistinct(c);
	if (fair_column_type(c) != FAIR_COL_NUMERIC) {
		size_t nl = fair_column_nlevels(c);
		unsigned char *seen = calloc(nl ? nl : 1, 1);
		const int32_t *codes = fair_column_codes(c);
		if (seen == NULL)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (keep[i] && codes[i] >= 0 && !seen[codes[i]]) {
				seen[codes[i]] = 1;
				d++;
			}
		free(seen);
		return (long long)d;
	}
	const double *v = fair_column_values(c);
	double *tmp = malloc((n ? n : 1) * sizeof *tmp);
	size_t m = 0;
	if (tmp == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (keep[i] && !isnan(v[i]))
			tmp[m++] = v[i];
	qsort(tmp, m, sizeof *tmp, cmp_double);
	for (size_t i = 0; i < m; i++)
		if (i == 0 || tmp[i] != tmp[i - 1])
			d++;
	free(tmp);
	return (long long)d;
}

static void
describe_row(struct out_table *t, const fair_session *s, const fair_column *c)
{
	size_t r = out_table_row(t), n = fair_column_length(c), miss = 0, m = 0;
	char buf[512];

	out_table_str(t, r, 0, fair_column_name(c));
	out_table_str(t, r, 1, cli_column_type(c));
	/* the set-up roles; `columns` adds which are features */
	cli_column_roles(s, (size_t)fair_frame_find(s->frame, fair_column_name(c)), NULL, 0, buf, sizeof buf);
	out_table_str(t, r, 2, buf);
	for (size_t i = 0; i < n; i++)
		if (!s->keep || s->keep[i])
			miss += fair_column_is_missing(c, i);
	out_table_int(t, r, 3, (long long)miss);
	long long nd = distinct_kept(c, s->keep);
	if (nd < 0)
		out_table_null(t, r, 4, "?");
	else
		out_table_int(t, r, 4, nd);
	if (fair_column_type(c) == FAIR_COL_NUMERIC) {
		double lo, mean, hi;
		fair_column_range(c, s->keep, &lo, &mean, &hi, &m);
		out_table_num(t, r, 5, lo, 6);
		out_table_num(t, r, 6, mean, 6);
		out_table_num(t, r, 7, hi, 6);
		out_table_str(t, r, 8, "");
	} else {
		out_table_str(t, r, 5, "");
		out_table_str(t, r, 6, "");
		out_table_str(t, r, 7, "");
		top_levels(c, s->keep, buf, sizeof buf);
		out_table_str(t, r, 8, buf);
	}
	const double *w = fair_session_weights(s);
	if (w != NULL) {
		/* with sample weights: the weighted mean of a numeric column over
		 * the kept rows that have a value */
		if (fair_column_type(c) == FAIR_COL_NUMERIC) {
			const double *v = fair_column_values(c);
			double sw = 0, swx = 0;
			for (size_t i = 0; i < n; i++)
				if ((!s->keep || s->keep[i]) && !isnan(v[i])) {
					sw += w[i];
					swx += w[i] * v[i];
				}
			out_table_num(t, r, 9, sw > 0 ? swx / sw : NAN, 6);
		} else {
			out_table_str(t, r, 9, "");
		}
	}
}

static enum cmd_retval
cmd_describe_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "column", "type", "role", "missing", "distinct", "min", "mean", "max", "top levels",
	                                    "weighted_mean" };
	fair_session *s = cli_session(ctx, a);
	struct out_table *t;
	char title[400];

	if (s == NULL)
		return CMD_ERROR;
	snprintf(title, sizeof title, "%s: %zu rows x %zu columns (%zu rows kept by filters)", s->name,
	         fair_frame_nrows(s->frame), fair_frame_ncols(s->frame), fair_session_nkept(s));
	t = out_table_new(title, fair_session_weights(s) ? 10 : 9, cols);
	if (a->npos == 1) {
		long j = fair_frame_find(s->frame, a->pos[0]);
		if (j < 0) {
			char near[200];
			out_table_free(t);
			return cli_error(ctx, a, "unknown column '%s'%s (see 'columns')", a->pos[0],
			                 cli_near_column(s, a->pos[0], near, sizeof near));
		}
		describe_row(t, s, fair_frame_column(s->frame, (size_t)j));
	} else {
		for (size_t j = 0; j < fair_frame_ncols(s->frame); j++)
			describe_row(t, s, fair_frame_column(s->frame, j));
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
	if (a->format == OUT_TABLE && a->npos == 0) {
		/* the set-up, part of the summary */
		if (s->target) {   /* the column and the label come from the data */
			cli_printf(ctx, "target: ");
			out_put_escaped_value(cli_out(ctx), s->target->column);
			cli_printf(ctx, " (%s", s->target->task == 0 ? "classification, positive = " : "regression");
			if (s->target->task == 0)
				out_put_escaped_value(cli_out(ctx), s->target->positive_label);
			cli_printf(ctx, ")\n");
		}
		if (s->groups) {
			size_t *cnt = calloc(s->groups->K, sizeof *cnt), shown = 0, empty = 0;
			if (cnt == NULL)
				return cli_error(ctx, a, "out of memory");
			fair_groups_count(s->groups, s->keep, cnt);
			cli_printf(ctx, "sensitive:");
			/* groups that the filters empty are not shown, only counted */
			for (size_t k = 0; k < s->groups->K; k++) {
				if (cnt[k] == 0 && s->keep != NULL) {
					empty++;
					continue;
				}
				cli_printf(ctx, "%s ", shown++ ? "," : "");
				out_put_escaped_value(cli_out(ctx), s->groups->labels[k]);
				cli_printf(ctx, " (%zu)", cnt[k]);
			}
			if (empty)
				cli_printf(ctx, "; %zu group%s without kept rows", empty, empty == 1 ? "" : "s");
			cli_printf(ctx, "\n");
			free(cnt);
			const double *w = fair_session_weights(s);
			if (w != NULL) {
				/* each group's share of the weight: what the audit counts */
				double *gw = calloc(s->groups->K, sizeof *gw), tot = 0;
				if (gw == NULL)
					return cli_error(ctx, a, "out of memory");
				for (size_t i = 0; i < fair_frame_nrows(s->frame); i++)
					if ((!s->keep || s->keep[i]) && s->groups->group[i] >= 0) {
						gw[s->groups->group[i]] += w[i];
						tot += w[i];
					}
				cli_printf(ctx, "weights: ");
				out_put_escaped_value(cli_out(ctx), s->weights);
				cli_printf(ctx, "; share of the weight by group:");
				for (size_t k = 0, sh = 0; k < s->groups->K; k++) {
					if (gw[k] == 0 && s->keep != NULL)
						continue;
					cli_printf(ctx, "%s ", sh++ ? "," : "");
					out_put_escaped_value(cli_out(ctx), s->groups->labels[k]);
					cli_printf(ctx, " %.4g (%.1f%%)", gw[k], tot > 0 ? 100 * gw[k] / tot : 0.0);
				}
				cli_printf(ctx, "\n");
				free(gw);
			}
		}
		if (s->split) {
			size_t c[4];
			out_session_split_counts(s, c);
			cli_printf(ctx, "split: %zu train, %zu test\n", c[0], c[1]);
			if (c[2])
				cli_printf(ctx, "calibration rows: %zu\n", c[2]);
		}
	}
	return CMD_OK;
}
