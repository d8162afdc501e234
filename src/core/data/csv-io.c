/* csv-io.c -- file side of the CSV module: fair_csv_read (open, mmap or read
 * a pipe whole, then the parser in csv.c; gzip, xz and zstd input recognised
 * by its first bytes goes through a decompressing stream, zread.h) and
 * fair_csv_write (RFC 4180 out, atomically through a temporary file and
 * rename). */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"
#include "data/data-private.h"
#include "fairsh/wfile.h"

/* After the first bytes of a pipe: FAIR_OK and *@f set when they were
 * compressed (then the rest was read and parsed) or a format we refuse;
 * -1 when the input is text, to be read on. */
static int
pipe_start(int fd, const char *buf, size_t len, const char *path, const fair_csv_opts *o,
           fair_csv_info *info, fair_frame **f, fair_error *err)
{
	fair_zcodec z = fair_zdetect(buf, len);

	*f = NULL;
	if (z != FAIR_ZNONE) {
		*f = fair__data_csv_read_z(fd, buf, len, z, path, o, info, err);
		return FAIR_OK;
	}
	if (fair__data_csv_foreign(buf, len, path, err) != FAIR_OK)
		return FAIR_OK;
	return -1;
}

fair_frame *
fair_csv_read(const char *path, const fair_csv_opts *o, fair_csv_info *info, fair_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	void *map = MAP_FAILED;
	size_t len = 0, cap = 0;
	fair_frame *f = NULL;
	bool sniffed = false;
	fair_zcodec z;

	if (fd < 0) {
		fair_error_set(err, FAIR_EIO, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		fair_error_set(err, FAIR_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		fair_error_set(err, FAIR_EIO, "'%s' is a directory", path);
		goto out;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			madvise(map, len, MADV_SEQUENTIAL);
			if ((z = fair_zdetect(map, len)) != FAIR_ZNONE)
				f = fair__data_csv_read_z(-1, map, len, z, path, o, info, err);
			else if (fair__data_csv_foreign(map, len, path, err) == FAIR_OK)
				f = fair__data_csv_parse_input(map, len, path, map, o, info, err);
			goto out;
		}
	}
	len = 0;   /* a pipe, a special file or mmap failed: read it whole */
	for (;;) {
		ssize_t r;
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap ? 2 * cap : 1 << 20);
			if (nb == NULL) {
				fair_error_set(err, FAIR_ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			buf = nb;
			cap = cap ? 2 * cap : 1 << 20;
		}
		if (o != NULL && fair_progress_cancelled(o->prog)) {   /* Ctrl-C on a pipe that stalls */
			fair_error_set(err, FAIR_ECANCELED, "loading '%s' cancelled", path);
			goto out;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fair_error_set(err, FAIR_EIO, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		if (!sniffed) {   /* the first bytes tell compressed input from text */
			if (len + (size_t)r < FAIR_ZMAGIC_LEN) {
				len += (size_t)r;
				continue;
			}
			sniffed = true;
			if (pipe_start(fd, buf, len + (size_t)r, path, o, info, &f, err) == FAIR_OK)
				goto out;
			r += (ssize_t)len;   /* check those first bytes below too */
			len = 0;
		}
		/* a special file such as /dev/zero never ends: stop at the first NUL byte */
		if (memchr(buf + len, '\0', (size_t)r) != NULL) {
			fair_error_set(err, FAIR_EPARSE, "%s: binary data (NUL byte); not a text CSV file", path);
			goto out;
		}
		len += (size_t)r;
		if (o != NULL && o->memory_limit != 0 && len > o->memory_limit) {
			fair_error_set(err, FAIR_ENOMEM,
			               "'%s' needs more than memory.limit (%zu MB)", path,
			               o->memory_limit >> 20);
			goto out;
		}
	}
	if (!sniffed) {   /* fewer bytes than a magic number in all */
		if (pipe_start(fd, buf, len, path, o, info, &f, err) == FAIR_OK)
			goto out;
		if (memchr(buf, '\0', len) != NULL) {
			fair_error_set(err, FAIR_EPARSE, "%s: binary data (NUL byte); not a text CSV file", path);
			goto out;
		}
	}
	f = fair__data_csv_parse_input(buf, len, path, NULL, o, info, err);
out:
	if (map != MAP_FAILED)
		munmap(map, len);
	free(buf);
	close(fd);
	return f;
}

/* ---- writing ---- */

static bool
needs_quotes(const char *s)
{
	static const char *const na[] = { "NA", "N/A", "?", "NaN" };
	size_t n = strlen(s);

	if (n == 0 || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return true;
	if (strpbrk(s, ",\"\r\n;\t|") != NULL)
		return true;
	for (size_t k = 0; k < sizeof na / sizeof na[0]; k++)
		if (strcmp(s, na[k]) == 0)
			return true;
	return false;
}

static void
put_text(FILE *fp, const char *s)
{
	if (!needs_quotes(s)) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static void
put_number(FILE *fp, double x, locale_t loc)
{
	char buf[40];

	if (isnan(x))
		return;
	if (isinf(x)) {
		fputs(x > 0 ? "inf" : "-inf", fp);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, x);
		if (prec == 17 || strtod_l(buf, NULL, loc) == x)
			break;
	}
	fputs(buf, fp);
}

int
fair_csv_write(const fair_frame *f, const char *path, fair_error *err)
{
	size_t nr = fair_frame_nrows(f), nc = fair_frame_ncols(f);
	locale_t loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old = (locale_t)0;
	fair_wfile w;
	FILE *fp;
	int rc;

	if (loc == (locale_t)0)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory writing '%s'", path);
	/* links followed, special files refused, written under a temporary name
	 * and renamed: a full disk never leaves half a file (fairsh/wfile.h) */
	if ((rc = fair_wfile_open(&w, path, err)) != FAIR_OK) {
		freelocale(loc);
		return rc;
	}
	fp = w.fp;
	old = uselocale(loc);   /* this thread only: '.' as decimal point */
	for (size_t j = 0; j < nc; j++) {
		if (j > 0)
			putc(',', fp);
		put_text(fp, fair_column_name(fair_frame_column(f, j)));
	}
	putc('\n', fp);
	for (size_t i = 0; i < nr; i++) {
		for (size_t j = 0; j < nc; j++) {
			const fair_column *c = fair_frame_column(f, j);
			if (j > 0)
				putc(',', fp);
			if (fair_column_type(c) == FAIR_COL_NUMERIC)
				put_number(fp, fair_column_values(c)[i], loc);
			else if (fair_column_codes(c)[i] >= 0)
				put_text(fp, fair_column_level(c, (size_t)fair_column_codes(c)[i]));
		}
		putc('\n', fp);
	}
	uselocale(old);
	rc = fair_wfile_commit(&w, err);
	freelocale(loc);
	return rc;
}
