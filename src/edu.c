// SPDX-License-Identifier: GPL-2.0-only
/*
 * `device dma`: drive the DMA engine of QEMU's `edu` test device (PCI
 * 1234:11e8) through its VFIO BAR mapping, so that a test can make the
 * device read or write memory at an IOVA and see where the IOMMU sent it.
 *
 * The edu device (QEMU docs/specs/edu.rst): BAR0 is 1 MiB of registers;
 * 0x00 identification 0xRRrr00ed; 0x80 DMA source, 0x88 DMA destination,
 * 0x90 DMA count (8-byte accesses allowed from 0x80 on); 0x98 DMA command:
 * bit 0 start (cleared by the device when done), bit 1 direction (0: from
 * memory into the device, 1: from the device to memory), bit 2 interrupt.
 * The device's side of a transfer is a 4 KiB buffer at device address
 * 0x40000. QEMU stops the whole VM (hw_error) on a transfer outside that
 * buffer, so such requests are refused here before the device sees them.
 * A transfer that the IOMMU faults leaves no trace in the device: the data
 * simply does not arrive (and the IOMMU reports the fault).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kwargs.h"
#include "output.h"
#include "session.h"
#include "vfio.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_REG_ID	0x00
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_CNT	0x90
#define EDU_REG_CMD	0x98
#define EDU_CMD_START	(1u << 0)
#define EDU_CMD_TO_RAM	(1u << 1)
#define EDU_BUF_ADDR	0x40000u
#define EDU_BUF_SIZE	4096u
#define EDU_BAR_MIN	(EDU_REG_CMD + 8)

#define PCI_COMMAND		0x04
#define PCI_COMMAND_MEMORY	(1u << 1)
#define PCI_COMMAND_MASTER	(1u << 2)

struct edu {
	int fd;
	volatile uint8_t *bar;
	size_t bar_len;
	uint32_t id;
};

static uint32_t rd32(const struct edu *e, unsigned off)
{
	return *(volatile const uint32_t *)(e->bar + off);
}

static uint64_t rd64(const struct edu *e, unsigned off)
{
	return *(volatile const uint64_t *)(e->bar + off);
}

static void wr64(const struct edu *e, unsigned off, uint64_t v)
{
	*(volatile uint64_t *)(e->bar + off) = v;
}

/* Config space through the VFIO config region: the ids, and memory decoding
 * plus bus mastering switched on (vfio-pci leaves bus mastering to the user). */
