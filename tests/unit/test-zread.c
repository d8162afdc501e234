/* test-zread.c -- compressed and piped input: format detection; gzip, xz and
 * zstd data made here with the libraries' own encoders read back to the
 * same frame as the plain text (whole and in tiny windows, so records and
 * quoted fields cross window ends); concatenated members, streams and
 * frames; every truncation and single-byte corruption of small files (an
 * error naming the file and offset, or the very same data -- never other
 * data); trailing bytes; empty input; line numbers in errors; the memory
 * limit; cancel; FIFOs and pipes, byte by byte. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"
#include "data/data-private.h"

typedef struct bytes {
	unsigned char *p;
	size_t n;
} bytes;

static char tmpdir[256];

/* ---- encoders (the libraries' own, independent of the reader) ---- */

static bytes
gz(const void *data, size_t n)
{
	z_stream s;
	bytes b;

	memset(&s, 0, sizeof s);
	deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
	b.n = deflateBound(&s, n) + 64;
	b.p = malloc(b.n);
	s.next_in = (unsigned char *)(uintptr_t)data;
	s.avail_in = (unsigned)n;
	s.next_out = b.p;
	s.avail_out = (unsigned)b.n;
	deflate(&s, Z_FINISH);
	b.n = s.total_out;
	deflateEnd(&s);
	return b;
}

static bytes
xzc(const void *data, size_t n)
{
	bytes b;
	size_t pos = 0;

	b.n = lzma_stream_buffer_bound(n);
	b.p = malloc(b.n);
	lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, data, n, b.p, &pos, b.n);
	b.n = pos;
	return b;
}

static bytes
zst(const void *data, size_t n, int checksum)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	bytes b;

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
	b.n = ZSTD_compressBound(n);
	b.p = malloc(b.n);
	b.n = ZSTD_compress2(c, b.p, b.n, data, n);
	ZSTD_freeCCtx(c);
	return b;
}

static bytes
encode(int codec, const void *data, size_t n)
{
	return codec == FAIR_ZGZIP ? gz(data, n) : codec == FAIR_ZXZ ? xzc(data, n) : zst(data, n, 1);
}

static void
cat(bytes *a, bytes b)
{
	a->p = realloc(a->p, a->n + b.n);
	memcpy(a->p + a->n, b.p, b.n);
	a->n += b.n;
	free(b.p);
}

/* ---- frames ---- */

