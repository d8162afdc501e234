/* csv-util.c -- helpers of the CSV reader: exact decimal number parsing
 * (Clinger's fast path, strtod in the C locale otherwise), string
 * dictionaries, distinct counts, UTF-8 checks and delimiter sniffing. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/data-private.h"

/* Powers of ten that are exact doubles (10^22 < 2^53 * 2^22 is the limit). */
static const double p10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static bool
word_ieq(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(e - p) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

static bool
slow_strtod(const char *s, size_t len, double *out, locale_t *loc)
{
	char small[128], *buf = small, *end;

	if (*loc == (locale_t)0) {
		*loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (*loc == (locale_t)0)
			return false;
	}
	if (len >= sizeof small && (buf = malloc(len + 1)) == NULL)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod_l(buf, &end, *loc);
	if (buf != small)
		free(buf);
	return true;
}

bool
fair__data_csv_parse_double(const char *s, size_t len, double *out, locale_t *loc)
{
	const char *p = s, *e = s + len;
	bool neg = false, anydig = false, lost = false;
	uint64_t m = 0;
	int ndig = 0;
	long e10 = 0;

	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (p == e)
		return false;
	if (e - p <= 19) {
		/* the common short form [sign]digits[.digits], at most 19 digits:
		 * none can be lost, so no per-digit bookkeeping */
		const char *q = p;
		unsigned d;
		int frac = 0;
		while (q < e && (d = (unsigned)(*q - '0')) <= 9) {
			m = m * 10 + d;
			q++;
		}
		anydig = q > p;
		if (q < e && *q == '.')
			for (q++; q < e && (d = (unsigned)(*q - '0')) <= 9; q++) {
				m = m * 10 + d;
				frac++;
				anydig = true;
			}
		if (q == e && anydig && m <= (UINT64_C(1) << 53)) {
			double x = (double)m / p10[frac];
			*out = neg ? -x : x;
			return true;
		}
		m = 0;
		anydig = false;
	}
	if ((unsigned)(*p - '0') > 9 && *p != '.') {
		if (word_ieq(p, e, "inf") || word_ieq(p, e, "infinity"))
			*out = neg ? -HUGE_VAL : HUGE_VAL;
		else if (word_ieq(p, e, "nan"))
			*out = NAN;
		else
			return false;
		return true;
	}
	for (; p < e && (unsigned)(*p - '0') <= 9; p++) {
		unsigned d = (unsigned)(*p - '0');
		anydig = true;
		if (m == 0 && d == 0)
			continue;
		if (ndig < 19) {
			m = m * 10 + d;
			ndig++;
		} else {
			e10++;
			lost |= d != 0;
		}
	}
	if (p < e && *p == '.') {
		for (p++; p < e && (unsigned)(*p - '0') <= 9; p++) {
			unsigned d = (unsigned)(*p - '0');
			anydig = true;
			if (m == 0 && d == 0) {
				e10--;
				continue;
			}
			if (ndig < 19) {
				m = m * 10 + d;
				ndig++;
				e10--;
			} else {
				lost |= d != 0;
			}
		}
	}
	if (!anydig)
		return false;
	if (p < e && (*p == 'e' || *p == 'E')) {
		bool eneg = false;
		long x = 0;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || (unsigned)(*p - '0') > 9)
			return false;
		for (; p < e && (unsigned)(*p - '0') <= 9; p++)
			if (x < 100000000L)
				x = x * 10 + (*p - '0');
		e10 += eneg ? -x : x;
	}
	if (p != e)
		return false;
	if (m == 0) {
		*out = neg ? -0.0 : 0.0;
		return true;
	}
	if (!lost && m <= (UINT64_C(1) << 53)) {
		double d = (double)m;
		if (e10 >= -22 && e10 <= 22) {
			d = e10 < 0 ? d / p10[-e10] : d * p10[e10];
			*out = neg ? -d : d;
			return true;
		}
		/* Clinger's extension: move part of a large exponent into m. */
		if (e10 > 22 && e10 <= 22 + 15) {
			uint64_t mm = m;
			long k = e10 - 22;
			while (k > 0 && mm <= (UINT64_C(1) << 53) / 10) {
				mm *= 10;
				k--;
			}
			if (k == 0) {
				d = (double)mm * p10[22];
				*out = neg ? -d : d;
				return true;
			}
		}
	}
	return slow_strtod(s, len, out, loc);
}

