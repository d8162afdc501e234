/* json-param.c -- the workbench file format: parameter trees <-> JSON
 * (bit-exact numbers, base64 for large arrays) and careful reading (atomic
 * writes: src/out/file.c). What goes into the tree is decided by the
 * workbench export of the core. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/param.h"

#define SMALL_ARRAY 64

/* ---- numbers --------------------------------------------------------------- */

static void
shortest(double v, char *buf, size_t len)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static cJSON *
num_item(double v)
{
	char buf[40];

	if (isnan(v))
		return cJSON_CreateString("NaN");
	if (isinf(v))
		return cJSON_CreateString(v > 0 ? "Infinity" : "-Infinity");
	shortest(v, buf, sizeof buf);
	return cJSON_CreateRaw(buf);
}

static cJSON *
int_item(int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	if (v > 9007199254740992LL || v < -9007199254740992LL)
		return cJSON_CreateString(buf);
	return cJSON_CreateRaw(buf);
}

/* ---- base64 ---------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *
b64_encode(const unsigned char *p, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

char *
json_base64(const unsigned char *p, size_t n)
{
	return b64_encode(p, n);
}

static int
b64_val(int c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

/* Decodes @s into a new buffer of *@n bytes; NULL on bad input (n = 0 OK). */
static unsigned char *
b64_decode(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	unsigned char *out;

	if (len % 4 != 0)
		return NULL;
	out = malloc(len / 4 * 3 + 1);
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 4) {
		int a = b64_val(s[i]), b = b64_val(s[i + 1]), c = s[i + 2] == '=' ? 0 : b64_val(s[i + 2]),
		    d = s[i + 3] == '=' ? 0 : b64_val(s[i + 3]);
		bool last = i + 4 == len;
		if (a < 0 || b < 0 || c < 0 || d < 0 || (!last && (s[i + 2] == '=' || s[i + 3] == '=')) ||
		    (s[i + 2] == '=' && s[i + 3] != '=')) {
			free(out);
			return NULL;
		}
		unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
		out[k++] = (unsigned char)(v >> 16);
		if (s[i + 2] != '=')
			out[k++] = (unsigned char)(v >> 8);
		if (s[i + 3] != '=')
			out[k++] = (unsigned char)v;
	}
	*n = k;
	return out;
}

/* IEEE 754 doubles as little-endian bytes, whatever the host order. */
static unsigned char *
f64_bytes(const double *v, size_t n)
{
	unsigned char *b = malloc(8 * n + 1);

	if (b == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		uint64_t u;
		memcpy(&u, &v[i], 8);
		for (int k = 0; k < 8; k++)
			b[8 * i + k] = (unsigned char)(u >> (8 * k));
	}
	return b;
}

/* ---- tree -> JSON ------------------------------------------------------------ */

static cJSON *
array_item(const char *dtype, size_t rows, size_t cols, size_t n, const unsigned char *bytes,
           const double *vals)
{
	cJSON *o = cJSON_CreateObject(), *shape;
	char *enc = NULL;

	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "dtype", dtype);
	shape = cJSON_AddArrayToObject(o, "shape");
	if (rows) {
		cJSON_AddItemToArray(shape, int_item((int64_t)rows));
		cJSON_AddItemToArray(shape, int_item((int64_t)cols));
	} else {
		cJSON_AddItemToArray(shape, int_item((int64_t)n));
	}
	if (vals) {
		cJSON *a = cJSON_AddArrayToObject(o, "values");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(a, num_item(vals[i]));
		return o;
	}
	if ((enc = b64_encode(bytes, strcmp(dtype, "u8") ? 8 * n : n)) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	cJSON_AddStringToObject(o, "base64", enc);
	free(enc);
	return o;
}

cJSON *
json_from_param(const fair_param *p)
{
	cJSON *j = NULL;

	switch (p->type) {
	case FAIR_PARAM_OBJECT:
	case FAIR_PARAM_LIST:
		j = p->type == FAIR_PARAM_OBJECT ? cJSON_CreateObject() : cJSON_CreateArray();
		for (size_t i = 0; j && i < p->nkids; i++) {
			cJSON *c = json_from_param(p->kids[i]);
			if (c == NULL) {
				cJSON_Delete(j);
				return NULL;
			}
			if (p->type == FAIR_PARAM_OBJECT)
				cJSON_AddItemToObject(j, p->kids[i]->name ? p->kids[i]->name : "", c);
			else
				cJSON_AddItemToArray(j, c);
		}
		return j;
	case FAIR_PARAM_NUM:
		return num_item(p->num);
	case FAIR_PARAM_INT:
		return int_item(p->ival);
	case FAIR_PARAM_BOOL:
		return cJSON_CreateBool(p->ival != 0);
	case FAIR_PARAM_STR:
		return cJSON_CreateString(p->str ? p->str : "");
	case FAIR_PARAM_BYTES:
		return array_item("u8", 0, 0, p->n, p->bytes, NULL);
	case FAIR_PARAM_VEC: {
		bool finite = true;
		for (size_t i = 0; i < p->n && finite; i++)
			finite = isfinite(p->vec[i]);
		if (finite && p->rows == 0 && p->n <= SMALL_ARRAY) {
			j = cJSON_CreateArray();
			for (size_t i = 0; j && i < p->n; i++)
				cJSON_AddItemToArray(j, num_item(p->vec[i]));
			return j;
		}
		if (p->n <= SMALL_ARRAY)
			return array_item("f64", p->rows, p->cols, p->n, NULL, p->vec);
		unsigned char *b = f64_bytes(p->vec, p->n);
		if (b == NULL)
			return NULL;
		j = array_item("f64", p->rows, p->cols, p->n, b, NULL);
		free(b);
		return j;
	}
	}
	return NULL;
}

