/* cmd-features.c -- `features`: the columns the models learn from (the target
 * and sensitive columns are left out unless listed). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_features_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt features_opts[] = {
	{ "all-except", OPT_LIST, NULL, "COL,...", "every column except these" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_features_entry = {
	.name = "features", .min_args = 0, .max_args = 1, .opts = features_opts, .flags = CMD_NEEDS_SESSION,
	.args = "all | {all-except} | COL,...",
	.help = "choose the feature columns (target and sensitive columns are excluded unless listed)",
	.exec = cmd_features_exec,
};

static enum cmd_retval
cmd_features_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *excl[40];
	size_t nex = 0, *cols = NULL, ncols = 0;
	fair_error err;
	char *spec;

	if (s == NULL)
		return CMD_ERROR;
	if (s->target)
		excl[nex++] = s->target->column;
	if (s->split_column)
		excl[nex++] = s->split_column;
	if (s->groups)
		for (size_t j = 0; j < s->groups->ncolumns && nex < 39; j++)
			excl[nex++] = s->groups->columns[j];
	spec = a->npos ? strdup(a->pos[0]) : NULL;
	if (spec == NULL) {
		const char *ae = cli_opt(a, "all-except");
		if (ae == NULL)
			return cli_usage(ctx, a, NULL, NULL);
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_printf(&b, "all-except=%s", ae);
		spec = fair_buf_detach(&b);
	}
	if (fair_features_resolve(s->frame, spec, excl, nex, &cols, &ncols, &err)) {
		free(spec);
		return cli_ferror(ctx, a, &err);
	}
	free(s->features);
	free(s->features_spec);
	s->features = cols;
	s->nfeatures = ncols;
	s->features_spec = spec;
	fair_buf b = FAIR_BUF_INIT;
	fair_buf_printf(&b, "features (%zu):", ncols);
	for (size_t j = 0; j < ncols; j++)
		fair_buf_printf(&b, "%s %s", j ? "," : "", fair_column_name(fair_frame_column(s->frame, cols[j])));
	cli_info(ctx, "%s", b.buf);
	fair_buf_release(&b);
	return CMD_OK;
}
