// SPDX-License-Identifier: GPL-2.0-only
/* Reading the configured sysfs/procfs/dev roots; attribute parsers. See sysfs.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "output.h"
#include "sysfs.h"

int sf_path(char *buf, size_t n, const char *root, const char *fmt, ...)
{
	va_list ap;
	int a, b;

	a = snprintf(buf, n, "%s/", root);
	if (a < 0 || (size_t)a >= n)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	b = vsnprintf(buf + a, n - (size_t)a, fmt, ap);
	va_end(ap);
	if (b < 0 || (size_t)b >= n - (size_t)a)
		return -ENAMETOOLONG;
	return 0;
}

/* read() until EOF or n bytes; sysfs attributes may come in pieces. */
static ssize_t read_all(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int sf_read_bin(const char *path, uint8_t *buf, size_t n, size_t *got)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	*got = 0;
	if (fd < 0)
		return -errno;
	r = read_all(fd, buf, n);
	close(fd);
	if (r < 0)
		return (int)r;
	*got = (size_t)r;
	return 0;
}

int sf_read_str(const char *path, char *buf, size_t n)
{
	size_t got, len;
	uint8_t extra;
	int fd, r;

	if (n < 2)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = (int)read_all(fd, (uint8_t *)buf, n - 1);
	/* One more byte tells a full buffer from a file that is too large. */
	if (r >= 0 && (size_t)r == n - 1 && read_all(fd, &extra, 1) == 1)
		r = -EFBIG;
	close(fd);
	if (r < 0)
		return r;
	got = (size_t)r;
	buf[got] = '\0';
	if (memchr(buf, '\0', got))	/* binary junk in a text attribute */
		return -EINVAL;
	len = got;
	while (len && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	if (!len)
		return -ENODATA;
	return (int)len;
}

int sf_read_text(const char *path, size_t max, char **out, size_t *len)
{
	size_t cap = max < 4096 ? max : 4096, got = 0;
	char *buf;
	int fd;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (got == cap) {
			char *nb;

			if (cap >= max) {
				/* Full at the limit: it fits only if nothing follows. */
				ssize_t probe = read_all(fd, (uint8_t *)buf + got, 1);

				if (probe == 0)
					break;
				free(buf);
				close(fd);
				return probe < 0 ? (int)probe : -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = read_all(fd, (uint8_t *)buf + got, cap - got);
		if (r < 0) {
			free(buf);
			close(fd);
			return (int)r;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

/* Strict unsigned number: all of s, no sign, no overflow. */
static int parse_num(const char *s, int base, uint64_t *v)
{
	const char *p = s;
	char *end;
	unsigned long long x;

	if (base == 16 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!(base == 16 ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)))
		return -EINVAL;
	errno = 0;
	x = strtoull(p, &end, base);
	if (errno == ERANGE || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

static int read_num(const char *path, int base, uint64_t *v)
{
	char buf[64];
	int r = sf_read_str(path, buf, sizeof(buf));

	if (r < 0)
		return r;
	return parse_num(buf, base, v);
}

int sf_read_hex(const char *path, uint64_t *v)
{
	return read_num(path, 16, v);
}

int sf_read_u64(const char *path, uint64_t *v)
{
	return read_num(path, 10, v);
}

int sf_readlink_base(const char *path, char *buf, size_t n)
{
	char target[SF_PATH_MAX];
	ssize_t r = readlink(path, target, sizeof(target) - 1);
	const char *base;
	size_t len;

	if (r < 0)
		return -errno;
	target[r] = '\0';
	while (r > 1 && target[r - 1] == '/')
		target[--r] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	len = strlen(base);
	if (!len)
		return -EINVAL;
	if (len >= n)
		return -ENAMETOOLONG;
	memcpy(buf, base, len + 1);
	return 0;
}

bool sf_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool sf_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- sorting ---- */

static bool digits_only(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/*
 * Names that differ only in a trailing decimal number (dmar2, dmar10) by
 * that number; anything else by strcmp, so that hex in names such as
 * smmu3.0x0000000009050000 keeps its order.
 */
int sf_natcmp(const char *a, const char *b)
{
	size_t i = 0, s, la, lb;
	int c;

	while (a[i] && a[i] == b[i])
		i++;
	if (a[i] == b[i])
		return 0;
	for (s = i; s > 0 && isdigit((unsigned char)a[s - 1]); s--)
		;
	if (digits_only(a + s) && digits_only(b + s)) {
		a += s;
		b += s;
		while (*a == '0' && a[1])
			a++;
		while (*b == '0' && b[1])
			b++;
		la = strlen(a);
		lb = strlen(b);
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

/* "DDDD:BB:DD.F" -> one number that orders like the address; false if not one. */
static bool bdf_key(const char *s, uint64_t *key)
{
	unsigned long dom;
	unsigned bus, dev, fn;
	char *end;
	int used = 0;

	if (!isxdigit((unsigned char)*s))
		return false;
	dom = strtoul(s, &end, 16);
	if (*end != ':' || dom > 0xffffffffUL)
		return false;
	if (sscanf(end + 1, "%2x:%2x.%1x%n", &bus, &dev, &fn, &used) != 3 || end[1 + used])
		return false;
	*key = (uint64_t)dom << 16 | bus << 8 | dev << 3 | fn;
	return true;
}

int sf_bdfcmp(const char *a, const char *b)
{
	uint64_t ka, kb;
	bool va = bdf_key(a, &ka), vb = bdf_key(b, &kb);

	if (va && vb && ka != kb)
		return ka < kb ? -1 : 1;
	if (va != vb)		/* addresses first, other names after */
		return va ? -1 : 1;
	return strcmp(a, b);
}

static bool all_digits(const char *s, uint64_t *v)
{
	return isdigit((unsigned char)*s) && parse_num(s, 10, v) == 0;
}

static int numcmp(const char *a, const char *b)
{
	uint64_t x, y;
	bool va = all_digits(a, &x), vb = all_digits(b, &y);

	if (va && vb && x != y)
		return x < y ? -1 : 1;
	if (va != vb)
		return va ? -1 : 1;
	return strcmp(a, b);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_numeric(const void *a, const void *b)
{
	return numcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_natural(const void *a, const void *b)
{
	return sf_natcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_bdf(const void *a, const void *b)
{
	return sf_bdfcmp(*(char *const *)a, *(char *const *)b);
}

void sf_list_free(struct sf_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->n = 0;
}

int sf_list_dir(const char *dir, enum sf_sort sort, struct sf_list *out)
{
	static int (*const cmps[])(const void *, const void *) = {
		[SF_SORT_NAME] = cmp_name,
		[SF_SORT_NUMERIC] = cmp_numeric,
		[SF_SORT_NATURAL] = cmp_natural,
		[SF_SORT_BDF] = cmp_bdf,
	};
	size_t cap = 0;
	struct dirent *e;
	DIR *d;

	out->names = NULL;
	out->n = 0;
	d = opendir(dir);
	if (!d)
		return -errno;
	errno = 0;
	while ((e = readdir(d))) {
		char *name;

		/* Hidden names: "." and "..", and the .gitkeep of fixture trees. */
		if (e->d_name[0] == '.')
			continue;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nn = realloc(out->names, ncap * sizeof(*nn));

			if (!nn)
				goto nomem;
			out->names = nn;
			cap = ncap;
		}
		name = strdup(e->d_name);
		if (!name)
			goto nomem;
		out->names[out->n++] = name;
	}
	closedir(d);
	if (out->n)
		qsort(out->names, out->n, sizeof(*out->names), cmps[sort]);
	return 0;
nomem:
	closedir(d);
	sf_list_free(out);
	return -ENOMEM;
}

/* ---- messages ---- */

const char *sf_why(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EACCES:
	case EPERM:
		return "permission denied (needs root)";
	case ENOENT:
		return "does not exist";
	case ENOTDIR:
		return "a path component is not a directory";
	case ENODATA:
		return "is empty";
	case EINVAL:
		return "unexpected contents";
	case EFBIG:
		return "unexpectedly large";
	case ENAMETOOLONG:
		return "path too long";
	case ENOMEM:
		return "out of memory";
	default:
		return strerror(err);
	}
}

int sf_err(const char *path, int err)
{
	return err_fail("%s: %s", path, sf_why(err));
}

void sf_warn(const char *path, int err)
{
	out_warn("%s: %s", path, sf_why(err));
}

/* ---- parsers ---- */

const char *amd_feat_form_name(enum amd_feat_form f)
{
	switch (f) {
	case AMD_FEAT_EFR_EFR2:
		return "efr:efr2";
	case AMD_FEAT_EFR2_EFR:
		return "efr2:efr";
	default:
		return "efr";
	}
}

/* One hex token of at most 16 digits, "0x" optional, ending at stop. */
static int hex_token(const char *s, const char *stop, uint64_t *v)
{
	const char *p = s;
	uint64_t x = 0;
	size_t digits = 0;

	if (stop - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (p == stop)
		return -EINVAL;
	for (; p < stop; p++) {
		int d;

		if (!isxdigit((unsigned char)*p))
			return -EINVAL;
		if (x == 0 && *p == '0')	/* leading zeros never overflow */
			continue;
		if (++digits > 16)
			return -EINVAL;
		d = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return 0;
}

int amd_features_parse(const char *text, struct amd_features *f)
{
	const char *s = text, *e, *colon;
	uint64_t a, b;
	int pa, pb;

	memset(f, 0, sizeof(*f));
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e == s)
		return -EINVAL;
	colon = memchr(s, ':', (size_t)(e - s));
	if (!colon) {
		if (hex_token(s, e, &a))
			return -EINVAL;
		f->form = AMD_FEAT_EFR_ONLY;
		f->efr = a;
		f->certain = true;
		return 0;
	}
	if (hex_token(s, colon, &a) || hex_token(colon + 1, e, &b))
		return -EINVAL;
	f->efr2_known = true;
	/*
	 * EFR of a working unit sets many of PPR/NX/GT/IA/GA/PC/HATS in its low
	 * word, EFR2 is 0 or a few bits (0x10, 0x1d). A small first and a large
	 * (or only non-zero) second value is the old EFR2:EFR order.
	 */
	if ((a <= 0xffff && b > 0xffff) || (a == 0 && b != 0)) {
		f->form = AMD_FEAT_EFR2_EFR;
		f->certain = true;
	} else if ((a > 0xffff && b <= 0xffff) || (b == 0 && a != 0)) {
		f->form = AMD_FEAT_EFR_EFR2;
		f->certain = true;
	} else {
		/* Both small or both large: the one with more bits is EFR. */
		pa = __builtin_popcountll(a);
		pb = __builtin_popcountll(b);
		f->form = pa >= pb ? AMD_FEAT_EFR_EFR2 : AMD_FEAT_EFR2_EFR;
		f->certain = false;
	}
	if (f->form == AMD_FEAT_EFR_EFR2) {
		f->efr = a;
		f->efr2 = b;
	} else {
		f->efr = b;
		f->efr2 = a;
	}
	return 0;
}

static const char *const resv_names[] = {
	[RESV_DIRECT] = "direct",
	[RESV_DIRECT_RELAXABLE] = "direct-relaxable",
	[RESV_RESERVED] = "reserved",
	[RESV_MSI] = "msi",
};

int resv_parse_line(const char *line, struct resv_region *r)
{
	const char *p = line, *tok;
	size_t len;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 2; i++) {
		uint64_t v;

		while (*p == ' ' || *p == '\t')
			p++;
		tok = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (p - tok < 3 || tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X') ||
		    hex_token(tok, p, &v))
			return -EINVAL;
		if (i == 0)
			r->start = v;
		else
			r->end = v;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	tok = p;
	while (*p && (islower((unsigned char)*p) || *p == '-' || *p == '_' ||
		      isdigit((unsigned char)*p)))
		p++;
	len = (size_t)(p - tok);
	while (*p && isspace((unsigned char)*p))
		p++;
	if (!len || *p || len >= sizeof(r->type_name) || r->end < r->start)
		return -EINVAL;
	memcpy(r->type_name, tok, len);
	r->type_name[len] = '\0';
	r->type = RESV_OTHER;
	for (size_t i = 0; i < sizeof(resv_names) / sizeof(resv_names[0]); i++)
		if (!strcmp(r->type_name, resv_names[i]))
			r->type = (enum resv_type)i;
	return 0;
}

bool resv_size(const struct resv_region *r, uint64_t *size)
{
	*size = r->end - r->start + 1;
	return !(r->start == 0 && r->end == UINT64_MAX);
}

int bdf_parse(const char *s, char *out, size_t n)
{
	const char *p = s, *colon;
	unsigned long dom = 0;
	unsigned bus, dev, fn;
	size_t dlen = 0;
	int used = 0;

	if (!s || !*s)
		return -EINVAL;
	/* Two colons: a domain first. */
	colon = strchr(p, ':');
	if (colon && strchr(colon + 1, ':')) {
		dlen = (size_t)(colon - p);
		if (dlen < 4 || dlen > 8)
			return -EINVAL;
		for (size_t i = 0; i < dlen; i++)
			if (!isxdigit((unsigned char)p[i]))
				return -EINVAL;
		dom = strtoul(p, NULL, 16);
		p = colon + 1;
	}
	if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) || p[2] != ':' ||
	    !isxdigit((unsigned char)p[3]) || !isxdigit((unsigned char)p[4]) || p[5] != '.' ||
	    !isdigit((unsigned char)p[6]) || p[7])
		return -EINVAL;
	if (sscanf(p, "%2x:%2x.%1u%n", &bus, &dev, &fn, &used) != 3 || used != 7)
		return -EINVAL;
	if (dev > 0x1f || fn > 7)
		return -EINVAL;
	if (snprintf(out, n, "%0*lx:%02x:%02x.%u", dlen > 4 ? (int)dlen : 4, dom, bus, dev, fn)
	    >= (int)n)
		return -ENAMETOOLONG;
	return 0;
}
