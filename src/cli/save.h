/* save.h -- the workbench file's format name and version, shared by `save`
 * (cmd-save.c) and `open` (cmd-open.c). The file is JSON (json/param.h) of
 * a parameter tree (fairsh/param.h). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_SAVE_H
#define FAIRSH_CLI_SAVE_H

#define CLI_SAVE_FORMAT  "fairsh-workbench"
#define CLI_SAVE_VERSION 1

#endif
