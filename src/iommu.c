// SPDX-License-Identifier: GPL-2.0-only
/*
 * `iommu list` and `iommu show NAME`: the units of /sys/class/iommu, their
 * registers decoded with the shared tables, and the nesting verdict computed
 * with the live host's context.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "host.h"
#include "nesting.h"
#include "objects.h"
#include "output.h"
#include "registers.h"
#include "sysfs.h"

/*
 * The AMD `cap` file is the IOMMU's PCI capability header, not a feature
 * register; it is decoded with a local table so that text and JSON agree.
 */
static const struct reg_field amd_pcicap_fields[] = {
	{ "cap_id", "CapID", NULL, 7, 0, FLD_HEX,
	  "capability ID (0x0f: secure device, the IOMMU)" },
	{ "cap_ptr", "CapPtr", NULL, 15, 8, FLD_HEX, "next capability pointer" },
	{ "cap_type", "CapType", NULL, 18, 16, FLD_NUM, "capability type (3: IOMMU)" },
	{ "cap_rev", "CapRev", NULL, 23, 19, FLD_NUM, "capability revision" },
	{ "iotlb_sup", "IotlbSup", NULL, 24, 24, FLD_FLAG, "remote IOTLB (device ATS) supported" },
	{ "ht_tunnel", "HtTunnel", NULL, 25, 25, FLD_FLAG, "HyperTransport tunnel translation" },
	{ "np_cache", "NpCache", NULL, 26, 26, FLD_FLAG,
	  "not-present entries may be cached (emulated units; Linux then invalidates strictly)" },
	{ "efr_sup", "EFRSup", NULL, 27, 27, FLD_FLAG, "Extended Feature Register present" },
	{ "cap_ext", "CapExt", NULL, 28, 28, FLD_FLAG, "miscellaneous information registers present" },
};

static const struct reg_desc amd_pcicap_reg = {
	.key = "pci_cap",
	.name = "CAP_HDR",
	.title = "IOMMU PCI capability header, the sysfs cap file",
	.width = 32,
	.fields = amd_pcicap_fields,
	.n_fields = ARRAY_SIZE(amd_pcicap_fields),
};

const char *iommu_vendor_name(enum iommu_vendor v)
{
	switch (v) {
	case IOMMU_VTD:
		return "vtd";
	case IOMMU_AMD:
		return "amd";
	case IOMMU_SMMUV3:
		return "smmuv3";
	default:
		return "unknown";
	}
}

const struct nest_check *verdict_first_fail(const struct nest_verdict *v)
{
	for (size_t i = 0; i < v->n_checks && i < NEST_MAX_CHECKS; i++)
		if (v->checks[i].result == CHECK_FAIL)
			return &v->checks[i];
	return NULL;
}

bool reg_field_lookup(const struct reg_desc *r, const char *key, uint64_t reg, uint64_t *val)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (!strcmp(r->fields[i].key, key)) {
			*val = field_get(&r->fields[i], reg);
			return true;
		}
	return false;
}

/* A verdict that cannot be computed: every answer unknown, one check why. */
static void verdict_unknown(struct nest_verdict *v, const char *vendor, const char *key,
			    const char *reason)
{
	memset(v, 0, sizeof(*v));
	v->vendor = vendor;
	v->nest_parent = v->nested = v->viommu = CHECK_UNKNOWN;
	v->checks[0].key = key;
	v->checks[0].stage = "unit";
	v->checks[0].result = CHECK_UNKNOWN;
	snprintf(v->checks[0].reason, sizeof(v->checks[0].reason), "%s", reason);
	v->n_checks = 1;
	snprintf(v->summary, sizeof(v->summary), "unknown: %s", reason);
}

int iommu_list_units(struct sf_list *l)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = sys_path(path, "class/iommu")))
		return r;
	r = sf_list_dir(path, SF_SORT_NATURAL, l);
	return r == -ENOENT ? 0 : r;
}

