/* cmd-features.c -- `features`: the columns the models learn from. The
 * spec is kept and resolved against the roles of each training (target
 * columns never, sensitive columns only when listed or with
 * use_sensitive=yes), so the order of the set-up commands does not matter. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "out/out.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "fairsh/text.h"

static enum cmd_retval cmd_features_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt features_opts[] = {
	{ "all-except", OPT_LIST, NULL, "COL,...", "every column except these" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_features_entry = {
	.name = "features", .min_args = 0, .max_args = 1, .opts = features_opts, .flags = CMD_NEEDS_SESSION,
	.args = "all | {all-except} | COL,...",
	.help = "choose the feature columns (never the target; sensitive columns only when listed)",
	.exec = cmd_features_exec,
};

static enum cmd_retval
cmd_features_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	size_t *cols = NULL, ncols = 0, *listed = NULL, nlisted = 0, *old = NULL, nold = 0;
	fair_error err;
	fair_buf note = FAIR_BUF_INIT;
	char *spec, *old_spec;
	bool list;

	if (s == NULL)
		return CMD_ERROR;
	spec = a->npos ? strdup(a->pos[0]) : NULL;
	if (spec == NULL) {
		const char *ae = cli_opt(a, "all-except");
		if (ae == NULL)
			return cli_usage(ctx, a, NULL, NULL);
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_printf(&b, "all-except=%s", ae);
		spec = fair_buf_detach(&b);
	}
	/* the spec is kept and resolved again whenever a model is trained, so
	 * that later target or sensitive commands take effect; what is printed
	 * is what a model trained now would use */
	list = strcmp(spec, "all") != 0 && strncmp(spec, "all-except=", 11) != 0;
	if (list && fair_features_resolve(s->frame, spec, NULL, 0, &listed, &nlisted, &err)) {
		free(spec);
		return cli_ferror(ctx, a, &err);
	}
	old_spec = s->features_spec;
	old = s->features;
	nold = s->nfeatures;
	s->features_spec = spec;
	s->features = listed;
	s->nfeatures = nlisted;
	if (fair_session_features(s, NULL, 0, false, &cols, &ncols, &note, &err)) {
		s->features_spec = old_spec;
		s->features = old;
		s->nfeatures = nold;
		free(spec);
		free(listed);
		fair_buf_release(&note);
		return cli_ferror(ctx, a, &err);
	}
	free(old_spec);
	free(old);
	/* a confirmation (cli_info): stderr when stdout is not a terminal */
	fair_buf b = FAIR_BUF_INIT;
	fair_buf_printf(&b, "features (%zu):", ncols);
	for (size_t j = 0; j < ncols; j++) {
		fair_buf_printf(&b, "%s ", j ? "," : "");
		fair_text_escape_value(&b, fair_column_name(fair_frame_column(s->frame, cols[j])));
	}
	cli_info(ctx, "%s", b.buf);
	fair_buf_release(&b);
	for (size_t j = 0; j < ncols; j++) {
		const char *cn = fair_column_name(fair_frame_column(s->frame, cols[j]));
		if (fair_session_is_sensitive(s, cn))
			fair_buf_printf(&note, "%s'%s' is sensitive and listed, so a feature too", note.len ? "; " : "", cn);
	}
	if (note.len)
		cli_info(ctx, "note: %s", note.buf);
	fair_buf_release(&note);
	free(cols);
	return CMD_OK;
}