static int
same_frame(const fair_frame *a, const fair_frame *b)
{
	size_t n, m;

	if (a == NULL || b == NULL)
		return 0;
	n = fair_frame_nrows(a);
	m = fair_frame_ncols(a);
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

/* The reader on compressed @b through a stream that hands the output over
 * in pieces of @step bytes and a parser that takes windows of @step bytes. */
static fair_frame *
parse_z(bytes b, size_t step, const char *label, const fair_csv_opts *o, fair_csv_info *info,
        fair_error *err)
{
	fair_zopts zo = { .limit = o ? o->memory_limit : 0, .step = step, .prog = o ? o->prog : NULL };
	fair_zstream *zs = fair_zstream_open(-1, b.p, b.n, fair_zdetect(b.p, b.n), label, &zo, err);
	fair_frame *f;

	if (zs == NULL)
		return NULL;
	f = fair__data_csv_parse_stream(zs, step, label, o, info, err);
	fair_zstream_close(zs);
	return f;
}

/* A CSV with every hard case: quoted fields with the delimiter, doubled
 * quotes and line breaks; missing values; CRLF lines; blank lines; a column
 * that is numeric for @flip rows and then turns to text (the fix-up pass);
 * UTF-8 text. About 60 bytes a row. */
static char *
sample(size_t rows, size_t flip, size_t *len)
{
	size_t cap = 200 + rows * 120, n = 0;
	char *s = malloc(cap);

	n += (size_t)snprintf(s + n, cap - n, "id,score,grp,note,late,y\n");
	for (size_t i = 0; i < rows; i++) {
		const char *grp = i % 3 == 0 ? "a" : i % 3 == 1 ? "b\xC3\xA9" : "NA";
		n += (size_t)snprintf(s + n, cap - n, "%zu,%.3f,%s,", i, (double)(i * 37 % 1000) / 7.0, grp);
		if (i % 11 == 0)
			n += (size_t)snprintf(s + n, cap - n, "\"line one\nline \"\"two\"\", %zu\"", i);
		else if (i % 5 == 0)
			n += (size_t)snprintf(s + n, cap - n, "\"x,y\"");
		else
			n += (size_t)snprintf(s + n, cap - n, "plain%zu", i % 17);
		if (i < flip)
			n += (size_t)snprintf(s + n, cap - n, ",%zu", i % 13);
		else
			n += (size_t)snprintf(s + n, cap - n, ",t%zu", i % 4);
		n += (size_t)snprintf(s + n, cap - n, ",%s%s", i % 2 ? "yes" : "no", i % 7 == 3 ? "\r\n" : "\n");
		if (i % 50 == 49)
			n += (size_t)snprintf(s + n, cap - n, "\n");
	}
	*len = n;
	return s;
}

static const char *const label_of[] = { "", "t.csv.gz", "t.csv.xz", "t.csv.zst" };

/* ---- detection ---- */

static void
test_detect(void)
{
	gsl_test_int(fair_zdetect("\x1f\x8b\x08\0", 4), FAIR_ZGZIP, "gzip magic");
	gsl_test_int(fair_zdetect("\x1f\x8b\x07", 3), FAIR_ZNONE, "gzip magic with another method");
	gsl_test_int(fair_zdetect("\xFD" "7zXZ\0", 6), FAIR_ZXZ, "xz magic");
	gsl_test_int(fair_zdetect("\xFD" "7zXZ", 5), FAIR_ZNONE, "xz magic cut short");
	gsl_test_int(fair_zdetect("\x28\xB5\x2F\xFD", 4), FAIR_ZZSTD, "zstd magic");
	gsl_test_int(fair_zdetect("\x5A\x2A\x4D\x18", 4), FAIR_ZZSTD, "zstd skippable frame");
	gsl_test_int(fair_zdetect("a,b\n1,2\n", 8), FAIR_ZNONE, "text");
	gsl_test_int(fair_zdetect("", 0), FAIR_ZNONE, "nothing");
	gsl_test_str(fair_zforeign("BZh91AY&SY", 10), "bzip2", "bzip2 recognised");
	gsl_test_str(fair_zforeign("PK\3\4\24\0", 6), "zip archive", "zip recognised");
	gsl_test(fair_zforeign("a,b\n", 4) != NULL, "text is not foreign");
	gsl_test_str(fair_zcodec_name(FAIR_ZXZ), "xz", "codec name");
}

/* ---- round trips ---- */

static void
test_roundtrip(void)
{
	static const size_t steps[] = { 0, 1, 2, 7, 64, 1000 };
	size_t len;
	char *text = sample(700, 400, &len);
	fair_error err;
	fair_csv_info pi, zi;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, &pi, &err);

	gsl_test(plain == NULL, "the sample parses as text (%s)", plain ? "" : err.msg);
	gsl_test_int((int)pi.nrows, 700, "the sample has 700 rows");
	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++) {
		bytes b = encode(codec, text, len);
		char *out;
		size_t outlen;
		gsl_test(fair_zdecompress(b.p, b.n, label_of[codec], NULL, &out, &outlen, &err) != FAIR_OK ||
		         outlen != len || memcmp(out, text, len) != 0,
		         "%s: fair_zdecompress gives back the text", label_of[codec]);
		free(out);
		for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
			fair_frame *f = parse_z(b, steps[k], label_of[codec], NULL, &zi, &err);
			gsl_test(!same_frame(plain, f), "%s, windows of %zu bytes: the same frame as the text (%s)",
			         label_of[codec], steps[k], f ? "" : err.msg);
			gsl_test(f && (zi.nrows != pi.nrows || zi.ncols != pi.ncols || zi.delim != pi.delim),
			         "%s, windows of %zu: the same info", label_of[codec], steps[k]);
			fair_frame_unref(f);
		}
		fair_frame *f = fair_csv_parse((const char *)b.p, b.n, label_of[codec], NULL, NULL, &err);
		gsl_test(!same_frame(plain, f), "%s: fair_csv_parse reads it directly", label_of[codec]);
		fair_frame_unref(f);
		free(b.p);
	}
	/* delimiter sniffing sees the same first 64 KB: a semicolon file */
	for (char *p = text; p < text + len; p++)
		if (*p == ',')
			*p = ';';
	fair_frame *sc = fair_csv_parse(text, len, "t.csv", NULL, &pi, &err);
	bytes b = gz(text, len);
	fair_frame *f = parse_z(b, 3, "t.csv.gz", NULL, &zi, &err);
	gsl_test(!same_frame(sc, f) || zi.delim != ';', "sniffed ';' through gzip in 3-byte windows");
	fair_frame_unref(f);
	fair_frame_unref(sc);
	free(b.p);
	fair_frame_unref(plain);
	free(text);
}

