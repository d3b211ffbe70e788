// SPDX-License-Identifier: GPL-2.0-only
/*
 * batch and shell: many commands in one session (one iommufd), because the
 * kernel destroys every iommufd object when the descriptor is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "cmd.h"
#include "error.h"
#include "lineedit.h"
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
	char *line;		/* the line editor's or getline's line */
	size_t line_cap;
	/* a regular file: read ahead in blocks, lines handed out in place */
	bool blocks;
	bool eof;
	int error;		/* the reader's own failure (ENOMEM), not the file's */
	char *buf;
	size_t cap, start, end;	/* the unread bytes: buf[start..end) */
};

#define READ_BLOCK (1u << 16)

/* The next line of a regular file, in the block buffer (its newline made a
 * NUL); -1 at the end or on a read error (ferror tells). Lines are not
 * copied out, and the file is read a block at a time, not a line a call. */
static ssize_t read_block_line(struct line_reader *r, char **line)
{
	if (!r->buf) {
		r->cap = 2 * READ_BLOCK;
		r->buf = malloc(r->cap);
		if (!r->buf) {
			r->cap = 0;
			r->error = ENOMEM;
			return -1;
		}
	}
	for (;;) {
		char *s = r->buf + r->start;
		size_t have = r->end - r->start;
		char *nl = have ? memchr(s, '\n', have) : NULL;

		if (nl || (r->eof && have)) {
			size_t n = nl ? (size_t)(nl - s) : have;

			s[n] = '\0';	/* buf keeps a byte past end for this */
			r->start += n + (nl != NULL);
			*line = s;
			return (ssize_t)n;
		}
		if (r->eof)
			return -1;
		/* a partial line (or nothing): to the front, then more of the file */
		if (have && r->start)
			memmove(r->buf, s, have);
		r->start = 0;
		r->end = have;
		if (r->cap - r->end < READ_BLOCK + 1) {	/* a line longer than a block */
			size_t cap = r->cap * 2;
			char *b = realloc(r->buf, cap);

			if (!b) {
				r->error = ENOMEM;
				return -1;
			}
			r->buf = b;
			r->cap = cap;
		}
		size_t got = fread(r->buf + r->end, 1, r->cap - r->end - 1, r->f);

		r->end += got;
		if (!got) {
			r->eof = true;
			if (ferror(r->f))
				return -1;
		}
	}
}

/* Read one physical line (without the newline); *line stays valid until
 * the next read. -1 at EOF. */
static ssize_t read_physical(struct line_reader *r, char **line, bool more)
{
	ssize_t n;

	if (r->interactive) {
		const char *prompt = more ? "... " : "iommuctl> ";

		out_flush();	/* what the last command printed, before the prompt */
		if (lineedit_ready()) {
			char *l = lineedit_read(prompt);

			if (!l)
				return -1;
			free(r->line);
			*line = r->line = l;
			r->lineno++;
			return (ssize_t)strlen(l);
		}
		fputs(prompt, stdout);	/* no line editor: plain lines, below */
		fflush(stdout);
	}
	if (r->blocks) {
		n = read_block_line(r, line);
		if (n >= 0)
			r->lineno++;
		return n;
	}
	/* a pipe or a terminal: a line as soon as it is there */
	n = getline(&r->line, &r->line_cap, r->f);
	if (n < 0)
		return -1;
	r->lineno++;
	if (n && r->line[n - 1] == '\n')
		r->line[--n] = '\0';
	*line = r->line;
	return n;
}

static void reader_free(struct line_reader *r)
{
	free(r->line);
	free(r->buf);
}

/* Objects may not start sessions of their own inside a session. */
static bool nests_session(const char *word)
{
	/* the first letter first: this is asked of every line */
	return (word[0] == 'b' && !strcmp(word, "batch")) ||
	       (word[0] == 's' && !strcmp(word, "shell"));
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
	for (int i = 0; i < argc; i++) {
		if (i)
			*p++ = ' ';
		p = stpcpy(p, argv[i]);
	}
	*p = '\0';
	return s;
}

struct batch_state {
	bool force;
	bool interactive;
	bool stream;			/* JSON mode, batch only: the array is being written */
	int commands, failed, first_rc;
	int stopped_at;			/* the line a batch stopped at, 0: it did not */
	int *failed_lines;		/* every failure, in order */
	size_t failed_cap;
};

