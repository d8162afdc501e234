/* csv-stream.c -- the CSV reader in streaming mode (fair_csv_stream): the
 * file goes through the decompression thread's window (zread.h; a plain
 * file is copied as is), whose pages are released behind the parser, and
 * the rows of the wanted columns are handed over in chunks. The parsing is
 * csv.c's; only the driver differs. Memory: the window (at most
 * STREAM_AHEAD bytes ahead of the parser) and one chunk of rows. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairsh/csv.h"
#include "fairsh/zread.h"
#include "data/data-private.h"

#define STREAM_AHEAD ((size_t)64 << 20)   /* decompressed bytes kept ahead of the parser */
#define STREAM_CHUNK ((size_t)65536)      /* rows handed over at a time */

typedef struct sreq {
	const char *const *cols;
	size_t      ncols;
	bool       *force;       /* file column -> read as text from the start */
	size_t      nfile;
	size_t      in_total;
	fair_csv_sink sink;
	void       *arg;
} sreq;

static int
colsetup(ctx *c, void *arg)
{
	sreq *r = arg;

	c->in_total = r->in_total;
	c->rows_cap = STREAM_CHUNK;
	if (r->force == NULL) {
		if ((r->force = calloc(c->ncols ? c->ncols : 1, sizeof *r->force)) == NULL)
			return fair__data_csv_oom(c);
		r->nfile = c->ncols;
	}
	for (size_t j = 0; j < c->ncols; j++)
		c->cols[j].skip = r->cols != NULL;
	for (size_t k = 0; r->cols != NULL && k < r->ncols; k++) {
		size_t j = 0;
		while (j < c->ncols && strcmp(c->cols[j].name, r->cols[k]) != 0)
			j++;
		if (j == c->ncols) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t i = 0; i < c->ncols && b.len < 300; i++)
				fair_buf_printf(&b, "%s%s", i ? ", " : "", c->cols[i].name);
			fair_error_set(c->err, FAIR_ENOTFOUND, "%s: no column '%.100s' (columns: %s)", c->label,
			               r->cols[k], b.buf ? b.buf : "");
			fair_buf_release(&b);
			return FAIR_ENOTFOUND;
		}
		c->cols[j].skip = false;
	}
	for (size_t j = 0; j < c->ncols && j < r->nfile; j++)
		if (r->force[j])
			c->cols[j].cat = true;
	return FAIR_OK;
}

int
fair__data_csv_flush(ctx *c, size_t n)
{
	sreq *r = c->sink_arg;
	fair_frame *f = fair_frame_new();
	int rc;

	if (f == NULL)
		return fair__data_csv_oom(c);
	for (size_t j = 0; j < c->ncols; j++) {
		col_state *col = &c->cols[j];
		fair_column *fc;
		if (col->skip)
			continue;
		if (!col->cat) {
			double *v = malloc((n ? n : 1) * sizeof *v);
			if (v == NULL)
				goto nomem;
			memcpy(v, col->vals, n * sizeof *v);
			fc = fair_column_new_numeric_nd(col->name, v, n, FAIR_NDISTINCT_MANY, c->err);
		} else {
			int32_t *k = malloc((n ? n : 1) * sizeof *k);
			char **lv = fair__data_csv_dict_levels(&col->dict);
			if (k == NULL || lv == NULL) {
				free(k);
				for (size_t i = 0; lv != NULL && i < col->dict.n; i++)
					free(lv[i]);
				free(lv);
				goto nomem;
			}
			memcpy(k, col->codes, n * sizeof *k);
			fc = fair_column_new_categorical(col->name, k, n, lv, col->dict.n, c->err);
		}
		if (fc == NULL || fair_frame_add_column(f, fc, c->err) != FAIR_OK) {
			fair_column_unref(fc);
			fair_frame_unref(f);
			return c->err->code;
		}
		fair_column_unref(fc);
	}
	rc = r->sink(r->arg, f, c->err);
	fair_frame_unref(f);
	return rc;
nomem:
	fair_frame_unref(f);
	return fair__data_csv_oom(c);
}

static int
flush_cb(ctx *c, size_t n)
{
	return fair__data_csv_flush(c, n);
}

int
fair_csv_stream(const char *path, const fair_csv_opts *o, const char *const *cols, size_t ncols,
                fair_csv_sink sink, void *arg, fair_csv_info *info, fair_error *err)
{
	sreq r = { cols, ncols, NULL, 0, 0, sink, arg };
	int rc;

	for (;;) {
		unsigned char head[FAIR_ZMAGIC_LEN];
		struct stat st;
		ssize_t nh;
		size_t restart = 0;
		fair_zcodec z;
		fair_zstream *zs;
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			rc = fair_error_set(err, FAIR_EIO, "cannot open '%s': %s", path, strerror(errno));
			break;
		}
		if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
			rc = S_ISDIR(st.st_mode) ? fair_error_set(err, FAIR_EIO, "'%s' is a directory", path)
			                         : fair_error_set(err, FAIR_EIO, "cannot read '%s': %s", path, strerror(errno));
			close(fd);
			break;
		}
		r.in_total = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
		while ((nh = pread(fd, head, sizeof head, 0)) < 0 && errno == EINTR)
			;
		if (nh < 0 || !S_ISREG(st.st_mode)) {
			rc = fair_error_set(err, FAIR_EIO, "cannot stream '%s': %s", path,
			                    nh < 0 ? strerror(errno) : "not a regular file");
			close(fd);
			break;
		}
		if (nh == 0) {
			rc = fair_error_set(err, FAIR_EPARSE, "%s: empty file", path);
			close(fd);
			break;
		}
		z = fair_zdetect(head, (size_t)nh);
		if (z == FAIR_ZNONE && (rc = fair__data_csv_foreign((const char *)head, (size_t)nh, path, err)) != FAIR_OK) {
			close(fd);
			break;
		}
		fair_zopts zo = { .limit = 0, .step = 0, .prog = o ? o->prog : NULL, .ahead = STREAM_AHEAD };
		if ((zs = fair_zstream_open(fd, NULL, 0, z, path, &zo, err)) == NULL) {
			rc = err->code;
			close(fd);
			break;
		}
		rc = fair__data_csv_stream_parse(zs, path, o, flush_cb, &r, colsetup, info, &restart, err);
		if (rc != FAIR_OK && restart == 0 && z != FAIR_ZNONE && rc != FAIR_ECANCELED && rc != FAIR_ENOMEM) {
			/* a damaged file is reported as damaged, not as a parse error */
			fair_error ze;
			if (fair_zstream_finish(zs, &ze) != FAIR_OK && ze.code != FAIR_ECANCELED) {
				rc = ze.code;
				*err = ze;
			}
		}
		fair_zstream_close(zs);
		close(fd);
		if (rc == FAIR_OK || restart == 0 || restart > r.nfile || r.force[restart - 1])
			break;
		r.force[restart - 1] = true;   /* read again, that column as text */
		if ((rc = sink(arg, NULL, err)) != FAIR_OK)
			break;
	}
	free(r.force);
	return rc;
}
