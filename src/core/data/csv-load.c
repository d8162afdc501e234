/* csv-load.c -- the CSV load driver: options, the passes of csv.c in
 * order (input checks, header, rows in one or two threads, fix-up), then
 * the frame (csv-frame.c); on a decompressing stream (zread.h) the same
 * passes over a window that grows as the thread decompresses. fair_csv_parse
 * reads from memory; csv-io.c maps files and calls fair__data_csv_parse_input,
 * or fair__data_csv_read_z for compressed input. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"
#include "data/data-private.h"

#define SNIFF_BYTES 65536                /* what fair__data_csv_sniff looks at */

/* ---- options and driver ---- */

static int
setup(ctx *c, const fair_csv_opts *o)
{
	const char *na = o->na ? o->na : "NA,N/A,?,NaN";
	size_t n = strlen(na);
	unsigned char d = (unsigned char)o->delim;

	if (d != 0 && (d == '"' || d == '\n' || d == '\r' || d >= 0x80))
		return fair_error_set(c->err, FAIR_EINVAL,
		                      "invalid delimiter 0x%02x; expected an ASCII character other "
		                      "than a quote or line end", d);
	c->skip_bad = o->skip_bad;
	c->memory_limit = o->memory_limit;
	c->prog = o->prog;
	c->nabuf = malloc(n + 1);
	if (c->nabuf == NULL)
		return fair__data_csv_oom(c);
	memcpy(c->nabuf, na, n + 1);
	for (char *s = c->nabuf, *tok; (tok = strsep(&s, ",")) != NULL;) {
		size_t len;
		while (*tok == ' ')
			tok++;
		len = strlen(tok);
		while (len > 0 && tok[len - 1] == ' ')
			tok[--len] = '\0';
		if (len == 0)
			continue;
		if (c->nna == sizeof c->na / sizeof c->na[0])
			return fair_error_set(c->err, FAIR_EINVAL, "too many missing-value tokens (at most %zu)",
			                      sizeof c->na / sizeof c->na[0]);
		c->na[c->nna] = tok;
		c->nalen[c->nna++] = len;
		c->nafirst[(unsigned char)tok[0]] = 1;
		if (len > c->namax)
			c->namax = len;
	}
	c->spcap = 64;
	c->sp = malloc(c->spcap * sizeof *c->sp);
	return c->sp == NULL ? fair__data_csv_oom(c) : FAIR_OK;
}

static void
set_delim(ctx *c, char d)
{
	c->delim = d;
	memset(c->stop, 0, sizeof c->stop);
	memset(c->ws, 0, sizeof c->ws);
	c->stop[(unsigned char)d] = c->stop['\n'] = 1;
	c->ws[' '] = c->ws['\t'] = 1;
	c->ws[(unsigned char)d] = 0;
}

static void
release(ctx *c)
{
	for (size_t j = 0; j < c->ncols; j++) {
		free(c->cols[j].name);
		free(c->cols[j].vals);
		free(c->cols[j].codes);
		fair__data_csv_dict_release(&c->cols[j].dict);
	}
	free(c->cols);
	free(c->sp);
	free(c->scratch);
	free(c->nabuf);
	if (c->loc != (locale_t)0)
		freelocale(c->loc);
}

/* The reader on the whole input [data, data+len), or (@zs not NULL) on a
 * decompressing stream, parsed while it fills. */
