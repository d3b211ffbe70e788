// SPDX-License-Identifier: GPL-2.0-only
/*
 * batch and shell: many commands in one session (one iommufd), because the
 * kernel destroys every iommufd object when the descriptor is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>
#include <json.h>

#include "cmd.h"
#include "error.h"
#include "objects.h"
#include "output.h"
#include "privs.h"
#include "session.h"
#include "tokenize.h"

#define BATCH_MAX_LINE (1u << 20)	/* one logical line: far beyond any command */

struct line_reader {
	FILE *f;
	const char *name;
	int lineno;		/* physical line of the last read */
	bool interactive;
};

/* Read one physical line (without the newline) into *buf. -1 at EOF. */
static ssize_t read_physical(struct line_reader *r, char **buf, size_t *cap, bool more)
{
	ssize_t n;

	if (r->interactive) {
		char *l = readline(more ? "... " : "iommuctl> ");

		if (!l)
			return -1;
		free(*buf);
		*buf = l;
		*cap = strlen(l) + 1;
		r->lineno++;
		return (ssize_t)strlen(l);
	}
	n = getline(buf, cap, r->f);
	if (n < 0)
		return -1;
	r->lineno++;
	if (n && (*buf)[n - 1] == '\n')
		(*buf)[--n] = '\0';
	return n;
}

/* Objects may not start sessions of their own inside a session. */
static bool nests_session(const char *word)
{
	return !strcmp(word, "batch") || !strcmp(word, "shell");
}

static char *join_words(int argc, char **argv)
{
	size_t n = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	s = malloc(n);
	if (!s)
		return NULL;
	p = s;
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	*p = '\0';
	return s;
}

struct batch_state {
	bool force;
	bool interactive;
	struct json_object *entries;	/* JSON mode, batch only */
	int commands, failed, first_rc;
	int failed_lines[16];
};

/* Run one tokenized command; record its JSON entry. */
static int run_one(struct batch_state *st, int line, struct tokens *t)
{
	struct json_object *doc, *entry, *err = NULL;
	char *text;
	int rc;

	if (nests_session(t->argv[0]))
		rc = err_usage("'%s' cannot be used inside a batch or shell session",
			       t->argv[0]);
	else {
		privs_batch_line(line);
		rc = run_command(t->argc, t->argv);
	}

	st->commands++;
	if (rc) {
		if (st->failed < (int)(sizeof(st->failed_lines) / sizeof(int)))
			st->failed_lines[st->failed] = line;
		st->failed++;
		if (!st->first_rc)
			st->first_rc = rc;
	}
	if (!out_json())
		return rc;
	if (st->interactive) {	/* the shell prints each document at once */
		out_end();
		out_begin();
		return rc;
	}
	doc = out_take();
	out_begin();
	entry = json_object_new_object();
	json_object_object_add(entry, "line", json_object_new_int(line));
	text = join_words(t->argc, t->argv);
	json_object_object_add(entry, "command", json_object_new_string(text ? text : ""));
	free(text);
	if (doc && json_object_object_get_ex(doc, "error", &err)) {
		json_object_get(err);
		json_object_object_del(doc, "error");
	}
	if (doc && json_object_object_length(doc))
		json_object_object_add(entry, "output", doc);
	else
		json_object_put(doc);
	if (err)
		json_object_object_add(entry, "error", err);
	json_object_array_add(st->entries, entry);
	return rc;
}

/* A line that cannot be split into words: a usage error of its own. */
static int line_error(struct batch_state *st, int line, const char *why)
{
	int rc = err_usage("%s", why);

	st->commands++;
	if (st->failed < (int)(sizeof(st->failed_lines) / sizeof(int)))
		st->failed_lines[st->failed] = line;
	st->failed++;
	if (!st->first_rc)
		st->first_rc = rc;
	if (out_json() && !st->interactive) {
		struct json_object *e = json_object_new_object(), *doc = out_take();
		struct json_object *eo = NULL;

		out_begin();
		json_object_object_add(e, "line", json_object_new_int(line));
		if (doc && json_object_object_get_ex(doc, "error", &eo))
			json_object_object_add(e, "error", json_object_get(eo));
		json_object_put(doc);
		json_object_array_add(st->entries, e);
	} else if (out_json()) {
		out_end();
		out_begin();
	}
	return rc;
}

