/* fuzz-check.c -- libFuzzer target for the fairness checks of `check`: parse
 * arbitrary bytes with fair_check_parse; a parsed check must be written
 * back (its text) as a check that parses to the same thing, and must
 * evaluate against a fixed two-group audit (with and without its interval)
 * to a status and a reason, or fail with a message. Aborts on any broken
 * invariant: an error without a message, a check without text or with a
 * limit that is not finite, a status out of range, an empty reason. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/metric.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fair_report *
report(void)
{
	static fair_report *r;
	static const double y[12] = { 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0 };
	static const double p[12] = { 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0 };
	static const int32_t g[12] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 };
	static const char *const labels[2] = { "A", "B c" };
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;

	if (r != NULL)
		return r;
	memset(&in, 0, sizeof in);
	in.n = 12;
	in.y = y;
	in.yhat = p;
	in.group = g;
	in.K = 2;
	in.labels = labels;
	in.privileged = -1;
	in.task = FAIR_TASK_CLASSIFICATION;
	fair_audit_opts_init(&o);
	o.bootstrap = 50;
	o.figure_ci = true;
	r = fair_audit(&in, &o, &err);
	if (r == NULL)
		abort();
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	fair_check c, c2;
	fair_check_result res;
	fair_error err;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(&err, 0, sizeof err);
	if (fair_check_parse(s, &c, &err) != FAIR_OK) {
		if (err.msg[0] == '\0')
			abort();
		free(s);
		return 0;
	}
	if (c.text == NULL || !isfinite(c.limit) || (c.metric < 0) == (c.fig < 0) || c.cmp < 0 || c.cmp > FAIR_CMP_GE)
		abort();
	/* the text written back parses to the same check (%.15g limits: the
	 * value may round, the rest may not change) */
	if (fair_check_parse(c.text, &c2, &err) != FAIR_OK || c2.metric != c.metric || c2.fig != c.fig ||
	    c2.cmp != c.cmp || c2.abs != c.abs || (c.group == NULL) != (c2.group == NULL) ||
	    (c.group && strcmp(c.group, c2.group)) || strcmp(c.text, c2.text))
		abort();
	fair_check_release(&c2);
	for (int ci = 0; ci < 2; ci++) {
		memset(&err, 0, sizeof err);
		if (fair_check_eval(&c, report(), ci, &res, &err) != FAIR_OK) {
			if (err.msg[0] == '\0')
				abort();
			continue;
		}
		if (res.status < FAIR_CHECK_PASS || res.status > FAIR_CHECK_INCONCLUSIVE || res.reason[0] == '\0')
			abort();
	}
	fair_check_release(&c);
	free(s);
	return 0;
}
