// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plain-read baselines of the inventory benchmark (bench/README), no
 * parsing and no output:
 *
 *   readtree ROOT...   walk the trees without following links (nftw,
 *                      FTW_PHYS): list every directory, read every regular
 *                      file whole, readlink every symbolic link, once each.
 *   readtree -l LIST   replay a list of file operations, one a line:
 *                      "f PATH" open, read to the end, close; "d PATH" open
 *                      a directory and read all its entries; "l PATH"
 *                      readlink; "s PATH" stat. Failures (a file that is
 *                      not there) are replayed as they are: they cost a path
 *                      walk too. inventory.sh makes the list from strace of
 *                      the command being measured: the same files, read
 *                      plainly.
 *
 * Prints what it did.
 */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long files, links, dirs, stats, bytes;

static void read_file(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	files++;
	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		bytes += (unsigned long)n;
	close(fd);
}

static void read_link(const char *path)
{
	char buf[4096];

	links++;
	if (readlink(path, buf, sizeof(buf)) < 0)
		return;
}

static void list_dir(const char *path)
{
	DIR *d = opendir(path);

	dirs++;
	if (!d)
		return;
	while (readdir(d))
		;
	closedir(d);
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	switch (type) {
	case FTW_F:
		read_file(path);
		break;
	case FTW_SL:
	case FTW_SLN:
		read_link(path);
		break;
	case FTW_D:
		dirs++;	/* nftw lists it */
		break;
	}
	return 0;
}

static int replay(const char *list)
{
	FILE *f = fopen(list, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct stat sb;

	if (!f) {
		perror(list);
		return 1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n < 3)
			continue;
		switch (line[0]) {
		case 'f': read_file(line + 2); break;
		case 'd': list_dir(line + 2); break;
		case 'l': read_link(line + 2); break;
		case 's': stats++; stat(line + 2, &sb); break;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-l")) {
		if (replay(argv[2]))
			return 1;
	} else if (argc >= 2 && argv[1][0] != '-') {
		for (int i = 1; i < argc; i++)
			if (nftw(argv[i], visit, 64, FTW_PHYS)) {
				perror(argv[i]);
				return 1;
			}
	} else {
		fprintf(stderr, "usage: readtree ROOT... | readtree -l LIST\n");
		return 2;
	}
	printf("%lu directories, %lu files (%lu bytes), %lu links, %lu stats\n", dirs, files, bytes,
	       links, stats);
	return 0;
}
