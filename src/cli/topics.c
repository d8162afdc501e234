/* topics.c -- the texts of the `explain` topics of topics.h. */
/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "cli/topics.h"

static const struct {
	const char *name, *text;
} topics[] = {
	{ "decisions",
	  "Decisions made elsewhere are read from columns by audit, compare, report, plot\n"
	  "and check:\n"
	  "\n"
	  "  pred=COLUMN              predictions of the target, in the target's own labels\n"
	  "                           and with its positive=: after 'target y positive=0' a\n"
	  "                           prediction of 0 is a positive decision. Categories must\n"
	  "                           be the target's labels; numbers the target's values; a\n"
	  "                           0/1 condition beside a categorical target means 1 = the\n"
	  "                           positive class. Anything else is an error that names\n"
	  "                           the values found.\n"
	  "  pred=COLUMN positive=V,...  categorical decisions: these values are positive,\n"
	  "                           the others negative (pred=score_text positive=Medium,High).\n"
	  "  score=COLUMN threshold=T a score of any range: T or more is a positive decision;\n"
	  "    [direction=lower]      with direction=lower, T or less.\n"
	  "  pred=COLUMN score=COLUMN decisions from pred, the score for AUC and calibration.\n"
	  "\n"
	  "AUC is computed for any score, the calibration table only for scores in [0, 1].\n"
	  "A decision can also be made into a column first: derive high = decile_score >= 5,\n"
	  "then audit pred=high. The audit's title says how the decisions were read.\n"
	  "ProPublica's COMPAS analysis: share/fairsh/examples/05-propublica-compas.fsh." },
	{ "expressions",
	  "derive NAME = EXPRESSION makes a column, filter EXPRESSION keeps rows. An expression\n"
	  "is a formula over the columns: numbers, 'strings', column names (`odd-name` in\n"
	  "backticks), + - * / % ^, comparisons, and or not, x in (a, b), if(c, a, b),\n"
	  "cut(x, (0, 25, 45, inf), labels=('a', 'b', 'c')), recode(x, 'a'='b', else='c'),\n"
	  "coalesce, isna, abs, sqrt, exp, log, round, floor, ceil, min, max, lower, upper.\n"
	  "A missing value propagates; and/or are three-valued as in SQL; a filter keeps the\n"
	  "rows where the condition is true (not false, not missing). Errors point at the\n"
	  "place with a caret and suggest the nearest column. See EXPRESSIONS in the manual." },
	{ "favorable",
	  "The positive class of the statistics need not be the outcome that is good for the\n"
	  "person. 'target two_year_recid positive=1 favorable=0' says that being predicted\n"
	  "positive (flagged as likely to reoffend) is bad for the person: the decision is\n"
	  "punitive and the error that hurts is a false positive, so watch the false positive\n"
	  "rates. With favorable= the positive class (a loan, a job) the decision is\n"
	  "assistive and the error that hurts is a false negative: watch the false negative\n"
	  "rates. The audit's plain-language verdicts then start with that error and the\n"
	  "groups where it is most and least frequent. AIF360 calls this the favorable label;\n"
	  "Aequitas' fairness tree asks whether an intervention is punitive or assistive." },
	{ "fairness-tree",
	  "Aequitas' fairness tree picks the disparity that matters for a decision:\n"
	  "\n"
	  "  representation (who is selected; favorable= unset): PPREV parity when each\n"
	  "    group should be selected in proportion to its size, PPR parity when every\n"
	  "    group should make up an equal share of those selected.\n"
	  "  punitive (favorable= the negative class; the errors that hurt are false\n"
	  "    positives): FPR parity when the intervention reaches many of the people it\n"
	  "    could, FDR parity when it is taken on a small selected share.\n"
	  "  assistive (favorable= the positive class; the errors that hurt are false\n"
	  "    negatives): FNR parity when the help can reach most of those in need, FOR\n"
	  "    parity when only a small share can be helped.\n"
	  "\n"
	  "A group is in parity on a figure when limit <= figure / reference's figure <=\n"
	  "1 / limit (set fairness.limit 0.8, or per figure: set fairness.limit.fpr 0.9).\n"
	  "'bias' reports every attribute this way; 'audit ... disparity=FIGURES' adds the\n"
	  "same comparison to an audit. Both end with this guidance for the session's target." },
};

const char *
cli_topic_text(const char *name)
{
	for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++)
		if (!strcmp(topics[i].name, name))
			return topics[i].text;
	return NULL;
}

const char *
cli_topic_names(void)
{
	return "decisions expressions favorable fairness-tree";
}
