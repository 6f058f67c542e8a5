# ketchart — plain Makefile; every library through pkg-config (iniparser by its Debian path).
#   make            build ./ketchart
#   make run        install what is missing, build, open on a demo database
#   make check      install what is missing, build, run every test
#   make asan       every test under AddressSanitizer + UBSan
#   make valgrind   unit, command-line and screen tests under valgrind (slow: ~12 min here)
#   make bench      benchmarks (medians), never part of check
#   make install / uninstall   (PREFIX, DESTDIR, MANDIR)
#   make install-shared ADMIN=login   (root) install, then set up shared mode: the group
#                   KC_GROUP, $(LOCALSTATEDIR)/lib/ketchart, $(SYSCONFDIR)/ketchart/config.ini,
#                   the binary setgid; ADMIN becomes the database's first admin

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=
# Shared mode (src/shared.h): where the clinic's database and configuration live, and the
# group the installed binary is setgid to. Compiled into the binary install-shared makes.
SYSCONFDIR    ?= /etc
LOCALSTATEDIR ?= /var
KC_GROUP      ?= ketchart

CC         ?= cc
PKG_CONFIG ?= pkg-config
BUILD      ?= build
BIN        ?= ./ketchart

VERSION := 0.1.0

# Lazily evaluated so that `make check` can install the packages before they are asked for.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw formw menuw sqlite3 libsodium libutf8proc pangocairo cairo-pdf jansson uuid 2>/dev/null))
# pangocairo and cairo-pdf are not linked: loaded only to make a PDF (src/core/pdf_dl.c).
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs formw menuw ncursesw sqlite3 libsodium libutf8proc jansson uuid 2>/dev/null)
# The small libraries (iniparser, ncursesw/formw/menuw/tinfo, sodium, utf8proc, jansson, uuid)
# are linked in from their -dev packages' .a; SQLite, libm and libc stay shared. Loading and
# relocating those nine shared libraries was most of what the dynamic loader did at each
# command's start: 1.4M of 2.8M instructions and ~45 page faults of `ketchart --version`
# (callgrind, /usr/bin/time), about 2 ms of CPU here, which the start screen's
# 1.2x-of-sqlite3 target cannot afford (issue 10). The price: a security fix to one of them
# reaches ketchart when it is built again. STATIC_LIBS=no links them all shared.
STATIC_LIBS ?= yes
SMALL_LIBS = $(shell $(PKG_CONFIG) --libs formw menuw ncursesw libsodium libutf8proc jansson uuid 2>/dev/null)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)
INI_CFLAGS = $(shell $(PKG_CONFIG) --cflags iniparser 2>/dev/null || echo -I/usr/include/iniparser)
INI_LIBS   = $(shell $(PKG_CONFIG) --libs iniparser 2>/dev/null || echo -liniparser)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

