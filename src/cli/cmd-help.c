/* cmd-help.c -- `help [COMMAND|MODEL]`: the command table, or one command's
 * usage line and options, both from the entries themselves; a learner's
 * options from its type in the core's registry. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
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
		printf("train %s [key=value ...]\n  %s\n", a->pos[0], lh);
		if (un != NULL)
			printf("  (not in this build: %s)\n", un);
		printf("options:\n");
		for (size_t k = 0; (on = fair_learner_option_doc(a->pos[0], k, &oh)) != NULL; k++)
			printf("  %-18s %s\n", on, oh);
		printf("and the common options of 'help train' (seed=, pre=, use_sensitive=, missing_indicators=, on=). "
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
		printf("%s\n  %s\n", u.buf, e->help);
		fair_buf_release(&u);
		if (e->alias)
			printf("  alias: %s\n", e->alias);
		/* train: the learners, from the core's registry (before the options) */
		if (e == &cmd_train_entry) {
			printf("models ('help MODEL' lists its options):\n");
			for (size_t i = 0; fair_learner_doc(i, &lh, &un) != NULL; i++)
				printf("  %-14s %s%s\n", fair_learner_doc(i, NULL, NULL), lh, un ? " (not in this build)" : "");
		}
		if ((e->opts && e->opts[0].name) || (e->flags & CMD_FORMAT))
			printf("options:\n");
		if (e->opts) {
			for (const struct cmd_opt *o = e->opts; o->name; o++)
				printf("  %-14s %s%s%s%s\n", o->name, o->help, o->choices ? " (" : "",
				       o->choices ? o->choices : "", o->choices ? ")" : "");
		}
		if (e->flags & CMD_FORMAT)
			printf("  %-14s %s\n", "format", "table, csv, json or markdown (default: 'set format')");
		printf("See 'man fairsh' for details.\n");
		return CMD_OK;
	}
	printf("Commands (help COMMAND for details, 'man fairsh' for the manual):\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-10s %s\n", tab[i]->name, tab[i]->help);
	return CMD_OK;
}
