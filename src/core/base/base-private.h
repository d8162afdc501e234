/* base-private.h -- what the base layer (src/core/base) offers the rest of
 * the core and no front end: typed key=value option tables (the core's
 * counterpart of the shell's cmd_opt), SHA-256, one binary search, and the
 * only compiler-specific code of libfair (hints and vector types; GCC and
 * Clang provide all of them). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_BASE_PRIVATE_H
#define FAIRSH_BASE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fairsh/buf.h"
#include "fairsh/error.h"

/* ---- option tables --------------------------------------------------------
 * A table describes the key=value options of one thing (a learner, the
 * training chain) as a {NULL}-terminated array; each entry says where in
 * the options struct its value goes (offset) and of which type it is, so
 * parsing, range checks, messages and the "unknown option" list come from
 * one place. Messages name the key:
 *   NUM    double   "C must be a number, not 'x'", "C must be between 1e-12 and 1e+12, not -1"
 *   SIZE   size_t   as NUM, then "epochs must be an integer, not '1.5'"
 *   INT    int      as SIZE
 *   BOOL   bool     yes/true/1/on or no/false/0/off: "unbiased must be yes or no, not 'x'"
 *   CHOICE int      one of choices ("relu|tanh"), stored as values[i] (NULL:
 *                   i): "activation must be relu or tanh, not 'x'"
 *   STR    char *   a copy (the previous one freed); fair_opts_release frees it
 * An entry with a set function is parsed by it instead (it may use
 * fair_opt_parse for the entry's own type and range, then store the value
 * in several places). */
enum fair_opt_type { FAIR_OPT_NUM, FAIR_OPT_SIZE, FAIR_OPT_INT, FAIR_OPT_BOOL, FAIR_OPT_CHOICE, FAIR_OPT_STR };

typedef struct fair_opt fair_opt;
struct fair_opt {
	const char *name;       /* "C"; NULL ends the table                       */
	int         type;       /* enum fair_opt_type                              */
	size_t      offset;     /* offsetof(options struct, field)                 */
	double      lo, hi;     /* NUM, SIZE, INT: accepted range (inclusive)      */
	const char *choices;    /* CHOICE: "linear|rbf|poly"                       */
	const int  *values;     /* CHOICE: value stored per choice; NULL: 0, 1, ... */
	int       (*set)(void *opts, const fair_opt *o, const char *val, fair_error *err);
	const char *help;       /* one line                                        */
};

/* The entry named @name, or NULL. */
const fair_opt *fair_opt_find(const fair_opt *table, const char *name);
/* Parses @val as entry @o's type into @out (a double, size_t, int, bool, int
 * or char * (a new copy) by type), with the messages above. */
int  fair_opt_parse(const fair_opt *o, const char *val, void *out, fair_error *err);
/* Sets entry @o of the options struct @opts from @val (o->set when given). */
int  fair_opt_set(const fair_opt *o, void *opts, const char *val, fair_error *err);
/* Frees the STR values of @opts. */
void fair_opts_release(const fair_opt *table, void *opts);
/* Appends the names of @table separated by @sep, leaving out those found
 * in @except (may be NULL). */
void fair_opts_names(const fair_opt *table, const fair_opt *except, const char *sep, fair_buf *out);

/* ---- SHA-256 (FIPS 180-4) of memory and files, to recognise a dataset
 * again when a saved workbench is opened (sha256.c) ---- */

typedef struct fair_sha256 {
	uint32_t      h[8];
	uint64_t      len;        /* bytes hashed so far */
	unsigned char buf[64];
	size_t        nbuf;
} fair_sha256;

/* Incremental hashing: init, any number of updates, final (writes the 32-byte
 * digest; the context must be re-initialised before reuse). */
void fair_sha256_init(fair_sha256 *c);
void fair_sha256_update(fair_sha256 *c, const void *data, size_t n);
void fair_sha256_final(fair_sha256 *c, unsigned char digest[32]);

/* Lower-case hex of a digest into @hex (65 bytes with the NUL). */
void fair_sha256_hex(const unsigned char digest[32], char hex[65]);

/* Hex digest of @n bytes at @data. */
void fair_sha256_buf(const void *data, size_t n, char hex[65]);

