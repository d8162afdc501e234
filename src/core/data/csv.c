/* csv.c -- the CSV reader's passes: input checks (UTF-8, NUL bytes), the
 * header, a single-pass tokenizer with type inference per column, and the
 * fix-up pass for columns that turn categorical late. The driver is in
 * csv-load.c; number parsing, dictionaries and delimiter sniffing in
 * csv-util.c; the two-thread row pass and frame building in csv-frame.c;
 * files and writing in csv-io.c. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"
#include "base/base-private.h"
#include "data/data-private.h"

#define DROP_STEP   ((size_t)8 << 20)    /* release mapped input every 8 MB */
#define CHECK_ROWS  4095                 /* poll cancel every 4096 rows */
#define CSV_MORE    FAIR__DATA_CSV_MORE
#define CHECK_PAR_BYTES ((size_t)8 << 20)  /* larger inputs: checked on two threads */  /* streaming: the record goes past the window */

/* ---- positions and input checks ---- */

static void
locate(const ctx *c, const char *q, size_t *line, size_t *col)
{
	const char *ls = c->text, *p = c->text, *nl;
	size_t ln = 1, k = 1;

	if (c->sink != NULL && c->dropped > 0 && c->map + c->dropped <= q) {   /* streaming: released pages */
		ls = p = c->map + c->dropped;
		ln += c->drop_nl;
	}

	while (p < q && (nl = memchr(p, '\n', (size_t)(q - p))) != NULL) {
		ln++;
		ls = p = nl + 1;
	}
	for (p = ls; p < q; p++)
		k += ((unsigned char)*p & 0xC0) != 0x80;
	*line = ln;
	if (col != NULL)
		*col = k;
}

static int
err_at(ctx *c, int code, const char *q, bool with_col, const char *what)
{
	size_t line, col;

	locate(c, q, &line, &col);
	if (with_col)
		return fair_error_set(c->err, code, "%s:%zu:%zu: %s", c->label, line, col, what);
	return fair_error_set(c->err, code, "%s:%zu: %s", c->label, line, what);
}

