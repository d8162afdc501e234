/* cmd-help.c -- `help [COMMAND|MODEL]`: the command table, or one command's
 * usage line and options, both from the entries themselves; a learner's
 * options from its type in the core's registry. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/result.h"
#include "fairsh/model.h"

static enum cmd_retval cmd_help_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_help_entry = {
	.name = "help", .alias = "?", .min_args = 0, .max_args = 1,
	.args = "[COMMAND|MODEL]",
	.help = "list the commands, or describe one (or a learner of train)",
	.exec = cmd_help_exec,
};

/* `help MODEL`: a learner's options, from its type (@eb: the message for
 * a word that is neither a command nor a learner). */
static enum cmd_retval
learner_help(struct cli_ctx *ctx, const struct cli_args *a, const char *eb)
{
	const char *lh, *un, *on, *oh;

	for (size_t i = 0; fair_learner_doc(i, &lh, &un) != NULL; i++) {
		if (strcmp(fair_learner_doc(i, NULL, NULL), a->pos[0]) != 0)
			continue;
		cli_printf(ctx, "train %s [key=value ...]\n  %s\n", a->pos[0], lh);
		if (un != NULL)
			cli_printf(ctx, "  (not in this build: %s)\n", un);
		cli_printf(ctx, "options:\n");
		for (size_t k = 0; (on = fair_learner_option_doc(a->pos[0], k, &oh)) != NULL; k++)
			cli_printf(ctx, "  %-18s %s\n", on, oh);
		cli_printf(ctx, "and the common options of 'help train' (seed=, pre=, use_sensitive=, missing_indicators=, on=). "
		       "See 'man fairsh' for details.\n");
		return CMD_OK;
	}
	return cli_error(ctx, a, "%s", eb);
}

static enum cmd_retval
cmd_help_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	size_t n;
	const struct cmd_entry *const *tab = cli_cmd_table(&n);

	if (a->npos == 1) {
		char eb[256];
		const char *lh, *un;
		const struct cmd_entry *e = cli_cmd_find(a->pos[0], eb, sizeof eb);
		if (e == NULL)
			return learner_help(ctx, a, eb);
		fair_buf u = FAIR_BUF_INIT;
		cli_usage_text(e, NULL, &u);
		cli_printf(ctx, "%s\n  %s\n", u.buf, e->help);
		fair_buf_release(&u);
		if (e->alias)
			cli_printf(ctx, "  alias: %s\n", e->alias);
		/* train: the learners, from the core's registry (before the options) */
		if (e == &cmd_train_entry) {
			cli_printf(ctx, "models ('help MODEL' lists its options):\n");
			for (size_t i = 0; fair_learner_doc(i, &lh, &un) != NULL; i++)
				cli_printf(ctx, "  %-14s %s%s\n", fair_learner_doc(i, NULL, NULL), lh,
				           un ? " (not in this build)" : "");
		}
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