static int run_lines(struct line_reader *r, struct batch_state *st)
{
	char *phys = NULL, *logical = NULL;
	size_t cap = 0, llen = 0;
	int start = 0, stop_rc = 0;
	ssize_t n;

	while ((n = read_physical(r, &phys, &cap, llen > 0)) >= 0) {
		struct tokens t;
		const char *why = "";
		enum tok_status ts;
		char *grown;

		if (!llen)
			start = r->lineno;
		if (llen + (size_t)n + 2 > BATCH_MAX_LINE) {
			err_set_line(r->name, start);
			stop_rc = err_usage("line %d: command longer than %u bytes", start,
					    BATCH_MAX_LINE);
			break;
		}
		grown = realloc(logical, llen + (size_t)n + 2);
		if (!grown) {
			stop_rc = err_fail("out of memory reading line %d", start);
			break;
		}
		logical = grown;
		if (llen)
			logical[llen++] = '\n';
		memcpy(logical + llen, phys, (size_t)n);
		llen += (size_t)n;
		logical[llen] = '\0';

		if (r->interactive && n)
			add_history(phys);

		ts = tokenize(logical, llen, &t, &why);
		if (ts == TOK_CONTINUE)
			continue;
		llen = 0;
		err_set_line(r->name, start);
		if (ts != TOK_OK) {
			int rc = line_error(st, start, why);

			if (!st->force && !st->interactive) {
				stop_rc = rc;
				break;
			}
			continue;
		}
		if (!t.argc) {
			tokens_free(&t);
			continue;
		}
		int rc = run_one(st, start, &t);

		tokens_free(&t);
		if (rc && !st->force && !st->interactive) {
			stop_rc = rc;
			break;
		}
	}
	if (n < 0 && llen) {	/* input ended inside a quote or continuation */
		struct tokens t;
		const char *why = "unterminated line";

		if (tokenize(logical, llen, &t, &why) == TOK_OK)
			tokens_free(&t);
		err_set_line(r->name, start);
		stop_rc = line_error(st, start, why);
	}
	err_set_line(NULL, 0);
	free(phys);
	free(logical);
	return stop_rc;
}

static void report_stop(struct line_reader *r, struct batch_state *st, int stop_rc)
{
	if (out_json())
		return;
	out_flush();
	if (stop_rc && !st->force) {
		fprintf(stderr, "iommuctl: batch stopped at %s line %d after %d command(s)",
			r->name, st->failed_lines[0] ? st->failed_lines[0] : r->lineno,
			st->commands);
		if (session_count()) {
			fprintf(stderr, "; objects created before it (destroyed on exit):\n");
			for (struct sobj *o = session_objects(); o; o = o->next)
				fprintf(stderr, "  %s %u%s%s: %s\n", sobj_kind_name(o->kind), o->id,
					o->name[0] ? " " : "", o->name, o->what);
		} else {
			fprintf(stderr, "\n");
		}
	} else if (st->failed) {
		fprintf(stderr, "iommuctl: batch: %d command(s), %d failed (line", st->commands,
			st->failed);
		for (int i = 0; i < st->failed && i < 16; i++)
			fprintf(stderr, "%s %d", i ? "," : "", st->failed_lines[i]);
		fprintf(stderr, "%s)\n", st->failed > 16 ? ", …" : "");
	} else if (!opts.quiet && !st->interactive) {
		fprintf(stderr, "iommuctl: batch: %d command(s) ok\n", st->commands);
	}
}

static bool collecting;

bool batch_running(void)
{
	return collecting;
}

int do_batch(int argc, char **argv)
{
	struct batch_state st = { 0 };
	struct line_reader r = { 0 };
	const char *file = NULL;
	int rc;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "--force") || !strcmp(argv[0], "force"))
			st.force = true;
		else if (file)
			return err_usage("batch: unexpected argument '%s' (one FILE only)", argv[0]);
		else
			file = argv[0];
	}
	if (!file)
		return err_usage("batch: missing FILE (use - for standard input)");
	if (!strcmp(file, "-")) {
		r.f = stdin;
		r.name = "<stdin>";
	} else {
		r.f = fopen(file, "r");
		if (!r.f)
			return err_errno(EXIT_FAILED, "open", errno, "batch file '%s'", file);
		r.name = file;
	}
	privs_plan_file(r.f);	/* what each line and the lines after it need */
	if (out_json())
		st.entries = json_object_new_array();
	collecting = st.entries != NULL;
	rc = run_lines(&r, &st);
	collecting = false;
	if (r.f != stdin)
		fclose(r.f);
	report_stop(&r, &st, rc);
	session_end();
	if (out_json())
		out_set_root(st.entries);
	return st.first_rc;
}

int do_shell(int argc, char **argv)
{
	struct batch_state st = { .interactive = true };
	struct line_reader r = { .f = stdin, .name = "<shell>" };

	(void)argv;
	if (argc)
		return err_usage("shell takes no arguments");
	r.interactive = isatty(STDIN_FILENO);
	if (!r.interactive) {
		/* Piped into a shell: behave like a forced batch, one document a line. */
		st.force = true;
	}
	json_object_put(out_take());	/* each command prints its own document */
	out_begin();
	run_lines(&r, &st);
	if (r.interactive)
		fputc('\n', stdout);
	json_object_put(out_take());	/* the empty document after the last line */
	session_end();
	return st.failed ? st.first_rc : 0;
}
