/* cmd-sensitive.c -- `sensitive COLUMN[,COLUMN...]`: the sensitive attribute
 * whose groups the audit compares (several columns: intersectional groups). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "out/out.h"
#include "fairsh/disparity.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"

static enum cmd_retval cmd_sensitive_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt sensitive_opts[] = {
	{ "privileged", OPT_STRING, NULL, "VALUE", "the privileged group's label (for AIF360-style signed metrics)" },
	{ "threshold", OPT_DOUBLE, NULL, NULL, "numeric column: split at X into <=X and >X" },
	{ "reference", OPT_STRING, NULL, "GROUP|largest|min_metric",
	  "reference group of disparities (audit disparity=, bias): a group, the largest, or per figure the lowest" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_sensitive_entry = {
	.name = "sensitive", .min_args = 1, .max_args = 1, .opts = sensitive_opts, .flags = CMD_NEEDS_SESSION,
	.args = "COLUMN[,COLUMN...]",
	.help = "set the sensitive attribute (several columns form intersectional groups)",
	.exec = cmd_sensitive_exec,
};

static enum cmd_retval
cmd_sensitive_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	char **cols;
	size_t ncols;
	double thr;
	fair_groups *g = NULL;
	fair_error err;
	size_t *cnt;

	if (s == NULL)
		return CMD_ERROR;
	if (s->db != NULL || s->stream_path != NULL)   /* attached: recorded for the pushdown audit */
		return cli_db_sensitive(ctx, a, s);
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
		return CMD_ERROR;
	if ((cols = cli_split_list(a->pos[0], ',', &ncols)) == NULL)
		return cli_error(ctx, a, "out of memory");
	if (fair_groups_build(s->frame, (const char *const *)cols, ncols, thr, cli_opt(a, "privileged"), &g, &err)) {
		cli_list_free(cols, ncols);
		return cli_ferror(ctx, a, &err);
	}
	cli_list_free(cols, ncols);
	const char *ref = cli_opt(a, "reference");
	int mode;
	if (ref != NULL && (fair_ref_mode_parse(ref, &mode), mode == FAIR_REF_GROUP) && fair_groups_find(g, ref) < 0) {
		fair_buf b = FAIR_BUF_INIT;
		for (size_t k = 0; k < g->K && k < 20; k++) {
			fair_buf_puts(&b, k ? ", " : "");
			fair_text_escape_value(&b, g->labels[k]);
		}
		cli_error(ctx, a, "reference group '%s' is not a group of '%s' (groups: %s%s; or largest, min_metric)",
		          ref, a->pos[0], b.buf, g->K > 20 ? ", ..." : "");
		fair_buf_release(&b);
		fair_groups_free(g);
		return CMD_ERROR;
	}
	cnt = calloc(g->K, sizeof *cnt);
	if (cnt == NULL) {
		fair_groups_free(g);
		return cli_error(ctx, a, "out of memory");
	}
	fair_groups_count(g, s->keep, cnt);
	/* one group among the kept rows leaves nothing to compare (a filter on
	 * the same column, or a column with one value) */
	size_t nused = 0, first = 0;
	for (size_t k = g->K; k-- > 0;)
		if (cnt[k] > 0)
			nused++, first = k;
	if (nused < 2) {
		enum cmd_retval rv;
		if (nused == 0)
			rv = cli_error(ctx, a, "'%s' has no values among the %s", a->pos[0],
			               s->nfilters ? "rows kept by the filters (see 'filter')" : "rows");
		else
			rv = cli_error(ctx, a, "'%s' has one group among the %s ('%s'): nothing to compare%s", a->pos[0],
			               s->nfilters ? "rows kept by the filters" : "rows", g->labels[first],
			               s->nfilters ? " (see 'filter')" : "");
		free(cnt);
		fair_groups_free(g);
		return rv;
	}
	fair_groups_free(s->groups);
	s->groups = g;
	fair_session_changed(s);
	free(s->sensitive_spec);
	s->sensitive_spec = cli_args_text(a);
	size_t nkept = 0;
	for (size_t k = 0; k < g->K; k++)
		nkept += cnt[k] > 0;
	fair_buf b = FAIR_BUF_INIT;
	if (s->keep != NULL && nkept < g->K)
		fair_buf_printf(&b, "sensitive attribute: %zu groups, %zu with rows after the filters:", g->K, nkept);
	else
		fair_buf_printf(&b, "sensitive attribute: %zu groups:", g->K);
	/* a column with thousands of levels: list the first 20 only; groups
	 * that the filters empty are named once, in a note */
	size_t shown = 0, nempty = 0;
	fair_buf empty = FAIR_BUF_INIT;
	for (size_t k = 0; k < g->K; k++) {
		if (cnt[k] == 0 && s->keep != NULL) {
			if (nempty < 10)
				fair_buf_printf(&empty, "%s%s", nempty ? ", " : "", g->labels[k]);
			else if (nempty == 10)
				fair_buf_puts(&empty, ", ...");
			nempty++;
			continue;
		}
		if (shown++ < 20) {
			fair_buf_printf(&b, "%s ", shown > 1 ? "," : "");
			fair_text_escape_value(&b, g->labels[k]);
			fair_buf_printf(&b, " (%zu)%s", cnt[k], (long)k == g->privileged ? " [privileged]" : "");
		}
	}
	if (shown > 20)
		fair_buf_printf(&b, ", ... (%zu more)", shown - 20);
	/* a confirmation: stderr when stdout is not a terminal, nothing with -q */
	cli_info(ctx, "%s", b.buf);
	fair_buf_release(&b);
	if (nempty)
		cli_note(ctx, "%zu group%s without rows after the filters, left out of audits: %s", nempty,
		         nempty == 1 ? "" : "s", empty.buf);
	fair_buf_release(&empty);
	free(cnt);
	return CMD_OK;
}
