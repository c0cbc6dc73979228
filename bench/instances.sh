#!/usr/bin/env bash
# bench/instances.sh — two `mamori serve` instances on one PostgreSQL
# behind nginx against one instance behind the same nginx: wrk on
# GET /api/v1/declarations/{random id} (bench/verify_random_id.lua)
# through nginx, requests/s and p50/p99 of each, and the CPU time per
# request of the mamori processes, nginx and PostgreSQL (utime + stime
# from /proc/PID/stat before and after each measured run), so that a
# machine whose cores are all busy shows as such. `make bench` runs it
# after bench/writes.sh; it builds nothing (release build in build/mamori,
# MAMORI_BIN overrides).
#
#   BENCH_ORGS           organisations seeded (default 100000)
#   BENCH_DECLARED       percent of them that declare (default 10)
#   BENCH_DURATION       measured wrk run per target (default 10s)
#   BENCH_VERIFY_WARMUP  warmup per target, and of each instance's
#                        verification cache before the runs (default 6s)
#   BENCH_CONNECTIONS    connections from wrk to nginx (default 64)
#   BENCH_THREADS        wrk threads (default 2)
#   BENCH_INSTANCE_THREADS  --threads of each instance (default: one per CPU)
#   BENCH_KEEP=1         keep the temporary directory (logs, nginx.conf)
#
# nginx is set up as tests/http/instances.test.mjs and production do: an
# upstream with keepalive, deploy/nginx/proxy.conf in the location, and
# MAMORI_TRUSTED_PROXIES on the instances. The figures are informational:
# the script exits non-zero only when it cannot run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${MAMORI_BIN:-$root/build/mamori}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
nginx_bin="${NGINX_BIN:-/usr/sbin/nginx}"
duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_VERIFY_WARMUP:-6s}"
conns="${BENCH_CONNECTIONS:-64}"
wrk_threads="${BENCH_THREADS:-2}"
orgs="${BENCH_ORGS:-100000}"
ncpu="$(nproc)"
threads="${BENCH_INSTANCE_THREADS:-$ncpu}"
hz="$(getconf CLK_TCK)"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
[ -x "$bin" ] || die "no mamori binary at $bin (build a release first, or set MAMORI_BIN)"
[ -x "$nginx_bin" ] || die "no nginx at $nginx_bin (apt-get install nginx-light)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/mamori-inst.XXXXXX")"
chmod 755 "$tmp" # PostgreSQL runs as postgres and nginx's workers as nobody when we are root
pg_dir=""
a_pid=""
b_pid=""
nginx_pid=""
cleanup() {
	local rc=$?
	seed_stop
	for pid in "$a_pid" "$b_pid" "$nginx_pid"; do
		[ -n "$pid" ] || continue
		kill "$pid" 2>/dev/null || true
	done
	for pid in "$a_pid" "$b_pid" "$nginx_pid"; do
		[ -n "$pid" ] || continue
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	[ -z "$pg_dir" ] || pg_stop "$pg_dir"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $tmp"
	else
		rm -rf "$tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- PostgreSQL
pg_dir="$tmp/pg"
db="$(pg_start "$pg_dir")"
"$bin" migrate --db "$db" >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "mamori migrate failed"; }
seed_measured "$db" "$orgs" "$tmp/seed"
# as bench/run.sh does: what autovacuum would have done by now
psql -X -q -v ON_ERROR_STOP=1 "$db" -c "VACUUM (ANALYZE)" >/dev/null
db_size "$db"
export_ids "$db" "$tmp/ids.txt" "$tmp/pairs.txt"
[ -s "$tmp/ids.txt" ] || die "the seeded database has no declarations"

# ---------------------------------------------------------------- instances
start_instance() { # name port → pid in $!
	MAMORI_VERIFY_RATE=0 MAMORI_TRUSTED_PROXIES=127.0.0.1 MAMORI_MAIL_DIR="$tmp/mail-$1" \
		"$bin" serve --listen "127.0.0.1:$2" --db "$db" --threads "$threads" >"$tmp/$1.log" 2>&1 &
}
pa="$(free_port)"
start_instance a "$pa"
a_pid=$!
pb="$(free_port)"
while [ "$pb" = "$pa" ]; do pb="$(free_port)"; done
start_instance b "$pb"
b_pid=$!
wait_http "http://127.0.0.1:$pa/healthz" "$a_pid" "mamori A" 120
wait_http "http://127.0.0.1:$pb/healthz" "$b_pid" "mamori B" 120

