/* zread.c -- gzip, xz and zstd input decompressed by a background thread
 * into a buffer that the parser reads while it fills.
 *
 * DESIGN
 * One thread per compressed input. It takes the source bytes (those the
 * caller already has -- an mmap'd file, or the first bytes read from a pipe
 * to recognise the format -- then, for a pipe, read(2) until end of file),
 * decodes them with zlib, liblzma or libzstd, and appends the output to one
 * buffer. The buffer is a range of address space reserved once (PROT_NONE,
 * costing no memory) and made writable in steps, so it never moves: the
 * parser keeps pointers into it while it grows. After each piece (about
 * 1 MB of output) the thread publishes the new length under the mutex and
 * wakes the reader. Bytes below the published length are never written
 * again, and the reader reads only below the length it was given, so the
 * two never touch the same bytes; the mutex orders the writes before the
 * reads. An error (corrupt, truncated or trailing data, a read error, the
 * size limit, Ctrl-C) ends the thread; the reader sees it at its next wait.
 * fair_zstream_close sets `stop`: the thread checks it between pieces, and a
 * read from a pipe waits in poll() with a 100 ms timeout so that it notices.
 * After a parse error the reader may ask for the rest of the input to be
 * decoded without keeping it (fair_zstream_finish), so that a damaged file
 * is reported as damaged rather than as a puzzling parse error. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <lzma.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "fairsh/zread.h"

#define PIECE      ((size_t)1 << 20)     /* output handed over at a time */
#define READ_SIZE  ((size_t)256 << 10)   /* read(2) size for pipes */
#define SINK_SIZE  ((size_t)64 << 10)    /* output thrown away by fair_zstream_finish */
#define MIN_COMMIT ((size_t)16 << 20)    /* buffer made writable in steps of at least this */
#define XZ_MEMLIMIT ((uint64_t)1 << 30)  /* xz -9 needs 65 MiB; refuse headers asking for > 1 GiB */
#define STOPPED    (-100)                /* internal: fair_zstream_close asked the thread to stop */

struct fair_zstream {
	/* set by fair_zstream_open, then read-only */
	fair_zcodec          codec;
	char                *label;
	int                  fd;
	const unsigned char *head;
	size_t               nhead;
	size_t               limit, step;
	fair_progress       *prog;
	char                *buf;           /* reserved address range (reserve bytes) */
	size_t               reserve;
	/* the thread's own */
	size_t               commit;        /* writable bytes at buf */
	size_t               produced;      /* bytes written at buf */
	char                *sink;
	/* shared, under mu */
	pthread_mutex_t      mu;
	pthread_cond_t       cv;
	size_t               avail;         /* published bytes */
	size_t               ahead;         /* streaming: most bytes kept ahead of released (0 = no bound) */
	size_t               released;      /* streaming: bytes the reader is done with */
	bool                 finished;      /* the thread has ended (status says how) */
	int                  status;
	fair_error           err;
	/* flags and counters read without the mutex */
	atomic_bool          stop, discard;
	_Atomic uint64_t     consumed;
	pthread_t            th;
	bool                 started;
};

/* ---- formats ---- */

fair_zcodec
fair_zdetect(const void *p, size_t n)
{
	const unsigned char *b = p;

	if (n >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8)
		return FAIR_ZGZIP;
	if (n >= 6 && memcmp(b, "\xFD" "7zXZ\0", 6) == 0)
		return FAIR_ZXZ;
	if (n >= 4 && memcmp(b, "\x28\xB5\x2F\xFD", 4) == 0)
		return FAIR_ZZSTD;
	if (n >= 4 && (b[0] & 0xF0) == 0x50 && b[1] == 0x2A && b[2] == 0x4D && b[3] == 0x18)
		return FAIR_ZZSTD;   /* a skippable frame (RFC 8878, 3.1.2) */
	return FAIR_ZNONE;
}