/* A big input: many 1 MB pieces, row arrays grown as lines arrive. */
static void
test_big(void)
{
	size_t len;
	char *text = sample(150000, 149000, &len);
	fair_error err;
	fair_csv_info zi;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, NULL, &err);

	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++) {
		bytes b = encode(codec, text, len);
		fair_frame *f = parse_z(b, 0, label_of[codec], NULL, &zi, &err);
		gsl_test(!same_frame(plain, f), "%s: %zu MB of text, the same frame", label_of[codec], len >> 20);
		fair_frame_unref(f);
		free(b.p);
	}
	fair_frame_unref(plain);
	free(text);
}

/* Members, streams and frames one after another, split anywhere. */
static void
test_concatenated(void)
{
	size_t len;
	char *text = sample(300, 1000, &len);
	fair_error err;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, NULL, &err);
	size_t cuts[] = { 1, 5, len / 3, len / 2 + 1, len - 1 };

	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++)
		for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
			bytes b = encode(codec, text, cuts[k]);
			cat(&b, encode(codec, text + cuts[k], len - cuts[k]));
			if (codec == FAIR_ZZSTD) {   /* and a skippable frame in between */
				static const unsigned char skip[] = { 0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 'a', 'b', 'c' };
				bytes s = { malloc(sizeof skip), sizeof skip };
				memcpy(s.p, skip, sizeof skip);
				cat(&s, b);
				b = s;
			}
			fair_frame *f = parse_z(b, k % 2 ? 5 : 0, label_of[codec], NULL, NULL, &err);
			gsl_test(!same_frame(plain, f), "%s: two parts split at byte %zu read as one (%s)",
			         label_of[codec], cuts[k], f ? "" : err.msg);
			fair_frame_unref(f);
			free(b.p);
		}
	/* gzip: zero padding after the members is accepted (gzip -d does) */
	bytes b = gz(text, len);
	b.p = realloc(b.p, b.n + 100);
	memset(b.p + b.n, 0, 100);
	b.n += 100;
	fair_frame *f = parse_z(b, 0, "t.csv.gz", NULL, NULL, &err);
	gsl_test(!same_frame(plain, f), "gzip: zero padding at the end is accepted");
	fair_frame_unref(f);
	free(b.p);
	/* xz: stream padding (multiples of four zero bytes) as well */
	b = xzc(text, len);
	b.p = realloc(b.p, b.n + 8);
	memset(b.p + b.n, 0, 8);
	b.n += 8;
	f = parse_z(b, 0, "t.csv.xz", NULL, NULL, &err);
	gsl_test(!same_frame(plain, f), "xz: stream padding is accepted");
	fair_frame_unref(f);
	free(b.p);
	fair_frame_unref(plain);
	free(text);
}

/* ---- damaged input ---- */

/* Every cut of a small compressed file is an error naming the file and the
 * offset where the input ends. */
