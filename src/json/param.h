/* param.h -- the workbench file format: the core's neutral parameter tree
 * (fairsh/param.h) to and from JSON, and reading a JSON file with precise
 * errors for corrupt or truncated input (json-param.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_JSON_PARAM_H
#define FAIRSH_JSON_PARAM_H

#include <cjson/cJSON.h>

#include "fairsh/error.h"
#include "fairsh/param.h"

/* JSON encoding of a tree (caller deletes the cJSON root):
 *  - OBJECT/LIST -> object/array; STR -> string; BOOL -> true/false;
 *  - NUM -> the shortest decimal that reads back to the same double
 *    (%.15g..%.17g checked with strtod), or "NaN"/"Infinity"/"-Infinity";
 *  - INT -> an integer (a decimal string beyond 2^53);
 *  - VEC -> an array of numbers when it is a plain vector of at most 64
 *    finite values, else {"dtype":"f64","shape":[n] or [r,c],"values":[...]}
 *    for small or {"dtype":"f64","shape":...,"base64":"..."} (IEEE 754
 *    little-endian) for larger arrays, so every bit survives;
 *  - BYTES -> {"dtype":"u8","shape":[n],"base64":"..."}.
 * NULL when out of memory. */
cJSON *json_from_param(const fair_param *p);

/* The inverse (a JSON array of numbers becomes a VEC, other arrays LISTs,
 * numbers NUM). @name names the new root. NULL with @err (FAIR_EPARSE for a
 * bad dtype, shape or base64 text; FAIR_ENOMEM). */
fair_param *json_to_param(const cJSON *j, const char *name, fair_error *err);

/* Reads and parses @path. NULL with @err: FAIR_EIO "cannot open ...",
 * FAIR_EPARSE "'F' is truncated (ends inside the JSON at line L, column C)"
 * or "'F' is not valid JSON: error at line L, column C". */
cJSON *json_read_file(const char *path, fair_error *err);

/* Base64 (RFC 4648, with padding) of @n bytes; new string or NULL. */
char *json_base64(const unsigned char *p, size_t n);

#endif