const char *
fair_zcodec_name(fair_zcodec c)
{
	switch (c) {
	case FAIR_ZGZIP: return "gzip";
	case FAIR_ZXZ:   return "xz";
	case FAIR_ZZSTD: return "zstd";
	default:         return "none";
	}
}

const char *
fair_zforeign(const void *p, size_t n)
{
	const unsigned char *b = p;

	if (n >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9')
		return "bzip2";
	if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
		return "zip archive";
	if (n >= 4 && memcmp(b, "\x04\x22\x4D\x18", 4) == 0)
		return "lz4";
	if (n >= 6 && memcmp(b, "7z\xBC\xAF\x27\x1C", 6) == 0)
		return "7z archive";
	if (n >= 5 && b[0] == 0x5D && b[1] == 0 && b[2] == 0 && (b[4] == 0 || b[4] == 0xFF))
		return "lzma (legacy .lzma)";
	if (n >= 2 && b[0] == 0x1f && (b[1] == 0x9d || b[1] == 0xa0))
		return "compress (.Z)";
	return NULL;
}

/* ---- the thread's input ---- */

typedef struct zin {
	const unsigned char *p;   /* bytes not yet consumed */
	size_t               n;
	uint64_t             off; /* offset of p[0] in the compressed input */
	bool                 head_done, eof;
	unsigned char       *rbuf;
} zin;

static bool
stopping(fair_zstream *z)
{
	return atomic_load_explicit(&z->stop, memory_order_relaxed);
}

static int
cancelled(fair_zstream *z, fair_error *e)
{
	if (stopping(z))
		return STOPPED;
	if (fair_progress_cancelled(z->prog))
		return fair_error_set(e, FAIR_ECANCELED, "loading '%s' cancelled", z->label);
	return FAIR_OK;
}

/* Makes in->n > 0 unless the input has ended (then in->eof). */
static int
zin_fill(fair_zstream *z, zin *in, fair_error *e)
{
	int st;

	if (in->n > 0 || in->eof)
		return FAIR_OK;
	if (!in->head_done) {
		in->head_done = true;
		if (z->nhead > 0) {
			in->p = z->head;
			in->n = z->nhead;
			return FAIR_OK;
		}
	}
	if (z->fd < 0) {
		in->eof = true;
		return FAIR_OK;
	}
	for (;;) {
		struct pollfd pf = { .fd = z->fd, .events = POLLIN };
		ssize_t k;
		if ((st = cancelled(z, e)) != FAIR_OK)
			return st;
		int r = poll(&pf, 1, 100);
		if (r < 0 && errno != EINTR)
			return fair_error_set(e, FAIR_EIO, "cannot read '%s': %s", z->label, strerror(errno));
		if (r <= 0)
			continue;
		k = read(z->fd, in->rbuf, READ_SIZE);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k < 0)
			return fair_error_set(e, FAIR_EIO, "cannot read '%s': %s", z->label, strerror(errno));
		if (k == 0) {
			in->eof = true;
			return FAIR_OK;
		}
		in->p = in->rbuf;
		in->n = (size_t)k;
		return FAIR_OK;
	}
}

static void
zin_skip(fair_zstream *z, zin *in, size_t k)
{
	in->p += k;
	in->n -= k;
	in->off += k;
	atomic_store_explicit(&z->consumed, in->off, memory_order_relaxed);
}

/* ---- the thread's output ---- */

static size_t
mb_of(size_t bytes)
{
	return (bytes + ((size_t)1 << 20) - 1) >> 20;
}

/* Room for the next piece of output: *@room bytes at the address returned
 * (NULL with an error when the size limit or the reservation is reached). */