static fair_frame *
parse(const char *data, size_t len, fair_zstream *zs, size_t step, const char *label,
      const char *map, const fair_csv_opts *o, fair_csv_info *info, fair_error *err)
{
	fair_csv_opts defaults;
	ctx c;
	fair_frame *f = NULL;
	const char *rows, *sniff_end;
	size_t nl = 0, nl_header;
	bool refill = false, done;
	int st;

	if (o == NULL) {
		fair_csv_opts_init(&defaults);
		o = &defaults;
	}
	memset(&c, 0, sizeof c);
	c.label = label;
	c.err = &c.local;
	c.map = map;
	if (zs != NULL) {
		/* the first bytes: the byte order marks and the sniffer's 64 KB */
		c.zs = zs;
		c.zstep = step;
		if (fair_zstream_wait(zs, SNIFF_BYTES + 3 - 1, &data, &len, &done, c.err) != FAIR_OK)
			goto out;
		c.zbase = data;
	}
	c.text = data;
	c.end = data + len;
	sniff_end = c.end;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c.text += 3;
	if (info != NULL)
		memset(info, 0, sizeof *info);
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
		fair_error_set(c.err, FAIR_EPARSE, "%s: UTF-16 text (byte order mark); expected UTF-8 "
		               "(convert it, e.g. with iconv -f UTF-16 -t UTF-8)", label);
		goto out;
	}
	if (setup(&c, o) != FAIR_OK)
		goto out;
	if (zs != NULL) {
		c.end = c.text;          /* an empty window, then the first lines */
		c.partial = true;
		if (fair__data_csv_extend(&c, 0) != FAIR_OK)
			goto out;
		nl = c.nl_total;
	} else if (fair__data_csv_check_input(&c, c.text, &nl) != FAIR_OK) {
		goto out;
	}
	if (nl == 0 && !c.partial) {
		const char *cr = c.text >= c.end ? NULL : memchr(c.text, '\r', (size_t)(c.end - c.text));
		if (cr != NULL && cr + 1 < c.end) {
			fair_error_set(c.err, FAIR_EPARSE, "%s: lines end with a bare carriage return (classic "
			               "Mac OS); expected LF or CRLF line ends", label);
			goto out;
		}
	}
	if (zs == NULL)
		c.last_nl = c.text < c.end ? memrchr(c.text, '\n', (size_t)(c.end - c.text)) : NULL;
	set_delim(&c, o->delim ? o->delim : fair__data_csv_sniff(c.text, sniff_end));
	rows = c.text;
	while ((st = fair__data_csv_read_header(&c, &rows)) == FAIR__DATA_CSV_MORE)
		if (fair__data_csv_extend(&c, (size_t)(c.end - c.text)) != FAIR_OK)
			goto out;
	if (st != FAIR_OK)
		goto out;
	nl = zs != NULL ? c.nl_total : nl;
	nl_header = 0;
	for (const char *p = c.text; p < rows; p++)
		nl_header += *p == '\n';
	c.rows_cap = nl - nl_header + 1;
	c.nl_header = nl_header;
	c.rows_lines = c.rows_cap;
	c.estimate = c.rows_cap * FAIR__DATA_CSV_ROW_BYTES(c.ncols);
	if (c.memory_limit != 0 && c.estimate > c.memory_limit) {
		fair_error_set(c.err, FAIR_ENOMEM, "'%s' needs about %zu MB, more than memory.limit (%zu MB)",
		               label, fair__data_csv_mb(c.estimate), fair__data_csv_mb(c.memory_limit));
		goto out;
	}
	for (size_t j = 0; j < c.ncols; j++)
		if ((c.cols[j].vals = malloc(c.rows_cap * sizeof(double))) != NULL)
			fair__data_csv_huge(c.cols[j].vals, c.rows_cap * sizeof(double));
		else {
			fair_error_set(c.err, FAIR_ENOMEM, "out of memory: '%s' needs about %zu MB", label,
			               fair__data_csv_mb(c.estimate));
			goto out;
		}
	c.dropped = 0;
	if (zs != NULL || (st = fair__data_csv_run_rows_2(&c, rows)) == -1)
		st = fair__data_csv_run_rows(&c, rows, false, 0);
	if (st != FAIR_OK)
		goto out;
	if (c.nrows == 0) {
		if (c.nskipped > 0)
			fair_error_set(c.err, FAIR_EPARSE,
			               "%s: no data rows (%zu ragged rows skipped, the first at line %zu)",
			               label, c.nskipped, c.first_skipped_line);
		else
			fair_error_set(c.err, FAIR_EPARSE, "%s: header only, no data rows", label);
		goto out;
	}
	for (size_t j = 0; j < c.ncols; j++)
		refill |= c.cols[j].refill;
	if (refill && fair__data_csv_refill_columns(&c, rows) != FAIR_OK)
		goto out;
	if (fair__data_csv_progress(&c, c.end) != FAIR_OK)
		goto out;
	if ((f = fair__data_csv_build_frame(&c)) == NULL)
		goto out;
	if (info != NULL) {
		info->nrows = c.nrows;
		info->ncols = c.ncols;
		info->nskipped = c.nskipped;
		info->first_skipped_line = c.first_skipped_line;
		info->delim = c.delim;
		for (size_t j = 0; j < c.ncols; j++)
			if (!c.cols[j].cat)
				info->ninf += c.cols[j].ninf;
	}