static void
drop_behind(ctx *c, const char *p)
{
	size_t page = 4096, off;

	if (c->sink != NULL) {   /* streaming: the input check runs ahead of the parser */
		if (c->cursor == NULL)
			return;
		if (p > c->cursor)
			p = c->cursor;
	}
	if (c->map == NULL || (size_t)(p - c->map) < c->dropped + DROP_STEP)
		return;
	off = ((size_t)(p - c->map) - ((size_t)1 << 20)) & ~(page - 1);
	if (off > c->dropped) {
		if (c->sink != NULL) {   /* streaming: keep the line count of what goes */
			for (const char *q = c->map + c->dropped, *e = c->map + off;
			     q < e && (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
				c->drop_nl++;
			if (c->zs != NULL) {
				/* the pages and their page tables go: the range
				 * becomes reserved address space again */
				if (mmap((void *)(uintptr_t)(c->map + c->dropped), off - c->dropped, PROT_NONE,
				         MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == MAP_FAILED)
					madvise((void *)(uintptr_t)(c->map + c->dropped), off - c->dropped, MADV_DONTNEED);
				c->dropped = off;
				fair_zstream_release(c->zs, off);
				return;
			}
		}
		madvise((void *)(uintptr_t)(c->map + c->dropped), off - c->dropped, MADV_DONTNEED);
		c->dropped = off;
	}
}

int
fair__data_csv_progress(ctx *c, const char *p)
{
	if (c->sink != NULL && c->zs != NULL)   /* streaming: the file's bytes read */
		fair_progress_set(c->prog, (size_t)fair_zstream_consumed(c->zs), c->in_total, NAN, NAN);
	else if (!c->worker)
		fair_progress_set(c->prog, (size_t)(p - c->text), (size_t)(c->end - c->text), NAN, NAN);
	drop_behind(c, p);
	if (fair_progress_cancelled(c->prog))
		return fair_error_set(c->err, FAIR_ECANCELED, "loading '%s' cancelled", c->label);
	return FAIR_OK;
}

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define LOWS  UINT64_C(0x7F7F7F7F7F7F7F7F)

/* 0x80 in every byte of @w that is zero (exact for any byte: no carry
 * crosses a byte). */
static inline uint64_t
zero_bytes(uint64_t w)
{
	return ~(((w & LOWS) + LOWS) | w) & HIGHS;
}

/* Checks [@from, @to) for NUL bytes and invalid UTF-8; counts '\n'. */
static int
check_span(ctx *c, const char *from, const char *to, size_t *nlines)
{
	const unsigned char *p = (const unsigned char *)from, *e = (const unsigned char *)to;
	const unsigned char *next_poll = p + ((size_t)1 << 22);
	size_t nl = 0;
	char what[64];

	while (p < e) {
		if (p >= next_poll) {
			if (fair__data_csv_progress(c, (const char *)p) != FAIR_OK)
				return FAIR_ECANCELED;
			next_poll = p + ((size_t)1 << 22);
		}
		while (e - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if ((w & HIGHS) != 0 || zero_bytes(w) != 0)
				break;
			nl += ((zero_bytes(w ^ (ONES * '\n')) >> 7) * ONES) >> 56;
			c->has_quote |= zero_bytes(w ^ (ONES * '"')) != 0;
			p += 8;
			if (p >= next_poll)
				break;
		}
		if (p >= e || p >= next_poll)
			continue;
		for (const unsigned char *stop = p + 8 < e ? p + 8 : e; p < stop;) {
			if (*p == 0)
				return err_at(c, FAIR_EPARSE, (const char *)p, false,
				              "binary data (NUL byte); not a text CSV file");
			if (*p < 0x80) {
				nl += *p == '\n';
				c->has_quote |= *p == '"';
				p++;
				continue;
			}
			size_t n = fair__data_csv_utf8_len(p, e);
			if (n == 0) {
				snprintf(what, sizeof what, "invalid UTF-8 byte 0x%02x", *p);
				return err_at(c, FAIR_EPARSE, (const char *)p, true, what);
			}
			p += n;
		}
	}
	*nlines = nl;
	return FAIR_OK;
}

typedef struct check_job {
	ctx        w;          /* the worker's copy of the reader state */
	const char *from, *to;
	size_t      nl;
	int         rc;
} check_job;

static void *
check_run(void *arg)
{
	check_job *j = arg;

	j->rc = check_span(&j->w, j->from, j->to, &j->nl);
	return NULL;
}

/* Checks the input from @from to the end for NUL bytes and invalid UTF-8;
 * counts '\n'. A large mapped input is checked in two halves on two
 * threads, split after a '\n' (so no UTF-8 sequence straddles the split);
 * the first error in the file is the one reported. */
int
fair__data_csv_check_input(ctx *c, const char *from, size_t *nlines)
{
	const char *mid, *nl;
	check_job job;
	pthread_t th;
	size_t n0 = 0;
	int rc;

	if (c->worker || c->zs != NULL || (size_t)(c->end - from) < CHECK_PAR_BYTES)
		return check_span(c, from, c->end, nlines);
	mid = from + (c->end - from) / 2;
	if ((nl = memchr(mid, '\n', (size_t)(c->end - mid))) == NULL)
		return check_span(c, from, c->end, nlines);
	job.w = *c;
	job.w.worker = true;
	job.w.map = NULL;          /* the caller alone releases pages */
	job.w.has_quote = false;
	job.w.err = &job.w.local;
	job.from = nl + 1;
	job.to = c->end;
	job.nl = 0;
	job.rc = FAIR_OK;
	if (pthread_create(&th, NULL, check_run, &job) != 0)
		return check_span(c, from, c->end, nlines);
	rc = check_span(c, from, nl + 1, &n0);
	pthread_join(th, NULL);
	if (rc != FAIR_OK)
		return rc;
	if (job.rc != FAIR_OK) {
		*c->err = job.w.local;
		return job.rc;
	}
	c->has_quote |= job.w.has_quote;
	*nlines = n0 + job.nl;
	return FAIR_OK;
}

/* ---- tokenizer ---- */

static int
scratch_add(ctx *c, const char *s, size_t n)
{
	if (c->scap - c->slen < n) {
		size_t ncap = c->scap ? c->scap : 256;
		while (ncap - c->slen < n)
			ncap *= 2;
		char *b = realloc(c->scratch, ncap);
		if (b == NULL)
			return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
		c->scratch = b;
		c->scap = ncap;
	}
	memcpy(c->scratch + c->slen, s, n);
	c->slen += n;
	return FAIR_OK;
}

/* Reads the quoted field whose opening quote is at *@pp into span @f. */
static int
quoted_field(ctx *c, const char **pp, span *f)
{
	const char *q0 = *pp, *p = q0 + 1, *s = p, *q;
	bool esc = false;
	size_t soff = c->slen;
	char what[96];

	for (;;) {
		q = memchr(p, '"', (size_t)(c->end - p));
		if (q == NULL && c->partial)
			return CSV_MORE;
		if (q == NULL)
			return err_at(c, FAIR_EPARSE, q0, true,
			              "unterminated quoted field; expected a closing '\"' before end of file");
		if (q + 1 < c->end && q[1] == '"') {
			if (scratch_add(c, esc ? p : s, (size_t)(q + 1 - (esc ? p : s))) != FAIR_OK)
				return FAIR_ENOMEM;
			esc = true;
			p = q + 2;
			continue;
		}
		if (esc && scratch_add(c, p, (size_t)(q - p)) != FAIR_OK)
			return FAIR_ENOMEM;
		break;
	}
	if (f != NULL) {
		f->quoted = true;
		f->esc = esc;
		f->p = s;
		f->soff = soff;
		f->len = esc ? c->slen - soff : (size_t)(q - s);
	}
	p = q + 1;
	while (p < c->end && (c->ws[(unsigned char)*p] || *p == '\r'))
		p++;
	if (p < c->end && *p != c->delim && *p != '\n') {
		if (c->delim == '\t')
			snprintf(what, sizeof what, "expected a tab or end of line after closing quote");
		else
			snprintf(what, sizeof what, "expected '%c' or end of line after closing quote",
			         c->delim);
		return err_at(c, FAIR_EPARSE, p, true, what);
	}
	*pp = p;
	return FAIR_OK;
}

/* Splits the record starting at @p; stores at most spcap spans, counts all
 * fields in *@nfp and sets *@next past the record's line end. */
static int
tokenize_row(ctx *c, const char *p, const char **next, size_t *nfp)
{
	const char *end = c->end;
	const char delim = c->delim;
	size_t nf = 0;

	c->slen = 0;
	for (;;) {
		while (p < end && c->ws[(unsigned char)*p])
			p++;
		if (p < end && *p == '"') {
			int rc = quoted_field(c, &p, nf < c->spcap ? &c->sp[nf] : NULL);
			if (rc != FAIR_OK)
				return rc;
		} else {
			const char *s = p, *t;
			if (p <= c->last_nl) {
				/* eight bytes at a time while they are in the input:
				 * the first delimiter or '\n' of the word */
				const uint64_t dd = ONES * (unsigned char)delim, nn = ONES * '\n';
				while (end - p >= 8) {
					uint64_t w, z;
					memcpy(&w, p, 8);
					z = zero_bytes(w ^ dd) | zero_bytes(w ^ nn);
					if (z != 0) {
						p += fair_first_high_byte(z);
						break;
					}
					p += 8;
				}
				while (!c->stop[(unsigned char)*p])
					p++;
			} else {
				while (p < end && *p != delim && *p != '\n')
					p++;
			}
			for (t = p; t > s && (c->ws[(unsigned char)t[-1]] || t[-1] == '\r'); t--)
				;
			if (nf < c->spcap) {
				span *f = &c->sp[nf];
				f->p = s;
				f->len = (size_t)(t - s);
				f->quoted = f->esc = false;
			}
		}
		nf++;
		if (p >= end)
			break;
		if (*p++ == '\n')
			break;
	}
	for (size_t j = 0; j < nf && j < c->spcap; j++)
		if (c->sp[j].esc)
			c->sp[j].p = c->scratch + c->sp[j].soff;
	*next = p;
	*nfp = nf;
	return FAIR_OK;
}

/* Skips an empty line at @p (LF, CRLF or a lone CR at the end). */
static inline const char *
skip_blank(const ctx *c, const char *p)
{
	if (*p == '\n')
		return p + 1;
	if (*p == '\r' && (p + 1 == c->end || p[1] == '\n'))
		return p + 1 == c->end ? p + 1 : p + 2;
	return NULL;
}

/* ---- header ---- */

static int
cmp_name(const void *a, const void *b, void *arg)
{
	const col_state *cols = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = strcmp(cols[i].name, cols[j].name);
	return r != 0 ? r : (i > j) - (i < j);
}

static int
check_duplicates(ctx *c, const char *hdr)
{
	size_t n = c->ncols, *idx = malloc(n * sizeof *idx), bi = 0, bj = SIZE_MAX;
	char what[256];

	if (idx == NULL)
		return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
	for (size_t j = 0; j < n; j++)
		idx[j] = j;
	qsort_r(idx, n, sizeof *idx, cmp_name, c->cols);
	for (size_t k = 1; k < n; k++)
		if (strcmp(c->cols[idx[k]].name, c->cols[idx[k - 1]].name) == 0 &&
		    (k < 2 || strcmp(c->cols[idx[k - 1]].name, c->cols[idx[k - 2]].name) != 0) &&
		    idx[k] < bj) {
			bi = idx[k - 1];
			bj = idx[k];
		}
	free(idx);
	if (bj == SIZE_MAX)
		return FAIR_OK;
	snprintf(what, sizeof what, "duplicate column name '%.150s' (columns %zu and %zu)",
	         c->cols[bi].name, bi + 1, bj + 1);
	return err_at(c, FAIR_EPARSE, hdr, false, what);
}

int
fair__data_csv_read_header(ctx *c, const char **pp)
{
	const char *p = *pp, *q, *next;
	size_t nf;
	int rc;

	while (p < c->end && (q = skip_blank(c, p)) != NULL)
		p = q;
	if (p >= c->end && c->partial)
		return CSV_MORE;
	if (p >= c->end)
		return fair_error_set(c->err, FAIR_EPARSE, "%s: empty file; expected a header row",
		                      c->label);
	if ((rc = tokenize_row(c, p, &next, &nf)) != FAIR_OK)
		return rc;
	if (nf > FAIR_CSV_MAX_COLS) {
		char what[96];
		snprintf(what, sizeof what, "too many columns (%zu; at most %d)", nf,
		         FAIR_CSV_MAX_COLS);
		return err_at(c, FAIR_EPARSE, p, false, what);
	}
	if (nf > c->spcap) {
		span *sp = realloc(c->sp, (nf + 1) * sizeof *sp);
		if (sp == NULL)
			return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
		c->sp = sp;
		c->spcap = nf + 1;
		if (tokenize_row(c, p, &next, &nf) != FAIR_OK)
			return c->err->code;
	}
	c->cols = calloc(nf, sizeof *c->cols);
	if (c->cols == NULL)
		return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
	c->ncols = nf;
	for (size_t j = 0; j < nf; j++) {
		col_state *col = &c->cols[j];
		fair__data_csv_dict_init(&col->dict);
		if (c->sp[j].len != 0 && (col->name = strndup(c->sp[j].p, c->sp[j].len)) == NULL)
			return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
	}
	/* a column without a name is V<position>, unless the header has that
	 * name already ("a,,V2"): then V<position>_2, _3, ... */
	for (size_t j = 0; j < nf; j++) {
		col_state *col = &c->cols[j];
		if (col->name != NULL)
			continue;
		if ((col->name = malloc(48)) == NULL)
			return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
		for (unsigned k = 1;; k++) {
			bool taken = false;
			if (k == 1)
				snprintf(col->name, 48, "V%zu", j + 1);
			else
				snprintf(col->name, 48, "V%zu_%u", j + 1, k);
			for (size_t i = 0; i < nf && !taken; i++)
				taken = i != j && c->cols[i].name != NULL && strcmp(c->cols[i].name, col->name) == 0;
			if (!taken)
				break;
		}
	}
	if (check_duplicates(c, p) != FAIR_OK)
		return c->err->code;
	*pp = next;
	return FAIR_OK;
}

/* ---- rows ---- */

static inline bool
is_na(const ctx *c, const char *s, size_t len)
{
	if (len > c->namax || !c->nafirst[(unsigned char)s[0]])
		return false;
	for (size_t k = 0; k < c->nna; k++)
		if (c->nalen[k] == len && memcmp(c->na[k], s, len) == 0)
			return true;
	return false;
}

/* Bytes in MB (2^20), rounded to nearest, at least 1. */
size_t
fair__data_csv_mb(size_t bytes)
{
	size_t m = (bytes + ((size_t)1 << 19)) >> 20;
	return m ? m : 1;
}

int
fair__data_csv_oom(ctx *c)
{
	return fair_error_set(c->err, FAIR_ENOMEM, "out of memory reading '%s'", c->label);
}

int
fair__data_csv_intern(ctx *c, col_state *col, const char *s, size_t len, int32_t *code)
{
	size_t before = col->dict.n;
	int32_t k = fair__data_csv_dict_intern(&col->dict, s, len);

	if (k == -1)
		return fair__data_csv_oom(c);
	if (k == -2)
		return fair_error_set(c->err, FAIR_EPARSE, "%s: column '%s' has too many levels",
		                      c->label, col->name);
	if (col->dict.n != before && c->memory_limit != 0) {
		c->estimate += len + 1 + sizeof(csv_level) + 2 * sizeof(int32_t);
		if (c->estimate > c->memory_limit)
			return fair_error_set(c->err, FAIR_ENOMEM,
			    "'%s' needs about %zu MB, more than memory.limit (%zu MB)", c->label,
			    fair__data_csv_mb(c->estimate), fair__data_csv_mb(c->memory_limit));
	}
	*code = k;
	return FAIR_OK;
}

/* Asks for transparent huge pages on a big output array: far fewer page
 * faults while it fills (advice only; failure is harmless). */
void
fair__data_csv_huge(void *p, size_t bytes)
{
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;

	if (bytes >= ((size_t)4 << 20))
		madvise((void *)a, bytes - (size_t)(a - (uintptr_t)p), MADV_HUGEPAGE);
}

/* Column @col turns categorical at @row: numbers already stored are
 * dropped and re-read as text by the fix-up pass. */
int
fair__data_csv_flip(ctx *c, col_state *col, size_t row)
{
	if (c->sink != NULL && (col->nparsed > 0 || c->nrows_total > 0)) {
		/* streaming: numbers were handed over; the caller reads again
		 * with the column as text from the start */
		c->restart = (size_t)(col - c->cols) + 1;
		return fair_error_set(c->err, FAIR_EINVAL, "%s: column '%s' turns to text", c->label, col->name);
	}
	col->codes = malloc((c->rows_cap ? c->rows_cap : 1) * sizeof *col->codes);
	if (col->codes == NULL)
		return fair__data_csv_oom(c);
	fair__data_csv_huge(col->codes, c->rows_cap * sizeof *col->codes);
	for (size_t i = 0; i < row; i++)
		col->codes[i] = -1;
	free(col->vals);
	col->vals = NULL;
	col->cat = true;
	col->flip_row = row;
	col->refill = col->nparsed > 0;
	return FAIR_OK;
}

static int
process_row(ctx *c, size_t row)
{
	for (size_t j = 0; j < c->ncols; j++) {
		const span *f = &c->sp[j];
		col_state *col = &c->cols[j];
		double x;
		int32_t k;

		if (col->skip)
			continue;
		if (f->len == 0 || (!f->quoted && is_na(c, f->p, f->len))) {
			if (col->cat)
				col->codes[row] = -1;
			else
				col->vals[row] = NAN;
			continue;
		}
		if (!col->cat) {
			if (fair__data_csv_parse_double(f->p, f->len, &x, &c->loc)) {
				col->nparsed++;
				if (isinf(x)) {
					x = NAN;
					col->ninf++;
				}
				col->vals[row] = x;
				continue;
			}
			if (fair__data_csv_flip(c, col, row) != FAIR_OK)
				return c->err->code;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* a short level seen before: one 8-byte load, no hashing */
		if (f->len <= 8 && !f->esc && (size_t)(c->end - f->p) >= 8) {
			uint64_t w;
			memcpy(&w, f->p, 8);
			if (f->len < 8)
				w &= (UINT64_C(1) << (8 * f->len)) - 1;
			if ((k = fair__data_csv_dict_short(&col->dict, w, f->len)) >= 0) {
				col->codes[row] = k;
				continue;
			}
		}
#endif
		if (fair__data_csv_intern(c, col, f->p, f->len, &k) != FAIR_OK)
			return c->err->code;
		col->codes[row] = k;
	}
	return FAIR_OK;
}

/* Re-reads the text of rows before flip_row for the columns being refilled. */
static int
refill_row(ctx *c, size_t row)
{
	for (size_t j = 0; j < c->ncols; j++) {
		const span *f = &c->sp[j];
		col_state *col = &c->cols[j];
		int32_t k;

		if (!col->refill || row >= col->flip_row || f->len == 0 ||
		    (!f->quoted && is_na(c, f->p, f->len)))
			continue;
		if (fair__data_csv_intern(c, col, f->p, f->len, &k) != FAIR_OK)
			return c->err->code;
		col->codes[row] = k;
	}
	return FAIR_OK;
}

/* ---- streaming input (compressed files, zread.h) ---- */

/* Makes the columns hold a row for every line of the window (a row ends
 * with a line, so there cannot be more), and counts them in the memory
 * estimate as the whole-input reader does. Nothing before the columns
 * exist (rows_lines == 0). */
static int
grow_rows(ctx *c)
{
	size_t need = c->nl_total - c->nl_header + 1, cap;

	if (c->rows_lines == 0 || need <= c->rows_lines)
		return FAIR_OK;
	c->estimate += (need - c->rows_lines) * FAIR__DATA_CSV_ROW_BYTES(c->ncols);
	c->rows_lines = need;
	if (c->memory_limit != 0 && c->estimate > c->memory_limit)
		return fair_error_set(c->err, FAIR_ENOMEM, "'%s' needs about %zu MB, more than memory.limit (%zu MB)",
		                      c->label, fair__data_csv_mb(c->estimate), fair__data_csv_mb(c->memory_limit));
	if (need <= c->rows_cap)
		return FAIR_OK;
	cap = c->rows_cap * 2 > need ? c->rows_cap * 2 : need;
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		if (col->cat) {
			int32_t *v = realloc(col->codes, cap * sizeof *v);
			if (v == NULL)
				return fair__data_csv_oom(c);
			col->codes = v;
		} else {
			double *v = realloc(col->vals, cap * sizeof *v);
			if (v == NULL)
				return fair__data_csv_oom(c);
			col->vals = v;
		}
	}
	c->rows_cap = cap;
	return FAIR_OK;
}

int
fair__data_csv_extend(ctx *c, size_t more)
{
	const char *data, *old = c->end, *e, *nl;
	size_t off = (size_t)(c->end - c->zbase), avail, lim, n = 0, want;
	bool done;

	if (more < c->zstep)
		more = c->zstep;
	want = off + (more ? more : 1);
	for (;;) {
		if (fair_zstream_wait(c->zs, want - 1, &data, &avail, &done, c->err) != FAIR_OK)
			return c->err->code;
		/* testing (zstep): the window ends at the same place whatever the
		 * thread has managed to decompress by now */
		lim = c->zstep && avail > want ? want : avail;
		if (done && lim == avail) {
			e = data + avail;
			break;
		}
		if (lim > off && (nl = memrchr(data + off, '\n', lim - off)) != NULL) {
			e = nl + 1;
			break;
		}
		want = lim + (c->zstep ? c->zstep : 1);
	}
	c->end = e;
	c->partial = !done || e != data + avail;
	if (fair__data_csv_check_input(c, old, &n) != FAIR_OK)
		return c->err->code;
	if (n > 0)
		c->last_nl = memrchr(old, '\n', (size_t)(e - old));
	c->nl_total += n;
	return grow_rows(c);
}

/* Runs over the data rows from @p. @refill = false: the main pass;
 * true: the fix-up pass, stopping after row @limit. */
int
fair__data_csv_run_rows(ctx *c, const char *p, bool refill, size_t limit)
{
	size_t row = 0, iter = 0, nf;
	const char *q, *rs;
	char what[96];
	int rc;

	for (;;) {
		if (p >= c->end) {
			if (!c->partial)
				break;
			if (fair__data_csv_extend(c, 0) != FAIR_OK)
				return c->err->code;
			continue;
		}
		if (refill && row >= limit)
			break;
		if ((q = skip_blank(c, p)) != NULL) {
			p = q;
			continue;
		}
		c->cursor = p;
		if ((++iter & CHECK_ROWS) == 0 && fair__data_csv_progress(c, p) != FAIR_OK)
			return FAIR_ECANCELED;
		rs = p;
		if ((rc = tokenize_row(c, rs, &p, &nf)) == CSV_MORE) {
			/* a quoted field goes past the window: ask for at least as
			 * much again as the record has so far, then read it anew */
			if (fair__data_csv_extend(c, (size_t)(c->end - rs)) != FAIR_OK)
				return c->err->code;
			p = rs;
			continue;
		}
		if (rc != FAIR_OK)
			return rc;
		if (nf != c->ncols) {
			if (refill)
				continue;
			if (!c->skip_bad) {
				snprintf(what, sizeof what, "expected %zu fields, found %zu", c->ncols, nf);
				return err_at(c, FAIR_EPARSE, rs, false, what);
			}
			if (c->nskipped++ == 0)
				locate(c, rs, &c->first_skipped_line, NULL);
			continue;
		}
		if (c->sink != NULL && row == c->rows_cap) {   /* streaming: a chunk is full */
			if (c->sink(c, row) != FAIR_OK)
				return c->err->code;
			c->nrows_total += row;
			row = 0;
		}
		if (row >= c->rows_cap)   /* cannot happen: rows_cap counts lines */
			return fair_error_set(c->err, FAIR_EPARSE, "%s: more rows than lines", c->label);
		if ((refill ? refill_row(c, row) : process_row(c, row)) != FAIR_OK)
			return c->err->code;
		row++;
	}
	if (c->sink != NULL && row > 0) {
		if (c->sink(c, row) != FAIR_OK)
			return c->err->code;
		c->nrows_total += row;
		row = 0;
	}
	if (!refill)
		c->nrows = row;
	return FAIR_OK;
}

/* Fix-up pass: columns that became categorical after holding numbers get the
 * text of their earlier rows; levels stay in order of first appearance. */
int
fair__data_csv_refill_columns(ctx *c, const char *rows)
{
	size_t limit = 0;
	csv_dict *old = calloc(c->ncols, sizeof *old);
	int st = FAIR_OK;

	if (old == NULL)
		return fair__data_csv_oom(c);
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		if (!col->refill)
			continue;
		old[j] = col->dict;
		fair__data_csv_dict_init(&col->dict);
		if (col->flip_row > limit)
			limit = col->flip_row;
	}
	c->dropped = 0;
	st = fair__data_csv_run_rows(c, rows, true, limit);
	for (size_t j = 0; j < c->ncols && st == FAIR_OK; j++) {
		col_state *col = &c->cols[j];
		int32_t *map;
		if (!col->refill)
			continue;
		map = malloc((old[j].n ? old[j].n : 1) * sizeof *map);
		if (map == NULL) {
			st = fair__data_csv_oom(c);
			break;
		}
		for (size_t k = 0; k < old[j].n && st == FAIR_OK; k++)
			st = fair__data_csv_intern(c, col, fair__data_csv_dict_str(&old[j], k), old[j].lv[k].len, &map[k]);
		for (size_t i = col->flip_row; i < c->nrows && st == FAIR_OK; i++)
			if (col->codes[i] >= 0)
				col->codes[i] = map[col->codes[i]];
		free(map);
	}
	for (size_t j = 0; j < c->ncols; j++)
		fair__data_csv_dict_release(&old[j]);
	free(old);
	return st;
}
