/* expr-parse.c -- the expression language's lexer and parser (text -> syntax
 * tree), the canonical printer, tree equality, and the error helpers
 * (positions, caret excerpts, did-you-mean distances). Binding, evaluation
 * and SQL live in expr-bind.c, expr-eval.c and expr-sql.c. */
/* SPDX-License-Identifier: MIT */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fairsh/csv.h"
#include "data/data-private.h"
#include "fairsh/text.h"

const char *const fair__data_expr_func_name[F_NFUNC] = {
	[F_ABS] = "abs", [F_CEIL] = "ceil", [F_COALESCE] = "coalesce", [F_CUT] = "cut",
	[F_EXP] = "exp", [F_FLOOR] = "floor", [F_IF] = "if", [F_ISNA] = "isna",
	[F_LOG] = "log", [F_LOWER] = "lower", [F_MAX] = "max", [F_MIN] = "min",
	[F_RECODE] = "recode", [F_ROUND] = "round", [F_SQRT] = "sqrt", [F_UPPER] = "upper",
};

/* argument counts (cut and recode are checked by their own parsers) */
static const struct { int min, max; } func_args[F_NFUNC] = {
	[F_ABS] = { 1, 1 }, [F_CEIL] = { 1, 1 }, [F_COALESCE] = { 2, -1 }, [F_CUT] = { 2, 3 },
	[F_EXP] = { 1, 1 }, [F_FLOOR] = { 1, 1 }, [F_IF] = { 3, 3 }, [F_ISNA] = { 1, 1 },
	[F_LOG] = { 1, 1 }, [F_LOWER] = { 1, 1 }, [F_MAX] = { 2, -1 }, [F_MIN] = { 2, -1 },
	[F_RECODE] = { 2, -1 }, [F_ROUND] = { 1, 2 }, [F_SQRT] = { 1, 1 }, [F_UPPER] = { 1, 1 },
};

static const char *const bin_text[] = {
	[B_OR] = "or", [B_AND] = "and", [B_EQ] = "==", [B_NE] = "!=", [B_LT] = "<",
	[B_LE] = "<=", [B_GT] = ">", [B_GE] = ">=", [B_ADD] = "+", [B_SUB] = "-",
	[B_MUL] = "*", [B_DIV] = "/", [B_MOD] = "%", [B_POW] = "^",
};

static int
bin_prec(int op)
{
	switch (op) {
	case B_OR: return P_OR;
	case B_AND: return P_AND;
	case B_ADD: case B_SUB: return P_ADD;
	case B_MUL: case B_DIV: case B_MOD: return P_MUL;
	case B_POW: return P_POW;
	default: return P_CMP;
	}
}


/* ---- positions, quoting, distances ---- */

size_t
fair__data_expr_pos(const char *text, size_t off)
{
	size_t col = 1;

	for (size_t i = 0; i < off && text[i] != '\0'; i++)
		col += ((unsigned char)text[i] & 0xC0) != 0x80;
	return col;
}

void
fair__data_expr_quote(char *out, size_t outlen, const char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 8 < outlen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= 40) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* the shared edit distance (base/nearest.c) */
size_t
fair__data_expr_distance(const char *a, const char *b, size_t cap)
{
	return fair_text_distance(a, b, cap);
}

size_t
fair_expr_error_position(const fair_error *err)
{
	const char *p;

	if (err == NULL || (p = strstr(err->msg, "position ")) == NULL)
		return 0;
	p += 9;
	size_t n = 0;
	for (; *p >= '0' && *p <= '9' && n < ((size_t)1 << 40); p++)
		n = n * 10 + (size_t)(*p - '0');
	return *p == ':' ? n : 0;
}

char *
fair_expr_caret(const char *text, size_t position)
{
	enum { WIDTH = 70 };
	size_t nchars = 0, from, to, ncol = 0;
	xbuf b;
	const unsigned char *s = (const unsigned char *)text;

	if (text == NULL || position == 0)
		return NULL;
	fair__data_xbuf_init(&b);
	for (size_t i = 0; s[i] != '\0'; i++)
		nchars += (s[i] & 0xC0) != 0x80;
	if (position > nchars + 1)
		position = nchars + 1;
	/* window [from, to) of characters, 1-based */
	from = position > WIDTH / 2 ? position - WIDTH / 2 : 1;
	to = from + WIDTH;
	if (to > nchars + 1) {
		to = nchars + 1;
		from = to > WIDTH ? to - WIDTH : 1;
	}
	fair__data_xputs(&b, "  ");
	if (from > 1)
		fair__data_xputs(&b, "...");
	size_t ch = 0, len = strlen(text);
	for (size_t i = 0; i < len; i++) {
		size_t n = s[i] >= 0x80 ? fair__data_csv_utf8_len(s + i, s + len) : 1;
		/* characters counted as fair__data_expr_pos does; invalid bytes as '?' */
		if ((s[i] & 0xC0) != 0x80)
			ch++;
		if (ch < from || ch >= to) {
			i += n ? n - 1 : 0;
			continue;
		}
		if (n == 0) {
			if ((s[i] & 0xC0) != 0x80)
				fair__data_xputc(&b, '?');
		} else if (n > 1) {
			fair__data_xadd(&b, text + i, n);
			i += n - 1;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			fair__data_xputc(&b, ' ');
		} else {
			fair__data_xputc(&b, (char)s[i]);
		}
	}
	if (to <= nchars)
		fair__data_xputs(&b, "...");
	fair__data_xputs(&b, "\n  ");
	ncol = position - from + (from > 1 ? 3 : 0);
	for (size_t i = 0; i < ncol; i++)
		fair__data_xputc(&b, ' ');
	fair__data_xputs(&b, "^\n");
	return fair__data_xbuf_finish(&b);
}

/* ---- lexer ---- */

enum {
	K_EOF, K_NUM, K_STR, K_IDENT, K_QIDENT, K_LP, K_RP, K_COMMA,
	K_PLUS, K_MINUS, K_STAR, K_SLASH, K_PCT, K_CARET,
	K_ASSIGN, K_EQ, K_NE, K_LT, K_LE, K_GT, K_GE,
	K_AND, K_OR, K_NOT, K_IN, K_TRUE, K_FALSE, K_NA, K_INF
};

typedef struct tok {
	int    t;
	size_t pos, end;
	double num;
} tok;

typedef struct name_index {
	size_t *slot;          /* name index + 1, 0 = empty */
	size_t  mask;
} name_index;

