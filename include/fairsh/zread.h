/* zread.h -- compressed input for the data readers: gzip (zlib), xz (liblzma)
 * and zstd (libzstd), recognised by their magic bytes, decompressed by a
 * background thread into one growing buffer that a parser reads while it
 * fills. No terminal output; errors are fair_error records that name the
 * input and the offset in the compressed bytes. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_ZREAD_H
#define FAIRSH_ZREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"
#include "fairsh/progress.h"

typedef enum fair_zcodec {
	FAIR_ZNONE = 0,   /* not compressed (or a format we do not read) */
	FAIR_ZGZIP,       /* RFC 1952: 1f 8b 08 */
	FAIR_ZXZ,         /* .xz: fd 37 7a 58 5a 00 */
	FAIR_ZZSTD        /* RFC 8878: 28 b5 2f fd, or a skippable frame 5? 2a 4d 18 */
} fair_zcodec;

/* Bytes fair_zdetect needs to be sure (shorter inputs are judged as they are). */
#define FAIR_ZMAGIC_LEN 6

/* The codec of an input that starts with the @n bytes at @p (by content, not
 * by file name). */
fair_zcodec fair_zdetect(const void *p, size_t n);

/* "gzip", "xz", "zstd" or "none". */
const char *fair_zcodec_name(fair_zcodec c);

/* The name of a compressed or archive format that fairsh does not read
 * ("bzip2", "zip archive", "lz4", "7z archive", "lzma (legacy .lzma)") when
 * the input starts with one, else NULL; callers turn it into an error that
 * says how to convert the file. */
const char *fair_zforeign(const void *p, size_t n);

typedef struct fair_zopts {
	size_t limit;          /* largest decompressed size in bytes; 0 = as much as the
	                          machine's memory allows */
	size_t step;           /* testing: hand the output over in pieces of about this
	                          many bytes (0 = as it comes, about 1 MB at a time) */
	fair_progress *prog;   /* may be NULL; its cancel flag stops the decompression */
	size_t ahead;          /* streaming: the thread waits while it has produced more
	                          than this many bytes past what the reader released
	                          (fair_zstream_release); 0 = no bound. With a bound,
	                          FAIR_ZNONE is accepted: the input is copied as is */
} fair_zopts;

typedef struct fair_zstream fair_zstream;

/* Starts decompressing @codec data in a background thread. The source is
 * the @nhead bytes at @head followed, when @fd >= 0, by what read(2) returns
 * from @fd until end of file (a pipe, FIFO or terminal; the caller keeps
 * @fd open and closes it after fair_zstream_close). @head is borrowed until
 * fair_zstream_close. @label names the input in messages; @o may be NULL.
 * Returns NULL with FAIR_ENOMEM (or FAIR_EINVAL for FAIR_ZNONE) in @err. */
fair_zstream *fair_zstream_open(int fd, const void *head, size_t nhead, fair_zcodec codec,
                                const char *label, const fair_zopts *o, fair_error *err);

/* Waits until more than @have decompressed bytes are available, or the
 * input has ended, or decompression has failed. On FAIR_OK: *@data is the
 * start of the output (the same address on every call: the buffer grows in
 * place and stays valid until fair_zstream_close), *@avail the bytes
 * available (never fewer than before) and *@done whether that is all.
 * Errors (FAIR_EPARSE corrupt, truncated or trailing data, naming the
 * compressed offset; FAIR_EIO read errors; FAIR_ENOMEM the size limit;
 * FAIR_ECANCELED) are returned on every later call too. */
int fair_zstream_wait(fair_zstream *z, size_t have, const char **data, size_t *avail,
                      bool *done, fair_error *err);

/* Lets the decompression run to the end without keeping its output (the
 * caller has stopped reading, e.g. after a parse error) and returns its
 * status: FAIR_OK when the whole input was intact. Returns at once when
 * the input has already ended or failed, or when cancelled. */
int fair_zstream_finish(fair_zstream *z, fair_error *err);

/* Streaming (fair_zopts.ahead): the reader is done with the output below
 * @upto; the thread may produce up to ahead bytes past it. The reader may
 * release those pages (madvise) itself. */
void fair_zstream_release(fair_zstream *z, size_t upto);

/* Compressed bytes consumed so far. */
uint64_t fair_zstream_consumed(const fair_zstream *z);

/* Stops the thread (when still running) and frees the stream and its
 * output buffer. NULL is allowed. */
void fair_zstream_close(fair_zstream *z);

/* Decompresses the @n bytes at @in (any of the three codecs) into a new
 * malloc'd buffer (*@out, *@outlen; NUL-terminated for convenience, the NUL
 * not counted). Same checks and messages as the stream; @label names the
 * input. */
int fair_zdecompress(const void *in, size_t n, const char *label, const fair_zopts *o, char **out,
                     size_t *outlen, fair_error *err);

#endif
