/* fuzz-zread.c -- libFuzzer target for compressed input: gzip, xz and zstd
 * bytes (the seeds are valid files; mutations damage, cut and join them)
 * through fair_zdecompress, and through the CSV reader that parses while a
 * thread decompresses, in windows of 1 to 4096 bytes chosen by the first
 * input byte. Checks: no crash, no leak, every error has a message naming
 * the input; and when the bytes decompress, the streaming reader gives the
 * very frame (or the failure) that the plain reader gives on the
 * decompressed text; when they do not, the streaming reader fails too. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "fairsh/frame.h"
#include "fairsh/zread.h"
#include "data/data-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_frame(const fair_frame *a, const fair_frame *b)
{
	size_t n = fair_frame_nrows(a), m = fair_frame_ncols(a);

	if (n != fair_frame_nrows(b) || m != fair_frame_ncols(b))
		return 0;
	for (size_t j = 0; j < m; j++) {
		const fair_column *x = fair_frame_column(a, j), *y = fair_frame_column(b, j);
		if (strcmp(fair_column_name(x), fair_column_name(y)) != 0 ||
		    fair_column_type(x) != fair_column_type(y))
			return 0;
		if (fair_column_type(x) == FAIR_COL_NUMERIC) {
			const double *u = fair_column_values(x), *v = fair_column_values(y);
			for (size_t i = 0; i < n; i++)
				if (isnan(u[i]) ? !isnan(v[i]) : memcmp(&u[i], &v[i], sizeof u[i]) != 0)
					return 0;
		} else {
			if (fair_column_nlevels(x) != fair_column_nlevels(y) ||
			    memcmp(fair_column_codes(x), fair_column_codes(y), n * sizeof(int32_t)) != 0)
				return 0;
			for (size_t l = 0; l < fair_column_nlevels(x); l++)
				if (strcmp(fair_column_level(x, l), fair_column_level(y, l)) != 0)
					return 0;
		}
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t steps[8] = { 0, 1, 2, 3, 7, 64, 500, 4096 };
	fair_zopts zo = { .limit = 0, .step = 0, .prog = NULL };
	fair_error e1, e2, e3;
	fair_csv_info i2, i3;
	fair_csv_opts o;
	fair_zstream *zs;
	fair_frame *f = NULL, *g = NULL;
	char *plain = NULL;
	size_t plen = 0;
	int st;

	if (size < 2)
		return 0;
	zo.step = steps[data[0] & 7];
	fair_csv_opts_init(&o);
	o.skip_bad = (data[0] & 8) != 0;
	data++;
	size--;
	if (fair_zdetect(data, size) == FAIR_ZNONE)
		return 0;
	/* 1. decompression alone (a 64 MB cap keeps the fuzzer's memory in bounds) */
	zo.limit = (size_t)64 << 20;
	st = fair_zdecompress(data, size, "fuzz.z", &zo, &plain, &plen, &e1);
	if (st != FAIR_OK && strstr(e1.msg, "fuzz.z") == NULL)
		abort();
	/* 2. the reader on the stream, in windows of zo.step bytes */
	zs = fair_zstream_open(-1, data, size, fair_zdetect(data, size), "fuzz.z", &zo, &e2);
	if (zs == NULL)
		abort();
	f = fair__data_csv_parse_stream(zs, zo.step, "fuzz.z", &o, &i2, &e2);
	fair_zstream_close(zs);
	if (f == NULL && (e2.code == FAIR_OK || strstr(e2.msg, "fuzz.z") == NULL))
		abort();
	if (st != FAIR_OK) {
		/* damaged input never yields a frame */
		if (f != NULL)
			abort();
		free(plain);
		return 0;
	}
	/* 3. the plain reader on the decompressed text: the same outcome */
	g = fair__data_csv_parse_input(plain, plen, "fuzz.z", NULL, &o, &i3, &e3);
	if ((f == NULL) != (g == NULL))
		abort();
	if (f != NULL && (!same_frame(f, g) || i2.nrows != i3.nrows || i2.ncols != i3.ncols ||
	                  i2.nskipped != i3.nskipped || i2.first_skipped_line != i3.first_skipped_line ||
	                  i2.delim != i3.delim || i2.ninf != i3.ninf))
		abort();
	fair_frame_unref(f);
	fair_frame_unref(g);
	free(plain);
	return 0;
}
