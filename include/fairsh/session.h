/* session.h -- the workbench: named sessions, each a dataset with its audit
 * set-up (target, sensitive attribute, features, filters, split) and the
 * models trained on it. Core only: no terminal output. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_SESSION_H
#define FAIRSH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "fairsh/error.h"
#include "fairsh/frame.h"

struct fair_target;
struct fair_groups;
struct fair_filter;
struct fair_model;

/* Which rows an operation uses. */
enum fair_on { FAIR_ON_TEST = 0, FAIR_ON_TRAIN, FAIR_ON_ALL, FAIR_ON_CALIB };

typedef struct fair_session {
	char        *name;
	fair_frame  *frame;            /* current data (grows by prediction columns) */
	char        *source;           /* path, or "demo:loans n=5000 bias=1 seed=1" */
	char        *path;             /* absolute path of a loaded file, NULL for demo data */
	/* target */
	struct fair_target *target;    /* NULL until `target` */
	char        *target_spec;      /* the command words that set it, for history/save */
	/* sensitive attribute */
	struct fair_groups *groups;    /* NULL until `sensitive` */
	char        *sensitive_spec;
	/* features: the spec of `features` ("all", "all-except=A,B" or
	 * "A,B,C"; NULL means "all"), resolved against the current roles when
	 * a model is trained (fair_session_features); for a list, its column
	 * indices into frame (else NULL) */
	size_t      *features;
	size_t       nfeatures;
	char        *features_spec;
	/* filters (AND) and the resulting row mask */
	struct fair_filter **filters;
	size_t       nfilters;
	unsigned char *keep;           /* nrows, 1 = kept; NULL = all rows kept */
	/* split */
	unsigned char *split;          /* nrows, FAIR_SPLIT_*; NULL = no split */
	char        *split_spec;
	char        *split_column;     /* `split column=COL`: never a feature */
	char       **derived;          /* columns added by `predict`: never features */
	size_t       nderived;
	/* columns made by `derive NAME = EXPRESSION`, in the order of their last
	 * definition: names and formulas in canonical form */
	char       **formula_names;
	char       **formulas;
	size_t       nformulas;
	/* `weights COLUMN`: the sample (survey or importance) weights every
	 * audit, `describe` and training read; NULL = none */
	char        *weights;
	/* models */
	struct fair_model **models;
	size_t       nmodels, capmodels;
	/* the audit cache (below): bumped and emptied by fair_session_changed */
	unsigned long setup_gen;
	struct fair_session_cache *cache;
	/* attached to a database table (`attach`) instead of loaded: the
	 * connection, the SQL of its rows and the set-up the pushdown audit
	 * turns into SQL (fairsh/db.h); frame then has the table's columns and
	 * no rows. NULL for a loaded session. */
	struct fair_db       *db;
	char                 *db_sql;
	struct fair_db_setup *db_setup;
	/* attached to a CSV file (`attach FILE`): its path; audits stream it
	 * with db_setup as the set-up (db is then NULL). NULL otherwise. Its
	 * reading options, as fair_csv_opts has them (0, NULL, false: the
	 * defaults). */
	char                 *stream_path;
	/* attached: the rows read by the last audit and those its filters kept
	 * (a database counts only the kept ones: both are those) */
	size_t                db_rows, db_kept;
	char                  stream_delim;
	char                 *stream_na;
	bool                  stream_skip_bad;
} fair_session;

typedef struct fair_workbench {
	fair_session **sessions;
	size_t         n, cap;
	long           current;        /* index or -1 */
} fair_workbench;

fair_workbench *fair_workbench_new(void);
void            fair_workbench_free(fair_workbench *wb);
/* Adds @s (takes ownership) and makes it current; fails when the name is taken. */
int             fair_workbench_add(fair_workbench *wb, fair_session *s, fair_error *err);
fair_session   *fair_workbench_current(const fair_workbench *wb);       /* borrowed or NULL */
fair_session   *fair_workbench_find(const fair_workbench *wb, const char *name);
int             fair_workbench_use(fair_workbench *wb, const char *name, fair_error *err);
int             fair_workbench_close(fair_workbench *wb, const char *name, fair_error *err);
/* A session name not yet used, derived from @base ("adult", "adult2", ...); caller frees. */
char           *fair_workbench_unique_name(const fair_workbench *wb, const char *base);

/* Returns a new session over @frame (takes a new reference). */
fair_session *fair_session_new(const char *name, fair_frame *frame, const char *source,
                               fair_error *err);
void          fair_session_free(fair_session *s);

/* Replaces the session frame (e.g. with prediction columns added); takes a
 * new reference to @frame, which must have the same rows. */
int           fair_session_set_frame(fair_session *s, fair_frame *frame, fair_error *err);