static char *
out_room(fair_zstream *z, size_t *room, fair_error *e)
{
	size_t piece = z->step ? z->step : PIECE, cap;

	if (atomic_load_explicit(&z->discard, memory_order_relaxed)) {
		*room = SINK_SIZE;
		return z->sink;
	}
	if (z->ahead != 0) {   /* streaming: wait while the reader is far behind */
		int st = FAIR_OK;
		pthread_mutex_lock(&z->mu);
		while (z->produced - z->released > z->ahead && (st = cancelled(z, e)) == FAIR_OK &&
		       !atomic_load_explicit(&z->discard, memory_order_relaxed)) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 100000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&z->cv, &z->mu, &ts);
		}
		pthread_mutex_unlock(&z->mu);
		if (st != FAIR_OK) {
			if (st == STOPPED)
				fair_error_set(e, FAIR_ECANCELED, "reading '%s' stopped", z->label);
			return NULL;
		}
		if (atomic_load_explicit(&z->discard, memory_order_relaxed)) {
			*room = SINK_SIZE;
			return z->sink;
		}
	}
	/* one byte beyond the limit may be written: that is how it is noticed */
	cap = z->limit ? z->limit + 1 : z->reserve;
	if (cap > z->reserve)
		cap = z->reserve;
	if (z->produced >= cap) {
		if (z->limit && z->produced > z->limit)
			fair_error_set(e, FAIR_ENOMEM, "'%s' needs more than memory.limit (%zu MB) decompressed",
			               z->label, mb_of(z->limit));
		else
			fair_error_set(e, FAIR_ENOMEM, "'%s' decompresses to more than %zu MB, more than "
			               "this machine's memory", z->label, mb_of(z->reserve));
		return NULL;
	}
	if (z->commit - z->produced < piece && z->commit < z->reserve) {
		/* streaming: steps of the window's size (the reader unmaps what it
		 * has read; a step of half of all produced so far would ask the
		 * kernel for gigabytes at once, and be refused) */
		size_t grow = z->ahead ? z->ahead : z->commit / 2 > MIN_COMMIT ? z->commit / 2 : MIN_COMMIT,
		       to = z->commit + grow;
		if (to > z->reserve)
			to = z->reserve;
		if (mprotect(z->buf + z->commit, to - z->commit, PROT_READ | PROT_WRITE) != 0) {
			fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s' (%zu MB so far)",
			               z->label, mb_of(z->produced));
			return NULL;
		}
		z->commit = to;
	}
	*room = z->commit - z->produced;
	if (*room > cap - z->produced)
		*room = cap - z->produced;
	if (*room > piece)
		*room = piece;
	return z->buf + z->produced;
}

/* Hands @k new bytes (written at the room last given) over to the reader. */
static void
publish(fair_zstream *z, size_t k)
{
	if (k == 0 || atomic_load_explicit(&z->discard, memory_order_relaxed))
		return;
	z->produced += k;
	pthread_mutex_lock(&z->mu);
	z->avail = z->produced;
	pthread_cond_broadcast(&z->cv);
	pthread_mutex_unlock(&z->mu);
}

/* @what: "gzip member" or "frame" starting at byte @start; NULL: no detail */
static int
truncated(fair_zstream *z, const zin *in, const char *what, uint64_t start, fair_error *e)
{
	if (what == NULL)
		return fair_error_set(e, FAIR_EPARSE, "%s: truncated %s data: the input ends at byte %llu, "
		                      "before the end of the compressed data", z->label,
		                      fair_zcodec_name(z->codec), (unsigned long long)in->off);
	return fair_error_set(e, FAIR_EPARSE, "%s: truncated %s data: the input ends at byte %llu, inside "
	                      "the %s that starts at byte %llu", z->label, fair_zcodec_name(z->codec),
	                      (unsigned long long)in->off, what, (unsigned long long)start);
}

static int
corrupt(fair_zstream *z, const zin *in, const char *why, fair_error *e)
{
	return fair_error_set(e, FAIR_EPARSE, "%s: corrupt %s data at byte %llu of the compressed input (%s)",
	                      z->label, fair_zcodec_name(z->codec), (unsigned long long)in->off, why);
}