static void
test_truncated(void)
{
	const char *text = "a,b,c\n1,x,2.5\n2,y,3.5\n3,\"q,r\",4\n";
	size_t len = strlen(text);

	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++) {
		bytes b = encode(codec, text, len);
		size_t magic = codec == FAIR_ZGZIP ? 3 : codec == FAIR_ZXZ ? 6 : 4;
		int bad = 0;
		for (size_t cut = magic; cut < b.n; cut++) {
			bytes t = { b.p, cut };
			char want[128];
			fair_error err = { 0, "" };
			fair_frame *f = parse_z(t, cut % 3, label_of[codec], NULL, NULL, &err);
			snprintf(want, sizeof want, "%s: truncated %s data: the input ends at byte %zu",
			         label_of[codec], fair_zcodec_name(codec), cut);
			if (f != NULL || err.code != FAIR_EPARSE ||
			    (strncmp(err.msg, want, strlen(want)) != 0 && strstr(err.msg, "corrupt") == NULL)) {
				if (bad++ < 3)
					printf("  %s cut at %zu: %s\n", label_of[codec], cut, f ? "a frame" : err.msg);
			}
			fair_frame_unref(f);
		}
		gsl_test(bad, "%s: each of %zu cuts is an error naming the file and the end", label_of[codec],
		         b.n - magic);
		free(b.p);
	}
	/* the exact message for a gzip file cut after the first 20 bytes */
	bytes b = gz(text, len);
	bytes t = { b.p, 20 };
	fair_error err;
	fair_frame *f = parse_z(t, 0, "t.csv.gz", NULL, NULL, &err);
	gsl_test_str(f ? "" : err.msg, "t.csv.gz: truncated gzip data: the input ends at byte 20, inside the "
	             "gzip member that starts at byte 0", "message for a cut gzip file");
	free(b.p);
}

/* A single damaged byte anywhere: an error naming the file and a byte
 * offset, or -- where the format does not cover that byte (gzip's time
 * stamp and OS byte) -- exactly the original data. Never other data. */
static void
test_corrupt(void)
{
	const char *text = "name,score,grp\nann,1.5,a\nbob,2.25,b\ncy,3,a\ndee,4.75,b\nel,5,c\n";
	size_t len = strlen(text);
	fair_error err;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, NULL, &err);

	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++) {
		bytes b = encode(codec, text, len);
		int wrong = 0, errors = 0, same = 0;
		for (size_t i = 0; i < b.n; i++)
			for (int flip = 1; flip < 256; flip <<= 3) {
				fair_error e = { 0, "" };
				b.p[i] ^= (unsigned char)flip;
				if (fair_zdetect(b.p, b.n) == (fair_zcodec)codec) {
					fair_frame *f = parse_z(b, i % 2 ? 0 : 4, label_of[codec], NULL, NULL, &e);
					if (f == NULL && strncmp(e.msg, label_of[codec], strlen(label_of[codec])) == 0 &&
					    strstr(e.msg, "byte") != NULL)
						errors++;
					else if (f != NULL && same_frame(plain, f))
						same++;
					else if (wrong++ < 3)
						printf("  %s byte %zu ^ %d: %s\n", label_of[codec], i, flip, f ? "other data" : e.msg);
					fair_frame_unref(f);
				}
				b.p[i] ^= (unsigned char)flip;
			}
		gsl_test(wrong, "%s: damaged bytes give an error with the offset (%d) or the same data (%d)",
		         label_of[codec], errors, same);
		gsl_test(errors == 0, "%s: damage is detected", label_of[codec]);
		free(b.p);
	}
	fair_frame_unref(plain);
}

static void
expect_z(bytes b, const char *label, const fair_csv_opts *o, int code, const char *msg)
{
	fair_error err = { 0, "" };
	fair_frame *f = parse_z(b, 0, label, o, NULL, &err);

	gsl_test(f != NULL, "error expected: %s", msg);
	gsl_test_int(err.code, code, "error code for: %s", msg);
	gsl_test_str(err.msg, msg, "error message");
	fair_frame_unref(f);
	f = parse_z(b, 2, label, o, NULL, &err);
	gsl_test(f != NULL || err.code != code || strcmp(err.msg, msg) != 0,
	         "the same error in 2-byte windows: %s", msg);
	fair_frame_unref(f);
}

