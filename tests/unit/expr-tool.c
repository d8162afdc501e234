/* expr-tool.c -- driver for tests/unit/expr-ref.py: loads a CSV, and for each
 * expression given prints its canonical text, result type, SQLite
 * translation with parameters, and the value of every row, so the script
 * can compare them with pandas and with SQLite. Output, per expression:
 *   E <canonical text>
 *   T numeric|boolean|categorical
 *   S <sql>  or  S! <why it is refused>
 *   P n|s <parameter text>          (one line per parameter)
 *   V <value>                       (one line per row: %.17g, nan, or the
 *                                    level text; NA for a missing level) */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>

#include "fairsh/csv.h"
#include "fairsh/expr.h"

int
main(int argc, char **argv)
{
	static const char *const tname[] = { "numeric", "boolean", "categorical" };
	fair_error err;
	fair_frame *f;

	gsl_set_error_handler_off();
	if (argc < 3) {
		fprintf(stderr, "usage: expr-tool FILE.csv EXPRESSION...\n");
		return 2;
	}
	if ((f = fair_csv_read(argv[1], NULL, NULL, &err)) == NULL) {
		fprintf(stderr, "expr-tool: %s\n", err.msg);
		return 1;
	}
	size_t n = fair_frame_nrows(f);
	double *v = malloc((n ? n : 1) * sizeof *v);
	for (int a = 2; a < argc; a++) {
		fair_expr *e = fair_expr_parse(argv[a], &err);
		fair_sql q;
		char *p;
		if (e == NULL || fair_expr_bind(e, f, &err) != FAIR_OK ||
		    fair_expr_eval_values(e, NULL, n, v, &err) != FAIR_OK) {
			fprintf(stderr, "expr-tool: '%s': %s\n", argv[a], err.msg);
			return 1;
		}
		p = fair_expr_print(e);
		printf("E %s\nT %s\n", p, tname[fair_expr_type_of(e)]);
		free(p);
		if (fair_expr_sql(e, FAIR_SQL_SQLITE, FAIR_SQL_VALUE, 1, &q, &err) == FAIR_OK) {
			printf("S %s\n", q.text);
			for (size_t k = 0; k < q.nparams; k++)
				printf("P %c %s\n", q.params[k].is_text ? 's' : 'n', q.params[k].text);
			fair_sql_release(&q);
		} else {
			printf("S! %s\n", err.msg);
		}
		for (size_t i = 0; i < n; i++) {
			if (fair_expr_type_of(e) != FAIR_EXPR_CATEGORICAL)
				isnan(v[i]) ? printf("V nan\n") : printf("V %.17g\n", v[i]);
			else
				printf("V %s\n", isnan(v[i]) ? "NA" : fair_expr_level(e, (size_t)v[i]));
		}
		fair_expr_free(e);
	}
	free(v);
	fair_frame_unref(f);
	return 0;
}
