/* cmd-filter.c -- `filter CONDITION | off`: keep only the rows that match
 * (filters combine with AND); a condition is the short form COLUMN=V,... /
 * COLUMN<X or an expression (doc/expressions.md); without a word it lists
 * them. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "cli/result.h"
#include "cli/formula.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_filter_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_filter_entry = {
	.name = "filter", .min_args = 0, .max_args = -1, .flags = CMD_NEEDS_SESSION | CMD_RAW_ARGS,
	.args = "COLUMN=VALUE[,VALUE...] | COLUMN!=VALUE | COLUMN<X | COLUMN<=X | COLUMN>X | COLUMN>=X | EXPRESSION | off",
	.help = "keep only matching rows (filters combine with AND); no argument lists them",
	.exec = cmd_filter_exec,
};

static int
recompute_keep(fair_session *s, fair_error *err)
{
	size_t n = fair_frame_nrows(s->frame);

	fair_session_changed(s);   /* the kept rows change (in place) */
	if (s->nfilters == 0) {
		free(s->keep);
		s->keep = NULL;
		return FAIR_OK;
	}
	if (s->keep == NULL && (s->keep = malloc(n ? n : 1)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return fair_filters_keep((const fair_filter *const *)s->filters, s->nfilters, s->frame, s->keep, NULL, err);
}

static enum cmd_retval
cmd_filter_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_error err;
	fair_filter *f;
	fair_buf expr = FAIR_BUF_INIT;

	if (s == NULL)
		return CMD_ERROR;
	if (s->db != NULL || s->stream_path != NULL)   /* attached: recorded for the pushdown audit */
		return cli_db_filter(ctx, a, s);
	if (a->npos == 0) {   /* the listing is the result asked for: stdout, even with -q */
		if (s->nfilters == 0)
			cli_printf(ctx, "no filters: all %zu rows kept\n", fair_frame_nrows(s->frame));
		for (size_t i = 0; i < s->nfilters; i++) {   /* a filter quotes values from the data */
			cli_printf(ctx, "filter ");
			out_put_escaped(cli_out(ctx), fair_filter_text(s->filters[i]));
			cli_printf(ctx, "\n");
		}
		if (s->nfilters)
			cli_printf(ctx, "%zu of %zu rows kept\n", fair_session_nkept(s), fair_frame_nrows(s->frame));
		return CMD_OK;
	}
	if (a->npos == 1 && !strcmp(a->pos[0], "off")) {
		for (size_t i = 0; i < s->nfilters; i++)
			fair_filter_free(s->filters[i]);
		s->nfilters = 0;
		recompute_keep(s, &err);
		cli_info(ctx, "filters off: all %zu rows kept", fair_frame_nrows(s->frame));
		return CMD_OK;
	}
	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&expr, "%s%s", i ? " " : "", a->pos[i]);
	f = fair_filter_parse(s->frame, expr.buf, &err);
	if (f == NULL) {
		cli_formula_error(ctx, a, s->frame, expr.buf, &err);
		fair_buf_release(&expr);
		return CMD_ERROR;
	}
	fair_buf_release(&expr);
	for (size_t k = 0; k < fair_filter_nnotes(f); k++)
		cli_note(ctx, "%s", fair_filter_note(f, k));
	fair_filter **nf = realloc(s->filters, (s->nfilters + 1) * sizeof *nf);
	if (nf == NULL) {
		fair_filter_free(f);
		return cli_error(ctx, a, "out of memory");
	}
	s->filters = nf;
	s->filters[s->nfilters++] = f;
	if (recompute_keep(s, &err)) {
		fair_filter_free(s->filters[--s->nfilters]);
		recompute_keep(s, &err);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "filter %s: %zu of %zu rows kept", fair_filter_text(f), fair_session_nkept(s),
	         fair_frame_nrows(s->frame));
	if (fair_session_nkept(s) == 0)
		cli_warn(ctx, "no rows are kept; 'filter off' removes every filter");
	else if (s->groups != NULL) {
		size_t *cnt = calloc(s->groups->K, sizeof *cnt), nused = 0, first = 0;
		if (cnt != NULL) {
			fair_groups_count(s->groups, s->keep, cnt);
			for (size_t k = s->groups->K; k-- > 0;)
				if (cnt[k] > 0)
					nused++, first = k;
			if (nused == 1)
				cli_warn(ctx, "the sensitive attribute has one group among the kept rows ('%s'): audits have "
				         "nothing to compare", s->groups->labels[first]);
			free(cnt);
		}
	}
	return CMD_OK;
}
