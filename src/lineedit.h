/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Line editing and history for the interactive shell: libedit, loaded when
 * a shell on a terminal first prompts, not linked. Every other command (a
 * batch, a one-shot decode) then starts without loading libedit and the
 * libraries it pulls in (libtinfo, libbsd, libmd): they were most of the
 * dynamic loader's work at startup (bench/README). Without libedit the
 * shell still prompts and reads plain lines, and says why once.
 */
#ifndef IOMMUCTL_LINEEDIT_H
#define IOMMUCTL_LINEEDIT_H

#include <stdbool.h>

/* libedit is there (loaded on the first call); false: it is not, and why
 * was said once on stderr. The caller then prompts and reads plain lines. */
bool lineedit_ready(void);
/* With libedit ready: a line typed after prompt, without its newline,
 * malloc'd; NULL at the end of input. */
char *lineedit_read(const char *prompt);
/* Remember a line for the history (nothing without libedit). */
void lineedit_history(const char *line);

#endif