static int edu_config(const char *ctx, int fd, uint16_t *cmd_before)
{
	struct ictl_vfio_region_info ri;
	uint16_t ids[2], cmd;
	int err = vfio_region_info(fd, ICTL_VFIO_PCI_CONFIG_REGION_INDEX, &ri);

	if (err)
		return err_ioctl("VFIO_DEVICE_GET_REGION_INFO", err, "the config space region");
	if (pread(fd, ids, sizeof(ids), (off_t)ri.offset) != (ssize_t)sizeof(ids) ||
	    pread(fd, &cmd, sizeof(cmd), (off_t)(ri.offset + PCI_COMMAND)) != (ssize_t)sizeof(cmd))
		return err_errno(EXIT_FAILED, "pread", errno, "%s: cannot read config space", ctx);
	if (ids[0] != EDU_VENDOR || ids[1] != EDU_DEVICE)
		return err_unsupported("%s: the device is %04x:%04x; 'device dma' drives QEMU's edu "
				       "test device (%04x:%04x) only", ctx, ids[0], ids[1],
				       EDU_VENDOR, EDU_DEVICE);
	*cmd_before = cmd;
	if ((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) !=
	    (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) {
		cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
		if (pwrite(fd, &cmd, sizeof(cmd), (off_t)(ri.offset + PCI_COMMAND)) !=
		    (ssize_t)sizeof(cmd))
			return err_errno(EXIT_FAILED, "pwrite", errno,
					 "%s: cannot enable bus mastering in config space", ctx);
	}
	return 0;
}

static int edu_map(const char *ctx, int fd, struct edu *e)
{
	struct ictl_vfio_region_info ri;
	void *p;
	int err = vfio_region_info(fd, ICTL_VFIO_PCI_BAR0_REGION_INDEX, &ri);

	if (err)
		return err_ioctl("VFIO_DEVICE_GET_REGION_INFO", err, "BAR0");
	if (!(ri.flags & ICTL_VFIO_REGION_INFO_FLAG_MMAP) || ri.size < EDU_BAR_MIN)
		return err_unsupported("%s: BAR0 (%#" PRIx64 " bytes, flags %#x) cannot be mapped; "
				       "the edu registers need an mmap-able 1 MiB BAR0", ctx,
				       (uint64_t)ri.size, ri.flags);
	p = mmap(NULL, (size_t)ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)ri.offset);
	if (p == MAP_FAILED)
		return err_errno(EXIT_FAILED, "mmap", errno, "%s: cannot map BAR0", ctx);
	e->fd = fd;
	e->bar = p;
	e->bar_len = (size_t)ri.size;
	e->id = rd32(e, EDU_REG_ID);
	if ((e->id & 0xffff) != 0x00ed) {
		munmap(p, e->bar_len);
		return err_fail("%s: BAR0 identification %#x is not edu's 0xRRrr00ed", ctx, e->id);
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One transfer; 0, or -ETIMEDOUT with the start bit still set. */
static int edu_transfer(const struct edu *e, uint64_t src, uint64_t dst, uint32_t len, bool to_ram,
			uint32_t timeout_ms, double *elapsed)
{
	double t0 = now_ms();
	const struct timespec tick = { 0, 1000000 };

	wr64(e, EDU_REG_SRC, src);
	wr64(e, EDU_REG_DST, dst);
	wr64(e, EDU_REG_CNT, len);
	wr64(e, EDU_REG_CMD, EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0));
	while (rd64(e, EDU_REG_CMD) & EDU_CMD_START) {
		if (now_ms() - t0 > timeout_ms) {
			*elapsed = now_ms() - t0;
			return -ETIMEDOUT;
		}
		nanosleep(&tick, NULL);
	}
	*elapsed = now_ms() - t0;
	return 0;
}

static void print_transfer(const char *key, const char *what, uint64_t iova, uint32_t len,
			   uint32_t off, double ms)
{
	open_object(key);
	print_string(PRINT_ANY, "direction", "%s", what);
	print_hex(PRINT_ANY, "iova", " iova %#" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, len);
	print_hex(PRINT_ANY, "buffer_offset", " (device buffer +%#" PRIx64 ")", off);
	print_u64(PRINT_ANY, "elapsed_ms", ": done in %" PRIu64 " ms\n", (uint64_t)(ms + 0.5));
	close_object();
}

/* device dma DEV read|write iova A length N [offset O] [timeout MS]
 * device dma DEV copy src A dst B length N [timeout MS] */
int device_dma(int argc, char **argv)
{
	const char *ctx = "device dma";
	uint64_t iova = 0, src = 0, dst = 0, length = 0, offset = 0;
	uint32_t timeout_ms = 5000, dev_id;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("src", KW_U64, &src),
		KW("dst", KW_U64, &dst),
		KW("length", KW_SIZE, &length),
		KW("offset", KW_SIZE, &offset),
		KW_MAX("timeout", KW_U32, &timeout_ms, 600000),
	};
	enum { OP_READ, OP_WRITE, OP_COPY } op;
	struct edu e;
	struct sobj *o;
	uint16_t cmd_before = 0;
	double ms1 = 0, ms2 = 0;
	int rc, err = 0;

	if (argc < 2)
		return err_usage("%s: expected DEV read|write iova ADDR length SIZE, or DEV copy src "
				 "ADDR dst ADDR length SIZE", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_DEVICE, "device dma: DEV", &dev_id, &o)))
		return rc;
	if (!o || o->fd < 0)
		return err_usage("%s: DEV must be a device opened in this session ('device open')", ctx);
	if (!strcmp(argv[1], "read"))
		op = OP_READ;
	else if (!strcmp(argv[1], "write"))
		op = OP_WRITE;
	else if (!strcmp(argv[1], "copy"))
		op = OP_COPY;
	else
		return err_unknown("device dma: operation", "operation", argv[1],
				   (const char *const[]){ "read", "write", "copy", NULL });
	if ((rc = parse_kwargs(ctx, argc - 2, argv + 2, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
		return rc;
	if (op == OP_COPY) {
		if ((rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "src")) ||
		    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "dst")))
			return rc;
		if (kw[0].seen || kw[4].seen)
			return err_usage("%s: copy takes src and dst (and goes through the start of "
					 "the device buffer), not iova or offset", ctx);
	} else {
		if ((rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")))
			return rc;
		if (kw[1].seen || kw[2].seen)
			return err_usage("%s: src and dst are for copy; %s takes iova", ctx, argv[1]);
	}
	if (!length || length > EDU_BUF_SIZE || offset > EDU_BUF_SIZE - length)
		return err_usage("%s: length %" PRIu64 " at buffer offset %" PRIu64 " does not fit "
				 "edu's %u-byte buffer (QEMU would stop the VM)", ctx, length, offset,
				 EDU_BUF_SIZE);
	if ((rc = edu_config(ctx, o->fd, &cmd_before)) || (rc = edu_map(ctx, o->fd, &e)))
		return rc;

	print_u64(PRINT_ANY, "dev_id", "dev_id %" PRIu64, dev_id);
	print_string(PRINT_ANY, "device", " %s", "edu");
	print_u64(PRINT_ANY, "version_major", " %" PRIu64, e.id >> 24);
	print_u64(PRINT_ANY, "version_minor", ".%" PRIu64, (e.id >> 16) & 0xff);
	print_bool(PRINT_JSON, "bus_master_enabled_now", NULL,
		   !(cmd_before & PCI_COMMAND_MASTER));
	print_text(cmd_before & PCI_COMMAND_MASTER ? "\n" : " (bus mastering enabled)\n");
	if (op == OP_READ || op == OP_COPY) {
		uint64_t from = op == OP_COPY ? src : iova;

		err = edu_transfer(&e, from, EDU_BUF_ADDR + offset, (uint32_t)length, false,
				   timeout_ms, &ms1);
		if (!err)
			print_transfer("read", "read (memory to device)", from, (uint32_t)length,
				       (uint32_t)offset, ms1);
	}
	if (!err && (op == OP_WRITE || op == OP_COPY)) {
		uint64_t to = op == OP_COPY ? dst : iova;

		err = edu_transfer(&e, EDU_BUF_ADDR + offset, to, (uint32_t)length, true, timeout_ms,
				   &ms2);
		if (!err)
			print_transfer("write", "write (device to memory)", to, (uint32_t)length,
				       (uint32_t)offset, ms2);
	}
	munmap((void *)e.bar, e.bar_len);
	if (err)
		return err_fail("%s: the edu DMA did not finish within %u ms (the command register "
				"still has its start bit)", ctx, timeout_ms);
	return 0;
}
