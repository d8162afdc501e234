/* cmd-save.c -- `save FILE`: the whole workbench (settings, sessions with
 * their data source, set-up, split and trained models, the last trade-off
 * sweep) as one JSON file, written atomically. The sessions go into the
 * tree in the core (fair_workbench_export); the settings and the sweep are
 * the shell's. `open` (cmd-open.c) reads it back. */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/save.h"
#include "cli/sweep.h"
#include "fairsh/buf.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/param.h"
#include "json/param.h"
#include "out/file.h"

static enum cmd_retval cmd_save_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt save_opts[] = {
	CMD_OPT_FORCE,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_save_entry = {
	.name = "save", .min_args = 1, .max_args = 1, .opts = save_opts,
	.args = "FILE",
	.help = "save every session (data source, set-up, split, models) and the settings to a file",
	.exec = cmd_save_exec,
};

static enum cmd_retval
cmd_save_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0];
	fair_param *root = fair_param_new(FAIR_PARAM_OBJECT, NULL), *set;
	fair_error err;
	cJSON *j = NULL;
	char *text = NULL;
	size_t nmodels = 0;
	enum cmd_retval rv = CMD_ERROR;

	fair_error_clear(&err);
	if (root == NULL)
		return cli_error(ctx, a, "out of memory");
	if (cli_check_output(ctx, a, path) != CMD_OK) {
		fair_param_free(root);
		return CMD_ERROR;
	}
	/* models still training are part of the state; Ctrl-C while waiting
	 * abandons the save and leaves the jobs running */
	if (cli_wait_needed(ctx, a, NULL, NULL) != CMD_OK)
		goto out;
	fair_param_add_str(root, "format", CLI_SAVE_FORMAT);
	fair_param_add_int(root, "version", CLI_SAVE_VERSION);
	fair_param_add_str(root, "written_by", PACKAGE_STRING);
	set = fair_param_add_object(root, "settings");
	fair_param_add_int(set, "seed", (int64_t)ctx->set.seed);
	fair_param_add_int(set, "format", ctx->set.format);
	fair_param_add_str(set, "convention", fair_convention_name(ctx->set.convention));
	fair_param_add_num(set, "threshold", ctx->set.threshold);
	if (fair_workbench_export(ctx->wb, root, &nmodels, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (ctx->sweep)
		cli_sweep_export(ctx->sweep, fair_param_add_object(root, "sweep"));
	if (fair_param_failed(root) || (j = json_from_param(root)) == NULL || (text = cJSON_Print(j)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	{
		size_t len = strlen(text);
		text[len] = '\0';
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_add(&b, text, len);
		fair_buf_putc(&b, '\n');
		int st = out_write_atomic(path, b.buf, b.len, &err);
		fair_buf_release(&b);
		if (st) {
			cli_ferror(ctx, a, &err);
			goto out;
		}
	}
	cli_info(ctx, "saved %zu session%s and %zu model%s to '%s'", ctx->wb->n, ctx->wb->n == 1 ? "" : "s",
	         nmodels, nmodels == 1 ? "" : "s", path);
	rv = CMD_OK;
out:
	if (text)
		cJSON_free(text);
	cJSON_Delete(j);
	fair_param_free(root);
	return rv;
}