out:
	if (f == NULL && zs != NULL && c.local.code != FAIR_ECANCELED && c.local.code != FAIR_ENOMEM) {
		/* damaged compressed data often decode to something first: a
		 * damaged file is reported as damaged, not as a parse error */
		fair_error ze;
		if (fair_zstream_finish(zs, &ze) != FAIR_OK && ze.code != FAIR_ECANCELED)
			c.local = ze;
	}
	if (f == NULL && err != NULL)
		*err = c.local;
	release(&c);
	return f;
}

fair_frame *
fair__data_csv_parse_input(const char *data, size_t len, const char *label, const char *map,
                           const fair_csv_opts *o, fair_csv_info *info, fair_error *err)
{
	return parse(data, len, NULL, 0, label, map, o, info, err);
}

fair_frame *
fair__data_csv_parse_stream(fair_zstream *zs, size_t step, const char *label, const fair_csv_opts *o,
                            fair_csv_info *info, fair_error *err)
{
	return parse(NULL, 0, zs, step, label, NULL, o, info, err);
}

/* The streaming reader: the passes of parse() on a stream whose window's
 * pages are released behind the parser, rows handed to c->sink in chunks
 * (csv-stream.c); no whole-input arrays, no fix-up pass (a column that
 * turns text after numbers were handed over sets *@restart). */
