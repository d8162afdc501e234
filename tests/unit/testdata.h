/* testdata.h -- where the unit tests find the real datasets (adult.csv,
 * compas.csv, ...), and the one rule when one is missing. The shell tests
 * (tests/lib/data.sh) and the Python tests (tests/unit/testdata.py) apply the
 * same lookup and the same rule.
 *
 * Lookup, first hit wins: $FAIRSH_DATA, then $top_srcdir/share/fairsh/data
 * (the datasets shipped with fairsh), then $top_srcdir/../shared/data; in
 * each directory NAME, then NAME.xz, NAME.gz, NAME.zst (the path returned
 * names the file found). make check exports top_srcdir; run by hand from
 * the top of the tree, "." is used.
 *
 * Missing: one line on stderr naming the file and the places looked in; the
 * test goes on with its other checks, and fair_test_data_status() turns a
 * passing result into 77 (automake's skip), or into a failure when CI is set
 * (a CI machine must have the data). fair_test_data_open reads a compressed
 * copy as text. Header only: include it, no mk change. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TESTDATA_H
#define FAIRSH_TESTDATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fairsh/zread.h"

static int fair_test_data_missing;   /* datasets not found so far */

/* The path of dataset @name (e.g. "adult.csv"), or NULL after printing the
 * one line. The result stays valid for the next three calls. */
static inline const char *
fair_test_data_path(const char *name)
{
	static char found[4][4096 + 64];   /* a directory, /, the name, an extension */
	static int next;
	static const char *const ext[] = {"", ".xz", ".gz", ".zst"};
	const char *top = getenv("top_srcdir"), *env = getenv("FAIRSH_DATA");
	char dirs[3][4096], where[3 * 4096 + 64] = "";
	int nd = 0;

	if (top == NULL || *top == '\0')
		top = ".";
	if (env != NULL && *env != '\0')
		snprintf(dirs[nd++], sizeof dirs[0], "%s", env);
	snprintf(dirs[nd++], sizeof dirs[0], "%s/share/fairsh/data", top);
	snprintf(dirs[nd++], sizeof dirs[0], "%s/../shared/data", top);
	for (int d = 0; d < nd; d++) {
		for (int e = 0; e < 4; e++) {
			char *p = found[next];
			int len = snprintf(p, sizeof found[0], "%s/%s%s", dirs[d], name, ext[e]);
			if (len > 0 && (size_t)len < sizeof found[0] && access(p, R_OK) == 0) {
				next = (next + 1) % 4;
				return p;
			}
		}
		snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s%s", d ? ", " : "",
		         d == 0 && env != NULL && *env != '\0' ? "FAIRSH_DATA=" : "", dirs[d]);
	}
	fair_test_data_missing++;
	fprintf(stderr, "%s: %s (or .xz/.gz/.zst) not found in %s%s\n",
	        getenv("CI") ? "FAIL" : "SKIP", name, where,
	        getenv("CI") ? "; CI is set, so missing data is a failure" : "; the checks that need it are skipped");
	return NULL;
}

/* @path opened for reading: a file compressed with gzip, xz or zstd (as the
 * shipped datasets are; recognised by content) is decompressed into an
 * anonymous temporary file first, so tests that read text line by line read
 * any copy. NULL (with a line on stderr when it is damaged) otherwise. */
static inline FILE *
fair_test_data_open(const char *path)
{
	FILE *in = fopen(path, "rb"), *out;
	unsigned char head[FAIR_ZMAGIC_LEN];
	char *raw = NULL, *text;
	size_t n, len = 0, cap = 0, tlen;
	fair_error err;

	if (in == NULL)
		return NULL;
	n = fread(head, 1, sizeof head, in);
	rewind(in);
	if (fair_zdetect(head, n) == FAIR_ZNONE)
		return in;
	for (;;) {
		if (len == cap) {
			char *b = realloc(raw, cap = cap ? 2 * cap : (size_t)1 << 20);
			if (b == NULL)
				break;
			raw = b;
		}
		if ((n = fread(raw + len, 1, cap - len, in)) == 0)
			break;
		len += n;
	}
	fclose(in);
	if (raw == NULL || fair_zdecompress(raw, len, path, NULL, &text, &tlen, &err) != FAIR_OK) {
		fprintf(stderr, "%s\n", raw ? err.msg : "out of memory");
		free(raw);
		return NULL;
	}
	free(raw);
	if ((out = tmpfile()) != NULL && (fwrite(text, 1, tlen, out) != tlen || fseek(out, 0, SEEK_SET) != 0)) {
		fclose(out);
		out = NULL;
	}
	free(text);
	return out;
}

/* The test's exit status from @status (gsl_test_summary(): 0 pass, else
 * fail): a failure stays a failure; else a missing dataset gives 77, or 1
 * when CI is set. */
static inline int
fair_test_data_status(int status)
{
	if (status != 0 || fair_test_data_missing == 0)
		return status;
	return getenv("CI") ? 1 : 77;
}

#endif