/* ---- gzip: members one after another (as gzip -d), then optionally zero
 * padding; anything else after a member is an error ---- */

static int
run_gzip(fair_zstream *z, zin *in, fair_error *e)
{
	z_stream s;
	uint64_t member = in->off;
	size_t member_out = 0;        /* output of the current member */
	bool inside = true, padding = false;
	int st = FAIR_OK, rc;

	memset(&s, 0, sizeof s);
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
	for (;;) {
		char *out;
		size_t room, used, made;
		if ((st = cancelled(z, e)) != FAIR_OK || (st = zin_fill(z, in, e)) != FAIR_OK)
			break;
		if (!inside) {
			size_t k = 0;
			if (in->n == 0)
				break;   /* the end, after whole members */
			if (in->p[0] == 0 || padding) {
				while (k < in->n && in->p[k] == 0)
					k++;
				zin_skip(z, in, k);
				padding = true;
				if (in->n == 0)
					continue;
				st = fair_error_set(e, FAIR_EPARSE, "%s: data after the gzip padding at byte %llu; "
				                    "expected the end of the file", z->label, (unsigned long long)in->off);
				break;
			}
			if (inflateReset(&s) != Z_OK) {
				st = corrupt(z, in, "cannot restart the decoder", e);
				break;
			}
			member = in->off;
			member_out = 0;
			inside = true;
		}
		if (in->n == 0) {
			if (member > 0 && member_out == 0 && in->off - member < 18)
				st = fair_error_set(e, FAIR_EPARSE, "%s: %llu byte%s after the gzip data at byte %llu; "
				                    "expected the end of the file", z->label,
				                    (unsigned long long)(in->off - member), in->off - member == 1 ? "" : "s",
				                    (unsigned long long)member);
			else
				st = truncated(z, in, "gzip member", member, e);
			break;
		}
		if ((out = out_room(z, &room, e)) == NULL) {
			st = e->code;
			break;
		}
		s.next_in = (unsigned char *)(uintptr_t)in->p;
		s.avail_in = in->n > UINT_MAX ? UINT_MAX : (unsigned)in->n;
		s.next_out = (unsigned char *)out;
		s.avail_out = room > UINT_MAX ? UINT_MAX : (unsigned)room;
		used = s.avail_in;
		made = s.avail_out;
		rc = inflate(&s, Z_NO_FLUSH);
		used -= s.avail_in;
		made -= s.avail_out;
		zin_skip(z, in, used);
		publish(z, made);
		member_out += made;
		if (rc == Z_STREAM_END) {
			inside = false;
			continue;
		}
		if (rc == Z_OK || (rc == Z_BUF_ERROR && (used > 0 || made > 0)))
			continue;
		if (rc == Z_MEM_ERROR)
			st = fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
		else if (in->off - member < 10 && member > 0)
			st = fair_error_set(e, FAIR_EPARSE, "%s: data after the gzip data at byte %llu is not "
			                    "another gzip member (%s); expected the end of the file", z->label,
			                    (unsigned long long)member, s.msg ? s.msg : "bad header");
		else
			st = corrupt(z, in, s.msg ? s.msg : "invalid data", e);
		break;
	}
	inflateEnd(&s);
	return st;
}

/* ---- xz: concatenated streams and stream padding as xz -d ---- */

static const char *
lzma_why(lzma_ret rc)
{
	switch (rc) {
	case LZMA_FORMAT_ERROR:  return "not an .xz stream";
	case LZMA_OPTIONS_ERROR: return "unsupported compression options";
	case LZMA_DATA_ERROR:    return "damaged data or a wrong checksum";
	case LZMA_BUF_ERROR:     return "unexpected end of the data";
	default:                 return "decoder error";
	}
}

