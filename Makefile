# mamori — a thin layer over Meson/Ninja. See README.md.
#   make run    install what is missing, build, migrate, load demo data, serve
#   make test   install what is missing, build, run every test
.POSIX:
.PHONY: all deps build build-san build-fuzz run test format-check unit http http-pg e2e fuzz-smoke fuzz bench clean format

MESON_FLAGS ?=
FUZZ_SECONDS ?= 300
SMOKE_SECONDS ?= 10
HTTP_TESTS ?= tests/http/
FUZZERS = form multipart url_decode cookie template batch_json digits batch_csv batch_upload corp_csv catalogue_csv text

all: build

deps:
	@scripts/deps.sh

# Release build: build/mamori.
build: deps
	@test -f build/build.ninja || meson setup build --buildtype=release -Dunit_tests=false $(MESON_FLAGS) >/dev/null
	@ninja -C build --quiet

# What the tests run: gcc with AddressSanitizer and UndefinedBehaviorSanitizer.
build-san: deps
	@test -f build-san/build.ninja || meson setup build-san --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false $(MESON_FLAGS) >/dev/null
	@ninja -C build-san --quiet

# clang build of everything plus the libFuzzer targets.
build-fuzz: deps
	@test -f build-fuzz/build.ninja || CC=clang meson setup build-fuzz --buildtype=debugoptimized \
		-Dfuzz=true -Dunit_tests=false $(MESON_FLAGS) >/dev/null
	@ninja -C build-fuzz --quiet

run: build
	@mkdir -p data
	build/mamori migrate --db data/mamori.db
	build/mamori seed-demo --db data/mamori.db
	build/mamori serve --db data/mamori.db

test: format-check unit http http-pg e2e fuzz-smoke
	@echo "make test: all passed"

# The store's tests run on SQLite and again on a PostgreSQL of their own,
# started in a temporary directory and stopped however the tests end.
unit: build-san
	@pg=$$(mktemp -d /tmp/mamori-pg.XXXXXX) && \
	trap 'scripts/pg-test.sh stop "'"$$pg"'"' EXIT INT TERM && \
	url=$$(scripts/pg-test.sh start "$$pg") && \
	MAMORI_TEST_PG_URL="$$url" meson test -C build-san --print-errorlogs

http: build-san
	MAMORI_BIN=build-san/mamori node --test --test-concurrency=2 $(HTTP_TESTS)

# The HTTP suite again on a PostgreSQL of its own (every server gets a
# database in it; tests/http/helpers.mjs), stopped however the tests end.
http-pg: build-san
	@pg=$$(mktemp -d /tmp/mamori-pg.XXXXXX) && \
	trap 'scripts/pg-test.sh stop "'"$$pg"'"' EXIT INT TERM && \
	url=$$(scripts/pg-test.sh start "$$pg") && \
	MAMORI_TEST_PG_URL="$$url" MAMORI_BIN=build-san/mamori node --test --test-concurrency=2 $(HTTP_TESTS)

e2e: build
	MAMORI_BIN=build/mamori node --test --test-concurrency=1 tests/e2e/

# Each fuzzer from its seed corpus for SMOKE_SECONDS; new inputs go to a
# scratch directory so the committed corpus stays small.
fuzz-smoke: build-fuzz
	@for f in $(FUZZERS); do \
		mkdir -p build-fuzz/corpus/$$f && \
		echo "fuzz $$f: $(SMOKE_SECONDS) s" && \
		build-fuzz/fuzz_$$f -max_total_time=$(SMOKE_SECONDS) -print_final_stats=0 \
			-artifact_prefix=build-fuzz/crash-$$f- \
			build-fuzz/corpus/$$f fuzz/corpus/$$f 2>build-fuzz/fuzz-$$f.log \
		|| { tail -40 build-fuzz/fuzz-$$f.log; exit 1; }; \
	done

fuzz: build-fuzz
	@$(MAKE) --no-print-directory fuzz-smoke SMOKE_SECONDS=$(FUZZ_SECONDS)

bench: build
	bench/run.sh
	bench/writes.sh
	bench/instances.sh

clean:
	rm -rf build build-san build-fuzz build-tmp test-output

# Every C file as .clang-format says; `make format` rewrites them.
format-check: deps
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h') || \
		{ echo "format-check: run 'make format'"; exit 1; }
	@node scripts/check-terms.mjs

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
