// SPDX-License-Identifier: GPL-2.0-only
/*
 * Whole-process timing for the benchmarks (bench/README): run each command
 * RUNS times, round-robin (so that a noisy neighbour hits all of them alike),
 * after WARMUP untimed rounds; stdout to OUT (default /dev/null), stderr to
 * /dev/null. Wall time from before posix_spawn to the end of wait4, and the
 * peak resident set from wait4's rusage (what GNU time -v reports as
 * "Maximum resident set size").
 *
 * usage: spawn [-n RUNS] [-w WARMUP] [-o OUT] -- CMD [ARG...] [-- CMD [ARG...]]...
 * prints one line per command, in order:  MEDIAN_US MIN_US MEAN_US MAXRSS_KB
 * A command that exits non-zero (or dies) is an error: exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct command {
	char **argv;
	double *us;
	long maxrss;
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int run(struct command *c, const char *out, double *us)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	double t0;
	int st, e;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_us();
	e = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e) {
		fprintf(stderr, "spawn: %s: %s\n", c->argv[0], strerror(e));
		return -1;
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("spawn: wait4");
		return -1;
	}
	*us = now_us() - t0;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "spawn: %s exited with %s %d\n", c->argv[0],
			WIFEXITED(st) ? "status" : "signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return -1;
	}
	if (ru.ru_maxrss > c->maxrss)
		c->maxrss = ru.ru_maxrss;
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 20, warmup = 2, opt, n = 0;
	const char *out = "/dev/null";
	struct command *cmds;

	while ((opt = getopt(argc, argv, "+n:w:o:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 'w': warmup = atoi(optarg); break;
		case 'o': out = optarg; break;
		default: goto usage;
		}
	}
	if (optind > 1 && !strcmp(argv[optind - 1], "--"))
		optind--;	/* getopt took the first "--" */
	if (runs < 1 || warmup < 0 || optind >= argc || strcmp(argv[optind], "--"))
		goto usage;
	cmds = calloc((size_t)argc, sizeof(*cmds));
	if (!cmds)
		return 1;
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			if (i + 1 >= argc || !strcmp(argv[i + 1], "--"))
				goto usage;
			cmds[n].argv = &argv[i + 1];
			cmds[n].us = calloc((size_t)runs, sizeof(double));
			if (!cmds[n].us)
				return 1;
			n++;
		}
	}
	for (int r = -warmup; r < runs; r++)
		for (int i = 0; i < n; i++) {
			double us;

			if (run(&cmds[i], out, &us))
				return 1;
			if (r >= 0)
				cmds[i].us[r] = us;
		}
	for (int i = 0; i < n; i++) {
		double sum = 0, *v = cmds[i].us;

		for (int r = 0; r < runs; r++)
			sum += v[r];
		qsort(v, (size_t)runs, sizeof(*v), cmp_double);
		printf("%.1f %.1f %.1f %ld\n", runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2,
		       v[0], sum / runs, cmds[i].maxrss);
	}
	return 0;
usage:
	fprintf(stderr, "usage: spawn [-n RUNS] [-w WARMUP] [-o OUT] -- CMD [ARG...] [-- CMD...]...\n");
	return 2;
}
