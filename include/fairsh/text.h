/* text.h -- the small text parsers the core and the front ends share: comma
 * lists, yes/no words and numbers, so that every command and every core
 * option reads "yes" and "1e-3" the same way. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TEXT_H
#define FAIRSH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Splits "a,b,c" at every comma into a new NULL-terminated array of new
 * strings, kept as written (no trimming; "a,,b" has an empty middle item;
 * "" is one empty item); their number goes to *n. NULL when out of memory.
 * Free with fair_strv_free. */
char **fair_split_list(const char *s, size_t *n);
/* The same, splitting at every @sep ("race/sex" with '/'). */
char **fair_split(const char *s, char sep, size_t *n);
/* Frees the @n strings of @v and @v (NULL is a no-op). */
void   fair_strv_free(char **v, size_t n);

/* yes, true, 1, on -> true; no, false, 0, off -> false; anything else:
 * returns false and leaves *out alone. */
bool   fair_parse_yesno(const char *s, bool *out);

/* A whole decimal number (strtod's syntax: "1e-3", "inf"; not "", "1x"
 * or NaN) into *out; false otherwise. */
bool   fair_parse_number(const char *s, double *out);

#endif
