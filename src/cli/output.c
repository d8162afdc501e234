/* output.c -- format dispatch for tabular command output. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

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

struct out_table *
cli_rows_table(const fair_session *s, size_t limit, const char *title)
{
	size_t nc = fair_frame_ncols(s->frame), shown = 0;
	const char **cols = malloc((nc ? nc : 1) * sizeof *cols);
	struct out_table *t;
	char buf[1024];

	if (cols == NULL)
		return NULL;
	for (size_t j = 0; j < nc; j++)
		cols[j] = fair_column_name(fair_frame_column(s->frame, j));
	t = out_table_new(title, nc, cols);
	free(cols);
	for (size_t i = 0; t && i < fair_frame_nrows(s->frame) && shown < limit; i++) {
		if (s->keep && !s->keep[i])
			continue;
		size_t r = out_table_row(t);
		for (size_t j = 0; j < nc; j++) {
			const fair_column *c = fair_frame_column(s->frame, j);
			if (fair_column_is_missing(c, i))
				out_table_null(t, r, j, "NA");
			else if (fair_column_type(c) == FAIR_COL_NUMERIC)
				out_table_num(t, r, j, fair_column_values(c)[i], 15);
			else
				out_table_str(t, r, j, fair_column_cell(c, i, buf, sizeof buf));
		}
		shown++;
	}
	return t;
}

enum cmd_retval
cli_install_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m)
{
	fair_error err;

	if (fair_session_add_model(s, m, &err)) {
		fair_model_unref(m);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "model '%s': %s", fair_model_name(m), fair_model_desc(m));
	return CMD_OK;
}