static int
run_xz(fair_zstream *z, zin *in, fair_error *e)
{
	lzma_stream s = LZMA_STREAM_INIT;
	int st = FAIR_OK;
	lzma_ret rc;

	rc = lzma_stream_decoder(&s, XZ_MEMLIMIT, LZMA_CONCATENATED);
	if (rc != LZMA_OK)
		return fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
	for (;;) {
		char *out;
		size_t room, used, made;
		lzma_action act;
		if ((st = cancelled(z, e)) != FAIR_OK || (st = zin_fill(z, in, e)) != FAIR_OK)
			break;
		act = in->n == 0 ? LZMA_FINISH : LZMA_RUN;
		if ((out = out_room(z, &room, e)) == NULL) {
			st = e->code;
			break;
		}
		s.next_in = in->p;
		s.avail_in = in->n;
		s.next_out = (uint8_t *)out;
		s.avail_out = room;
		rc = lzma_code(&s, act);
		used = in->n - s.avail_in;
		made = room - s.avail_out;
		zin_skip(z, in, used);
		publish(z, made);
		if (rc == LZMA_STREAM_END)
			break;
		if (rc == LZMA_OK)
			continue;
		if (rc == LZMA_BUF_ERROR && act == LZMA_FINISH)
			st = truncated(z, in, NULL, 0, e);
		else if (rc == LZMA_MEM_ERROR)
			st = fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
		else if (rc == LZMA_MEMLIMIT_ERROR)
			st = fair_error_set(e, FAIR_ENOMEM, "%s: the xz data need more than %llu MB of memory "
			                    "to decompress (%llu MB)", z->label,
			                    (unsigned long long)(XZ_MEMLIMIT >> 20),
			                    (unsigned long long)(lzma_memusage(&s) >> 20));
		else
			st = corrupt(z, in, lzma_why(rc), e);
		break;
	}
	lzma_end(&s);
	return st;
}

/* ---- zstd: frames (and skippable frames) one after another ---- */

static int
run_zstd(fair_zstream *z, zin *in, fair_error *e)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	size_t last = 1;              /* 0 once a frame is complete and flushed */
	bool full = false;            /* the last call filled its output room */
	uint64_t frame = in->off;
	int st = FAIR_OK;

	if (d == NULL || ZSTD_isError(ZSTD_initDStream(d))) {
		ZSTD_freeDStream(d);
		return fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
	}
	for (;;) {
		char *out;
		size_t room, r;
		if ((st = cancelled(z, e)) != FAIR_OK || (st = zin_fill(z, in, e)) != FAIR_OK)
			break;
		if (in->n == 0 && (last == 0 || !full)) {   /* the end: after whole frames? */
			if (last != 0)
				st = truncated(z, in, "frame", frame, e);
			break;
		}
		if ((out = out_room(z, &room, e)) == NULL) {
			st = e->code;
			break;
		}
		if (last == 0)
			frame = in->off;
		bool at_end = in->n == 0;
		ZSTD_inBuffer ib = { in->p, in->n, 0 };
		ZSTD_outBuffer ob = { out, room, 0 };
		r = ZSTD_decompressStream(d, &ob, &ib);
		zin_skip(z, in, ib.pos);
		publish(z, ob.pos);
		if (ZSTD_isError(r)) {
			if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
				st = fair_error_set(e, FAIR_EPARSE, "%s: the zstd frame at byte %llu needs a window "
				                    "above 128 MB (made with zstd --long=28 or more?); decompress it "
				                    "with zstd -d --long=31 first", z->label, (unsigned long long)frame);
			else if (ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
				st = fair_error_set(e, FAIR_ENOMEM, "out of memory decompressing '%s'", z->label);
			else
				st = corrupt(z, in, ZSTD_getErrorName(r), e);
			break;
		}
		if (at_end && ob.pos == 0) {   /* nothing more came out at the end */
			st = truncated(z, in, "frame", frame, e);
			break;
		}
		full = ob.pos == ob.size;
		last = r;
	}
	ZSTD_freeDStream(d);
	return st;
}

/* ---- not compressed (streaming a plain file through the same window) ---- */