/* `derive NAME = EXPRESSION`: binds @e (parsed by the caller; its notes,
 * fair_expr_note, are then those of this binding) to the session's data,
 * evaluates it on every row into column @name (doc/expressions.md: numbers
 * and conditions give numeric columns, text a categorical one) and adds
 * it, or replaces the derived column of that name. The session keeps the
 * formula (canonical text), not the values: saving stores the formula and
 * opening computes it again. Errors, with nothing changed: FAIR_EINVAL
 * for an empty name, a column of that name loaded or made by `predict`, a
 * formula that reads @name itself, or redefining a column that the set-up
 * (target, sensitive attribute, a filter, the features, the split column,
 * another formula) uses or while the session has models ("column 'x' is
 * the target; derive a new name"); the errors of fair_expr_bind
 * ("position N: ..."); FAIR_ENOMEM. */
struct fair_expr;
int           fair_session_derive(fair_session *s, const char *name, struct fair_expr *e,
                                  fair_error *err);
/* The formula of derived column @name (canonical text, borrowed), or NULL
 * when @name is not a derived column. */
const char   *fair_session_formula(const fair_session *s, const char *name);

/* Rows where derived column @name is missing although every column its
 * formula reads has a value there: missing values the formula itself made
 * (a division by zero, an overflow, log or sqrt outside their domain, a
 * value outside the bands of cut, NA written in the formula). 0 for a
 * column that is not derived. */
size_t        fair_session_formula_made_missing(const fair_session *s, const char *name);

/* Number of rows kept by the filters. */
size_t        fair_session_nkept(const fair_session *s);
/* The session's rows: the frame's, or an attached session's as its last
 * audit counted them (db_rows; 0 before). */
size_t        fair_session_nrows(const fair_session *s);
/* Its columns, derived ones included (an attached session's derived
 * columns are computed when audited). */
size_t        fair_session_ncols(const fair_session *s);
/* Its filters (`filter EXPR`): how many, and the text of filter @i as the
 * session keeps it (an attached session's in canonical form). */
size_t        fair_session_nfilters_text(const fair_session *s);
const char   *fair_session_filter_str(const fair_session *s, size_t i);

/* Row indices used for @on (kept rows with a known target and group where
 * those are set; no split: every kept row). Returns a malloc'd array (caller
 * frees) and its length in *n; NULL with *n = 0 and an error when empty. */
size_t       *fair_session_rows(const fair_session *s, int on, size_t *n, fair_error *err);

/* The feature columns a model trained now would use: the `features` spec
 * resolved against the current roles, whatever the order of the set-up
 * commands. Never a target (@targets, or the session's target when NULL),
 * the split column or prediction columns (the last two unless listed);
 * sensitive columns only when listed by name or with @use_sensitive.
 * A new array of *@ncols column indices (caller frees); listed columns left
 * out are named in @note (may be NULL). Errors as fair_features_resolve,
 * and "no feature columns left". */
struct fair_buf;
int  fair_session_features(const fair_session *s, const char *const *targets, size_t ntargets, bool use_sensitive,
                           size_t **cols, size_t *ncols, struct fair_buf *note, fair_error *err);
/* True when @name is one of the sensitive columns. */
bool fair_session_is_sensitive(const fair_session *s, const char *name);

/* `weights COLUMN` (NULL = none): checks that @column is a numeric column
 * of the data whose every value is finite and >= 0, with a positive sum
 * over the kept rows, and makes it the session's sample weights. Errors
 * (FAIR_ENOTFOUND, FAIR_EINVAL), with nothing changed: unknown column, a
 * categorical column, the target or a sensitive column, a missing,
 * negative or infinite value (naming the first row, 1-based), weights
 * that are all zero. */
int  fair_session_set_weights(fair_session *s, const char *column, fair_error *err);
/* The session's weights over every row of the frame (borrowed), or NULL
 * when none are set. */
const double *fair_session_weights(const fair_session *s);

/* Model registry (the session owns its models). */
int                fair_session_add_model(fair_session *s, struct fair_model *m, fair_error *err);
struct fair_model *fair_session_find_model(const fair_session *s, const char *name);
int                fair_session_remove_model(fair_session *s, const char *name, fair_error *err);

/* ---- the audit cache ------------------------------------------------------
 * What every audit of one set-up would compute again: the rows of each on=,
 * the groups among them, and the decisions (per-row predictions and scores)
 * of each model or decision rule. The session owns it; like the session it
 * is used by the main thread only (a job works on its own snapshot and
 * never sees a session).
 *
 * The invalidation point: whatever changes what an audit reads from the
 * session -- the target (and its positive class), the sensitive attribute,
 * filters, the split, the frame (derive, predict), sample weights -- calls
 * fair_session_changed(s) afterwards. It bumps s->setup_gen and frees every
 * entry. The functions of this header that change the session call it
 * themselves; code that assigns the fields (the shell's set-up commands)
 * calls it, and the shell calls it after every command that is not known
 * to leave the set-up alone. A decision made by a model is keyed by the
 * model itself (the cache holds a reference, so a model retrained under
 * the same name never meets the old one's entry) and by the key text,
 * which must name everything else it depends on (on=, the threshold
 * setting). A new kind of cached input (weights, controls) goes into
 * struct fair_session_cache (session-cache.c) and is freed by
 * fair_session_changed like the rest. */
