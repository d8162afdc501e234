/* methods-tool.c -- driver used by tests/unit/methods-ref.py (not a test
 * itself): reads "score y group" lines from stdin, fits the threshold
 * optimiser and prints "acc A" then one "p P" line per row (P(yhat=1)).
 *   methods-tool thresh dp|eo|eodds K < rows */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "methods/methods-private.h"

int
main(int argc, char **argv)
{
	size_t cap = 1024, n = 0, K;
	double *s = malloc(cap * sizeof *s), *y = malloc(cap * sizeof *y);
	int32_t *g = malloc(cap * sizeof *g);
	int c, gi;
	fair_error err;

	gsl_set_error_handler_off();
	if (argc != 4 || strcmp(argv[1], "thresh") || fair_constraint_parse(argv[2], &c, &err)) {
		fprintf(stderr, "usage: methods-tool thresh dp|eo|eodds K < rows\n");
		return 2;
	}
	K = (size_t)atoi(argv[3]);
	while (s && y && g && scanf("%lf %lf %d", &s[n], &y[n], &gi) == 3) {
		g[n++] = gi;
		if (n == cap) {
			cap *= 2;
			s = realloc(s, cap * sizeof *s);
			y = realloc(y, cap * sizeof *y);
			g = realloc(g, cap * sizeof *g);
		}
	}
	if (!s || !y || !g)
		return 1;
	fair_thresh *t = fair_thresh_fit(s, y, g, n, K, c, &err);
	if (t == NULL) {
		fprintf(stderr, "methods-tool: %s\n", err.msg);
		return 1;
	}
	printf("acc %.17g\n", fair_thresh_accuracy(t));
	for (size_t i = 0; i < n; i++)
		printf("p %.17g\n", fair_thresh_prob(t, s[i], g[i]));
	fair_thresh_free(t);
	free(s);
	free(y);
	free(g);
	return 0;
}
