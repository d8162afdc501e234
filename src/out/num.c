/* num.c -- numbers for machine-readable output (JSON, CSV): the shortest
 * of %.15g, %.16g and %.17g that reads back to the same double, so that a
 * value round-trips exactly and 0.711875 is not printed as
 * 0.71187500000000004. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

char *
out_fmt_shortest(double v, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (isnan(v) || isinf(v)) {
		snprintf(buf, len, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
		return buf;
	}
	/* 15 significant digits always read back to the same decimal (DBL_DIG),
	 * so a number that has a representation of 15 digits or fewer gets it
	 * here; 17 digits always round-trip (DBL_DECIMAL_DIG) */
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, len, "%.*g", digits, v);
		if (digits == 17 || strtod(buf, NULL) == v)
			break;
	}
	return buf;
}