typedef struct parser {
	const char *s;
	size_t      len;
	tok         cur;
	fair_error *err;
	bool        failed;
	unsigned    rdepth;
	fair_expr  *e;
	name_index  names;
} parser;

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int
perr(parser *p, size_t off, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static int
perr(parser *p, size_t off, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (p->failed)
		return code;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fair_error_set(p->err, code, "position %zu: %s", fair__data_expr_pos(p->s, off), msg);
}

static bool
ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool
ident_char(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static bool
word_ieq(const char *s, size_t n, const char *w)
{
	size_t i = 0;
	for (; i < n && w[i] != '\0'; i++)
		if (lower_ascii((unsigned char)s[i]) != w[i])
			return false;
	return i == n && w[i] == '\0';
}

static const struct { const char *w; int t; } keywords[] = {
	{ "and", K_AND }, { "or", K_OR }, { "not", K_NOT }, { "in", K_IN },
	{ "true", K_TRUE }, { "false", K_FALSE }, { "na", K_NA }, { "inf", K_INF },
};

static bool
is_keyword(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
		if (word_ieq(s, n, keywords[k].w))
			return true;
	return false;
}

/* Checks the UTF-8 sequence at @i; returns its length or 0 after an error. */
static size_t
check_utf8(parser *p, size_t i)
{
	const unsigned char *u = (const unsigned char *)p->s;
	size_t n = fair__data_csv_utf8_len(u + i, u + p->len);
	if (n == 0)
		perr(p, i, FAIR_EINVAL, "invalid UTF-8 byte 0x%02X", u[i]);
	return n;
}

/* "'text'" of the token at [pos, end) for messages */
static void
describe(const parser *p, const tok *t, char *out, size_t outlen)
{
	char q[64];

	if (t->t == K_EOF) {
		snprintf(out, outlen, "end of expression");
		return;
	}
	fair__data_expr_quote(q, sizeof q, p->s + t->pos, t->end - t->pos);
	snprintf(out, outlen, "'%s'", q);
}

static tok
lex(parser *p, size_t i)
{
	const char *s = p->s;
	tok t = { K_EOF, i, i, 0 };
	unsigned char c;

	while (i < p->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
	                      s[i] == '\f' || s[i] == '\v'))
		i++;
	t.pos = t.end = i;
	if (i >= p->len)
		return t;
	c = (unsigned char)s[i];
	if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < p->len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
		size_t j = i;
		while (j < p->len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j < p->len && s[j] == '.')
			for (j++; j < p->len && s[j] >= '0' && s[j] <= '9'; j++)
				;
		if (j < p->len && (s[j] == 'e' || s[j] == 'E')) {
			size_t k = j + 1;
			if (k < p->len && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k < p->len && s[k] >= '0' && s[k] <= '9') {
				while (k < p->len && s[k] >= '0' && s[k] <= '9')
					k++;
				j = k;
			}
		}
		t.t = K_NUM;
		t.end = j;
		if (j < p->len && ident_char((unsigned char)s[j])) {
			size_t k = j;
			while (k < p->len && ident_char((unsigned char)s[k]))
				k++;
			char q[64];
			fair__data_expr_quote(q, sizeof q, s + i, k - i);
			perr(p, i, FAIR_EINVAL, "malformed number '%s'", q);
			return t;
		}
		if (!fair_csv_parse_double(s + i, j - i, &t.num) || isinf(t.num)) {
			char q[64];
			fair__data_expr_quote(q, sizeof q, s + i, j - i);
			perr(p, i, FAIR_EINVAL, "number '%s' is out of range", q);
		}
		return t;
	}
	if (c == '\'' || c == '"' || c == '`') {
		size_t j = i + 1;
		for (;;) {
			if (j >= p->len) {
				if (c == '`')
					perr(p, i, FAIR_EINVAL, "unterminated name: no closing '`'");
				else
					perr(p, i, FAIR_EINVAL, "unterminated string: no closing %c", c);
				return t;
			}
			unsigned char d = (unsigned char)s[j];
			if (d == c) {
				if (j + 1 < p->len && (unsigned char)s[j + 1] == c) {
					j += 2;
					continue;
				}
				break;
			}
			if (d == '\\' && c != '`') {
				char x = j + 1 < p->len ? s[j + 1] : '\0';
				if (strchr("\\'\"ntr", x) == NULL || x == '\0') {
					char q[16];
					fair__data_expr_quote(q, sizeof q, s + j, j + 1 < p->len ? 2 : 1);
					perr(p, j, FAIR_EINVAL,
					     "unknown escape '%s' in a string (use \\\\ \\' \\\" \\n \\t \\r)", q);
					return t;
				}
				j += 2;
				continue;
			}
			if (d >= 0x80) {
				size_t n = check_utf8(p, j);
				if (n == 0)
					return t;
				j += n;
				continue;
			}
			j++;
		}
		t.t = c == '`' ? K_QIDENT : K_STR;
		t.end = j + 1;
		if (c == '`' && j == i + 1)
			perr(p, i, FAIR_EINVAL, "empty column name ``");
		return t;
	}
	if (ident_start(c)) {
		size_t j = i;
		while (j < p->len && ident_char((unsigned char)s[j])) {
			if ((unsigned char)s[j] >= 0x80) {
				size_t n = check_utf8(p, j);
				if (n == 0)
					return t;
				j += n;
			} else {
				j++;
			}
		}
		t.t = K_IDENT;
		t.end = j;
		for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
			if (word_ieq(s + i, j - i, keywords[k].w))
				t.t = keywords[k].t;
		if (t.t == K_INF)
			t.num = HUGE_VAL;
		return t;
	}
	t.end = i + 1;
	char n1 = i + 1 < p->len ? s[i + 1] : '\0';
	switch (c) {
	case '(': t.t = K_LP; return t;
	case ')': t.t = K_RP; return t;
	case ',': t.t = K_COMMA; return t;
	case '+': t.t = K_PLUS; return t;
	case '-': t.t = K_MINUS; return t;
	case '/': t.t = K_SLASH; return t;
	case '%': t.t = K_PCT; return t;
	case '^': t.t = K_CARET; return t;
	case '*':
		t.t = K_STAR;
		if (n1 == '*') {
			t.t = K_CARET;
			t.end++;
		}
		return t;
	case '=':
		t.t = K_ASSIGN;
		if (n1 == '=') {
			t.t = K_EQ;
			t.end++;
		}
		return t;
	case '!':
		if (n1 == '=') {
			t.t = K_NE;
			t.end++;
			return t;
		}
		perr(p, i, FAIR_EINVAL, "unexpected '!' (write 'not' for negation, '!=' for unequal)");
		return t;
	case '<':
		t.t = K_LT;
		if (n1 == '=' || n1 == '>') {
			t.t = n1 == '=' ? K_LE : K_NE;
			t.end++;
		}
		return t;
	case '>':
		t.t = K_GT;
		if (n1 == '=') {
			t.t = K_GE;
			t.end++;
		}
		return t;
	case '&':
		perr(p, i, FAIR_EINVAL, "unexpected '%s' (write 'and')", n1 == '&' ? "&&" : "&");
		return t;
	case '|':
		perr(p, i, FAIR_EINVAL, "unexpected '%s' (write 'or')", n1 == '|' ? "||" : "|");
		return t;
	case '~':
		perr(p, i, FAIR_EINVAL, "unexpected '~' (write 'not')");
		return t;
	default:
		break;
	}
	if (c >= 0x80) {
		if (check_utf8(p, i) == 0)
			return t;
	}
	if (c < 0x20 || c == 0x7f)
		perr(p, i, FAIR_EINVAL, "unexpected control character 0x%02X", c);
	else
		perr(p, i, FAIR_EINVAL, "unexpected character '%c'", c);
	return t;
}