/* Count a failed line (kept in failed_lines while memory lasts). */
static void record_failure(struct batch_state *st, int line, int rc)
{
	st->commands++;
	if ((size_t)st->failed == st->failed_cap) {
		size_t cap = st->failed_cap ? st->failed_cap * 2 : 16;
		int *p = realloc(st->failed_lines, cap * sizeof(*p));

		if (p) {
			st->failed_lines = p;
			st->failed_cap = cap;
		}
	}
	if ((size_t)st->failed < st->failed_cap)
		st->failed_lines[st->failed] = line;
	st->failed++;
	if (!st->first_rc)
		st->first_rc = rc;
}

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

	if (rc)
		record_failure(st, line, rc);
	else
		st->commands++;
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
	{	/* as messages show it: valid UTF-8, other bytes as \xNN */
		char *shown = err_printable(text ? text : "");

		json_object_object_add(entry, "command", json_object_new_string(shown ? shown : ""));
		free(shown);
	}
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
	out_stream_add(entry);
	return rc;
}

/* A line that cannot be split into words (or read): an error of its own,
 * already reported with code rc. */
static int line_failed(struct batch_state *st, int line, int rc)
{
	record_failure(st, line, rc);
	if (out_json() && !st->interactive) {
		struct json_object *e = json_object_new_object(), *doc = out_take();
		struct json_object *eo = NULL;

		out_begin();
		json_object_object_add(e, "line", json_object_new_int(line));
		if (doc && json_object_object_get_ex(doc, "error", &eo))
			json_object_object_add(e, "error", json_object_get(eo));
		json_object_put(doc);
		out_stream_add(e);
	} else if (out_json()) {
		out_end();
		out_begin();
	}
	return rc;
}

static int line_error(struct batch_state *st, int line, const char *why)
{
	return line_failed(st, line, err_usage("%s", why));
}

static int run_lines(struct line_reader *r, struct batch_state *st)
{
	char *phys, *logical = NULL;
	size_t llen = 0, lcap = 0;
	struct tok_store store = { 0 };	/* the words, from line to line */
	int start = 0, stop_rc = 0;
	ssize_t n;

	while ((n = read_physical(r, &phys, llen > 0)) >= 0) {
		struct tokens t;
		const char *why = "";
		enum tok_status ts;
		char *grown;

		if (!llen)
			start = r->lineno;
		if (llen + (size_t)n + 2 > BATCH_MAX_LINE) {
			/* the rest of the input cannot be split into lines we trust */
			err_set_line(r->name, start);
			stop_rc = line_failed(st, start,
					      err_usage("line %d: command longer than %u bytes; "
							"nothing after it was run", start,
							BATCH_MAX_LINE));
			st->stopped_at = start;
			llen = 0;
			break;
		}
		if (r->interactive && n)
			lineedit_history(phys);	/* before the split writes into it */
		if (!llen) {
			/* a line of its own, split where it was read (the split
			 * leaves a line that continues as it was) */
			ts = tokenize_in_place(phys, (size_t)n, &t, &store, &why);
			if (ts != TOK_CONTINUE)
				goto split;
		}
		if (llen + (size_t)n + 2 > lcap) {	/* grows only */
			size_t want = llen + (size_t)n + 2 > 2 * lcap ? llen + (size_t)n + 2 : 2 * lcap;

			grown = realloc(logical, want);
			if (!grown) {
				err_set_line(r->name, start);
				stop_rc = line_failed(st, start, err_fail("out of memory reading line %d",
									  start));
				st->stopped_at = start;
				llen = 0;
				break;
			}
			logical = grown;
			lcap = want;
		}
		if (llen)
			logical[llen++] = '\n';
		memcpy(logical + llen, phys, (size_t)n);
		llen += (size_t)n;
		logical[llen] = '\0';

		ts = tokenize_in_place(logical, llen, &t, &store, &why);
		if (ts == TOK_CONTINUE)
			continue;
split:
		llen = 0;
		err_set_line(r->name, start);
		if (ts != TOK_OK) {
			int rc = line_error(st, start, why);

			if (!st->force && !st->interactive) {
				stop_rc = rc;
				st->stopped_at = start;
				break;
			}
			continue;
		}
		if (!t.argc)
			continue;
		int rc = run_one(st, start, &t);

		if (rc && !st->force && !st->interactive) {
			stop_rc = rc;
			st->stopped_at = start;
			break;
		}
	}
	if (n < 0 && (r->error || (r->f && ferror(r->f)))) {	/* EIO, ENOMEM: not an end */
		int e = r->error ? r->error : errno;

		err_set_line(r->name, r->lineno + 1);
		stop_rc = line_failed(st, r->lineno + 1,
				      err_errno(EXIT_FAILED, "read", e, "cannot read %s after line %d",
						err_arg(r->name), r->lineno));
		st->stopped_at = r->lineno + 1;
	} else if (n < 0 && llen) {	/* input ended inside a quote or continuation */
		struct tokens t;
		const char *why = "unterminated line";

		if (tokenize(logical, llen, &t, &why) == TOK_OK)
			tokens_free(&t);
		err_set_line(r->name, start);
		stop_rc = line_error(st, start, why);
		st->stopped_at = start;
	}
	err_set_line(NULL, 0);
	free(logical);
	tok_store_free(&store);
	return stop_rc;
}

