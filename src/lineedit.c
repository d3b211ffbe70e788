// SPDX-License-Identifier: GPL-2.0-only
/* libedit on demand: see lineedit.h. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

#include "lineedit.h"

#ifndef LIBEDIT_SONAME
#define LIBEDIT_SONAME "libedit.so.2"	/* Debian's libedit2 */
#endif

static char *(*ed_readline)(const char *prompt);
static int (*ed_add_history)(const char *line);
static int loaded;	/* 0: not tried; 1: loaded; -1: not there */

bool lineedit_ready(void)
{
	void *h;

	if (loaded)
		return loaded > 0;
	loaded = -1;
	h = dlopen(LIBEDIT_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "iommuctl: shell: no line editing or history: %s\n", dlerror());
		return false;
	}
	/* POSIX's way to take a function from dlsym's void * */
	*(void **)&ed_readline = dlsym(h, "readline");
	*(void **)&ed_add_history = dlsym(h, "add_history");
	if (!ed_readline || !ed_add_history) {
		fprintf(stderr, "iommuctl: shell: no line editing or history: %s lacks "
			"readline or add_history\n", LIBEDIT_SONAME);
		dlclose(h);
		return false;
	}
	loaded = 1;
	return true;
}

char *lineedit_read(const char *prompt)
{
	return ed_readline(prompt);
}

void lineedit_history(const char *line)
{
	if (loaded > 0)
		ed_add_history(line);
}
