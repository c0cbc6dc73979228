#!/usr/bin/env bash
# The declarant search at scale: seeds N organisations (about 10 %
# declared) on SQLite and on a throw-away PostgreSQL, serves each, and
# times a mix of real-looking searches over HTTP (1, 2 and 3+ characters,
# kana and kanji, the commonest word, with and without filters, the first
# page, a page by number and a page by cursor), printing the median and
# the worst of REPS requests per query, in milliseconds. The seed is
# timed with /usr/bin/time -v (wall time, peak memory of the seeding
# process) and the database's size is printed after it.
#
#   bench/search.sh [N] [REPS]      (defaults 100000 and 15)
#   BENCH_STORES="sqlite pg"        the stores to run
#   BENCH_DECLARED=10               percent of the organisations that declare
#   MAMORI=build/mamori             the binary (make build)
#   BENCH_DB=PATH|URL               a database seeded beforehand: no
#                                   seeding, N and BENCH_STORES ignored (a
#                                   postgres:// URL of a cluster on a
#                                   socket directory, ?host=DIR, also
#                                   counts that cluster's CPU)
#
# One request at a time (latency, not throughput): the figures include
# curl and HTTP on the loopback (about 0.2 ms). On a shared machine wall
# times follow the load of others, so each query is also asked CPU_REPS
# more times and the CPU time the server spends on it (mamori, and on
# PostgreSQL every server process) is printed per request: the cost of a
# request, whatever the load.
#
# The server of these figures runs with MAMORI_SEARCH_CACHE=0: every
# request is a cold search (the index read, the page rendered), the cost
# of a search asked for the first time since the last change of a
# declaration. A second server on the same database keeps answers (the
# default) and its CPU per request is the last column ("cached"): what a
# search asked again costs, which is what bench/run.sh's wrk runs measure.
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=${1:-100000}
reps=${2:-15}
cpu_reps=${CPU_REPS:-100}
declared=${BENCH_DECLARED:-10}
bin=${MAMORI:-build/mamori}
stores=${BENCH_STORES:-sqlite pg}
[ -x "$bin" ] || { echo "search.sh: no $bin (make build)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/msearch.XXXXXX)
pgdir=""
server=""
cached=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
	[ -n "$cached" ] && kill "$cached" 2>/dev/null && wait "$cached" 2>/dev/null || true
	[ -n "$pgdir" ] && scripts/pg-test.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# name|query string
queries() {
	cat <<QUERIES
1 kanji 山|q=$(enc 山)
1 kana さ|q=$(enc さ)
2 kanji 山田|q=$(enc 山田)
2 kanji 山田 pref 13|q=$(enc 山田)&prefecture=13
2 kana さく industry E|q=$(enc さく)&industry=E
3+ kanji 山田精密|q=$(enc 山田精密)
3+ kana やまだ|q=$(enc やまだ)
3+ 株式会社|q=$(enc 株式会社)
3+ 株式会社 pref 13 ind E lvl 2|q=$(enc 株式会社)&prefecture=13&industry=E&level=2
3+ none found|q=$(enc 存在しない会社名)
2 kanji 株式 pref 1 ind A lvl 2|q=$(enc 株式)&prefecture=1&industry=A&level=2
all, no text|q=
all pref 47 lvl 2|prefecture=47&level=2
all page 50|page=50
株式会社 page 50|q=$(enc 株式会社)&page=50
QUERIES
}

# CPU time in clock ticks of a process and its children's (the server
# processes of a PostgreSQL cluster are children of its postmaster).
ticks_of() {
	local pid=$1 total=0 child
	[ -r "/proc/$pid/stat" ] && total=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	for child in $(ps -o pid= --ppid "$pid"); do total=$((total + $(ticks_of "$child"))); done
	echo "$total"
}

cpu_query() { # url [pid] → CPU ms per request of the server (and database) over cpu_reps
	local url=$1 pid=${2:-$server} before after i
	curl -s -o /dev/null "$url" # once before: the cached server's first answer is cold
	before=$(($(ticks_of "$pid") + $(postmaster_ticks)))
	for i in $(seq "$cpu_reps"); do curl -s -o /dev/null "$url"; done
	after=$(($(ticks_of "$pid") + $(postmaster_ticks)))
	awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$cpu_reps" 'BEGIN { printf "%7.2f", t * 1000 / hz / n }'
}

pgticks=""
postmaster_ticks() {
	local dir=${pgdir:-$pgticks}
	if [ -n "$dir" ] && [ -r "$dir/data/postmaster.pid" ]; then ticks_of "$(head -1 "$dir/data/postmaster.pid")"; else echo 0; fi
}

time_query() { # url → median and max in ms over reps
	local url=$1 i
	for i in $(seq "$reps"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done |
		sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%7.2f %7.2f", t[int((NR + 1) / 2)], t[NR] }'
}

run_store() {
	local store=$1 db port
	if [ -n "${BENCH_DB:-}" ]; then
		db=$BENCH_DB
		case "$db" in postgres://* | postgresql://*) pgticks=$(sed -n 's/.*[?&]host=\([^&]*\).*/\1/p' <<<"$db") ;; esac
	elif [ "$store" = pg ]; then
		pgdir=$(mktemp -d /tmp/mpg.XXXX)
		db=$(scripts/pg-test.sh start "$pgdir")
	else
		db=$tmp/search.db
	fi
	: >"$tmp/seed.log"
	[ -n "${BENCH_DB:-}" ] || /usr/bin/time -v "$bin" seed --orgs "$orgs" --seed 1 --declared "$declared" --db "$db" >"$tmp/seed.log" 2>&1 || { tail -5 "$tmp/seed.log" >&2; exit 1; }
	local wall rss size
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/seed.log")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/seed.log")
	if [ "$store" = pg ]; then
		size=$(psql -XAtq "$db" -c 'SELECT pg_database_size(current_database())')
	else
		size=$(stat -c %s "$db")
		[ ! -f "$db-wal" ] || size=$((size + $(stat -c %s "$db-wal")))
	fi
	if [ -n "${BENCH_DB:-}" ]; then
		local q="SELECT (SELECT count(*) FROM organisation) || ' organisations, ' || (SELECT count(*) FROM declaration) || ' declarations'"
		case "$db" in postgres://* | postgresql://*) echo "== $store: $(psql -XAtq "$db" -c "$q") (seeded beforehand)" ;; *) echo "== $store: $(sqlite3 "$db" "$q") (seeded beforehand)" ;; esac
	else
		echo "== $store: $orgs organisations, $(sed -n 's/.* organisations, \([0-9]*\) declarations .*/\1/p' "$tmp/seed.log") declarations (--declared $declared)"
	fi
	port=$((20000 + RANDOM % 20000))
	MAMORI_SEARCH_CACHE=0 MAMORI_VERIFY_RATE=0 "$bin" serve --listen "127.0.0.1:$port" --db "$db" >"$tmp/serve.log" 2>&1 &
	server=$!
	local cport=$((port + 1))
	MAMORI_VERIFY_RATE=0 "$bin" serve --listen "127.0.0.1:$cport" --db "$db" >"$tmp/serve-cached.log" 2>&1 &
	cached=$!
	for _ in $(seq 1200); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
	for _ in $(seq 1200); do curl -sf -o /dev/null "http://127.0.0.1:$cport/healthz" && break; sleep 0.1; done
	local user sys load
	user=$(sed -n 's/.*User time (seconds): //p' "$tmp/seed.log")
	sys=$(sed -n 's/.*System time (seconds): //p' "$tmp/seed.log")
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	[ -n "${BENCH_DB:-}" ] || echo "== $store: $orgs organisations seeded in $wall (m:ss; seed process CPU ${user} s user + ${sys} s system), peak RSS $((rss / 1024)) MiB, database $((size / 1048576)) MiB; load average now $load"
	printf '%-34s %7s %7s %7s %7s\n' query median max cpu/req cached
	while IFS='|' read -r name qs; do
		printf '%-34s %s %s %s\n' "$name" "$(time_query "http://127.0.0.1:$port/declarants?$qs")" \
			"$(cpu_query "http://127.0.0.1:$port/declarants?$qs")" \
			"$(cpu_query "http://127.0.0.1:$cport/declarants?$qs" "$cached")"
	done < <(queries)
	# a deep page by cursor: follow "next" 60 times from the top of 株式会社
	local url="http://127.0.0.1:$port/api/v1/declarants?q=$(enc 株式会社)" next="" i
	for i in $(seq 60); do
		next=$(curl -s "$url${next:+&after=$next}" | python3 -c 'import json, sys; print(json.load(sys.stdin).get("next") or "")')
		[ -n "$next" ] || break
	done
	printf '%-34s %s %s\n' "株式会社 page 61 (cursor, API)" "$(time_query "$url&after=$next")" "$(cpu_query "$url&after=$next")"
	kill "$server" "$cached"; wait "$server" "$cached" 2>/dev/null || true; server="" cached=""
	if [ "$store" = pg ]; then scripts/pg-test.sh stop "$pgdir" >/dev/null 2>&1; pgdir=""; fi
}

if [ -n "${BENCH_DB:-}" ]; then
	case "$BENCH_DB" in postgres://* | postgresql://*) run_store pg ;; *) run_store sqlite ;; esac
else
	for s in $stores; do run_store "$s"; done
fi