int iommu_name_width(const struct sf_list *l)
{
	size_t w = 6;	/* "dmar10" */

	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->names[i]) > w)
			w = strlen(l->names[i]);
	return w > 40 ? 40 : (int)w;
}

/* A unit name is one path component. */
static bool valid_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* The device a unit hangs off: ".../0000:00:00.2/iommu/ivhd0" -> "0000:00:00.2". */
static void read_parent(const char *name, char *buf, size_t n)
{
	char path[SF_PATH_MAX], target[SF_PATH_MAX];
	char *last, *iommu_dir;
	ssize_t r;

	buf[0] = '\0';
	if (sys_path(path, "class/iommu/%s", name))
		return;
	r = readlink(path, target, sizeof(target) - 1);
	if (r <= 0)
		return;
	target[r] = '\0';
	last = strrchr(target, '/');
	if (!last)
		return;
	*last = '\0';
	iommu_dir = strrchr(target, '/');
	if (!iommu_dir || strcmp(iommu_dir + 1, "iommu"))
		return;
	*iommu_dir = '\0';
	last = strrchr(target, '/');
	last = last ? last + 1 : target;
	if (strcmp(last, "virtual") && strcmp(last, "..") && *last && strlen(last) < n)
		memcpy(buf, last, strlen(last) + 1);
}

/* The path of an attribute in the unit's group (intel-iommu/, amd-iommu/). */
static int unit_attr(const struct iommu_unit *u, const char *grp, const char *attr,
		     char *path, size_t n)
{
	return sf_path(path, n, opts.sysfs_root, "class/iommu/%s/%s/%s", u->name, grp, attr);
}

static void set_error(struct iommu_unit *u, const char *path, int err)
{
	if (!u->error[0])
		snprintf(u->error, sizeof(u->error), "%s: %s", path, sf_why(err));
}

/* Optional attributes: a warning, the field stays unknown. */
static bool read_hex_opt(struct iommu_unit *u, const char *grp, const char *attr, uint64_t *v)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = unit_attr(u, grp, attr, path, sizeof(path))) || (r = sf_read_hex(path, v))) {
		sf_warn(path, r);
		return false;
	}
	return true;
}

static bool read_dec_opt(struct iommu_unit *u, const char *grp, const char *attr, uint64_t *v)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = unit_attr(u, grp, attr, path, sizeof(path))) || (r = sf_read_u64(path, v))) {
		sf_warn(path, r);
		return false;
	}
	return true;
}

/* Required attributes: the first failure becomes the unit's error. */
static bool read_hex_req(struct iommu_unit *u, const char *grp, const char *attr, uint64_t *v)
{
	char path[SF_PATH_MAX];
	int r;

	if ((r = unit_attr(u, grp, attr, path, sizeof(path))) || (r = sf_read_hex(path, v))) {
		set_error(u, path, r);
		return false;
	}
	return true;
}

static void load_vtd(struct iommu_unit *u, const struct nest_context *ctx)
{
	char path[SF_PATH_MAX];
	unsigned ma, mi;
	int r;
	char c;

	u->address_ok = read_hex_opt(u, "intel-iommu", "address", &u->address);
	if ((r = unit_attr(u, "intel-iommu", "version", path, sizeof(path))) ||
	    (r = sf_read_str(path, u->version, sizeof(u->version))) < 0) {
		sf_warn(path, r);
		u->version[0] = '\0';
	} else if (sscanf(u->version, "%u:%u%c", &ma, &mi, &c) != 2) {
		sf_warn(path, -EINVAL);
		u->version[0] = '\0';
	}
	u->cap_ok = read_hex_req(u, "intel-iommu", "cap", &u->cap);
	u->ecap_ok = read_hex_req(u, "intel-iommu", "ecap", &u->ecap);
	u->dom_sup_ok = read_dec_opt(u, "intel-iommu", "domains_supported", &u->dom_sup);
	u->dom_used_ok = read_dec_opt(u, "intel-iommu", "domains_used", &u->dom_used);
	if (u->cap_ok && u->ecap_ok)
		nest_verdict_vtd(u->cap, u->ecap, ctx, &u->verdict);
	else
		verdict_unknown(&u->verdict, "vtd", "unit.registers",
				"the cap/ecap files could not be read or parsed");
}