static void
next(parser *p)
{
	if (!p->failed)
		p->cur = lex(p, p->cur.end);
}

static tok
peek(parser *p)
{
	return lex(p, p->cur.end);
}

/* Decodes the string or backtick name of token @t; *@len gets its length. */
static char *
decode(parser *p, const tok *t, size_t *len)
{
	const char *s = p->s + t->pos;
	char q = s[0];
	size_t n = t->end - t->pos - 2, o = 0;
	char *out = malloc(n + 1);

	if (out == NULL) {
		perr(p, t->pos, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 1; i <= n; i++) {
		char c = s[i];
		if (c == q) {         /* doubled quote */
			out[o++] = c;
			i++;
		} else if (c == '\\' && q != '`') {
			char x = s[++i];
			out[o++] = x == 'n' ? '\n' : x == 't' ? '\t' : x == 'r' ? '\r' : x;
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* ---- tree ---- */

void
fair__data_expr_node_free(xnode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		fair__data_expr_node_free(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

static xnode *
mk(parser *p, int kind, size_t pos)
{
	xnode *n = calloc(1, sizeof *n);
	if (n == NULL) {
		perr(p, pos, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	n->kind = (uint8_t)kind;
	n->pos = (uint32_t)pos;
	n->depth = 1;
	return n;
}

/* Appends @k to @n's children (taking it); on failure frees @k. */
static bool
add_kid(parser *p, xnode *n, xnode *k)
{
	if (k == NULL)
		return false;
	if ((n->nkid & (n->nkid - 1)) == 0) {   /* 0, 1, 2, 4, ...: grow */
		size_t cap = n->nkid ? n->nkid * 2 : 2;
		xnode **kid = realloc(n->kid, cap * sizeof *kid);
		if (kid == NULL) {
			fair__data_expr_node_free(k);
			perr(p, n->pos, FAIR_ENOMEM, "out of memory");
			return false;
		}
		n->kid = kid;
	}
	n->kid[n->nkid++] = k;
	if (k->depth + 1 > n->depth)
		n->depth = k->depth + 1;
	if (n->depth > FAIR_EXPR_MAX_DEPTH) {
		perr(p, n->pos, FAIR_EINVAL, "expression nested too deeply (more than %d levels)",
		     FAIR_EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static bool
is_literal(const xnode *n)
{
	return n->kind == N_NUM || n->kind == N_STR || n->kind == N_BOOL || n->kind == N_NA;
}

static size_t
column_ref(parser *p, const char *name, size_t len, size_t pos)
{
	fair_expr *e = p->e;
	name_index *ix = &p->names;
	uint64_t h = hash_bytes(name, len);

	if (ix->slot == NULL || e->ncols * 2 >= ix->mask) {
		size_t cap = ix->slot ? (ix->mask + 1) * 2 : 64;
		size_t *slot = calloc(cap, sizeof *slot);
		if (slot == NULL) {
			perr(p, pos, FAIR_ENOMEM, "out of memory");
			return (size_t)-1;
		}
		for (size_t k = 0; k < e->ncols; k++) {
			size_t j = hash_bytes(e->colnames[k], strlen(e->colnames[k])) & (cap - 1);
			while (slot[j] != 0)
				j = (j + 1) & (cap - 1);
			slot[j] = k + 1;
		}
		free(ix->slot);
		ix->slot = slot;
		ix->mask = cap - 1;
	}
	size_t j = h & ix->mask;
	for (; ix->slot[j] != 0; j = (j + 1) & ix->mask) {
		const char *c = e->colnames[ix->slot[j] - 1];
		if (strlen(c) == len && memcmp(c, name, len) == 0)
			return ix->slot[j] - 1;
	}
	if ((e->ncols & (e->ncols - 1)) == 0) {
		size_t cap = e->ncols ? e->ncols * 2 : 1;
		char **cn = realloc(e->colnames, cap * sizeof *cn);
		if (cn != NULL)
			e->colnames = cn;
		size_t *cp = cn ? realloc(e->colpos, cap * sizeof *cp) : NULL;
		if (cp == NULL) {
			perr(p, pos, FAIR_ENOMEM, "out of memory");
			return (size_t)-1;
		}
		e->colpos = cp;
	}
	e->colpos[e->ncols] = pos;
	if ((e->colnames[e->ncols] = strndup(name, len)) == NULL) {
		perr(p, pos, FAIR_ENOMEM, "out of memory");
		return (size_t)-1;
	}
	ix->slot[j] = e->ncols + 1;
	return e->ncols++;
}

/* ---- parser ---- */

static xnode *parse_expr(parser *p, int minprec);

static xnode *
parse_value(parser *p, int minprec)
{
	xnode *n = parse_expr(p, minprec);
	if (n != NULL && n->kind == N_LIST) {
		perr(p, n->pos, FAIR_EINVAL,
		     "a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
		fair__data_expr_node_free(n);
		return NULL;
	}
	return n;
}

static bool
expect(parser *p, int t, const char *what, size_t open)
{
	char got[96];

	if (p->failed)
		return false;
	if (p->cur.t == t) {
		next(p);
		return !p->failed;
	}
	describe(p, &p->cur, got, sizeof got);
	if (open != (size_t)-1)
		perr(p, p->cur.pos, FAIR_EINVAL, "expected %s (to close '(' at position %zu), got %s",
		     what, fair__data_expr_pos(p->s, open), got);
	else
		perr(p, p->cur.pos, FAIR_EINVAL, "expected %s, got %s", what, got);
	return false;
}

static int
find_func(const char *s, size_t n)
{
	for (int f = 0; f < F_NFUNC; f++)
		if (word_ieq(s, n, fair__data_expr_func_name[f]))
			return f;
	return -1;
}

/* the items of a list node or the single literal @n as a list; NULL after an error */
static xnode *
as_list(parser *p, xnode *n)
{
	if (n == NULL || n->kind == N_LIST)
		return n;
	xnode *l = mk(p, N_LIST, n->pos);
	if (l == NULL || !add_kid(p, l, n)) {
		if (l == NULL)
			fair__data_expr_node_free(n);
		fair__data_expr_node_free(l);
		return NULL;
	}
	return l;
}

static bool
check_literals(parser *p, const xnode *l, bool allow_na, const char *where)
{
	for (size_t i = 0; i < l->nkid; i++) {
		const xnode *k = l->kid[i];
		if (k->kind == N_NA && !allow_na) {
			perr(p, k->pos, FAIR_EINVAL, "NA in %s never matches; test isna(x) instead", where);
			return false;
		}
		if (!is_literal(k)) {
			perr(p, k->pos, FAIR_EINVAL,
			     "%s holds literal values only (numbers, 'strings', true, false)", where);
			return false;
		}
	}
	return true;
}

static bool
option_bool(parser *p, xnode *v, const char *name, bool *out)
{
	if (v->kind != N_BOOL) {
		perr(p, v->pos, FAIR_EINVAL, "%s= takes true or false", name);
		return false;
	}
	*out = v->num != 0;
	return true;
}

/* cut(x, breaks [, labels] [, labels=...] [, right=bool] [, include_lowest=bool]) */
static bool
parse_cut(parser *p, xnode *call, size_t open)
{
	xnode *breaks = NULL, *labels = NULL;
	bool right = true, lowest = false, ok = false;
	int npos = 1;

	while (p->cur.t == K_COMMA) {
		next(p);
		tok t2 = peek(p);
		if (p->cur.t == K_IDENT && t2.t == K_ASSIGN) {
			const char *w = p->s + p->cur.pos;
			size_t wl = p->cur.end - p->cur.pos, at = p->cur.pos;
			next(p);
			next(p);
			xnode *v = parse_expr(p, P_CMP + 1);
			if (v == NULL)
				goto out;
			if (word_ieq(w, wl, "breaks") || word_ieq(w, wl, "labels")) {
				bool isb = word_ieq(w, wl, "breaks");
				if ((isb ? breaks : labels) != NULL) {
					perr(p, at, FAIR_EINVAL, "cut(): %s given twice", isb ? "breaks" : "labels");
					fair__data_expr_node_free(v);
					goto out;
				}
				if (isb)
					breaks = as_list(p, v);
				else
					labels = as_list(p, v);
				if ((isb ? breaks : labels) == NULL)
					goto out;
			} else if (word_ieq(w, wl, "right") || word_ieq(w, wl, "include_lowest")) {
				bool isr = word_ieq(w, wl, "right"), b;
				bool good = option_bool(p, v, isr ? "right" : "include_lowest", &b);
				fair__data_expr_node_free(v);
				if (!good)
					goto out;
				if (isr)
					right = b;
				else
					lowest = b;
			} else {
				char q[64];
				fair__data_expr_quote(q, sizeof q, w, wl);
				perr(p, at, FAIR_EINVAL,
				     "cut() has no option '%s' (options: breaks, labels, right, include_lowest)", q);
				fair__data_expr_node_free(v);
				goto out;
			}
			continue;
		}
		size_t at = p->cur.pos;
		xnode *v = parse_expr(p, 0);
		if (v == NULL)
			goto out;
		npos++;
		if (npos == 2 && breaks == NULL) {
			breaks = as_list(p, v);
		} else if (npos == 3 && labels == NULL) {
			labels = as_list(p, v);
		} else {
			fair__data_expr_node_free(v);
			perr(p, at, FAIR_EINVAL, "cut() takes x, breaks and labels; name the options (right=false)");
			goto out;
		}
		if (p->failed)
			goto out;
	}
	if (!expect(p, K_RP, "',' or ')' after an argument of cut()", open))
		goto out;
	if (breaks == NULL) {
		perr(p, call->pos, FAIR_EINVAL, "cut() needs breaks: cut(x, (0, 18, 65, inf))");
		goto out;
	}
	if (!check_literals(p, breaks, false, "the breaks of cut()"))
		goto out;
	if (breaks->nkid < 2) {
		perr(p, breaks->pos, FAIR_EINVAL, "cut() needs at least two breaks, got %zu", breaks->nkid);
		goto out;
	}
	for (size_t i = 0; i < breaks->nkid; i++) {
		const xnode *k = breaks->kid[i];
		if (k->kind != N_NUM) {
			perr(p, k->pos, FAIR_EINVAL, "the breaks of cut() are numbers");
			goto out;
		}
		if (i > 0 && !(k->num > breaks->kid[i - 1]->num)) {
			perr(p, k->pos, FAIR_EINVAL, "the breaks of cut() must increase strictly");
			goto out;
		}
	}
	if (labels != NULL) {
		if (!check_literals(p, labels, false, "the labels of cut()"))
			goto out;
		for (size_t i = 0; i < labels->nkid; i++)
			if (labels->kid[i]->kind != labels->kid[0]->kind ||
			    labels->kid[i]->kind == N_BOOL) {
				perr(p, labels->kid[i]->pos, FAIR_EINVAL,
				     "the labels of cut() are all strings or all numbers");
				goto out;
			}
		if (labels->nkid != breaks->nkid - 1) {
			perr(p, labels->pos, FAIR_EINVAL,
			     "cut() with %zu breaks needs %zu labels, got %zu", breaks->nkid,
			     breaks->nkid - 1, labels->nkid);
			goto out;
		}
	}
	if (!add_kid(p, call, breaks)) {
		breaks = NULL;
		goto out;
	}
	breaks = NULL;
	if (labels != NULL) {
		if (!add_kid(p, call, labels)) {
			labels = NULL;
			goto out;
		}
		labels = NULL;
	}
	call->flags |= (right ? 0 : XF_LEFT) | (lowest ? XF_LOWEST : 0);
	ok = true;
out:
	fair__data_expr_node_free(breaks);
	fair__data_expr_node_free(labels);
	return ok;
}

/* recode(x, KEY=VALUE, ..., else=VALUE); KEY a literal or a list of them */
static bool
parse_recode(parser *p, xnode *call, size_t open)
{
	xnode *els = NULL;
	bool ok = false;

	while (p->cur.t == K_COMMA) {
		next(p);
		tok t2 = peek(p);
		size_t at = p->cur.pos;
		if (p->cur.t == K_IDENT && t2.t == K_ASSIGN &&
		    word_ieq(p->s + p->cur.pos, p->cur.end - p->cur.pos, "else")) {
			next(p);
			next(p);
			xnode *v = parse_value(p, P_CMP + 1);
			if (v == NULL)
				goto out;
			if (els != NULL || !is_literal(v)) {
				perr(p, els ? at : v->pos, FAIR_EINVAL,
				     els ? "recode(): else= given twice" : "recode() values are literals");
				fair__data_expr_node_free(v);
				goto out;
			}
			if ((els = mk(p, N_NAMED, at)) == NULL || (els->str = strdup("else")) == NULL) {
				fair__data_expr_node_free(v);
				perr(p, at, FAIR_ENOMEM, "out of memory");
				goto out;
			}
			if (!add_kid(p, els, v))
				goto out;
			continue;
		}
		if (p->cur.t == K_IDENT || p->cur.t == K_QIDENT) {
			char q[64];
			fair__data_expr_quote(q, sizeof q, p->s + at, p->cur.end - at);
			perr(p, at, FAIR_EINVAL, "recode() keys are literals: write '%s'='...', not %s=...",
			     q, q);
			goto out;
		}
		xnode *key = parse_expr(p, P_CMP + 1);
		if (key == NULL)
			goto out;
		if (key->kind != N_LIST && !is_literal(key)) {
			perr(p, key->pos, FAIR_EINVAL, "recode() keys are literals or lists of literals");
			fair__data_expr_node_free(key);
			goto out;
		}
		if (key->kind == N_LIST && !check_literals(p, key, true, "a recode() key list")) {
			fair__data_expr_node_free(key);
			goto out;
		}
		if (!expect(p, K_ASSIGN, "'=' after a recode() key ('old'='new')", (size_t)-1)) {
			fair__data_expr_node_free(key);
			goto out;
		}
		xnode *v = parse_value(p, P_CMP + 1);
		if (v != NULL && !is_literal(v)) {
			perr(p, v->pos, FAIR_EINVAL, "recode() values are literals");
			fair__data_expr_node_free(v);
			v = NULL;
		}
		xnode *pair = v ? mk(p, N_PAIR, key->pos) : NULL;
		if (pair == NULL) {
			fair__data_expr_node_free(key);
			fair__data_expr_node_free(v);
			goto out;
		}
		if (!add_kid(p, pair, key)) {
			fair__data_expr_node_free(v);
			fair__data_expr_node_free(pair);
			goto out;
		}
		if (!add_kid(p, pair, v)) {
			fair__data_expr_node_free(pair);
			goto out;
		}
		if (!add_kid(p, call, pair))
			goto out;
	}
	if (!expect(p, K_RP, "',' or ')' after an argument of recode()", open))
		goto out;
	if (call->nkid < 2 && els == NULL) {
		perr(p, call->pos, FAIR_EINVAL, "recode() needs a mapping: recode(x, 'old'='new')");
		goto out;
	}
	if (els != NULL) {
		xnode *t = els;
		els = NULL;
		if (!add_kid(p, call, t))
			goto out;
	}
	ok = true;
out:
	fair__data_expr_node_free(els);
	return ok;
}

static xnode *
parse_call(parser *p, int f, size_t pos)
{
	xnode *n = mk(p, N_CALL, pos);
	size_t open;

	if (n == NULL)
		return NULL;
	n->op = (uint8_t)f;
	next(p);                       /* the name */
	open = p->cur.pos;
	next(p);                       /* ( */
	if (p->failed)
		goto fail;
	if (p->cur.t == K_RP) {
		perr(p, pos, FAIR_EINVAL, "%s() takes %s%d argument%s, got none", fair__data_expr_func_name[f],
		     func_args[f].max != func_args[f].min ? "at least " : "", func_args[f].min,
		     func_args[f].min == 1 ? "" : "s");
		goto fail;
	}
	if (!add_kid(p, n, parse_value(p, 0)))
		goto fail;
	if (f == F_CUT) {
		if (!parse_cut(p, n, open))
			goto fail;
		return n;
	}
	if (f == F_RECODE) {
		if (!parse_recode(p, n, open))
			goto fail;
		return n;
	}
	while (p->cur.t == K_COMMA) {
		next(p);
		if (!add_kid(p, n, parse_value(p, 0)))
			goto fail;
	}
	if (!expect(p, K_RP, "',' or ')' after a function argument", open))
		goto fail;
	if ((int)n->nkid < func_args[f].min || (func_args[f].max >= 0 && (int)n->nkid > func_args[f].max)) {
		if (func_args[f].max == func_args[f].min)
			perr(p, pos, FAIR_EINVAL, "%s() takes %d argument%s, got %zu", fair__data_expr_func_name[f],
			     func_args[f].min, func_args[f].min == 1 ? "" : "s", n->nkid);
		else if (func_args[f].max < 0)
			perr(p, pos, FAIR_EINVAL, "%s() takes at least %d arguments, got %zu",
			     fair__data_expr_func_name[f], func_args[f].min, n->nkid);
		else
			perr(p, pos, FAIR_EINVAL, "%s() takes %d to %d arguments, got %zu",
			     fair__data_expr_func_name[f], func_args[f].min, func_args[f].max, n->nkid);
		goto fail;
	}
	if (f == F_ROUND && n->nkid == 2) {
		const xnode *d = n->kid[1];
		if (d->kind != N_NUM || d->num != floor(d->num) || fabs(d->num) > 300) {
			perr(p, d->pos, FAIR_EINVAL, "round(): digits must be a whole number from -300 to 300");
			goto fail;
		}
	}
	return n;
fail:
	fair__data_expr_node_free(n);
	return NULL;
}

static xnode *
parse_prefix(parser *p)
{
	tok t = p->cur;
	xnode *n = NULL;
	char got[96];

	if (p->failed)
		return NULL;
	switch (t.t) {
	case K_MINUS: {
		next(p);
		xnode *k = parse_value(p, P_UNARY);
		if (k == NULL)
			return NULL;
		if (k->kind == N_NUM) {   /* a negative literal */
			k->num = -k->num;
			k->pos = (uint32_t)t.pos;
			return k;
		}
		if ((n = mk(p, N_NEG, t.pos)) == NULL || !add_kid(p, n, k)) {
			if (n == NULL)
				fair__data_expr_node_free(k);
			fair__data_expr_node_free(n);
			return NULL;
		}
		return n;
	}
	case K_PLUS:
		next(p);
		return parse_value(p, P_UNARY);
	case K_NOT: {
		next(p);
		xnode *k = parse_value(p, P_NOT);
		if (k == NULL)
			return NULL;
		if ((n = mk(p, N_NOT, t.pos)) == NULL || !add_kid(p, n, k)) {
			if (n == NULL)
				fair__data_expr_node_free(k);
			fair__data_expr_node_free(n);
			return NULL;
		}
		return n;
	}
	case K_LP: {
		next(p);
		xnode *k = parse_expr(p, 0);
		if (k == NULL)
			return NULL;
		if (k->kind == N_LIST) {
			perr(p, k->pos, FAIR_EINVAL, "lists do not nest");
			fair__data_expr_node_free(k);
			return NULL;
		}
		if (p->cur.t == K_COMMA) {
			if ((n = mk(p, N_LIST, t.pos)) == NULL || !add_kid(p, n, k)) {
				if (n == NULL)
					fair__data_expr_node_free(k);
				fair__data_expr_node_free(n);
				return NULL;
			}
			while (p->cur.t == K_COMMA) {
				next(p);
				if (!add_kid(p, n, parse_value(p, 0))) {
					fair__data_expr_node_free(n);
					return NULL;
				}
			}
			k = n;
		}
		if (!expect(p, K_RP, "')'", t.pos)) {
			fair__data_expr_node_free(k);
			return NULL;
		}
		return k;
	}
	case K_NUM:
	case K_INF:
		if ((n = mk(p, N_NUM, t.pos)) != NULL)
			n->num = t.num;
		next(p);
		return n;
	case K_TRUE:
	case K_FALSE:
		if ((n = mk(p, N_BOOL, t.pos)) != NULL)
			n->num = t.t == K_TRUE;
		next(p);
		return n;
	case K_NA:
		n = mk(p, N_NA, t.pos);
		next(p);
		return n;
	case K_STR:
		if ((n = mk(p, N_STR, t.pos)) != NULL && (n->str = decode(p, &t, &n->len)) == NULL) {
			fair__data_expr_node_free(n);
			return NULL;
		}
		next(p);
		return n;
	case K_IDENT:
	case K_QIDENT: {
		if (t.t == K_IDENT && peek(p).t == K_LP) {
			int f = find_func(p->s + t.pos, t.end - t.pos);
			if (f < 0) {
				char q[64], name[64];
				const char *best = NULL;
				size_t bd = 3;
				fair__data_expr_quote(q, sizeof q, p->s + t.pos, t.end - t.pos);
				snprintf(name, sizeof name, "%.*s", (int)(t.end - t.pos < 60 ? t.end - t.pos : 60),
				         p->s + t.pos);
				for (int g = 0; g < F_NFUNC; g++) {
					size_t d = fair__data_expr_distance(name, fair__data_expr_func_name[g], 2);
					if (d < bd) {
						bd = d;
						best = fair__data_expr_func_name[g];
					}
				}
				if (best != NULL)
					perr(p, t.pos, FAIR_EINVAL, "unknown function '%s' (did you mean '%s'?)", q, best);
				else
					perr(p, t.pos, FAIR_EINVAL,
					     "unknown function '%s' (functions: abs, ceil, coalesce, cut, exp, floor, if, "
					     "isna, log, lower, max, min, recode, round, sqrt, upper)", q);
				return NULL;
			}
			/* the arguments go through parse_expr, which bounds the depth */
			return parse_call(p, f, t.pos);
		}
		if ((n = mk(p, N_COL, t.pos)) == NULL)
			return NULL;
		if (t.t == K_QIDENT) {
			n->str = decode(p, &t, &n->len);
		} else {
			n->len = t.end - t.pos;
			if ((n->str = strndup(p->s + t.pos, n->len)) == NULL)
				perr(p, t.pos, FAIR_ENOMEM, "out of memory");
		}
		if (n->str == NULL || (n->col = column_ref(p, n->str, n->len, t.pos)) == (size_t)-1) {
			fair__data_expr_node_free(n);
			return NULL;
		}
		next(p);
		return n;
	}
	default:
		describe(p, &t, got, sizeof got);
		if (t.t == K_IN || t.t == K_AND || t.t == K_OR)
			perr(p, t.pos, FAIR_EINVAL, "expected a value before %s", got);
		else if (t.t == K_RP)
			perr(p, t.pos, FAIR_EINVAL, "expected a value, got ')'");
		else
			perr(p, t.pos, FAIR_EINVAL, "expected a value, got %s", got);
		return NULL;
	}
}

static int
infix_op(parser *p, int *prec)
{
	switch (p->cur.t) {
	case K_OR: *prec = P_OR; return B_OR;
	case K_AND: *prec = P_AND; return B_AND;
	case K_EQ: case K_ASSIGN: *prec = P_CMP; return B_EQ;
	case K_NE: *prec = P_CMP; return B_NE;
	case K_LT: *prec = P_CMP; return B_LT;
	case K_LE: *prec = P_CMP; return B_LE;
	case K_GT: *prec = P_CMP; return B_GT;
	case K_GE: *prec = P_CMP; return B_GE;
	case K_PLUS: *prec = P_ADD; return B_ADD;
	case K_MINUS: *prec = P_ADD; return B_SUB;
	case K_STAR: *prec = P_MUL; return B_MUL;
	case K_SLASH: *prec = P_MUL; return B_DIV;
	case K_PCT: *prec = P_MUL; return B_MOD;
	case K_CARET: *prec = P_POW; return B_POW;
	case K_IN: *prec = P_CMP; return 100;
	case K_NOT:
		if (peek(p).t == K_IN) {
			*prec = P_CMP;
			return 101;
		}
		return -1;
	default:
		return -1;
	}
}

static xnode *
parse_in(parser *p, xnode *lhs, bool neg)
{
	size_t pos = p->cur.pos;
	xnode *n = mk(p, N_IN, pos), *l = NULL;
	xnode **kid;

	if (n == NULL || !add_kid(p, n, lhs)) {
		if (n == NULL)
			fair__data_expr_node_free(lhs);
		fair__data_expr_node_free(n);
		return NULL;
	}
	n->flags = neg ? XF_NOT : 0;
	if (neg)
		next(p);
	next(p);                         /* in */
	if (p->cur.t != K_LP) {
		char got[96];
		describe(p, &p->cur, got, sizeof got);
		perr(p, p->cur.pos, FAIR_EINVAL, "expected '(' after 'in' (x in (a, b)), got %s", got);
		fair__data_expr_node_free(n);
		return NULL;
	}
	if ((l = as_list(p, parse_prefix(p))) == NULL || !check_literals(p, l, false, "an 'in' list") ||
	    (kid = realloc(n->kid, (1 + l->nkid) * sizeof *kid)) == NULL) {
		if (l != NULL && !p->failed)
			perr(p, pos, FAIR_ENOMEM, "out of memory");
		fair__data_expr_node_free(l);
		fair__data_expr_node_free(n);
		return NULL;
	}
	/* move the literals over (depth: literals are leaves) */
	memcpy(kid + 1, l->kid, l->nkid * sizeof *kid);
	n->kid = kid;
	n->nkid = 1 + l->nkid;
	l->nkid = 0;
	fair__data_expr_node_free(l);
	return n;
}

static xnode *
parse_expr(parser *p, int minprec)
{
	xnode *left;
	bool compared = false;

	if (p->rdepth >= FAIR_EXPR_MAX_DEPTH) {
		perr(p, p->cur.pos, FAIR_EINVAL, "expression nested too deeply (more than %d levels)",
		     FAIR_EXPR_MAX_DEPTH);
		return NULL;
	}
	p->rdepth++;
	left = parse_prefix(p);
	while (left != NULL && !p->failed) {
		int prec, op = infix_op(p, &prec);
		if (op < 0 || prec < minprec)
			break;
		if (left->kind == N_LIST) {
			perr(p, left->pos, FAIR_EINVAL,
			     "a list (a, b, ...) is only allowed after 'in' and in cut() or recode()");
			break;
		}
		if (prec == P_CMP && compared) {
			perr(p, p->cur.pos, FAIR_EINVAL,
			     "comparisons do not chain: write 'a < b and b < c'");
			break;
		}
		if (op >= 100) {
			left = parse_in(p, left, op == 101);
			compared = true;
			continue;
		}
		size_t pos = p->cur.pos;
		next(p);
		xnode *right = parse_value(p, op == B_POW ? P_POW : prec + 1);
		xnode *n = right ? mk(p, N_BIN, pos) : NULL;
		if (n == NULL) {
			fair__data_expr_node_free(right);
			break;
		}
		n->op = (uint8_t)op;
		if (!add_kid(p, n, left)) {
			left = NULL;
			fair__data_expr_node_free(right);
			fair__data_expr_node_free(n);
			break;
		}
		left = n;
		if (!add_kid(p, n, right))
			break;
		compared = prec == P_CMP;
	}
	p->rdepth--;
	if (p->failed) {
		fair__data_expr_node_free(left);
		return NULL;
	}
	return left;
}

fair_expr *
fair_expr_parse(const char *text, fair_error *err)
{
	parser p;
	fair_expr *e = NULL;
	size_t len;

	if (text == NULL) {
		fair_error_set(err, FAIR_EINVAL, "no expression");
		return NULL;
	}
	len = strnlen(text, (size_t)FAIR_EXPR_MAX_LEN + 1);
	if (len > FAIR_EXPR_MAX_LEN) {
		fair_error_set(err, FAIR_EINVAL, "expression is longer than %u bytes", FAIR_EXPR_MAX_LEN);
		return NULL;
	}
	memset(&p, 0, sizeof p);
	if ((e = calloc(1, sizeof *e)) == NULL || (e->text = strdup(text)) == NULL) {
		free(e);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	e->len = len;
	p.s = e->text;
	p.len = len;
	p.err = err;
	p.e = e;
	p.cur = lex(&p, 0);
	if (!p.failed && p.cur.t == K_EOF) {
		fair_error_set(err, FAIR_EINVAL, "empty expression");
		p.failed = true;
	}
	if (!p.failed)
		e->root = parse_value(&p, 0);
	if (!p.failed && p.cur.t != K_EOF) {
		char got[96];
		describe(&p, &p.cur, got, sizeof got);
		if (p.cur.t == K_RP)
			perr(&p, p.cur.pos, FAIR_EINVAL, "unmatched ')'");
		else
			perr(&p, p.cur.pos, FAIR_EINVAL, "expected an operator or the end, got %s", got);
	}
	free(p.names.slot);
	if (p.failed) {
		fair_expr_free(e);
		return NULL;
	}
	return e;
}

/* Frees what a binding holds (fair_expr_bind builds it, fair_expr_free and
 * a new binding end it). */
void
fair__data_expr_unbind(fair_expr *e)
{
	for (size_t k = 0; k < e->narena; k++)
		free(e->arena[k]);
	free(e->arena);
	e->arena = NULL;
	e->narena = e->carena = 0;
	for (size_t k = 0; k < e->nnotes; k++)
		free(e->notes[k]);
	free(e->notes);
	e->notes = NULL;
	e->nnotes = 0;
	if (e->cols != NULL)
		for (size_t k = 0; k < e->ncols; k++)
			fair_column_unref(e->cols[k]);
	free(e->cols);
	e->cols = NULL;
	free(e->coltypes);
	e->coltypes = NULL;
	free(e->prog.ins);
	memset(&e->prog, 0, sizeof e->prog);
	free(e->fprog.ins);
	memset(&e->fprog, 0, sizeof e->fprog);
	free(e->bprog.ins);
	memset(&e->bprog, 0, sizeof e->bprog);
	e->levels = NULL;
	e->nlevels = 0;
	e->bound = 0;
	e->type = T_NONE;
	e->nrows = 0;
}

void
fair_expr_free(fair_expr *e)
{
	if (e == NULL)
		return;
	fair__data_expr_unbind(e);
	fair__data_expr_node_free(e->root);
	for (size_t k = 0; k < e->ncols; k++)
		free(e->colnames[k]);
	free(e->colnames);
	free(e->colpos);
	free(e->text);
	free(e);
}

const char *fair_expr_text(const fair_expr *e) { return e->text; }
size_t fair_expr_ncolumns(const fair_expr *e) { return e->ncols; }
const char *fair_expr_column(const fair_expr *e, size_t k) { return k < e->ncols ? e->colnames[k] : NULL; }

/* ---- printing ---- */

void
fair__data_xbuf_init(xbuf *x)
{
	fair_buf_init(&x->b);
	x->rc = 0;
	x->loc = (locale_t)0;
}

char *
fair__data_xbuf_finish(xbuf *x)
{
	if (x->loc != (locale_t)0)
		freelocale(x->loc);
	x->loc = (locale_t)0;
	if (x->rc != 0) {
		fair_buf_release(&x->b);
		return NULL;
	}
	return fair_buf_detach(&x->b);
}

void fair__data_xputs(xbuf *x, const char *s) { x->rc |= fair_buf_puts(&x->b, s); }
void fair__data_xputc(xbuf *x, char c) { x->rc |= fair_buf_putc(&x->b, c); }
void fair__data_xadd(xbuf *x, const char *s, size_t n) { x->rc |= fair_buf_add(&x->b, s, n); }

void
fair__data_xnumber(xbuf *x, double v)
{
	char s[40];
	locale_t old;

	if (isinf(v)) {
		fair__data_xputs(x, v < 0 ? "-inf" : "inf");
		return;
	}
	if (x->loc == (locale_t)0 && (x->loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) == (locale_t)0) {
		x->rc = -1;
		return;
	}
	old = uselocale(x->loc);     /* this thread only: '.' as decimal point */
	for (int prec = 15; prec <= 17; prec++) {
		double y;
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (fair_csv_parse_double(s, strlen(s), &y) && memcmp(&v, &y, sizeof v) == 0)
			break;
	}
	uselocale(old);
	fair__data_xputs(x, s);
}

static void
print_string(xbuf *x, const char *s, size_t len)
{
	fair__data_xputc(x, '\'');
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' || c == '\'') {
			fair__data_xputc(x, '\\');
			fair__data_xputc(x, c);
		} else if (c == '\n') {
			fair__data_xputs(x, "\\n");
		} else if (c == '\t') {
			fair__data_xputs(x, "\\t");
		} else if (c == '\r') {
			fair__data_xputs(x, "\\r");
		} else {
			fair__data_xputc(x, c);
		}
	}
	fair__data_xputc(x, '\'');
}

static void
print_name(xbuf *x, const char *s, size_t len)
{
	bool bare = len > 0 && ident_start((unsigned char)s[0]) && !is_keyword(s, len);

	for (size_t i = 0; i < len && bare; i++)
		if (!ident_char((unsigned char)s[i]))
			bare = false;
	if (bare) {
		fair__data_xadd(x, s, len);
		return;
	}
	fair__data_xputc(x, '`');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '`')
			fair__data_xputc(x, '`');
		fair__data_xputc(x, s[i]);
	}
	fair__data_xputc(x, '`');
}

/* precedence of a node as an operand: atoms bind tightest */
static int
node_prec(const xnode *n)
{
	switch (n->kind) {
	case N_BIN: return bin_prec(n->op);
	case N_IN: return P_CMP;
	case N_NOT: return P_NOT;
	case N_NEG: return P_UNARY;
	case N_NUM: return signbit(n->num) ? P_UNARY : 100;
	default: return 100;
	}
}

/* A prefix operator ('-', 'not', a negative number) takes as its operand
 * everything that follows with a precedence at least its own (the parser
 * reads '-x ^ 2' as -(x ^ 2), 'not a == b' as not (a == b)), and can stand
 * wherever an operand can ('a + not b', '2 ^ -x'). So it needs parentheses
 * only when the operator printed right after it would be taken in. */
static bool
is_prefix(const xnode *n)
{
	return n->kind == N_NEG || n->kind == N_NOT || (n->kind == N_NUM && signbit(n->num));
}

enum { SIDE_LEFT, SIDE_RIGHT, SIDE_UNARY };

static void print_node(xbuf *x, const xnode *n, int rc);

/* @k is an operand of an operator of precedence @pp on @side; @rc is the
 * precedence of the operator printed right after k's text (0: none, a
 * comma or a closing parenthesis) */
static void
print_operand(xbuf *x, const xnode *k, int pp, int side, int rc)
{
	int pc = node_prec(k);
	bool par;

	if (is_prefix(k))
		par = rc >= pc;
	else
		par = pc < pp || (pc == pp && (pp == P_CMP || (pp == P_POW ? side == SIDE_LEFT : side == SIDE_RIGHT)));
	if (par)
		fair__data_xputc(x, '(');
	print_node(x, k, par ? 0 : rc);
	if (par)
		fair__data_xputc(x, ')');
}

static void
print_list(xbuf *x, xnode *const *kid, size_t n)
{
	fair__data_xputc(x, '(');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fair__data_xputs(x, ", ");
		print_node(x, kid[i], 0);
	}
	fair__data_xputc(x, ')');
}

static void
print_node(xbuf *x, const xnode *n, int rc)
{
	switch (n->kind) {
	case N_NUM: fair__data_xnumber(x, n->num); return;
	case N_STR: print_string(x, n->str, n->len); return;
	case N_BOOL: fair__data_xputs(x, n->num != 0 ? "true" : "false"); return;
	case N_NA: fair__data_xputs(x, "NA"); return;
	case N_COL: print_name(x, n->str, n->len); return;
	case N_NEG:
		/* "- -x", not "--x" */
		fair__data_xputs(x, n->kid[0]->kind == N_NEG || (n->kid[0]->kind == N_NUM && signbit(n->kid[0]->num)) ?
		              "- " : "-");
		print_operand(x, n->kid[0], P_UNARY, SIDE_UNARY, rc);
		return;
	case N_NOT:
		fair__data_xputs(x, "not ");
		print_operand(x, n->kid[0], P_NOT, SIDE_UNARY, rc);
		return;
	case N_BIN:
		print_operand(x, n->kid[0], bin_prec(n->op), SIDE_LEFT, bin_prec(n->op));
		fair__data_xputc(x, ' ');
		fair__data_xputs(x, bin_text[n->op]);
		fair__data_xputc(x, ' ');
		print_operand(x, n->kid[1], bin_prec(n->op), SIDE_RIGHT, rc);
		return;
	case N_IN:
		print_operand(x, n->kid[0], P_CMP, SIDE_LEFT, P_CMP);
		fair__data_xputs(x, n->flags & XF_NOT ? " not in " : " in ");
		print_list(x, n->kid + 1, n->nkid - 1);
		return;
	case N_LIST:
		print_list(x, n->kid, n->nkid);
		return;
	case N_PAIR:
		print_node(x, n->kid[0], 0);
		fair__data_xputc(x, '=');
		print_node(x, n->kid[1], 0);
		return;
	case N_NAMED:
		fair__data_xputs(x, n->str);
		fair__data_xputc(x, '=');
		print_node(x, n->kid[0], 0);
		return;
	case N_CALL:
		fair__data_xputs(x, fair__data_expr_func_name[n->op]);
		fair__data_xputc(x, '(');
		for (size_t i = 0; i < n->nkid; i++) {
			if (i > 0)
				fair__data_xputs(x, ", ");
			if (n->op == F_CUT && i == 2)
				fair__data_xputs(x, "labels=");
			print_node(x, n->kid[i], 0);
		}
		if (n->op == F_CUT && (n->flags & XF_LEFT))
			fair__data_xputs(x, ", right=false");
		if (n->op == F_CUT && (n->flags & XF_LOWEST))
			fair__data_xputs(x, ", include_lowest=true");
		fair__data_xputc(x, ')');
		return;
	default:
		x->rc = -1;
		return;
	}
}

char *
fair_expr_print(const fair_expr *e)
{
	xbuf x;

	if (e == NULL || e->root == NULL)
		return NULL;
	fair__data_xbuf_init(&x);
	print_node(&x, e->root, 0);
	return fair__data_xbuf_finish(&x);
}

static bool
node_equal(const xnode *a, const xnode *b)
{
	if (a->kind != b->kind || a->op != b->op || a->flags != b->flags || a->nkid != b->nkid ||
	    memcmp(&a->num, &b->num, sizeof a->num) != 0 || a->len != b->len)
		return false;
	if ((a->str == NULL) != (b->str == NULL) || (a->str && memcmp(a->str, b->str, a->len) != 0))
		return false;
	for (size_t i = 0; i < a->nkid; i++)
		if (!node_equal(a->kid[i], b->kid[i]))
			return false;
	return true;
}

bool
fair_expr_equal(const fair_expr *a, const fair_expr *b)
{
	return a != NULL && b != NULL && node_equal(a->root, b->root);
}