static int
run_copy(fair_zstream *z, zin *in, fair_error *e)
{
	for (;;) {
		char *out;
		size_t room, k;
		int st;
		if ((st = cancelled(z, e)) != FAIR_OK || (st = zin_fill(z, in, e)) != FAIR_OK)
			return st;
		if (in->n == 0)
			return FAIR_OK;
		if ((out = out_room(z, &room, e)) == NULL)
			return e->code;
		k = in->n < room ? in->n : room;
		memcpy(out, in->p, k);
		zin_skip(z, in, k);
		publish(z, k);
	}
}

/* ---- the thread ---- */

static void *
zthread(void *arg)
{
	fair_zstream *z = arg;
	fair_error e;
	zin in;
	int st;

	fair_error_clear(&e);
	memset(&in, 0, sizeof in);
	if (z->fd >= 0 && (in.rbuf = malloc(READ_SIZE)) == NULL)
		st = fair_error_set(&e, FAIR_ENOMEM, "out of memory reading '%s'", z->label);
	else if (z->codec == FAIR_ZGZIP)
		st = run_gzip(z, &in, &e);
	else if (z->codec == FAIR_ZXZ)
		st = run_xz(z, &in, &e);
	else if (z->codec == FAIR_ZNONE)
		st = run_copy(z, &in, &e);
	else
		st = run_zstd(z, &in, &e);
	free(in.rbuf);
	if (st == STOPPED)
		st = fair_error_set(&e, FAIR_ECANCELED, "loading '%s' stopped", z->label);
	pthread_mutex_lock(&z->mu);
	z->finished = true;
	z->status = st;
	if (st != FAIR_OK)
		z->err = e;
	pthread_cond_broadcast(&z->cv);
	pthread_mutex_unlock(&z->mu);
	return NULL;
}

/* Reserves address space for the output: @limit (+ a page) when given,
 * else twice the machine's memory (at least 1 GB), less when refused. */
static char *
reserve(size_t limit, bool streaming, size_t *size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), want;

	if (streaming && !limit) {
		/* the reader releases what it has read (fair_zstream_release):
		 * only the address space grows with the input */
		want = sizeof(size_t) >= 8 ? (size_t)1 << 42 : (size_t)1 << 30;
#if defined(__SANITIZE_THREAD__)
		want = (size_t)4 << 30;
#endif
	} else if (limit) {
		want = limit + 2 * page;
	} else {
		long pages = sysconf(_SC_PHYS_PAGES);
		want = pages > 0 ? (size_t)pages * page * 2 : (size_t)8 << 30;
		if (want < ((size_t)1 << 30))
			want = (size_t)1 << 30;
#if defined(__SANITIZE_THREAD__)
		if (want > ((size_t)4 << 30))
			want = (size_t)4 << 30;   /* TSan maps shadow memory for every mapping */
#endif
	}
	want = (want + page - 1) & ~(page - 1);
	for (;;) {
		void *p = mmap(NULL, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			*size = want;
			return p;
		}
		if (want <= ((size_t)64 << 20))
			return NULL;
		want = (want / 2 + page - 1) & ~(page - 1);
	}
}