# ---------------------------------------------------------------- nginx
# One nginx, two ports: ONE proxies to instance A alone, TWO to A and B.
n1="$(free_port)"
n2="$(free_port)"
while [ "$n2" = "$n1" ]; do n2="$(free_port)"; done
mkdir -p "$tmp/temp"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"
cat >"$tmp/nginx.conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $tmp/temp/body;
	proxy_temp_path $tmp/temp/proxy;
	fastcgi_temp_path $tmp/temp/fastcgi;
	uwsgi_temp_path $tmp/temp/uwsgi;
	scgi_temp_path $tmp/temp/scgi;
	upstream mamori_one {
		server 127.0.0.1:$pa;
		keepalive 64;
	}
	upstream mamori_two {
		server 127.0.0.1:$pa;
		server 127.0.0.1:$pb;
		keepalive 64;
	}
	server {
		listen 127.0.0.1:$n1;
		location / {
			include $root/deploy/nginx/proxy.conf;
			proxy_pass http://mamori_one;
		}
	}
	server {
		listen 127.0.0.1:$n2;
		location / {
			include $root/deploy/nginx/proxy.conf;
			proxy_pass http://mamori_two;
		}
	}
}
EOF
"$nginx_bin" -e "$tmp/error.log" -c "$tmp/nginx.conf" -p "$tmp" >"$tmp/nginx.out" 2>&1 &
nginx_pid=$!
wait_http "http://127.0.0.1:$n1/healthz" "$nginx_pid" nginx
wait_http "http://127.0.0.1:$n2/healthz" "$nginx_pid" nginx