/* Hex digest and size in bytes (@size may be NULL) of the file @path.
 * Errors: FAIR_EIO "cannot open 'x': ..." / "cannot read 'x': ...". */
int  fair_sha256_file(const char *path, char hex[65], uint64_t *size, fair_error *err);

/* ---- searching -------------------------------------------------------------- */

/* The number of entries of the ascending array @a[0..n) below @x (a[i] < x),
 * or at or below it (a[i] <= x) when @or_equal: one binary search, O(log n).
 * A NaN @x gives 0. */
size_t fair_count_below(const double *a, size_t n, double x, bool or_equal);

/* ---- hashing ----------------------------------------------------------------- */

/* SplitMix64's output function (Steele, Lea & Flood 2014): a well-mixed
 * 64-bit hash of @x. Row-keyed draws (randomised classifiers, XGBoost's
 * validation rows) use it so that Python can reproduce them exactly. */
static inline uint64_t
fair_splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* ---- compiler-specific code ------------------------------------------------- */

#if defined(__GNUC__)
/* Checked size arithmetic for sizes that come from outside (saved files):
 * *out = a * b (a + b); false, with *out unspecified, when it would not fit
 * a size_t. */
static inline bool fair_size_mul(size_t a, size_t b, size_t *out) { return !__builtin_mul_overflow(a, b, out); }
static inline bool fair_size_add(size_t a, size_t b, size_t *out) { return !__builtin_add_overflow(a, b, out); }
/* Index, in memory order, of the first byte of the word @z (loaded with
 * memcpy) that has its high bit set; @z must not be 0. */
static inline unsigned
fair_first_high_byte(uint64_t z)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)__builtin_clzll(z) / 8;
#else
	return (unsigned)__builtin_ctzll(z) / 8;
#endif
}
#define FAIR_PREFETCH(p)  __builtin_prefetch(p)
#define FAIR_LIKELY(x)    __builtin_expect(!!(x), 1)
/* inlined into every caller, AVX2 clones included (see FAIR_CLONES) */
#define FAIR_INLINE       inline __attribute__((always_inline))
/* two doubles / two 64-bit integers in one SSE2 register */
typedef double    fair_v2d __attribute__((vector_size(16)));
typedef long long fair_v2i __attribute__((vector_size(16)));
/* four of each (one AVX register; two SSE2 registers on baseline x86-64).
 * Never pass or return them by value: the ABI differs with and without AVX
 * (-Wpsabi); go through memory. */
typedef double    fair_v4d __attribute__((vector_size(32)));
typedef long long fair_v4i __attribute__((vector_size(32)));
/* four floats (one SSE register), and the lane-wise conversions between
 * four floats and four doubles (vcvtps2pd / vcvtpd2ps with AVX) */
typedef float     fair_v4f __attribute__((vector_size(16)));
#define FAIR_V4F_TO_V4D(x) __builtin_convertvector((x), fair_v4d)
#define FAIR_V4D_TO_V4F(x) __builtin_convertvector((x), fair_v4f)
/* FAIR_CLONES: compile a hot loop twice, for AVX2 and for the baseline,
 * the better one picked at load time (GCC ifunc). No FMA and -std=c11's
 * -ffp-contract=off: both clones round identically, so results do not
 * depend on the processor. */
/* Not under ThreadSanitizer: the ifunc resolvers run while the program is
 * relocated, before the TSan runtime is ready, and crash. Not with
 * -DFAIR_NO_CLONES: the baseline code alone, to test it on a machine
 * that has AVX2 (tests/tools/baseline.sh). */
#if defined(__x86_64__) && defined(__gnu_linux__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(FAIR_NO_CLONES)
#define FAIR_CLONES __attribute__((target_clones("avx2", "default")))
/* and also for AVX-512 (x86-64-v4): for kernels whose results are
 * integers (bytes of conditions, masks), where comparisons into mask
 * registers narrow to bytes in one instruction */
#define FAIR_CLONES_V4 __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define FAIR_CLONES
#define FAIR_CLONES_V4
#endif
#else
#error "libfair needs GCC or Clang (vector extensions, builtins); see src/core/base/base-private.h"
#endif

#endif
