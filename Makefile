# SPDX-License-Identifier: GPL-2.0-only
# iommuctl: one Makefile.
#   make                 build build/iommuctl
#   make SANITIZE=1      ASan+UBSan build in build-san/
#   make sancheck        unit and CLI tests on that build; any sanitizer report
#                        (ASan, UBSan, LeakSanitizer) fails
#   make fuzz            libFuzzer targets (tests/fuzz, clang-14) in build-fuzz/,
#                        each run FUZZ_SECONDS (default 60); crashes fail
#   make run             install missing packages, build, run `iommuctl show`
#   make demo            install what is needed, boot the VM, run the demo session
#   make check           install missing packages, build, run every test: unit,
#                        CLI, sancheck, fuzz for FUZZ_CHECK_SECONDS each, VM
#   make test            unit and CLI tests only (no VM); the unit tests replay
#                        the committed fuzz inputs
#   make vmcheck         the tests on a real kernel in a QEMU VM
#   make failnth         kernel fault injection under four sessions, in the VM
#   make bench           the benchmarks of bench/ (not part of check; bench/README):
#                        startup, inventory scaling, invalidation in the VM
#   make man             regenerate man/*.8 from the ronn sources
#   make install         PREFIX=/usr/local DESTDIR=

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions

CC         ?= cc
PKG_CONFIG ?= pkg-config
PKGS       := json-c libcap

SANITIZE   ?= 0
FUZZ       ?= 0
FUZZ_CC    ?= clang-14
SANLDFLAGS :=
ifeq ($(SANITIZE),1)
B          := build-san
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# GCC links libasan and libubsan as two shared objects, and UBSan then ignores
# log_path (sancheck): linked statically, every report lands in its file.
SANLDFLAGS := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null)),,\
              -static-libasan -static-libubsan)
else ifeq ($(FUZZ),1)
# libFuzzer builds (make fuzz): clang 14 and its runtime (libclang-rt-14-dev).
B          := build-fuzz
CC         := $(FUZZ_CC)
SANFLAGS   := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
else
B          := build
SANFLAGS   :=
endif

CFLAGS     ?= -O2 -g
WARN       := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS) -D_GNU_SOURCE \
              -DIOMMUCTL_VERSION='"$(VERSION)"' -Isrc \
              $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LIBS       := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -ldl
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS) $(SANLDFLAGS)