#define TEXT_MAX_LINES 50	/* failed lines listed on stderr; -j lists all */

/* The end of a batch on stderr: where it stopped and what the lines before
 * made (everything dies with the session, so the user knows what was done
 * and undone), or every failed line of a forced batch. */
static void report_text(struct line_reader *r, struct batch_state *st)
{
	out_flush();
	if (st->stopped_at) {
		fprintf(stderr, "iommuctl: batch stopped at %s line %d after %d command(s)",
			r->name, st->stopped_at, st->commands);
		if (session_created_count()) {
			fprintf(stderr, "; what the lines before it made (the session ends: "
				"the kernel destroys it all):\n");
			session_report_created(NULL);
		} else {
			fprintf(stderr, "%s\n", st->commands > 1 ? "; the lines before it made nothing" : "");
		}
	} else if (st->failed) {
		fprintf(stderr, "iommuctl: batch: %d command(s), %d failed (line%s", st->commands,
			st->failed, st->failed > 1 ? "s" : "");
		for (int i = 0; i < st->failed && i < TEXT_MAX_LINES && (size_t)i < st->failed_cap; i++)
			fprintf(stderr, "%s %d", i ? "," : "", st->failed_lines[i]);
		if (st->failed > TEXT_MAX_LINES)
			fprintf(stderr, " and %d more; -j lists them all", st->failed - TEXT_MAX_LINES);
		fprintf(stderr, ")\n");
	} else if (!opts.quiet && !st->interactive) {
		fprintf(stderr, "iommuctl: batch: %d command(s) ok\n", st->commands);
	}
}

/* The same as the last element of the JSON array, when a line failed. */
static void report_json(struct line_reader *r, struct batch_state *st)
{
	struct json_object *sum, *lines, *created, *el;

	if (!st->failed)
		return;
	sum = json_object_new_object();
	json_object_object_add(sum, "file", json_object_new_string(r->name));
	json_object_object_add(sum, "commands", json_object_new_int(st->commands));
	json_object_object_add(sum, "failed", json_object_new_int(st->failed));
	lines = json_object_new_array();
	for (int i = 0; i < st->failed && (size_t)i < st->failed_cap; i++)
		json_object_array_add(lines, json_object_new_int(st->failed_lines[i]));
	json_object_object_add(sum, "failed_lines", lines);
	if ((size_t)st->failed > st->failed_cap)	/* out of memory: say so */
		json_object_object_add(sum, "failed_lines_left_out",
				       json_object_new_int(st->failed - (int)st->failed_cap));
	json_object_object_add(sum, "stopped_at_line",
			       st->stopped_at ? json_object_new_int(st->stopped_at) : NULL);
	created = json_object_new_array();
	session_report_created(created);
	json_object_object_add(sum, "created", created);
	el = json_object_new_object();
	json_object_object_add(el, "summary", sum);
	out_stream_add(el);
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
			return err_usage("batch: unexpected argument '%s' (one FILE only)", err_arg(argv[0]));
		else
			file = argv[0];
	}
	if (!file)
		return err_usage("batch: missing FILE (use - for standard input)");
	if (!*file)
		return err_usage("batch: FILE: empty; give a file name, or - for standard input");
	if (!strcmp(file, "-")) {
		r.f = stdin;
		r.name = "<stdin>";
	} else {
		struct stat sb = { 0 };

		r.f = fopen(file, "r");
		if (!r.f)
			return err_errno(EXIT_FAILED, "open", errno, "batch file '%s'", err_arg(file));
		if (fstat(fileno(r.f), &sb))
			sb.st_mode = 0;	/* not known: read as a pipe */
		if (S_ISDIR(sb.st_mode)) {
			fclose(r.f);
			return err_errno(EXIT_FAILED, "open", EISDIR, "batch file '%s'", err_arg(file));
		}
		r.name = file;
		/* a file can be read ahead (standard input is not: 'decode ... -'
		 * in the batch reads on from where the batch is) */
		r.blocks = S_ISREG(sb.st_mode);
	}
	privs_plan_file(r.f);	/* what each line and the lines after it need */
	st.stream = out_json();
	if (st.stream) {
		json_object_put(out_take());	/* the array is the document */
		out_begin();
		out_stream_begin();
	}
	collecting = st.stream;
	rc = run_lines(&r, &st);
	collecting = false;
	if (r.f != stdin)
		fclose(r.f);
	reader_free(&r);
	if (out_json())
		report_json(&r, &st);
	else
		report_text(&r, &st);
	session_end();
	free(st.failed_lines);
	return st.first_rc ? st.first_rc : rc;
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
	reader_free(&r);
	if (r.interactive) {
		out_flush();
		fputc('\n', stdout);
	}
	json_object_put(out_take());	/* the empty document after the last line */
	session_end();
	free(st.failed_lines);
	return st.failed ? st.first_rc : 0;
}