fair_zstream *
fair_zstream_open(int fd, const void *head, size_t nhead, fair_zcodec codec, const char *label,
                  const fair_zopts *o, fair_error *err)
{
	fair_zstream *z;

	if (codec != FAIR_ZGZIP && codec != FAIR_ZXZ && codec != FAIR_ZZSTD && (codec != FAIR_ZNONE || o == NULL ||
	                                                                        o->ahead == 0)) {
		fair_error_set(err, FAIR_EINVAL, "%s: not gzip, xz or zstd data", label);
		return NULL;
	}
	if ((z = calloc(1, sizeof *z)) == NULL || (z->label = strdup(label)) == NULL ||
	    (z->sink = malloc(SINK_SIZE)) == NULL)
		goto nomem;
	z->codec = codec;
	z->fd = fd;
	z->head = head;
	z->nhead = nhead;
	if (o != NULL) {
		z->limit = o->limit;
		z->step = o->step;
		z->prog = o->prog;
		z->ahead = o->ahead;
	}
	if ((z->buf = reserve(z->limit, z->ahead != 0, &z->reserve)) == NULL)
		goto nomem;
	atomic_init(&z->stop, false);
	atomic_init(&z->discard, false);
	atomic_init(&z->consumed, 0);
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	if (pthread_create(&z->th, NULL, zthread, z) != 0) {
		pthread_mutex_destroy(&z->mu);
		pthread_cond_destroy(&z->cv);
		munmap(z->buf, z->reserve);
		z->buf = NULL;
		goto nomem;
	}
	z->started = true;
	return z;
nomem:
	fair_error_set(err, FAIR_ENOMEM, "out of memory reading '%s'", label);
	if (z != NULL) {
		free(z->sink);
		free(z->label);
		free(z);
	}
	return NULL;
}

int
fair_zstream_wait(fair_zstream *z, size_t have, const char **data, size_t *avail, bool *done,
                  fair_error *err)
{
	int st;

	pthread_mutex_lock(&z->mu);
	while (z->avail <= have && !z->finished)
		pthread_cond_wait(&z->cv, &z->mu);
	st = z->status;
	if (st != FAIR_OK) {
		if (err != NULL)
			*err = z->err;
	} else {
		*data = z->buf;
		*avail = z->avail;
		*done = z->finished;
	}
	pthread_mutex_unlock(&z->mu);
	return st;
}

int
fair_zstream_finish(fair_zstream *z, fair_error *err)
{
	int st;

	atomic_store(&z->discard, true);
	pthread_mutex_lock(&z->mu);
	while (!z->finished)
		pthread_cond_wait(&z->cv, &z->mu);
	st = z->status;
	if (st != FAIR_OK && err != NULL)
		*err = z->err;
	pthread_mutex_unlock(&z->mu);
	return st;
}

void
fair_zstream_release(fair_zstream *z, size_t upto)
{
	pthread_mutex_lock(&z->mu);
	if (upto > z->released) {
		z->released = upto;
		pthread_cond_broadcast(&z->cv);
	}
	pthread_mutex_unlock(&z->mu);
}

uint64_t
fair_zstream_consumed(const fair_zstream *z)
{
	return atomic_load_explicit(&z->consumed, memory_order_relaxed);
}

void
fair_zstream_close(fair_zstream *z)
{
	if (z == NULL)
		return;
	if (z->started) {
		atomic_store(&z->stop, true);
		pthread_join(z->th, NULL);
		pthread_mutex_destroy(&z->mu);
		pthread_cond_destroy(&z->cv);
	}
	if (z->buf != NULL)
		munmap(z->buf, z->reserve);
	free(z->sink);
	free(z->label);
	free(z);
}

int
fair_zdecompress(const void *in, size_t n, const char *label, const fair_zopts *o, char **out,
                 size_t *outlen, fair_error *err)
{
	fair_zstream *z;
	const char *data = NULL;
	size_t avail = 0, have = 0;
	bool done = false;
	int st;

	*out = NULL;
	*outlen = 0;
	if ((z = fair_zstream_open(-1, in, n, fair_zdetect(in, n), label, o, err)) == NULL)
		return err ? err->code : FAIR_EINVAL;
	while ((st = fair_zstream_wait(z, have, &data, &avail, &done, err)) == FAIR_OK && !done)
		have = avail;
	if (st == FAIR_OK) {
		if ((*out = malloc(avail + 1)) == NULL) {
			st = fair_error_set(err, FAIR_ENOMEM, "out of memory decompressing '%s'", label);
		} else {
			memcpy(*out, data, avail);
			(*out)[avail] = '\0';
			*outlen = avail;
		}
	}
	fair_zstream_close(z);
	return st;
}
