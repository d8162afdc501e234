/* cmd-methods.c -- `methods`: the fairness methods with their family,
 * constraints and usage (method-doc.c). */
/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/method-doc.h"
#include "cli/output.h"

static enum cmd_retval cmd_methods_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt methods_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_methods_entry = {
	.name = "methods", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT, .opts = methods_opts,
	.help = "list the fairness methods with their family, constraints and options",
	.exec = cmd_methods_exec,
};

static enum cmd_retval
cmd_methods_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "method", "family", "constraints", "usage" };
	struct out_table *t = out_table_new(a->format == OUT_TABLE ? NULL : "Fairness methods", 4, cols);
	size_t ndocs, nmethods;
	const struct cli_method_doc *methods = cli_method_docs(&ndocs, &nmethods);

	for (size_t i = 0; i < nmethods; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, methods[i].name);
		out_table_str(t, r, 1, methods[i].family);
		out_table_str(t, r, 2, methods[i].constraints);
		out_table_str(t, r, 3, methods[i].usage);
	}
	cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