static void
test_errors(void)
{
	const char *ragged = "a,b,c\n1,2,3\n4,5,6\n\n7,8\n9,1,2\n";
	const char *quote = "a,b\n1,\"open\n2,3\n";
	bytes b;
	char msg[200];

	/* parse errors keep their file:line, the line of the text inside */
	for (int codec = FAIR_ZGZIP; codec <= FAIR_ZZSTD; codec++) {
		b = encode(codec, ragged, strlen(ragged));
		snprintf(msg, sizeof msg, "%s:5: expected 3 fields, found 2", label_of[codec]);
		expect_z(b, label_of[codec], NULL, FAIR_EPARSE, msg);
		free(b.p);
		b = encode(codec, quote, strlen(quote));
		snprintf(msg, sizeof msg, "%s:2:3: unterminated quoted field; expected a closing '\"' before end "
		         "of file", label_of[codec]);
		expect_z(b, label_of[codec], NULL, FAIR_EPARSE, msg);
		free(b.p);
		b = encode(codec, "", 0);
		snprintf(msg, sizeof msg, "%s: empty file; expected a header row", label_of[codec]);
		expect_z(b, label_of[codec], NULL, FAIR_EPARSE, msg);
		free(b.p);
		b = encode(codec, "a,b\n\n", 5);
		snprintf(msg, sizeof msg, "%s: header only, no data rows", label_of[codec]);
		expect_z(b, label_of[codec], NULL, FAIR_EPARSE, msg);
		free(b.p);
		b = encode(codec, "a,b\n1,\xff\n", 8);
		snprintf(msg, sizeof msg, "%s:2:3: invalid UTF-8 byte 0xff", label_of[codec]);
		expect_z(b, label_of[codec], NULL, FAIR_EPARSE, msg);
		free(b.p);
	}
	/* a damaged checksum wins over the parse error of the text it guards */
	b = gz(ragged, strlen(ragged));
	b.p[b.n - 6] ^= 1;
	snprintf(msg, sizeof msg, "t.csv.gz: corrupt gzip data at byte %zu of the compressed input "
	         "(incorrect data check)", b.n - 4);
	expect_z(b, "t.csv.gz", NULL, FAIR_EPARSE, msg);
	free(b.p);
	/* trailing bytes after gzip data */
	b = gz("a\n1\n", 4);
	size_t n0 = b.n;
	cat(&b, (bytes){ (unsigned char *)strdup("garbage!!!!!!!!!!!!!!!!"), 23 });
	snprintf(msg, sizeof msg, "t.csv.gz: data after the gzip data at byte %zu is not another gzip member "
	         "(incorrect header check); expected the end of the file", n0);
	expect_z(b, "t.csv.gz", NULL, FAIR_EPARSE, msg);
	free(b.p);
	b = gz("a\n1\n", 4);
	cat(&b, (bytes){ (unsigned char *)strdup("\n"), 1 });
	snprintf(msg, sizeof msg, "t.csv.gz: 1 byte after the gzip data at byte %zu; expected the end of the file", n0);
	expect_z(b, "t.csv.gz", NULL, FAIR_EPARSE, msg);
	free(b.p);
	b = gz("a\n1\n", 4);
	cat(&b, (bytes){ (unsigned char *)calloc(1, 9), 9 });
	b.p[b.n - 1] = 'x';
	snprintf(msg, sizeof msg, "t.csv.gz: data after the gzip padding at byte %zu; expected the end of the file",
	         n0 + 8);
	expect_z(b, "t.csv.gz", NULL, FAIR_EPARSE, msg);
	free(b.p);
	/* formats we do not read */
	fair_error err;
	fair_frame *f = fair_csv_parse("BZh91AY&SY\x01\x02", 12, "t.csv.bz2", NULL, NULL, &err);
	gsl_test_str(f ? "" : err.msg, "t.csv.bz2: bzip2 data, which fairsh does not read; decompress it "
	             "first (fairsh reads CSV, and CSV compressed with gzip, xz or zstd)", "bzip2 refused");
	fair_frame_unref(f);
}