# ---------------------------------------------------------------- CPU time
# utime + stime (clock ticks) of the given processes, all their threads.
# Field 14 and 15 of /proc/PID/stat, counted after the command name, which
# may hold spaces.
ticks_of() {
	local sum=0 pid s f
	for pid in "$@"; do
		s="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
		s="${s##*) }"
		read -r -a f <<<"$s"
		sum=$((sum + f[11] + f[12]))
	done
	echo "$sum"
}
# A process and its children (nginx's workers, PostgreSQL's backends).
family_of() {
	echo "$1"
	cat /proc/"$1"/task/*/children 2>/dev/null || true
}
pg_pid="$(head -1 "$pg_dir/data/postmaster.pid")"
# busy and total clock ticks of the whole machine, from /proc/stat
machine_ticks() { awk '$1 == "cpu" { idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t - idle, t }' /proc/stat; }

declare -A t_mamori t_nginx t_pg m_busy m_total t_a
serving=()
snapshot() { # → "mamori nginx pg busy total a"
	local nginx_family pg_family busy_total
	# shellcheck disable=SC2046 # one PID a word
	nginx_family="$(ticks_of $(family_of "$nginx_pid"))"
	# shellcheck disable=SC2046
	pg_family="$(ticks_of $(family_of "$pg_pid"))"
	busy_total="$(machine_ticks)"
	echo "$(ticks_of "${serving[@]}") $nginx_family $pg_family $busy_total $(ticks_of "$a_pid")"
}
declare -a before
measure_begin() { read -r -a before <<<"$(snapshot)"; }
measure_end() {
	local after
	read -r -a after <<<"$(snapshot)"
	t_mamori[$1]=$((after[0] - before[0]))
	t_nginx[$1]=$((after[1] - before[1]))
	t_pg[$1]=$((after[2] - before[2]))
	m_busy[$1]=$((after[3] - before[3]))
	m_total[$1]=$((after[4] - before[4]))
	t_a[$1]=$((after[5] - before[5]))
}
# µs of CPU per request: ticks over the requests of a run.
per_request() { awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "-" }'; }

# ---------------------------------------------------------------- runs
echo "mamori instances bench: $ncpu CPUs; PostgreSQL (scripts/pg-test.sh, one local server); each mamori --threads $threads;"
echo "  nginx (worker_processes auto, upstream keepalive 64, deploy/nginx/proxy.conf) in front;"
echo "  wrk -t$wrk_threads -c$conns -d$duration (warmup $warmup) on GET /api/v1/declarations/{random id} through nginx"
echo "  $orgs organisations ($(wc -l <"$tmp/ids.txt") declarations, --declared ${BENCH_DECLARED:-10}) seeded in $seed_secs s; database $(mib "$db_size_bytes") MiB ($db_size_how); seeding process peak RSS $(mib $((seed_peak_kb * 1024))) MiB"
echo

export BENCH_IDS="$tmp/ids.txt" BENCH_PREFIX=/api/v1/declarations/
# Each instance keeps its own verification cache: warm both directly (the
# same random IDs, no nginx in between) before the runs, so that the
# two-instance run does not find B's cache cold when A's is warm.
for port in "$pa" "$pb"; do
	wrk -t"$wrk_threads" -c"$conns" -d"$warmup" -s "$root/bench/verify_random_id.lua" "http://127.0.0.1:$port" >/dev/null 2>&1 || true
done
serving=("$a_pid")
run_wrk one-instance "http://127.0.0.1:$n1" "$root/bench/verify_random_id.lua"
serving=("$a_pid" "$b_pid")
run_wrk two-instances "http://127.0.0.1:$n2" "$root/bench/verify_random_id.lua"

printf '%-14s %12s %10s %10s  %s\n' target req/s "p50 ms" "p99 ms" errors
for t in one-instance two-instances; do
	printf '%-14s %12s %10s %10s  %s\n' "$t" "${rps[$t]}" "${p50[$t]}" "${p99[$t]}" "${errs[$t]}"
done
echo "ratio two instances / one: $(ratio "${rps[two-instances]}" "${rps[one-instance]}")x"
echo
echo "CPU time per request, µs (utime + stime from /proc/PID/stat over each measured run; wrk not counted):"
printf '%-14s %10s %10s %10s  %-12s %s\n' target mamori nginx postgres "A share" "machine busy"
for t in one-instance two-instances; do
	printf '%-14s %10s %10s %10s  %-12s %s\n' "$t" \
		"$(per_request "${t_mamori[$t]}" "${reqs[$t]}")" \
		"$(per_request "${t_nginx[$t]}" "${reqs[$t]}")" \
		"$(per_request "${t_pg[$t]}" "${reqs[$t]}")" \
		"$(percent "${t_a[$t]}" "${t_mamori[$t]}") %" \
		"$(percent "${m_busy[$t]}" "${m_total[$t]}") % of $ncpu cores"
done
echo "(A share: instance A's part of mamori's CPU time; machine busy: all processes, other users' too)"
# hits and misses of each instance's verification cache since it started
# (warmup included): misses are what PostgreSQL's µs per request pays for
sleep 1
for inst in A:"$pa" B:"$pb"; do
	{ curl -s "http://127.0.0.1:${inst#*:}/metrics" || true; } | awk -v name="${inst%%:*}" '
		/^mamori_verify_cache_lookups_total\{result="hit"\}/ { hit = $2 }
		/^mamori_verify_cache_lookups_total\{result="miss"\}/ { miss = $2 }
		END { printf "verification cache of %s: %d hits, %d misses\n", name, hit, miss }'
done
echo
busy_two="$(percent "${m_busy[two-instances]}" "${m_total[two-instances]}")"
if [ "$ncpu" -le 2 ] || { [ "$busy_two" != - ] && [ "$busy_two" -ge 90 ]; }; then
	echo "note: with $ncpu cores (busy $busy_two % during the two-instance run) the machine, not mamori, limits"
	echo "  the two-instance figure: wrk, nginx, PostgreSQL and both instances share the same cores, so a"
	echo "  second instance adds no core to serve with, and its req/s are not expected above one instance's. Size"
	echo "  from the CPU time per request instead: one core serves about 1e6 / (mamori µs) requests/s of"
	echo "  mamori, and nginx and PostgreSQL need their own µs per request on their machines."
else
	echo "note: the machine had idle CPU during the two-instance run (busy $busy_two % of $ncpu cores):"
	echo "  the ratio two / one shows what the second instance adds."
fi
