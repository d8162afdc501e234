/* tokenize.c -- the command-language lexer (see tokenize.h). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tokenize.h"
#include "fairsh/buf.h"

static int
push_word(struct cli_words *w, fair_buf *b, long eq, bool quoted)
{
	if (w->n == w->cap) {
		size_t ncap = w->cap ? 2 * w->cap : 8;
		struct cli_word *p = realloc(w->v, ncap * sizeof *p);
		if (p == NULL)
			return -1;
		w->v = p;
		w->cap = ncap;
	}
	w->v[w->n].text = fair_buf_detach(b);
	if (w->v[w->n].text == NULL)
		return -1;
	w->v[w->n].eq = eq;
	w->v[w->n].quoted = quoted;
	w->n++;
	return 0;
}

static int
push_cmd(struct cli_words **cmds, size_t *n, size_t *cap, struct cli_words *cur)
{
	if (cur->n == 0)
		return 0;
	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 4;
		struct cli_words *p = realloc(*cmds, ncap * sizeof *p);
		if (p == NULL)
			return -1;
		*cmds = p;
		*cap = ncap;
	}
	(*cmds)[(*n)++] = *cur;
	memset(cur, 0, sizeof *cur);
	return 0;
}

void
cli_words_free_all(struct cli_words *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < cmds[i].n; j++)
			free(cmds[i].v[j].text);
		free(cmds[i].v);
	}
	free(cmds);
}

long
cli_tokenize(const char *line, struct cli_words **out, char *errbuf, size_t errlen)
{
	struct cli_words *cmds = NULL, cur = { 0 };
	size_t ncmds = 0, cap = 0;
	fair_buf b = FAIR_BUF_INIT;
	bool inword = false, quoted = false, inq = false;
	long eq = -1;
	const char *p = line;

	for (;; p++) {
		char c = *p;
		if (inq) {
			if (c == '\0') {
				snprintf(errbuf, errlen, "unterminated double quote");
				goto fail;
			}
			if (c == '"') {
				inq = false;
			} else if (c == '\\' && (p[1] == '"' || p[1] == '\\')) {
				fair_buf_putc(&b, p[1]);
				p++;
			} else {
				fair_buf_putc(&b, c);
			}
			continue;
		}
		if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '#') {
			if (inword && push_word(&cur, &b, eq, quoted) < 0)
				goto nomem;
			inword = quoted = false;
			eq = -1;
			if (c == ';' || c == '\0' || c == '#') {
				if (push_cmd(&cmds, &ncmds, &cap, &cur) < 0)
					goto nomem;
			}
			if (c == '\0' || c == '#')
				break;
			continue;
		}
		inword = true;
		if (c == '"') {
			inq = quoted = true;
			continue;
		}
		if (c == '=' && eq < 0)
			eq = (long)b.len;
		fair_buf_putc(&b, c);
	}
	fair_buf_release(&b);
	*out = cmds;
	return (long)ncmds;
nomem:
	snprintf(errbuf, errlen, "out of memory");
fail:
	fair_buf_release(&b);
	for (size_t j = 0; j < cur.n; j++)
		free(cur.v[j].text);
	free(cur.v);
	cli_words_free_all(cmds, ncmds);
	*out = NULL;
	return -1;
}

bool
cli_line_incomplete(const char *line)
{
	bool inq = false;

	for (const char *p = line; *p; p++) {
		if (inq) {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			else if (*p == '"')
				inq = false;
		} else if (*p == '"') {
			inq = true;
		} else if (*p == '#') {
			return false;
		}
	}
	return inq;
}