static void
test_limits(void)
{
	size_t len;
	char *text = sample(2000, 5000, &len);
	bytes b = gz(text, len);
	fair_csv_opts o;
	fair_progress prog;
	fair_error err;
	fair_frame *f;
	char msg[160];

	/* the decompressed size counts against the memory limit, as a pipe's
	 * does: 200 rows of one 1000-byte value (columns: 200 x 8 bytes) */
	fair_csv_opts_init(&o);
	o.memory_limit = (size_t)64 << 10;
	{
		char *w = malloc(300000);
		size_t k = (size_t)sprintf(w, "x\n");
		for (int r = 0; r < 200; r++) {
			memset(w + k, 'w', 1000);
			k += 1000;
			w[k++] = '\n';
		}
		bytes wb = gz(w, k);
		snprintf(msg, sizeof msg, "'t.csv.gz' needs more than memory.limit (1 MB) decompressed");
		f = parse_z(wb, 0, "t.csv.gz", &o, NULL, &err);
		free(wb.p);
		free(w);
	}
	gsl_test_str(f ? "" : err.msg, msg, "decompressed size over the limit");
	gsl_test_int(err.code, FAIR_ENOMEM, "... FAIR_ENOMEM");
	fair_frame_unref(f);
	/* the parser's estimate as for a plain file */
	o.memory_limit = len + 1000;
	f = fair_csv_parse(text, len, "t.csv", &o, NULL, &err);
	fair_error e2;
	fair_frame *g = parse_z(b, 0, "t.csv.gz", &o, NULL, &e2);
	gsl_test(f != NULL || g != NULL || e2.code != FAIR_ENOMEM || strstr(e2.msg, "needs about") == NULL,
	         "the column estimate over the limit: an error for both (%s | %s)", err.msg, e2.msg);
	fair_frame_unref(f);
	fair_frame_unref(g);
	/* cancel */
	fair_progress_init(&prog);
	atomic_store(&prog.cancel, true);
	fair_csv_opts_init(&o);
	o.prog = &prog;
	f = parse_z(b, 0, "t.csv.gz", &o, NULL, &err);
	gsl_test(f != NULL || err.code != FAIR_ECANCELED, "cancelled load: FAIR_ECANCELED (%s)", err.msg);
	fair_frame_unref(f);
	free(b.p);
	free(text);
}

/* ---- files, pipes and FIFOs ---- */

typedef struct writer {
	int fd;
	bytes b;
	size_t slow;   /* the first @slow bytes go one write each */
} writer;

static void *
write_all(void *arg)
{
	writer *w = arg;
	size_t i = 0;

	while (i < w->b.n) {
		size_t k = i < w->slow ? 1 : w->b.n - i;
		ssize_t r = write(w->fd, w->b.p + i, k);
		if (r <= 0)
			break;
		i += (size_t)r;
		if (i < w->slow)
			usleep(200);
	}
	close(w->fd);
	return NULL;
}

static void
test_files_and_pipes(void)
{
	size_t len;
	char *text = sample(3000, 2000, &len);
	fair_error err;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, NULL, &err);
	char path[512];

	for (int codec = FAIR_ZNONE; codec <= FAIR_ZZSTD; codec++) {
		bytes b = codec == FAIR_ZNONE ? (bytes){ (unsigned char *)text, len } : encode(codec, text, len);
		/* a regular file (mapped) */
		snprintf(path, sizeof path, "%s/file%d", tmpdir, codec);
		FILE *fp = fopen(path, "wb");
		fwrite(b.p, 1, b.n, fp);
		fclose(fp);
		fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
		gsl_test(!same_frame(plain, f), "%s as a file: the same frame (%s)", fair_zcodec_name(codec),
		         f ? "" : err.msg);
		fair_frame_unref(f);
		/* a pipe, /dev/fd/N, the first bytes one by one */
		int fds[2];
		pthread_t th;
		if (pipe(fds) == 0) {
			writer w = { fds[1], b, 40 };
			pthread_create(&th, NULL, write_all, &w);
			snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
			f = fair_csv_read(path, NULL, NULL, &err);
			pthread_join(th, NULL);
			close(fds[0]);
			gsl_test(!same_frame(plain, f), "%s through a pipe: the same frame (%s)",
			         fair_zcodec_name(codec), f ? "" : err.msg);
			fair_frame_unref(f);
		}
		if (codec != FAIR_ZNONE)
			free(b.p);
	}
	fair_frame_unref(plain);
	free(text);
}

