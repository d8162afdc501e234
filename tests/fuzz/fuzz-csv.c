/* fuzz-csv.c -- libFuzzer target for the CSV reader: fair_csv_parse on
 * arbitrary bytes (the first byte picks the options: delimiter, skip_bad,
 * custom missing tokens, a memory limit), then checks on the frame it
 * returns; and fair_csv_parse_double against strtod (bit-identical). */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_double(const uint8_t *data, size_t size)
{
	static locale_t c_loc;
	char buf[80];
	double mine, ref;
	char *end;

	if (size == 0 || size >= sizeof buf)
		return;
	if (!fair_csv_parse_double((const char *)data, size, &mine))
		return;
	if (c_loc == (locale_t)0)
		c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	memcpy(buf, data, size);
	buf[size] = '\0';
	ref = strtod_l(buf, &end, c_loc);
	/* the accepted syntax is a subset of strtod's: it must read it all,
	 * to the same bits (NaN: any NaN) */
	if (end != buf + size)
		abort();
	if (isnan(ref) ? !isnan(mine) : memcmp(&ref, &mine, sizeof ref) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, ',', ';', '\t', '|', ' ', ':', 0 };
	fair_csv_opts o;
	fair_csv_info info;
	fair_error err;
	fair_frame *f;
	uint8_t sel;

	check_double(data, size);
	if (size == 0)
		return 0;
	sel = data[0];
	data++;
	size--;
	fair_csv_opts_init(&o);
	o.delim = delims[sel & 7];
	o.skip_bad = (sel & 8) != 0;
	if (sel & 16)
		o.na = "x, -,, NULL ,?";
	if (sel & 32)
		o.memory_limit = 4096;
	f = fair_csv_parse((const char *)data, size, "fuzz.csv", &o, &info, &err);
	if (f == NULL) {
		/* an error always has a message */
		if (err.code == FAIR_OK || err.msg[0] == '\0')
			abort();
		return 0;
	}
	if (fair_frame_nrows(f) != info.nrows || fair_frame_ncols(f) != info.ncols || info.nrows == 0 ||
	    info.ncols == 0 || info.ncols > FAIR_CSV_MAX_COLS)
		abort();
	/* every cell can be read: numbers are finite or NaN, codes in range */
	for (size_t j = 0; j < fair_frame_ncols(f); j++) {
		const fair_column *c = fair_frame_column(f, j);
		if (fair_column_name(c) == NULL || fair_column_name(c)[0] == '\0')
			abort();
		if (fair_column_type(c) == FAIR_COL_NUMERIC) {
			const double *v = fair_column_values(c);
			for (size_t i = 0; i < fair_frame_nrows(f); i++)
				if (isinf(v[i]))
					abort();
		} else {
			const int32_t *codes = fair_column_codes(c);
			size_t nl = fair_column_nlevels(c);
			for (size_t i = 0; i < fair_frame_nrows(f); i++)
				if (codes[i] < -1 || codes[i] >= (int32_t)nl)
					abort();
			for (size_t l = 0; l < nl; l++)
				if (fair_column_level(c, l) == NULL)
					abort();
		}
	}
	fair_frame_unref(f);
	return 0;
}
