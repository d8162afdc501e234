/* text.h -- the small text parsers the core and the front ends share: comma
 * lists, yes/no words and numbers, so that every command and every core
 * option reads "yes" and "1e-3" the same way. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_TEXT_H
#define FAIRSH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/buf.h"

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

/* The one rule for showing text from the data (a cell, a group label, a
 * column, model or file name) to a person: terminal tables and messages,
 * the views, gnuplot titles, the Markdown and HTML reports, the verdicts.
 * C0 control bytes and DEL become \xNN (an escape sequence in the data
 * cannot drive the terminal, a newline cannot break a line; with
 * @keep_newlines a newline stays, for text whose lines are the caller's);
 * bytes that are not UTF-8 become \xNN; C1 controls and the invisible code
 * points that reorder or hide text (bidirectional marks, embeddings,
 * overrides and isolates such as U+202E, line and paragraph separators,
 * zero-width characters, the byte-order mark) become \uXXXX. Printable
 * UTF-8 is left as it is, and the result is printable ASCII or UTF-8, so
 * escaping twice changes nothing. Machine formats (CSV, JSON) carry the
 * data unchanged. Appends to @b (@s NULL: nothing). */
void   fair_text_escape(fair_buf *b, const char *s, bool keep_newlines);
/* The same, each piece passed to @put(@arg, piece, length); returns the
 * columns the result takes on a terminal (one per code point). */
size_t fair_text_escape_walk(const char *s, bool keep_newlines, void (*put)(void *, const char *, size_t),
                             void *arg);
/* One value (a cell, a level, a name) on its own or in a list: the same,
 * and the spaces at either end of it become \x20 (in a table "a " looked
 * like "a"). Not for messages, whose pieces end in spaces of their own. */
void   fair_text_escape_value(fair_buf *b, const char *s);
size_t fair_text_escape_value_walk(const char *s, void (*put)(void *, const char *, size_t), void *arg);

/* The edit distance (Levenshtein, ASCII letters compared without case)
 * between @a and @b, or @cap + 1 as soon as it is known to exceed @cap
 * (also for strings over 256 bytes). */
size_t fair_text_distance(const char *a, const char *b, size_t cap);
/* The index of the candidate nearest to @word (the first of the
 * nearest), within a third of @word's length (at least 1) and not equal
 * to it; -1 when none is that near. @cand has @n strings (or fewer,
 * NULL-terminated). */
long   fair_text_nearest(const char *word, const char *const *cand, size_t n);

#endif