void fair_session_changed(fair_session *s);

/* The rows of @on (fair_session_rows) and the groups among them
 * (fair_groups_restrict of the session's groups), made once per set-up. */
typedef struct fair_session_rowset {
	const size_t *rows;        /* NULL when every row of the frame is used, in order */
	size_t        nrows;
	const struct fair_groups *groups;   /* the groups with rows here, renumbered;
	                                     * NULL without a sensitive attribute */
	const char   *dropped;     /* the groups left out ("a, b"), or NULL */
	size_t        ndropped;
} fair_session_rowset;

/* *@out (borrowed, valid until fair_session_changed) for @on; errors as
 * fair_session_rows and fair_groups_restrict. Without a sensitive attribute
 * only the rows are made (groups NULL): `bias by=` brings its own. */
int fair_session_rowset_get(fair_session *s, int on, const fair_session_rowset **out, fair_error *err);

/* Cached decisions: yhat and score over the frame's rows (NaN where not
 * computed), whether the score is a probability, and how the decisions
 * were read (NULL for a model). */
typedef struct fair_session_decision {
	double *yhat;
	double *score;             /* or NULL */
	bool    prob;
	char   *rule;              /* or NULL */
} fair_session_decision;

/* The entry of model @m (NULL for decisions read from columns) under @key,
 * or NULL. Borrowed, valid until the next fair_session_decision_put or
 * fair_session_changed. */
const fair_session_decision *fair_session_decision_find(fair_session *s, const struct fair_model *m,
                                                        const char *key);
/* Stores an entry (taking @yhat, @score and @rule, which it frees on
 * failure) and returns it (borrowed as above). The cache keeps the most
 * recently used entries within FAIR_SESSION_DECISIONS entries and half
 * the frame's decoded size or 64 MB, the larger (always the newest one;
 * a decision equal to a numeric column shares the column, costing
 * nothing). */
#define FAIR_SESSION_DECISIONS 8
const fair_session_decision *fair_session_decision_put(fair_session *s, struct fair_model *m, const char *key,
                                                       double *yhat, double *score, bool prob, char *rule,
                                                       fair_error *err);
/* Bytes held by the cache (for `sessions` and the benchmark). */
size_t fair_session_cache_bytes(const fair_session *s);

/* ---- saving and opening (the `save` and `open` commands) ------------------
 * Sessions to and from the parameter tree (fairsh/param.h); src/json turns
 * the tree into the JSON file, the shell adds its settings. */
struct fair_param;

/* Exports the current session's name ("current") and every session
 * ("sessions": data source and checksums, set-up, split, prediction
 * columns, models) into the OBJECT @root; the number of models saved goes
 * to *nmodels. Errors (FAIR_EIO when a data file cannot be read for its
 * checksum, FAIR_EINVAL for a model that cannot be saved, FAIR_ENOMEM) name
 * the session: "session 'adult': ...". */
int fair_workbench_export(const fair_workbench *wb, struct fair_param *root, size_t *nmodels,
                          fair_error *err);
/* A new workbench from a tree made by fair_workbench_export: each session's
 * data read again (a file must have the same SHA-256; CSV reads keep under
 * @memory_limit bytes, 0 = none), its set-up re-applied and checked, its
 * models imported; the saved current session made current. @file names the
 * saved file in messages. NULL with @err, and nothing half-built is left. */
fair_workbench *fair_workbench_import(const struct fair_param *root, const char *file, size_t memory_limit,
                                      size_t *nmodels, fair_error *err);

/* One session of those (the OBJECT @out / @o). */
int           fair_session_export(const fair_session *s, struct fair_param *out, fair_error *err);
fair_session *fair_session_import(const struct fair_param *o, const char *file, size_t memory_limit,
                                  fair_error *err);
/* The two halves of fair_session_import: the data read again and checked
 * against the saved fingerprint (new frame, caller unrefs), and a session
 * over @f (referenced) with the saved prediction columns, set-up and
 * models, without reading any file (what the session fuzzer exercises). */
fair_frame   *fair_session_import_data(const struct fair_param *o, const char *file, size_t memory_limit,
                                       fair_error *err);
fair_session *fair_session_import_frame(const struct fair_param *o, fair_frame *f, fair_error *err);

#endif