/* ---- JSON -> tree ------------------------------------------------------------ */

static double
item_num(const cJSON *c, bool *ok)
{
	*ok = true;
	if (cJSON_IsNumber(c))
		return c->valuedouble;
	if (cJSON_IsString(c) && !strcmp(c->valuestring, "NaN"))
		return NAN;
	if (cJSON_IsString(c) && !strcmp(c->valuestring, "Infinity"))
		return INFINITY;
	if (cJSON_IsString(c) && !strcmp(c->valuestring, "-Infinity"))
		return -INFINITY;
	*ok = false;
	return 0;
}

static fair_param *
typed_array(const cJSON *j, const char *name, const char *dtype, fair_error *err)
{
	const cJSON *shape = cJSON_GetObjectItemCaseSensitive(j, "shape");
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(j, "values");
	const cJSON *enc = cJSON_GetObjectItemCaseSensitive(j, "base64");
	bool u8 = !strcmp(dtype, "u8");
	size_t dims[2] = { 0, 0 }, nd = 0, n;
	fair_param *p = fair_param_new(u8 ? FAIR_PARAM_BYTES : FAIR_PARAM_VEC, name);

	if (p == NULL)
		goto nomem;
	if ((!u8 && strcmp(dtype, "f64")) || !cJSON_IsArray(shape))
		goto bad;
	for (const cJSON *c = shape->child; c; c = c->next) {
		/* at most 2^53 (a larger double does not fit size_t: undefined), and
		 * a product that does not overflow (found by tests/fuzz) */
		if (nd == 2 || !cJSON_IsNumber(c) || !(c->valuedouble >= 0 && c->valuedouble <= 9007199254740992.0) ||
		    c->valuedouble != floor(c->valuedouble))
			goto bad;
		dims[nd++] = (size_t)c->valuedouble;
	}
	if (nd == 0 || (u8 && nd != 1))
		goto bad;
	if (nd == 2 && dims[1] != 0 && dims[0] > SIZE_MAX / 8 / dims[1])
		goto bad;
	n = nd == 2 ? dims[0] * dims[1] : dims[0];
	if (n > SIZE_MAX / 8)
		goto bad;
	if (nd == 2) {
		p->rows = dims[0];
		p->cols = dims[1];
	}
	if (cJSON_IsString(enc)) {
		size_t nb = 0;
		unsigned char *b = b64_decode(enc->valuestring, &nb);
		if (b == NULL)
			goto bad;
		if (nb != (u8 ? n : 8 * n)) {
			free(b);
			goto bad;
		}
		if (u8) {
			p->bytes = b;
		} else {
			p->vec = malloc((n ? n : 1) * sizeof *p->vec);
			if (p->vec == NULL) {
				free(b);
				goto nomem;
			}
			for (size_t i = 0; i < n; i++) {
				uint64_t u = 0;
				for (int k = 0; k < 8; k++)
					u |= (uint64_t)b[8 * i + k] << (8 * k);
				memcpy(&p->vec[i], &u, 8);
			}
			free(b);
		}
	} else if (cJSON_IsArray(vals) && !u8) {
		size_t i = 0;
		if ((size_t)cJSON_GetArraySize(vals) != n)
			goto bad;
		if ((p->vec = malloc((n ? n : 1) * sizeof *p->vec)) == NULL)
			goto nomem;
		for (const cJSON *c = vals->child; c; c = c->next) {
			bool ok;
			p->vec[i++] = item_num(c, &ok);
			if (!ok)
				goto bad;
		}
	} else {
		goto bad;
	}
	p->n = n;
	return p;
bad:
	fair_param_free(p);
	fair_error_set(err, FAIR_EPARSE, "saved data: array '%s' has a bad dtype, shape or encoding", name ? name : "?");
	return NULL;
nomem:
	fair_param_free(p);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

/* A new OBJECT or LIST @name with the members of @j (named for objects);
 * NULL with @err. */
static fair_param *
with_children(int type, const char *name, const cJSON *j, fair_error *err)
{
	fair_param *p = fair_param_new(type, name);

	if (p == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (const cJSON *c = j->child; c; c = c->next) {
		fair_param *k = json_to_param(c, type == FAIR_PARAM_OBJECT ? c->string : NULL, err);
		if (k == NULL || fair_param_add(p, k) == NULL) {
			fair_param_free(p);
			if (k == NULL)
				return NULL;
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
			return NULL;
		}
	}
	return p;
}

fair_param *
json_to_param(const cJSON *j, const char *name, fair_error *err)
{
	fair_param *p = NULL;

	if (cJSON_IsObject(j)) {
		const cJSON *dt = cJSON_GetObjectItemCaseSensitive(j, "dtype");
		if (cJSON_IsString(dt))
			return typed_array(j, name, dt->valuestring, err);
		return with_children(FAIR_PARAM_OBJECT, name, j, err);
	}
	if (cJSON_IsArray(j)) {
		bool nums = j->child != NULL;
		for (const cJSON *c = j->child; c && nums; c = c->next)
			nums = cJSON_IsNumber(c);
		if (nums) {
			size_t n = (size_t)cJSON_GetArraySize(j), i = 0;
			if ((p = fair_param_new(FAIR_PARAM_VEC, name)) == NULL || (p->vec = malloc(n * sizeof *p->vec)) == NULL)
				goto nomem;
			for (const cJSON *c = j->child; c; c = c->next)
				p->vec[i++] = c->valuedouble;
			p->n = n;
			return p;
		}
		return with_children(FAIR_PARAM_LIST, name, j, err);
	}
	if (cJSON_IsString(j)) {
		if ((p = fair_param_new(FAIR_PARAM_STR, name)) == NULL || (p->str = strdup(j->valuestring)) == NULL)
			goto nomem;
		return p;
	}
	if (cJSON_IsBool(j)) {
		if ((p = fair_param_new(FAIR_PARAM_BOOL, name)) == NULL)
			goto nomem;
		p->ival = cJSON_IsTrue(j);
		return p;
	}
	if ((p = fair_param_new(FAIR_PARAM_NUM, name)) == NULL)
		goto nomem;
	p->num = cJSON_IsNumber(j) ? j->valuedouble : NAN;
	return p;
nomem:
	fair_param_free(p);
	fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

/* ---- files ------------------------------------------------------------------ */

cJSON *
json_read_file(const char *path, fair_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, k;
	const char *end = NULL;
	cJSON *root;

	if (fp == NULL) {
		fair_error_set(err, FAIR_EIO, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 65536 + 1 > cap) {
			char *nb = realloc(buf, cap = 2 * cap + 65536 + 1);
			if (nb == NULL) {
				free(buf);
				fclose(fp);
				fair_error_set(err, FAIR_ENOMEM, "out of memory");
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + len, 1, 65536, fp);
		len += k;
		if (k == 0)
			break;
	}
	if (ferror(fp)) {
		int e = errno;
		free(buf);
		fclose(fp);
		fair_error_set(err, FAIR_EIO, "cannot read '%s': %s", path, strerror(e));
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		size_t at = strlen(buf);
		free(buf);
		fair_error_set(err, FAIR_EPARSE, "'%s' is corrupt: a NUL byte at byte %zu; it is not a fairsh session file", path, at + 1);
		return NULL;
	}
	root = cJSON_ParseWithOpts(buf, &end, 1);
	if (root == NULL) {
		size_t off = end && end >= buf ? (size_t)(end - buf) : 0, line = 1, col = 1;
		bool truncated;
		for (size_t i = 0; i < off && i < len; i++) {
			if (buf[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		/* a complete document ends with its closing brace or bracket; without it
		 * (or when the parser ran to the end) the file was cut short */
		size_t last = len;
		while (last > 0 && strchr(" \t\r\n", buf[last - 1]))
			last--;
		truncated = last == 0 || (buf[last - 1] != '}' && buf[last - 1] != ']') ||
		            off + strspn(buf + (off < len ? off : len), " \t\r\n") >= len;
		if (len == 0)
			fair_error_set(err, FAIR_EPARSE, "'%s' is empty", path);
		else if (buf[strspn(buf, " \t\r\n")] != '{')   /* not cut short: never JSON at all */
			fair_error_set(err, FAIR_EPARSE, "'%s' is not a fairsh session file (not JSON: line %zu, column %zu)",
			               path, line, col);
		else if (truncated)
			fair_error_set(err, FAIR_EPARSE, "'%s' is truncated: the JSON stops after %zu bytes (parse error at line %zu, column %zu)",
			               path, len, line, col);
		else
			fair_error_set(err, FAIR_EPARSE, "'%s' is corrupt: not valid JSON at line %zu, column %zu (byte %zu)",
			               path, line, col, off + 1);
	}
	free(buf);
	return root;
}