static void load_amd(struct iommu_unit *u, const struct nest_context *ctx)
{
	char path[SF_PATH_MAX];
	uint64_t cap;
	int r;

	if ((r = unit_attr(u, "amd-iommu", "features", path, sizeof(path))) ||
	    (r = sf_read_str(path, u->features_raw, sizeof(u->features_raw))) < 0) {
		set_error(u, path, r);
	} else if (amd_features_parse(u->features_raw, &u->feat)) {
		snprintf(u->error, sizeof(u->error),
			 "%s: '%s' is neither EFR:EFR2 nor a single hex value", path, u->features_raw);
	} else {
		u->features_ok = true;
		if (!u->feat.certain)
			out_warn("%s: '%s': the order of EFR and EFR2 is ambiguous; "
				 "taking the current EFR:EFR2", path, u->features_raw);
		if (!u->feat.efr2_known)
			out_warn("%s: a single value (kernels before 6.0): EFR2 is not exposed "
				 "and its checks assume 0", path);
	}
	if (read_hex_opt(u, "amd-iommu", "cap", &cap)) {
		if (cap > UINT32_MAX) {
			unit_attr(u, "amd-iommu", "cap", path, sizeof(path));
			out_warn("%s: 0x%" PRIx64 " is wider than a 32-bit capability header",
				 path, cap);
		} else {
			u->pcicap = (uint32_t)cap;
			u->pcicap_ok = true;
		}
	}
	if (u->features_ok)
		nest_verdict_amd(u->feat.efr, u->feat.efr2, ctx, &u->verdict);
	else
		verdict_unknown(&u->verdict, "amd", "unit.registers",
				"the features file could not be read or parsed");
}

static void load_smmuv3(struct iommu_unit *u)
{
	/* smmu3.%pa: the name carries the register base. */
	const char *p = u->name + strlen("smmu3.");
	char *end;

	if (p[0] == '0' && p[1] == 'x') {
		unsigned long long a = strtoull(p + 2, &end, 16);

		if (end != p + 2 && !*end) {
			u->address = a;
			u->address_ok = true;
		}
	}
	verdict_unknown(&u->verdict, "smmuv3", "unit.registers",
			"SMMUv3 registers only through IOMMU_GET_HW_INFO (device hwinfo)");
}

void iommu_unit_load(const char *name, const struct nest_context *ctx, struct iommu_unit *u)
{
	char path[SF_PATH_MAX];

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->vendor = IOMMU_UNKNOWN;
	if (sys_path(path, "class/iommu/%s/intel-iommu", name) == 0 && sf_is_dir(path))
		u->vendor = IOMMU_VTD;
	else if (sys_path(path, "class/iommu/%s/amd-iommu", name) == 0 && sf_is_dir(path))
		u->vendor = IOMMU_AMD;
	else if (!strncmp(name, "smmu3.", 6))
		u->vendor = IOMMU_SMMUV3;
	read_parent(name, u->parent, sizeof(u->parent));

	switch (u->vendor) {
	case IOMMU_VTD:
		load_vtd(u, ctx);
		break;
	case IOMMU_AMD:
		load_amd(u, ctx);
		break;
	case IOMMU_SMMUV3:
		load_smmuv3(u);
		break;
	default:
		verdict_unknown(&u->verdict, "unknown", "unit.driver",
				"no register decoder for this IOMMU driver");
	}
}

static void print_devices(const char *name)
{
	char path[SF_PATH_MAX];
	struct sf_list l = { 0 };
	int r;

	if ((r = sys_path(path, "class/iommu/%s/devices", name)) ||
	    ((r = sf_list_dir(path, SF_SORT_BDF, &l)) && r != -ENOENT))
		sf_warn(path, r);
	if (l.n)
		print_u64(PRINT_TEXT, NULL, "devices (%" PRIu64 "):", l.n);
	else
		print_text("devices: none");
	open_array("devices");
	for (size_t i = 0; i < l.n; i++) {
		print_text(i % 4 ? "  " : "\n  ");
		print_string(PRINT_ANY, NULL, "%s", l.names[i]);
	}
	close_array();
	print_nl();
	sf_list_free(&l);
}