SRCS       := $(wildcard src/*.c)
OBJS       := $(SRCS:src/%.c=$(B)/obj/%.o)
LIB_OBJS   := $(filter-out $(B)/obj/main.o,$(OBJS))

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

# Fuzz targets (tests/fuzz/fuzz_NAME.c): libFuzzer binaries in build-fuzz/,
# and the same code in the unit test that replays the committed inputs.
FUZZ_SECONDS  ?= 60
FUZZ_CHECK_SECONDS ?= 12
FUZZ_NAMES    := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJS     := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%.o,$(filter-out tests/fuzz/libfuzzer.c,\
                 $(wildcard tests/fuzz/*.c)))
FUZZ_BINS     := $(FUZZ_NAMES:%=$(B)/fuzz_%)
FUZZ_DEFS     := -Itests/fuzz -DFUZZ_SRCDIR='"$(CURDIR)"'

# Benchmark helpers (bench/*.c): the raw-ioctl baseline, the timer, the
# plain-read baseline. Built only by `make bench`.
BENCH_BINS    := $(patsubst bench/%.c,$(B)/bench/%,$(wildcard bench/*.c))

.PHONY: all run check test unit clitest sancheck vmcheck failnth demo deps man install uninstall clean \
	fuzz bench

all: $(B)/iommuctl

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

$(B)/iommuctl: $(OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/obj/%.o: src/%.c $(wildcard src/*.h) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS) \
		$(shell $(PKG_CONFIG) --libs cmocka)

$(B)/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h $(wildcard src/*.h) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -c -o $@ $<

$(B)/tests/test_fuzz_replay: tests/unit/test_fuzz_replay.c $(FUZZ_OBJS) $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) $(ALL_LDFLAGS) -o $@ $< $(FUZZ_OBJS) $(LIB_OBJS) \
		$(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(B)/fuzz/libfuzzer-%.o: tests/fuzz/libfuzzer.c tests/fuzz/fuzz.h Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) -DFUZZ_TARGET=$* -c -o $@ $<

.SECONDARY: $(FUZZ_NAMES:%=$(B)/fuzz/libfuzzer-%.o)
$(B)/fuzz_%: $(B)/fuzz/libfuzzer-%.o $(FUZZ_OBJS) $(LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

$(B)/bench/%: bench/%.c $(wildcard src/uapi*.h) Makefile
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

# Install what the build and the tests need (apt-get as root, else a list).
deps:
	@tests/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/iommuctl show

unit: $(UNIT_BINS)
	@tests/unit/run.sh $(UNIT_BINS)

clitest: $(B)/iommuctl
	IOMMUCTL=$(CURDIR)/$(B)/iommuctl bats --tap tests/cli

test: unit clitest

# The unit and CLI tests again on the ASan+UBSan build (LeakSanitizer on):
# any report fails (halt_on_error, own exit codes, reports kept in files that
# must stay absent).
SAN_LOG    := $(CURDIR)/build-san/reports
sancheck:
	@$(MAKE) --no-print-directory SANITIZE=1 all
	@rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG)
	@export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=86:log_path=$(SAN_LOG)/asan \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$(SAN_LOG)/ubsan; \
	$(MAKE) --no-print-directory SANITIZE=1 test; rc=$$?; \
	tests/sanitizer-reports.sh $(SAN_LOG) "unit and CLI tests" || rc=1; exit $$rc

# libFuzzer: each target for FUZZ_SECONDS (make check: FUZZ_CHECK_SECONDS).
ifeq ($(FUZZ),1)
fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
else
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz
endif

vmcheck: $(B)/iommuctl
	@$(MAKE) --no-print-directory SANITIZE=1 all
	IOMMUCTL=$(CURDIR)/$(B)/iommuctl IOMMUCTL_SAN=$(CURDIR)/build-san/iommuctl tests/vm/vmcheck.sh

# Kernel fault injection (fail-nth) under four sessions, in the VM, alone
# (vmcheck runs it too; the kernel must be built: vmcheck or build-kernel.sh).
failnth: $(B)/iommuctl
	IOMMUCTL=$(CURDIR)/$(B)/iommuctl tests/vm/run-vm.sh --timeout 3600 \
		-- bats --tap tests/vm/failnth/failnth.bats

# The benchmarks (bench/README); BENCH=startup,inventory,invalidate picks some.
bench: $(B)/iommuctl $(BENCH_BINS)
	IOMMUCTL=$(CURDIR)/$(B)/iommuctl BENCH_BIN=$(CURDIR)/$(B)/bench bench/run.sh

# Boot the test VM and run the documented demo session (tests/vm/demo.batch).
demo: deps
	@$(MAKE) --no-print-directory all
	IOMMUCTL=$(CURDIR)/$(B)/iommuctl tests/vm/demo.sh

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory sancheck
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS)
	@$(MAKE) --no-print-directory vmcheck

man: man/iommuctl.8

man/%.8: man/%.8.ronn
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct -- $< 2>/dev/null); \
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-0} \
	ronn -W --roff --pipe --manual="iommuctl manual" --organization="iommuctl $(VERSION)" $< > $@.tmp
	mv $@.tmp $@

install: $(B)/iommuctl
	install -D -m 0755 $(B)/iommuctl $(DESTDIR)$(BINDIR)/iommuctl
	install -D -m 0644 man/iommuctl.8 $(DESTDIR)$(MANDIR)/man8/iommuctl.8
	install -D -m 0644 completions/iommuctl.bash $(DESTDIR)$(BASHCOMPDIR)/iommuctl
	install -D -m 0644 completions/_iommuctl $(DESTDIR)$(ZSHCOMPDIR)/_iommuctl

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/iommuctl $(DESTDIR)$(MANDIR)/man8/iommuctl.8 \
	      $(DESTDIR)$(BASHCOMPDIR)/iommuctl $(DESTDIR)$(ZSHCOMPDIR)/_iommuctl

clean:
	rm -rf build build-san build-fuzz