/* FIFO: the writer thread opens the FIFO itself. */
typedef struct fifo_writer {
	const char *path;
	bytes b;
} fifo_writer;

static void *
fifo_write(void *arg)
{
	fifo_writer *w = arg;
	int fd = open(w->path, O_WRONLY);
	writer ww = { fd, w->b, 10 };

	if (fd >= 0)
		write_all(&ww);
	return NULL;
}

static void
test_fifo(void)
{
	size_t len;
	char *text = sample(500, 300, &len);
	fair_error err;
	fair_frame *plain = fair_csv_parse(text, len, "t.csv", NULL, NULL, &err);
	char path[512];

	for (int codec = FAIR_ZNONE; codec <= FAIR_ZZSTD; codec++) {
		bytes b = codec == FAIR_ZNONE ? (bytes){ (unsigned char *)text, len } : encode(codec, text, len);
		snprintf(path, sizeof path, "%s/fifo-%d", tmpdir, codec);
		if (mkfifo(path, 0600) != 0) {
			gsl_test(1, "mkfifo %s: %s", path, strerror(errno));
			continue;
		}
		fifo_writer w = { path, b };
		pthread_t th;
		pthread_create(&th, NULL, fifo_write, &w);
		fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
		pthread_join(th, NULL);
		gsl_test(!same_frame(plain, f), "%s through a FIFO: the same frame (%s)", fair_zcodec_name(codec),
		         f ? "" : err.msg);
		fair_frame_unref(f);
		unlink(path);
		if (codec != FAIR_ZNONE)
			free(b.p);
	}
	/* a truncated gzip stream through a pipe: the error names the offset */
	bytes b = gz(text, len);
	int fds[2];
	if (pipe(fds) == 0) {
		pthread_t th;
		writer w = { fds[1], { b.p, b.n / 2 }, 0 };
		char want[700];
		pthread_create(&th, NULL, write_all, &w);
		snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
		fair_frame *f = fair_csv_read(path, NULL, NULL, &err);
		pthread_join(th, NULL);
		close(fds[0]);
		snprintf(want, sizeof want, "%s: truncated gzip data: the input ends at byte %zu", path, b.n / 2);
		gsl_test(f != NULL || strncmp(err.msg, want, strlen(want)) != 0, "half a gzip stream through a pipe: %s",
		         f ? "a frame" : err.msg);
		fair_frame_unref(f);
	}
	/* closing a stream whose pipe never delivers returns (the thread polls) */
	if (pipe(fds) == 0) {
		fair_zstream *zs = fair_zstream_open(fds[0], "\x1f\x8b\x08", 3, FAIR_ZGZIP, "stalled", NULL, &err);
		usleep(20000);
		fair_zstream_close(zs);
		gsl_test(0, "a stream on a stalled pipe closes");
		close(fds[0]);
		close(fds[1]);
	}
	free(b.p);
	fair_frame_unref(plain);
	free(text);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	gsl_set_error_handler_off();
	snprintf(tmpdir, sizeof tmpdir, "%s/test-zread-XXXXXX", t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_detect();
	test_roundtrip();
	test_big();
	test_concatenated();
	test_truncated();
	test_corrupt();
	test_errors();
	test_limits();
	test_files_and_pipes();
	test_fifo();
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
	}
	return gsl_test_summary() ? 1 : 0;
}