bool
fair_csv_parse_double(const char *s, size_t len, double *out)
{
	locale_t loc = (locale_t)0;
	bool ok = fair__data_csv_parse_double(s, len, out, &loc);

	if (loc != (locale_t)0)
		freelocale(loc);
	return ok;
}

/* ---- dictionaries ---- */

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ len;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9u;
		h ^= h >> 31;
	}
	if (i < len) {
		uint64_t w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * 0x94D049BB133111EBu;
	}
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 32;
	return h;
}

void
fair__data_csv_dict_init(csv_dict *d)
{
	memset(d, 0, sizeof *d);
}

void
fair__data_csv_dict_release(csv_dict *d)
{
	free(d->arena);
	free(d->lv);
	free(d->slots);
	memset(d, 0, sizeof *d);
}

static int
dict_rehash(csv_dict *d, size_t nslots)
{
	int32_t *s = calloc(nslots, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t k = 0; k < d->n; k++) {
		size_t i = (size_t)d->lv[k].hash & (nslots - 1);
		while (s[i] != 0)
			i = (i + 1) & (nslots - 1);
		s[i] = (int32_t)(k + 1);
	}
	free(d->slots);
	d->slots = s;
	d->mask = nslots - 1;
	return 0;
}

/* Puts a short level in the slot fair__data_csv_dict_short looks in. */
static void
dict_cache(csv_dict *d, uint64_t head, size_t len, int32_t code)
{
	size_t k = (size_t)(((head ^ len) * UINT64_C(0x9E3779B97F4A7C15)) >> 57);

	d->cache[k].head = head;
	d->cache[k].len = (uint32_t)len;
	d->cache[k].code = code;
}

int32_t
fair__data_csv_dict_intern(csv_dict *d, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len), head = 0;
	size_t i;

	memcpy(&head, s, len < 8 ? len : 8);
	if (d->slots == NULL && dict_rehash(d, 64) < 0)
		return -1;
	for (i = (size_t)h & d->mask; d->slots[i] != 0; i = (i + 1) & d->mask) {
		const csv_level *l = &d->lv[d->slots[i] - 1];
		if (l->hash == h && l->len == len && l->head == head &&
		    (len <= 8 || memcmp(d->arena + l->off + 8, s + 8, len - 8) == 0)) {
			if (len >= 1 && len <= 8)
				dict_cache(d, head, len, d->slots[i] - 1);
			return d->slots[i] - 1;
		}
	}
	if (d->n >= INT32_MAX - 1)
		return -2;
	if (d->n == d->cap) {
		size_t ncap = d->cap ? 2 * d->cap : 16;
		csv_level *lv = realloc(d->lv, ncap * sizeof *lv);
		if (lv == NULL)
			return -1;
		d->lv = lv;
		d->cap = ncap;
	}
	if (d->acap - d->alen < len + 1) {
		size_t ncap = d->acap ? d->acap : 256;
		while (ncap - d->alen < len + 1)
			ncap *= 2;
		char *a = realloc(d->arena, ncap);
		if (a == NULL)
			return -1;
		d->arena = a;
		d->acap = ncap;
	}
	memcpy(d->arena + d->alen, s, len);
	d->arena[d->alen + len] = '\0';
	d->lv[d->n] = (csv_level){ d->alen, len, h, head };
	d->alen += len + 1;
	d->slots[i] = (int32_t)(d->n + 1);
	d->n++;
	if (2 * d->n > d->mask + 1 && dict_rehash(d, 2 * (d->mask + 1)) < 0)
		return -1;
	if (len >= 1 && len <= 8)
		dict_cache(d, head, len, (int32_t)(d->n - 1));
	return (int32_t)(d->n - 1);
}