static void print_vtd(const struct iommu_unit *u)
{
	bool all = opts.verbose > 0;

	open_object("domains");
	if (u->dom_used_ok)
		print_u64(PRINT_ANY, "used", "domains: %" PRIu64 " used", u->dom_used);
	else
		print_null(PRINT_ANY, "used", "domains: ? used");
	if (u->dom_sup_ok)
		print_u64(PRINT_ANY, "supported", " of %" PRIu64 " supported\n", u->dom_sup);
	else
		print_null(PRINT_ANY, "supported", " of ? supported\n");
	close_object();
	open_object("registers");
	if (u->cap_ok)
		reg_print(&vtd_cap_reg, NULL, u->cap, all);
	else
		print_null(PRINT_ANY, "cap", "cap: not decoded\n");
	if (u->ecap_ok)
		reg_print(&vtd_ecap_reg, NULL, u->ecap, all);
	else
		print_null(PRINT_ANY, "ecap", "ecap: not decoded\n");
	close_object();
}

static void print_amd(const struct iommu_unit *u)
{
	bool all = opts.verbose > 0;

	open_object("features");
	if (u->features_raw[0])
		print_string(PRINT_ANY, "raw", "features %s", u->features_raw);
	else
		print_null(PRINT_ANY, "raw", "features unreadable");
	if (u->features_ok) {
		print_string(PRINT_ANY, "form", " (read as %s", amd_feat_form_name(u->feat.form));
		print_bool(PRINT_JSON, "certain", NULL, u->feat.certain);
		print_text("%s)", u->feat.certain ? "" : ", order ambiguous");
	}
	print_nl();
	close_object();

	open_object("registers");
	if (u->features_ok) {
		reg_print(&amd_efr_reg, NULL, u->feat.efr, all);
		if (u->feat.efr2_known)
			reg_print(&amd_efr2_reg, NULL, u->feat.efr2, all);
		else
			print_null(PRINT_ANY, amd_efr2_reg.key,
				   "EFR2 not exposed by this kernel (pre-6.0 features format)\n");
	}
	close_object();
	if (u->pcicap_ok)
		reg_print(&amd_pcicap_reg, NULL, u->pcicap, true);
	else
		print_null(PRINT_ANY, amd_pcicap_reg.key, "pci_cap: not decoded\n");
}

/* Everything about one unit: JSON always whole; text a block (detail) or a line. */
static void print_unit(const struct iommu_unit *u, bool detail, int width)
{
	const char *vendor = iommu_vendor_name(u->vendor);

	if (!detail && !out_json()) {
		char addr[24] = "-";

		if (u->address_ok)
			snprintf(addr, sizeof(addr), "0x%" PRIx64, u->address);
		print_text("%-*s %-7s %-18s %-5s %s\n", width, u->name, vendor, addr,
			   u->version[0] ? u->version : "-", u->verdict.summary);
		return;
	}
	print_string(PRINT_ANY, "name", "%s:", u->name);
	print_string(PRINT_ANY, "vendor", " %s", vendor);
	if (u->address_ok)
		print_hex(PRINT_ANY, "address", ", address 0x%" PRIx64, u->address);
	else
		print_null(PRINT_JSON, "address", NULL);
	if (u->version[0])
		print_string(PRINT_ANY, "version", ", version %s", u->version);
	else
		print_null(PRINT_JSON, "version", NULL);
	if (u->parent[0])
		print_string(PRINT_ANY, "parent", ", on %s", u->parent);
	else
		print_null(PRINT_JSON, "parent", NULL);
	print_nl();
	text_indent(1);
	switch (u->vendor) {
	case IOMMU_VTD:
		print_vtd(u);
		break;
	case IOMMU_AMD:
		print_amd(u);
		break;
	case IOMMU_SMMUV3:
		print_null(PRINT_JSON, "registers", NULL);
		print_string(PRINT_ANY, "note", "%s\n",
			     "no registers in sysfs: SMMUv3 registers only through "
			     "IOMMU_GET_HW_INFO (iommuctl device hwinfo)");
		break;
	default:
		print_null(PRINT_JSON, "registers", NULL);
		print_string(PRINT_ANY, "note", "%s\n",
			     "no register decoder for this IOMMU driver");
	}
	print_devices(u->name);
	nest_verdict_print(&u->verdict);
	text_indent(-1);
}

