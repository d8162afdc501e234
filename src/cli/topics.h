/* topics.h -- `explain` topics that are neither metrics, figures, methods
 * nor conventions: how decisions are read from columns, the expression
 * language, the favourable outcome. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_TOPICS_H
#define FAIRSH_CLI_TOPICS_H

#include <stddef.h>

/* The text of topic @name (static), or NULL. */
const char *cli_topic_text(const char *name);
/* The names of the topics, space-separated (static). */
const char *cli_topic_names(void);

#endif
