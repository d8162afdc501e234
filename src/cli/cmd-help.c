/* cmd-help.c -- `help [COMMAND]`: the command table, or one command's usage
 * line and options, both from the entries themselves. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/result.h"

static enum cmd_retval cmd_help_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_help_entry = {
	.name = "help", .alias = "?", .min_args = 0, .max_args = 1,
	.args = "[COMMAND]",
	.help = "list the commands, or describe one",
	.exec = cmd_help_exec,
};

static enum cmd_retval
cmd_help_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	size_t n;
	const struct cmd_entry *const *tab = cli_cmd_table(&n);

	if (a->npos == 1) {
		char eb[256];
		const struct cmd_entry *e = cli_cmd_find(a->pos[0], eb, sizeof eb);
		if (e == NULL)
			return cli_error(ctx, a, "%s", eb);
		fair_buf u = FAIR_BUF_INIT;
		cli_usage_text(e, NULL, &u);
		cli_printf(ctx, "%s\n  %s\n", u.buf, e->help);
		fair_buf_release(&u);
		if (e->alias)
			cli_printf(ctx, "  alias: %s\n", e->alias);
		if ((e->opts && e->opts[0].name) || (e->flags & CMD_FORMAT))
			cli_printf(ctx, "options:\n");
		if (e->opts) {
			for (const struct cmd_opt *o = e->opts; o->name; o++)
				cli_printf(ctx, "  %-14s %s%s%s%s\n", o->name, o->help, o->choices ? " (" : "",
				       o->choices ? o->choices : "", o->choices ? ")" : "");
		}
		if (e->flags & CMD_FORMAT) {
			bool to = false;   /* only a command with to=FILE takes the format from it */
			for (const struct cmd_opt *o = e->opts; o && o->name; o++)
				to = to || o->type == OPT_OUTFILE;
			cli_printf(ctx, "  %-14s %s (default: 'set format'%s)\n", "format",
			           (e->flags & CMD_JUNIT) ? "table, csv, json, markdown or junit"
			                                  : "table, csv, json or markdown",
			           to ? ", or to=FILE's extension" : "");
		}
		cli_printf(ctx, "See 'man fairsh' for details.\n");
		return CMD_OK;
	}
	cli_printf(ctx, "Commands (help COMMAND for details, 'man fairsh' for the manual):\n");
	for (size_t i = 0; i < n; i++)
		cli_printf(ctx, "  %-10s %s\n", tab[i]->name, tab[i]->help);
	return CMD_OK;
}