char **
fair__data_csv_dict_levels(const csv_dict *d)
{
	char **lv = malloc((d->n ? d->n : 1) * sizeof *lv);

	if (lv == NULL)
		return NULL;
	for (size_t k = 0; k < d->n; k++) {
		lv[k] = malloc(d->lv[k].len + 1);
		if (lv[k] == NULL) {
			while (k > 0)
				free(lv[--k]);
			free(lv);
			return NULL;
		}
		memcpy(lv[k], fair__data_csv_dict_str(d, k), d->lv[k].len + 1);
	}
	return lv;
}

/* ---- distinct count, bounded ---- */

#define ND_BITS  14
#define ND_SLOTS ((size_t)1 << ND_BITS)
#define ND_EMPTY UINT64_C(0x7FF8000000000001)   /* a NaN: never a key */

/* Distinct non-NaN values of @v (0.0 and -0.0 one value) while there are at
 * most @max (<= ND_SLOTS / 4), by one scan through a small open-addressing
 * set that stays in the L1/L2 cache; FAIR__DATA_CSV_ND_MANY as soon as a
 * value beyond @max appears (a high-cardinality column stops after a few
 * thousand rows; its exact count is left to fair_column_ndistinct, on first
 * use). Runs of one value are skipped cheaply. */
long long
fair__data_csv_count_distinct(const double *v, size_t n, size_t max)
{
	uint64_t *set = malloc(ND_SLOTS * sizeof *set), last = ND_EMPTY;
	size_t nd = 0;

	if (set == NULL)
		return -1;
	if (max > ND_SLOTS / 4)
		max = ND_SLOTS / 4;
	for (size_t i = 0; i < ND_SLOTS; i++)
		set[i] = ND_EMPTY;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		uint64_t u;
		if (x != x)
			continue;
		if (x == 0)
			x = 0.0;   /* -0.0 equals 0.0 */
		memcpy(&u, &x, 8);
		if (u == last)
			continue;
		last = u;
		size_t j = (size_t)((u * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - ND_BITS));
		while (set[j] != ND_EMPTY && set[j] != u)
			j = (j + 1) & (ND_SLOTS - 1);
		if (set[j] == u)
			continue;
		if (nd == max) {
			free(set);
			return FAIR__DATA_CSV_ND_MANY;
		}
		set[j] = u;
		nd++;
	}
	free(set);
	return (long long)nd;
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at @p (RFC 3629), 0 if invalid. */
size_t
fair__data_csv_utf8_len(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F;
	} else
		return 0;
	if ((size_t)(e - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* ---- delimiter sniffing ---- */

/* Fields per line for the first lines of [p, e) (quote-aware); returns the
 * number of lines counted (complete lines only, unless there is none). */
static size_t
count_fields(const char *p, const char *e, char d, size_t *counts, size_t max)
{
	size_t n = 0, f = 1;
	bool inq = false, blank = true;

	for (; p < e && n < max; p++) {
		char ch = *p;
		if (ch == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (ch == d)
			f++;
		else if (ch == '\n') {
			if (!blank)
				counts[n++] = f;
			f = 1;
			blank = true;
			continue;
		} else if (ch == '\r')
			continue;
		blank = false;
	}
	if (n == 0 && !blank)
		counts[n++] = f;
	return n;
}

char
fair__data_csv_sniff(const char *p, const char *e)
{
	static const char cand[4] = { ',', ';', '\t', '|' };
	size_t counts[20], best_h = 1;
	char best = ',';
	bool best_cons = false;

	if ((size_t)(e - p) > 65536)
		e = p + 65536;
	for (int k = 0; k < 4; k++) {
		size_t n = count_fields(p, e, cand[k], counts, 20);
		bool cons = n > 0;
		if (n == 0 || counts[0] < 2)
			continue;
		for (size_t i = 1; i < n; i++)
			cons &= counts[i] == counts[0];
		if ((cons && !best_cons) || (cons == best_cons && counts[0] > best_h)) {
			best = cand[k];
			best_h = counts[0];
			best_cons = cons;
		}
	}
	return best;
}

