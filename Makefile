# fgdj — one binary over one SQLite database.
#   make          build build/fgdj
#   make demo     install what is missing, build, create a demo database, run the main job
#   make check    install what the tests need, build, run every test (also under ASan+UBSan, plus fuzzers)
#   make bench    run the benchmarks in bench/ (not part of check)
#   make deb      build the Debian package build/fgdj_VERSION-1_ARCH.deb (docs/deploy.md)

CC      ?= cc
FUZZCC  ?= clang
PKGS    := sqlite3 jansson minizip expat xlsxwriter icu-uc icu-i18n libsodium
# Compiled against, loaded on first use (src/util/dl.h): not linked, so no command pays for loading them.
DL_PKGS := libpq pangocairo cairo libmicrohttpd

BUILD_DEBS := pkg-config libsqlite3-dev libpq-dev libjansson-dev libminizip-dev libexpat1-dev \
              libxlsxwriter-dev libicu-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk fonts-arphic-gkai00mp \
              libmicrohttpd-dev libsodium-dev
TEST_DEBS  := libcmocka-dev clang libclang-rt-14-dev sqlite3 unzip curl poppler-utils \
              libreoffice-writer-nogui chromium nodejs python3 \
              dpkg-dev lintian man-db systemd nginx openssl postgresql-15
# What `make deb` needs besides BUILD_DEBS: dpkg-shlibdeps (dpkg-dev; dpkg-deb is in dpkg).
DEB_DEBS   := dpkg-dev

CFLAGS_BASE := -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc \
               -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -Wformat=2 -Wvla
