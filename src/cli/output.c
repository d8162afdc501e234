/* output.c -- format dispatch for tabular command output. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli/output.h"
#include "json/json.h"

void
cli_print_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t)
{
	(void)ctx;
	switch (a->format) {
	case OUT_CSV:
		out_table_print_csv(stdout, t);
		break;
	case OUT_MARKDOWN:
		out_table_print_markdown(stdout, t);
		break;
	case OUT_JSON: {
		cJSON *j = json_from_table(t);
		json_print(stdout, j);
		cJSON_Delete(j);
		break;
	}
	default:
		out_table_print_text(stdout, t);
	}
}