OPT      ?= -O2 -g
WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wpointer-arith -Wvla
CFLAGS   ?=
ALL_CFLAGS = -std=c11 $(OPT) $(WARNINGS) $(SAN) $(CFLAGS) -MMD -MP
ALL_CPPFLAGS = -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DKC_VERSION='"$(VERSION)"' -Iinclude \
               $(INI_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
ifeq ($(STATIC_LIBS),yes)
LIBS = -Wl,-Bstatic $(INI_LIBS) $(SMALL_LIBS) -Wl,-Bdynamic $(SQLITE_LIBS) -lm
else
LIBS = $(INI_LIBS) $(PKG_LIBS) -lm
endif

CORE_SRC := $(wildcard src/store/*.c src/rules/*.c src/chart/*.c src/core/*.c)
UI_SRC   := $(wildcard src/ui/*.c src/ui/*/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)
APP_SRC  := src/main.c src/cli.c src/cmd.c src/start.c src/shared.c
MAIN_OBJ := $(APP_SRC:%.c=$(BUILD)/%.o)
LIBKC    := $(BUILD)/libkc.a

TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
SCRIPT_TESTS = $(filter-out %/lib.sh,$(sort $(wildcard tests/cli/*.sh)) $(sort $(wildcard tests/screen/*.sh)) \
               $(sort $(wildcard tests/fault/*.sh)))
# Helper programs that script tests drive (tests/tool_*.c -> $(BUILD)/tests/tool_*).
TOOL_SRC := $(wildcard tests/tool_*.c)
TOOL_BIN := $(TOOL_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench_*.c)
BENCH_BIN := $(BENCH_SRC:tests/%.c=$(BUILD)/tests/%)
# The big-database benchmark's measuring tool (tools/bench_big.c, driven by tests/bench/bigdb.sh).
BENCH_TOOL := $(BUILD)/tools/bench_big
# Sizes of the big-database benchmark; BENCH_SESSIONS=50000 adds that size, or
# BENCH_SIZES="1000 10000 50000" (make's command line or the environment) names them all.
BENCH_SIZES ?= 1000 10000 $(BENCH_SESSIONS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Keep test objects between runs.
.SECONDARY:

.PHONY: all deps check test unit scripts asan valgrind bench run install install-shared uninstall clean

all: $(BIN)

$(BIN): $(MAIN_OBJ) $(UI_OBJ) $(LIBKC)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(LIBKC) $(LIBS)

$(LIBKC): $(CORE_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# test_store fakes a failing sqlite3_step through the linker.
$(BUILD)/tests/test_store: WRAP = -Wl,--wrap=sqlite3_step
# test_cli tests the command-line parser, which lives outside the core library.
$(BUILD)/tests/test_cli $(BUILD)/tests/test_shared: $(BUILD)/src/cli.o
# test_keys tests the escape-sequence grammar of the screens' key reader.
$(BUILD)/tests/test_keys: $(BUILD)/src/ui/keys.o
# test_reload tests the screens' reload policy, which is free of curses.
$(BUILD)/tests/test_reload: $(BUILD)/src/ui/reload.o
# test_lines tests the UI kit's pure layout module (no curses).
$(BUILD)/tests/test_lines: $(BUILD)/src/ui/ui_lines.o
# test_search: the line model's search, and Shift-F3 read whole (its previous-match key).
$(BUILD)/tests/test_search: $(BUILD)/src/ui/ui_lines.o $(BUILD)/src/ui/keys.o
# Every unit test links the temp-database fixture (tests/fixture.c); tools and benchmarks do not.
$(TEST_BIN): $(BUILD)/tests/fixture.o
$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBKC)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) $(WRAP) -o $@ $(filter %.o,$^) $(LIBKC) $(CMOCKA_LIBS) $(LIBS)

deps:
	@sh tools/deps.sh

# tests/fhir/install.sh: the test-only FHIR R4 validator (npm, pinned), for tests/cli/fhir.sh.
check: deps
	@sh tests/fhir/install.sh
	@$(MAKE) --no-print-directory test

test: $(BIN) $(TEST_BIN) $(TOOL_BIN) $(BENCH_TOOL)
	@KC_BUILD=$(BUILD) sh tests/run.sh "$(BIN)" $(TEST_BIN) -- $(SCRIPT_TESTS)

unit: $(TEST_BIN)
	@sh tests/run.sh "" $(TEST_BIN) --

scripts: $(BIN) $(TOOL_BIN) $(BENCH_TOOL)
	@KC_BUILD=$(BUILD) sh tests/run.sh "$(BIN)" -- $(SCRIPT_TESTS)

# LeakSanitizer: fontconfig (under pango, for the PDFs) keeps its caches for the life of the
# process by design; tests/lsan.supp names that library and nothing of ours.
asan: deps
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 $(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/ketchart OPT="-O1 -g" \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

valgrind: deps
	@$(MAKE) --no-print-directory BUILD=build/vg BIN=build/vg/ketchart OPT="-O0 -g" \
		build/vg/ketchart build/vg/tests/tool_charter $(TEST_SRC:tests/%.c=build/vg/tests/%)
	@KC_VALGRIND=1 KC_VG_LOGS=build/vg/logs KC_BUILD=build/vg sh tests/run.sh build/vg/ketchart $(TEST_SRC:tests/%.c=build/vg/tests/%) -- \
		$(filter-out %/lib.sh,$(sort $(wildcard tests/cli/*.sh)) $(sort $(wildcard tests/screen/*.sh)))

bench: deps
	@$(MAKE) --no-print-directory $(BIN) $(BENCH_BIN) $(BENCH_TOOL)
	@for b in $(BENCH_BIN); do $$b "$(BIN)" || exit 1; done
	@BENCH_DIR=$(BUILD)/bench sh tests/bench/bigdb.sh "$(BIN)" "$(BENCH_TOOL)" "$(strip $(BENCH_SIZES))"

$(BENCH_TOOL): $(BUILD)/tools/bench_big.o $(LIBKC)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBKC) $(LIBS) -lutil

# libFuzzer targets tests/fuzz/ (clang, ASan + UBSan), FUZZ_SECONDS each; never part of check.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_OUT=$(BUILD)/fuzz sh tools/fuzz.sh

RUNDIR ?= $(or $(TMPDIR),/tmp)/ketchart-demo-$(shell id -un)
run: deps
	@$(MAKE) --no-print-directory $(BIN)
	@mkdir -p "$(RUNDIR)" && chmod 700 "$(RUNDIR)"
	@test -f "$(RUNDIR)/demo.db" || $(BIN) --db "$(RUNDIR)/demo.db" demo
	$(BIN) --db "$(RUNDIR)/demo.db"

install: $(BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man5" \
		"$(DESTDIR)$(MANDIR)/man7"
	install -m 755 $(BIN) "$(DESTDIR)$(BINDIR)/ketchart"
	install -m 644 man/ketchart.1 "$(DESTDIR)$(MANDIR)/man1/ketchart.1"
	install -m 644 man/ketchart.ini.5 "$(DESTDIR)$(MANDIR)/man5/ketchart.ini.5"
	install -m 644 man/ketchart-clinical.7 "$(DESTDIR)$(MANDIR)/man7/ketchart-clinical.7"

# The binary for the directories given (only shared.c knows them), installed, then set up
# by its own setup --shared: it makes the group, folder, database and configuration and
# makes itself root:KC_GROUP 2755. No DESTDIR: this sets up the machine it runs on.
SHARED_DEFS = -DKC_CONFDIR='"$(SYSCONFDIR)/ketchart"' -DKC_STATEDIR='"$(LOCALSTATEDIR)/lib/ketchart"' \
              -DKC_GROUP='"$(KC_GROUP)"'
install-shared: $(filter-out $(BUILD)/src/shared.o,$(MAIN_OBJ)) $(UI_OBJ) $(LIBKC)
	@test -n "$(ADMIN)" || { echo "make install-shared ADMIN=LOGIN: the clinician who becomes the first admin"; exit 2; }
	@mkdir -p $(BUILD)/install
	$(Q)$(CC) $(ALL_CPPFLAGS) $(SHARED_DEFS) $(ALL_CFLAGS) -c -o $(BUILD)/install/shared.o src/shared.c
	$(Q)$(CC) $(ALL_LDFLAGS) -o $(BUILD)/install/ketchart $(filter %.o,$^) $(BUILD)/install/shared.o \
		$(LIBKC) $(LIBS)
	install -d "$(BINDIR)" "$(MANDIR)/man1" "$(MANDIR)/man5"
	install -m 755 $(BUILD)/install/ketchart "$(BINDIR)/ketchart"
	install -m 644 man/ketchart.1 "$(MANDIR)/man1/ketchart.1"
	install -m 644 man/ketchart.ini.5 "$(MANDIR)/man5/ketchart.ini.5"
	"$(BINDIR)/ketchart" setup --shared "$(ADMIN)"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/ketchart" "$(DESTDIR)$(MANDIR)/man1/ketchart.1" \
	      "$(DESTDIR)$(MANDIR)/man5/ketchart.ini.5" "$(DESTDIR)$(MANDIR)/man7/ketchart-clinical.7"

clean:
	rm -rf build ketchart

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