PKG_CFLAGS   = $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The unit tests link them: test_doc drops pango's and cairo's caches itself.
DL_LIBS      = $(shell pkg-config --libs $(DL_PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g -D_FORTIFY_SOURCE=2
ALL_CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread

B       ?= build
SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/cli/main.c,$(SRC))
# Files compiled into the binary as byte arrays (templates, web assets): name → C symbol.
EMBED   := $(sort $(wildcard src/report/*.md) $(wildcard src/web/assets/*))
GENSRC   = $(B)/gen/embedded.c
OBJ      = $(patsubst src/%.c,$(B)/obj/%.o,$(SRC)) $(B)/obj/gen/embedded.o $(B)/obj/gen/pinyin.o
LIBOBJ   = $(patsubst src/%.c,$(B)/obj/%.o,$(LIBSRC)) $(B)/obj/gen/embedded.o $(B)/obj/gen/pinyin.o
UNIT    := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN  = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT))
FUZZ    := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZBIN := $(patsubst fuzz/%.c,build/fuzz/%,$(FUZZ))
FUZZ_SECONDS ?= 15

.PHONY: all deps test-deps demo check unit e2e e2e-pg browser browser-deps browser-pg asan asan-build asan-unit asan-e2e progs fuzz bench deb clean
.DELETE_ON_ERROR:

all: deps $(B)/fgdj

# Installs missing Debian packages when run as root; otherwise names them and stops.
deps:
	@sh scripts/ensure-debs.sh $(BUILD_DEBS)

test-deps:
	@sh scripts/ensure-debs.sh $(BUILD_DEBS) $(TEST_DEBS)

$(B)/fgdj: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LDLIBS_ALL)

$(B)/libfgdj.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

# Every embedded file becomes `const unsigned char embed_<name>[]` plus its length (see src/util/embed.h).
$(B)/gen/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $(EMBED) >$@

$(B)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The pinyin of every Han character (src/core/pinyin_table.h), from ICU at build time.
$(B)/gen/pinyin_gen: scripts/pinyin_gen.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS_ALL)

$(B)/gen/pinyin.c: $(B)/gen/pinyin_gen
	ASAN_OPTIONS=detect_leaks=0 $(B)/gen/pinyin_gen >$@

$(B)/obj/gen/pinyin.o: $(B)/gen/pinyin.c src/core/pinyin_table.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libfgdj.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(B)/libfgdj.a $(LDFLAGS) $(LDLIBS_ALL) $(DL_LIBS) -lcmocka

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

DEMO_DB ?= build/demo.db
DEMO_LISTEN ?= 127.0.0.1:8080
# The demo district (seed 1: its first street is 双峰街道, with 梧埭社区), five accounts, then the
# web application in the foreground (Ctrl-C stops it).
demo: all
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(B)/fgdj demo --scale district --seed 1 --db $(DEMO_DB)
	$(B)/fgdj summary --db $(DEMO_DB)
	@printf 'admin-demo-2026\n' | $(B)/fgdj user add admin --role admin --password-stdin --db $(DEMO_DB)
	@printf 'jiedao-demo-2026\n' | $(B)/fgdj user add jiedao --role street --scope 双峰街道 --password-stdin --db $(DEMO_DB)
	@printf 'shequ-demo-2026\n' | $(B)/fgdj user add shequ --role community --scope 双峰街道/梧埭社区 --password-stdin --db $(DEMO_DB)
	@# The community's first own branch and its first instructor, as the demo made them.
	@org=$$($(B)/fgdj export orgs --region 双峰街道/梧埭社区 --db $(DEMO_DB) | awk -F, 'NR > 1 && $$3 == "单独建" { print $$1; exit }'); \
	 ins=$$($(B)/fgdj export instructors --region 双峰街道/梧埭社区 --db $(DEMO_DB) | awk -F, 'NR == 2 { print $$1 "（" $$2 "）" }'); \
	 printf 'shuji-demo-2026\n' | $(B)/fgdj user add shuji --role secretary --scope "$$org" --password-stdin --db $(DEMO_DB) && \
	 printf 'zhidao-demo-2026\n' | $(B)/fgdj user add zhidao --role instructor --scope 双峰街道/梧埭社区 --instructor "$$ins" \
		--password-stdin --db $(DEMO_DB) && \
	 printf '\n请用浏览器打开 http://%s/\n演示账户（用户名 / 密码）：\n' '$(DEMO_LISTEN)' && \
	 printf '  admin  / admin-demo-2026   系统管理员，全区\n' && \
	 printf '  jiedao / jiedao-demo-2026  街道工作人员，双峰街道\n' && \
	 printf '  shequ  / shequ-demo-2026   社区工作人员，双峰街道/梧埭社区\n' && \
	 printf '  shuji  / shuji-demo-2026   党组织书记，%s（组织生活日历、本月待办）\n' "$$org" && \
	 printf '  zhidao / zhidao-demo-2026  党建指导员，%s（登记本人走访）\n按 Ctrl-C 停止。\n\n' "$$ins"
	$(B)/fgdj serve --listen $(DEMO_LISTEN) --db $(DEMO_DB)

# The programs the tests run (the binary and the unit tests), built without running them.
progs: $(B)/fgdj $(UNITBIN)

# Beside a PostgreSQL server of their own (tests/pg.sh): test_sql runs on both backends.
# (Each at most 10 minutes: one that hangs fails with its name.)
unit: $(UNITBIN)
	@sh tests/pg.sh sh -c 'set -e; for t in $(UNITBIN); do echo "== $$t"; timeout -k 10 600 $$t || \
	  { rc=$$?; [ $$rc != 124 ] || echo "$$t：超过 600 秒未结束，已停止（挂起？）" >&2; exit $$rc; }; done'

# Every e2e script with $(B)/fgdj (tests/run_e2e.sh: each at most E2E_TIMEOUT seconds; the district
# demos they start from made once per binary). E2E_QUEUE names a queue two runs share (make check).
e2e: $(B)/fgdj
	@sh tests/run_e2e.sh $(abspath $(B)/fgdj) $(E2E_QUEUE)

# The same e2e scripts with every database on PostgreSQL (tests/lib_pg.sh; its PG_SKIP lists the
# scripts that do not run there by their nature, with the reason), beside a cluster of their own
# (tests/pg.sh). E2E_PG names the scripts (all by default; `make check` runs them all).
E2E_PG ?= $(wildcard tests/e2e/*.sh)
e2e-pg: $(B)/fgdj
	@sh tests/pg.sh env FGDJ_TEST_BACKEND=pg E2E_SCRIPTS="$(E2E_PG)" sh tests/run_e2e.sh $(abspath $(B)/fgdj)

# Browser tests: playwright-core (npm ci into tests/browser/node_modules) driving Debian's chromium.
# npm is not in TEST_DEBS: NodeSource's nodejs provides it and conflicts with Debian's npm package.
browser: $(B)/fgdj browser-deps
	FGDJ=$(abspath $(B)/fgdj) sh tests/browser/run.sh

# playwright-core and axe-core (npm ci into tests/browser/node_modules, once).
browser-deps:
	@command -v npm >/dev/null 2>&1 || sh scripts/ensure-debs.sh npm
	@sh tests/browser/run.sh --deps

# The browser scenarios with the server on PostgreSQL (a cluster of their own, tests/pg.sh; the
# demo is written on SQLite and copied with migrate --to): about 4 minutes here, as `make browser`.
browser-pg: $(B)/fgdj browser-deps
	sh tests/pg.sh env FGDJ_TEST_BACKEND=pg FGDJ=$(abspath $(B)/fgdj) sh tests/browser/run.sh

# The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer (asan-build only builds
# it; asan-unit runs its unit tests, asan-e2e the e2e scripts it claims from make check's queue).
ASAN_MAKE = LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	$(MAKE) B=build/asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined"
ASAN_QUEUE = $(abspath build/asan/queue)
asan:
	+$(ASAN_MAKE) unit e2e
asan-build:
	+$(ASAN_MAKE) progs
asan-unit:
	+$(ASAN_MAKE) unit
asan-e2e:
	+$(ASAN_MAKE) E2E_QUEUE=$(ASAN_QUEUE) e2e

# Fuzz targets link one library compiled once with clang's coverage instrumentation.
FUZZ_CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link,address,undefined
FUZZOBJ = $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIBSRC)) build/fuzz/obj/gen/embedded.o build/fuzz/obj/gen/pinyin.o

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/obj/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/obj/gen/pinyin.o: build/gen/pinyin.c
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/libfgdj.a: $(FUZZOBJ)
	rm -f $@ && ar rcs $@ $(FUZZOBJ)

build/fuzz/%: fuzz/%.c build/fuzz/libfgdj.a
	@mkdir -p $(dir $@)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libfgdj.a $(LDLIBS_ALL)

# A short run of every fuzz target, starting from its seed corpus.
fuzz: $(FUZZBIN)
	@set -e; for f in $(FUZZBIN); do n=$$(basename $$f); echo "== $$n ($(FUZZ_SECONDS)s)"; \
	  mkdir -p build/fuzz/corpus-$$n; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -print_final_stats=0 \
	    build/fuzz/corpus-$$n $$( [ -d fuzz/corpus/$$n ] && echo fuzz/corpus/$$n ) 2>build/fuzz/$$n.log \
	  || { tail -40 build/fuzz/$$n.log; exit 1; }; done

# Everything, in two lanes side by side (tests/lanes.sh), after building both binaries. The SQLite
# lane: the unit tests, the browser scenarios, the unit tests under ASan+UBSan, the fuzzers; the
# PostgreSQL lane: every e2e script and the browser scenarios on PostgreSQL. Then both lanes take the
# e2e scripts under ASan+UBSan (on SQLite) from one queue, each the next one not yet taken, so they
# end together. The e2e scripts on SQLite run there, under the sanitizers, not a second time without
# them (`make e2e` does that). Times: BENCHMARKS.md, "make check in two lanes".
check: test-deps
	$(MAKE) -j2 all browser-deps asan-build
	@sh tests/run_e2e.sh --queue $(ASAN_QUEUE)
	@sh tests/lanes.sh "$(MAKE)" 'sqlite:unit browser asan-unit fuzz asan-e2e' 'pg:e2e-pg browser-pg asan-e2e'

# The Debian package from a build with Debian's hardening flags (tests/e2e/ops_deb.sh packages
# the binary under test the same way, with scripts/build-deb.sh).
DEB_CFLAGS  := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection
DEB_LDFLAGS := -Wl,-z,relro -Wl,-z,now
deb:
	@sh scripts/ensure-debs.sh $(BUILD_DEBS) $(DEB_DEBS)
	$(MAKE) B=build/deb CFLAGS="$(DEB_CFLAGS)" LDFLAGS="$(DEB_LDFLAGS)" build/deb/fgdj
	sh scripts/build-deb.sh build/deb/fgdj build

bench: all
	@sh scripts/ensure-debs.sh wrk
	@set -e; for b in bench/*.sh; do echo "== $$b"; FGDJ=$(abspath build/fgdj) sh $$b; done

clean:
	rm -rf build