int
fair__data_csv_stream_parse(fair_zstream *zs, const char *label, const fair_csv_opts *o,
                            int (*sink)(ctx *, size_t), void *arg, int (*colsetup)(ctx *, void *),
                            fair_csv_info *info, size_t *restart, fair_error *err)
{
	fair_csv_opts defaults;
	ctx c;
	const char *data, *rows, *sniff_end;
	size_t len;
	bool done, ok = false;
	int st;

	if (o == NULL) {
		fair_csv_opts_init(&defaults);
		o = &defaults;
	}
	memset(&c, 0, sizeof c);
	c.label = label;
	c.err = &c.local;
	c.zs = zs;
	c.sink = sink;
	c.sink_arg = arg;
	*restart = 0;
	if (info != NULL)
		memset(info, 0, sizeof *info);
	if (fair_zstream_wait(zs, SNIFF_BYTES + 3 - 1, &data, &len, &done, c.err) != FAIR_OK)
		goto out;
	c.zbase = c.map = data;
	c.text = data;
	c.end = data + len;
	sniff_end = c.end;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c.text += 3;
	if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
		fair_error_set(c.err, FAIR_EPARSE, "%s: UTF-16 text (byte order mark); expected UTF-8 "
		               "(convert it, e.g. with iconv -f UTF-16 -t UTF-8)", label);
		goto out;
	}
	if (setup(&c, o) != FAIR_OK)
		goto out;
	c.memory_limit = 0;        /* constant memory: nothing to estimate */
	c.end = c.text;
	c.partial = true;
	if (fair__data_csv_extend(&c, 0) != FAIR_OK)
		goto out;
	set_delim(&c, o->delim ? o->delim : fair__data_csv_sniff(c.text, sniff_end));
	rows = c.text;
	while ((st = fair__data_csv_read_header(&c, &rows)) == FAIR__DATA_CSV_MORE)
		if (fair__data_csv_extend(&c, (size_t)(c.end - c.text)) != FAIR_OK)
			goto out;
	if (st != FAIR_OK)
		goto out;
	c.rows_lines = 0;          /* the row arrays stay one chunk long */
	c.rows_cap = 65536;
	if (colsetup != NULL && colsetup(&c, arg) != FAIR_OK)
		goto out;
	for (size_t j = 0; j < c.ncols; j++) {
		col_state *col = &c.cols[j];
		if (col->skip)
			continue;
		if (col->cat ? (col->codes = malloc(c.rows_cap * sizeof *col->codes)) == NULL
		             : (col->vals = malloc(c.rows_cap * sizeof *col->vals)) == NULL) {
			fair__data_csv_oom(&c);
			goto out;
		}
	}
	if (fair__data_csv_run_rows(&c, rows, false, 0) != FAIR_OK)
		goto out;
	if (c.nrows_total == 0) {
		if (c.nskipped > 0)
			fair_error_set(c.err, FAIR_EPARSE,
			               "%s: no data rows (%zu ragged rows skipped, the first at line %zu)",
			               label, c.nskipped, c.first_skipped_line);
		else
			fair_error_set(c.err, FAIR_EPARSE, "%s: header only, no data rows", label);
		goto out;
	}
	fair_progress_set(o->prog, c.in_total, c.in_total, NAN, NAN);
	if (info != NULL) {
		info->nrows = c.nrows_total;
		info->ncols = c.ncols;
		info->nskipped = c.nskipped;
		info->first_skipped_line = c.first_skipped_line;
		info->delim = c.delim;
		for (size_t j = 0; j < c.ncols; j++)
			if (!c.cols[j].cat && !c.cols[j].skip)
				info->ninf += c.cols[j].ninf;
	}
	ok = true;
out:
	if (!ok) {
		*restart = c.restart;
		if (err != NULL)
			*err = c.local;
	}
	release(&c);
	return ok ? FAIR_OK : c.local.code;
}

void
fair_csv_opts_init(fair_csv_opts *o)
{
	memset(o, 0, sizeof *o);
}

fair_frame *
fair__data_csv_read_z(int fd, const char *head, size_t nhead, int codec, const char *label,
                      const fair_csv_opts *o, fair_csv_info *info, fair_error *err)
{
	fair_zopts zo = { .limit = o ? o->memory_limit : 0, .step = 0, .prog = o ? o->prog : NULL };
	fair_zstream *zs = fair_zstream_open(fd, head, nhead, (fair_zcodec)codec, label, &zo, err);
	fair_frame *f;

	if (zs == NULL)
		return NULL;
	f = fair__data_csv_parse_stream(zs, 0, label, o, info, err);
	fair_zstream_close(zs);
	return f;
}

int
fair__data_csv_foreign(const char *data, size_t len, const char *label, fair_error *err)
{
	const char *what = fair_zforeign(data, len);

	if (what == NULL)
		return FAIR_OK;
	return fair_error_set(err, FAIR_EPARSE, "%s: %s data, which fairsh does not read; decompress it "
	                      "first (fairsh reads CSV, and CSV compressed with gzip, xz or zstd)", label, what);
}

fair_frame *
fair_csv_parse(const char *data, size_t len, const char *label, const fair_csv_opts *o,
               fair_csv_info *info, fair_error *err)
{
	fair_zcodec z = fair_zdetect(data, len);

	if (z != FAIR_ZNONE)
		return fair__data_csv_read_z(-1, data, len, z, label, o, info, err);
	if (fair__data_csv_foreign(data, len, label, err) != FAIR_OK)
		return NULL;
	return fair__data_csv_parse_input(data, len, label, NULL, o, info, err);
}