/* What the host says when no unit is registered, and why that may be. */
static void print_no_units(const struct host_info *h)
{
	print_text("no IOMMU units are registered on this host\n");
	if (h->intel_iommu == 0)
		print_text("  the kernel command line has intel_iommu=off\n");
	if (h->amd_iommu_off)
		print_text("  the kernel command line has amd_iommu=off\n");
	print_text("  likely reasons: the IOMMU is disabled in firmware (VT-d, AMD-Vi, SMMU), "
		   "it is turned off on the kernel command line (intel_iommu=off, amd_iommu=off), "
		   "or the kernel has no driver for it\n");
}

static int iommu_list(int argc, char **argv)
{
	struct nest_context ctx;
	struct host_info h;
	struct iommu_unit *u;
	struct sf_list l;
	char path[SF_PATH_MAX];
	int r;

	if (argc)
		return err_usage("iommu list: unexpected argument '%s'", err_arg(argv[0]));
	if ((r = iommu_list_units(&l))) {
		sys_path(path, "class/iommu");
		return sf_err(path, r);
	}
	u = malloc(sizeof(*u));
	if (!u) {
		sf_list_free(&l);
		return err_fail("out of memory");
	}
	host_probe(&h);
	host_nest_context_from(&h, &ctx);
	open_array("iommus");
	for (size_t i = 0; i < l.n; i++) {
		iommu_unit_load(l.names[i], &ctx, u);
		if (u->error[0])
			out_warn("%s", u->error);
		open_object(NULL);
		print_unit(u, false, iommu_name_width(&l));
		close_object();
	}
	close_array();
	if (!l.n)
		print_no_units(&h);
	free(u);
	sf_list_free(&l);
	return EXIT_OK;
}

static int iommu_show(int argc, char **argv)
{
	struct nest_context ctx;
	struct iommu_unit *u;
	char path[SF_PATH_MAX];
	int rc = EXIT_OK;

	if (argc < 1)
		return err_usage("iommu show: missing NAME (see 'iommuctl iommu list')");
	if (argc > 1)
		return err_usage("iommu show: unexpected argument '%s'", err_arg(argv[1]));
	if (!*argv[0])
		return err_usage("iommu show: NAME: empty (see 'iommuctl iommu list')");
	if (!valid_name(argv[0]) || sys_path(path, "class/iommu/%s", argv[0]))
		return err_usage("iommu show: NAME: '%s' is not a unit name (see 'iommuctl iommu "
				 "list')", err_arg(argv[0]));
	if (!sf_exists(path)) {
		sys_path(path, "class/iommu");
		return err_fail("no IOMMU unit '%s' in %s", err_arg(argv[0]), path);
	}
	u = malloc(sizeof(*u));
	if (!u)
		return err_fail("out of memory");
	host_nest_context(&ctx);
	iommu_unit_load(argv[0], &ctx, u);
	open_object("iommu");
	print_unit(u, true, 0);
	close_object();
	if (u->error[0])
		rc = err_fail("%s", u->error);
	free(u);
	return rc;
}

const struct cmd iommu_cmds[] = {
	{ "list", iommu_list, "", "the IOMMU units, one line each with the nesting answer" },
	{ "show", iommu_show, "NAME",
	  "one unit: registers decoded, domains, devices, nesting verdict" },
	{ NULL },
};
