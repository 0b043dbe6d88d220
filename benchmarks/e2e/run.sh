#!/usr/bin/env bash
# End-to-end benchmark: wrk -> HAProxy -> container, and a direct client, on 127.0.0.1.
# Needs: java 17+, haproxy, wrk, curl, python3 (standard library only). It installs nothing.
#
# Knobs (environment):
#   DURATION=8        seconds per measured run
#   PAIRS=3           rounds of interleaved runs (plain, this project, built-in; the next round in reverse order)
#   WARMUP=3          seconds of unrecorded load per variant and mode before the rounds
#   CONTAINERS="tomcat jetty undertow netty"
#   MODES="close keepalive direct"
#   THREADS=2 CONNECTIONS=32   wrk -t / -c; the direct client uses CONNECTIONS threads
#   PACE_MS=          unset: each wrk connection sends its next request as soon as the last is answered (the
#                     machine runs flat out); a number: each waits that many milliseconds first, so that every
#                     variant gets the same offered load, below saturation (HAProxy modes only)
#   SERVER_CPUS=, CLIENT_CPUS=   CPU lists for taskset: the server on some cores, HAProxy and the clients on others
#                     (unset: all share every core)
#   JIT_QUIET=2       after the warm-up, warm up again (at most 5 times) while the JIT compiler threads used more
#                     than this percentage of the server's CPU
#   FRONTEND_BASE=19100        first HAProxy frontend port
#   OUT=benchmarks/e2e/results/<UTC date and time>
#   JAR=benchmarks/target/benchmarks.jar   the servers' jar (another build's, to compare two versions)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-8}
PAIRS=${PAIRS:-3}
WARMUP=${WARMUP:-3}
CONTAINERS=${CONTAINERS:-"tomcat jetty undertow netty"}
MODES=${MODES:-"close keepalive direct"}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PACE_MS=${PACE_MS:-}
JIT_QUIET=${JIT_QUIET:-2}
SERVER_CPUS=${SERVER_CPUS:-}
CLIENT_CPUS=${CLIENT_CPUS:-}
CLIENT_PIN=""
if [ -n "$CLIENT_CPUS" ]; then CLIENT_PIN="taskset -c $CLIENT_CPUS"; fi
FRONTEND_BASE=${FRONTEND_BASE:-19100}
OUT=${OUT:-$HERE/results/$(date -u +%Y-%m-%d-%H%M)}
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m"}
FORWARDED=203.0.113.7

needs_haproxy=false
for mode in $MODES; do
    case $mode in
        close | keepalive) needs_haproxy=true ;;
        direct) ;;
        *) echo "unknown mode: $mode (close, keepalive, direct)" >&2; exit 2 ;;
    esac
done
missing=""
tools="java curl python3"
if $needs_haproxy; then tools="$tools haproxy wrk"; fi
for tool in $tools; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "missing:$missing" >&2
    echo "install them first, for example on Debian or Ubuntu: apt-get install haproxy wrk curl python3 openjdk-17-jdk" >&2
    exit 2
fi

# shellcheck source=../server.sh
. "$HERE/../server.sh"
build_jar_if_missing

mkdir -p "$OUT"
RAW=$OUT/raw.csv
WORK=$(mktemp -d)
HAPROXY_PID=""
CLK_TCK=$(getconf CLK_TCK)

stop() {
    if [ -n "$HAPROXY_PID" ]; then kill "$HAPROXY_PID" 2>/dev/null || true; wait "$HAPROXY_PID" 2>/dev/null || true; fi
    HAPROXY_PID=""
    stop_server
}
cleanup() {
    stop
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# utime and stime, in clock ticks, from a /proc stat file: a process's (all its threads) or one thread's
user_sys_ticks() {
    sed 's/.*) //' "$1" | awk '{ print $12, $13 }'
}

# utime + stime, in clock ticks, from a /proc stat file
total_ticks() {
    user_sys_ticks "$1" | awk '{ print $1 + $2 }'
}

# utime + stime of a process, all threads, in clock ticks; 0 without a process
cpu_ticks() {
    if [ -z "$1" ]; then echo 0; return; fi
    total_ticks "/proc/$1/stat"
}

# utime + stime of the JIT compiler threads of a JVM, in clock ticks
jit_ticks() {
    local task total=0 name
    for task in /proc/"$1"/task/*; do
        name=$(cat "$task/comm" 2>/dev/null || true)
        case $name in
            C1\ Compiler* | C2\ Compiler*) total=$((total + $(total_ticks "$task/stat"))) ;;
        esac
    done
    echo "$total"
}

variants_of() {
    if [ "$1" = tomcat ]; then echo "plain ours"; else echo "plain ours builtin"; fi
}

frontend_port() { # mode variant
    local m v
    case $1 in close) m=0 ;; keepalive) m=1 ;; esac
    case $2 in plain) v=0 ;; ours) v=1 ;; builtin) v=2 ;; esac
    echo $((FRONTEND_BASE + m * 10 + v))
}

write_haproxy_cfg() { # container
    local cfg=$WORK/haproxy.cfg mode variant send
    cat >"$cfg" <<EOF
global
    maxconn 4096
    log stderr format short local0 err

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
EOF
    for mode in close keepalive; do
        for variant in $(variants_of "$1"); do
            send=""
            if [ "$variant" != plain ]; then send=" send-proxy-v2"; fi
            {
                echo ""
                echo "frontend f_${mode}_${variant}"
                echo "    bind 127.0.0.1:$(frontend_port "$mode" "$variant")"
                echo "    tcp-request connection set-src ipv4($FORWARDED)"
                if [ "$mode" = close ]; then echo "    option http-server-close"; else echo "    option http-keep-alive"; fi
                echo "    default_backend b_${mode}_${variant}"
                echo ""
                echo "backend b_${mode}_${variant}"
                # never in both modes: a backend connection serves one client connection only. With the
                # default (safe), HAProxy 2.6 pools the PROXY backend connections of finished client
                # connections, and runs that reuse them were 3 to 4 times slower, built-in and this project
                # alike, in all four containers.
                echo "    http-reuse never"
                echo "    server s 127.0.0.1:$(port_of "$variant")$send"
            } >>"$cfg"
        done
    done
    echo "$cfg"
}

start_haproxy() { # config
    $CLIENT_PIN haproxy -db -f "$1" >"$WORK/haproxy.out" 2>&1 &
    HAPROXY_PID=$!
    local i port
    port=$(frontend_port close plain)
    for i in $(seq 1 40); do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then return; fi
        sleep 0.25
    done
    echo "HAProxy did not start:" >&2
    cat "$WORK/haproxy.out" >&2
    exit 1
}

expected_address() {
    if [ "$1" = plain ]; then echo 127.0.0.1; else echo "$FORWARDED"; fi
}

# Each PROXY path must report the address from the header; the plain path the balancer's own.
precheck() { # container mode variant
    local seen
    if [ "$2" = direct ]; then
        local kind=proxy
        if [ "$3" = plain ]; then kind=plain; fi
        seen=$(java -cp "$JAR" io.github.proxyprotocol.benchmarks.e2e.DirectLoad check "$(port_of "$3")" "$kind")
    else
        seen=$(curl -s --max-time 5 "http://127.0.0.1:$(frontend_port "$2" "$3")/" | tr -d '\r\n')
    fi
    if [ "$seen" != "$(expected_address "$3")" ]; then
        echo "pre-check failed: $1 $2 $3 reports '$seen', expected $(expected_address "$3")" >&2
        exit 1
    fi
    echo "  pre-check $2 $3: $seen"
}

# prints: requests errors rps p50_ms p99_ms
load() { # mode variant seconds
    if [ "$1" = direct ]; then
        local kind=proxy
        if [ "$2" = plain ]; then kind=plain; fi
        $CLIENT_PIN java -Xmx256m -cp "$JAR" io.github.proxyprotocol.benchmarks.e2e.DirectLoad run \
            "$(port_of "$2")" "$kind" "$CONNECTIONS" "$3" |
            sed 's/[a-z_0-9]*=//g' | awk '{ print $1, $2, $4, $5, $6 }'
    else
        # shellcheck disable=SC2046
        $CLIENT_PIN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${3}s" --latency $(pace_script) \
            "http://127.0.0.1:$(frontend_port "$1" "$2")/" |
            awk '
                function ms(v) {
                    if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
                    if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
                    if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
                    return v
                }
                / requests in / { requests = $1 }
                /Requests\/sec:/ { rps = $2 }
                /^ +50%/ { p50 = ms($2) }
                /^ +99%/ { p99 = ms($2) }
                /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
                /Non-2xx or 3xx/ { errors += $5 }
                END { print requests + 0, errors + 0, rps + 0, p50 + 0, p99 + 0 }'
    fi
}

# The wrk script that makes each connection wait PACE_MS before each request, as wrk arguments; none unpaced.
pace_script() {
    if [ -n "$PACE_MS" ]; then
        if [ ! -f "$WORK/pace.lua" ]; then
            printf 'function delay()\n    return %s\nend\n' "$PACE_MS" >"$WORK/pace.lua"
        fi
        echo "-s $WORK/pace.lua"
    fi
}

seconds() { # ticks-before ticks-after
    awk -v a="$1" -v b="$2" -v t="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / t }'
}

measure() { # container mode variant pair
    local u0 u1 k0 k1 j0 j1 h0 h1 result requests errors rps p50 p99 server_s haproxy_s
    read -r u0 k0 <<<"$(user_sys_ticks "/proc/$SERVER_PID/stat")"
    j0=$(jit_ticks "$SERVER_PID")
    h0=$(cpu_ticks "$HAPROXY_PID")
    result=$(load "$2" "$3" "$DURATION")
    read -r u1 k1 <<<"$(user_sys_ticks "/proc/$SERVER_PID/stat")"
    j1=$(jit_ticks "$SERVER_PID")
    h1=$(cpu_ticks "$HAPROXY_PID")
    read -r requests errors rps p50 p99 <<<"$result"
    server_s=$(seconds $((u0 + k0)) $((u1 + k1)))
    haproxy_s=$(seconds "$h0" "$h1")
    echo "$1,$2,$3,$4,$DURATION,$requests,$errors,$rps,$p50,$p99,$server_s,$haproxy_s,$(seconds "$u0" "$u1"),$(seconds "$k0" "$k1"),$(seconds "$j0" "$j1")" >>"$RAW"
    printf '  %-9s %-8s pair %s: %8s req/s  p50 %6s ms  p99 %7s ms  server %5s s (JIT %s)  haproxy %5s s  errors %s\n' \
        "$2" "$3" "$4" "$rps" "$p50" "$p99" "$server_s" "$(seconds "$j0" "$j1")" "$haproxy_s" "$errors"
}

# One warm-up pass over the variants; prints the percentage of the server's CPU its JIT compiler threads used.
warm_up() { # container mode
    local s0 s1 j0 j1 variant
    s0=$(cpu_ticks "$SERVER_PID")
    j0=$(jit_ticks "$SERVER_PID")
    for variant in $(variants_of "$1"); do
        load "$2" "$variant" "$WARMUP" >/dev/null
    done
    s1=$(cpu_ticks "$SERVER_PID")
    j1=$(jit_ticks "$SERVER_PID")
    awk -v s=$((s1 - s0)) -v j=$((j1 - j0)) 'BEGIN { printf "%.1f", (s > 0 ? 100 * j / s : 0) }'
}

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpus: $(nproc)"
    echo "cpu model: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
    echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "java: $(java -version 2>&1 | sed -n 2p)"
    if $needs_haproxy; then
        echo "haproxy: $(haproxy -v | head -1)"
        echo "wrk: $(wrk -v 2>&1 | head -1)"
    fi
    echo "settings: DURATION=$DURATION PAIRS=$PAIRS WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS PACE_MS=${PACE_MS:-none} JIT_QUIET=$JIT_QUIET SERVER_CPUS=${SERVER_CPUS:-all} CLIENT_CPUS=${CLIENT_CPUS:-all}"
    if [ "$JAR" != "$ROOT/benchmarks/target/benchmarks.jar" ]; then echo "jar: $(basename "$JAR"), not this tree's build"; fi
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/environment.txt"
cat "$OUT/environment.txt"

echo "container,mode,variant,pair,duration_s,requests,errors,rps,p50_ms,p99_ms,server_cpu_s,haproxy_cpu_s,server_user_s,server_sys_s,server_jit_s" >"$RAW"

for container in $CONTAINERS; do
    start_server "$container"
    echo "$container: plain=$PLAIN builtin=$BUILTIN ours=$OURS (pid $SERVER_PID)"
    if $needs_haproxy; then
        start_haproxy "$(write_haproxy_cfg "$container")"
    fi
    for mode in $MODES; do
        for variant in $(variants_of "$container"); do
            precheck "$container" "$mode" "$variant"
        done
    done
    for mode in $MODES; do
        for pass in 1 2 3 4 5 6; do
            jit=$(warm_up "$container" "$mode")
            echo " $container $mode: warm-up $pass, JIT ${jit} % of the server's CPU"
            if awk -v j="$jit" -v q="$JIT_QUIET" 'BEGIN { exit !(j <= q) }'; then break; fi
        done
        for pair in $(seq 1 "$PAIRS"); do
            order=$(variants_of "$container")
            if [ $((pair % 2)) -eq 0 ]; then order=$(echo "$order" | tr ' ' '\n' | tac | tr '\n' ' '); fi
            for variant in $order; do
                measure "$container" "$mode" "$variant" "$pair"
            done
        done
    done
    stop
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/environment.txt"
python3 "$HERE/report.py" "$OUT"
echo "results: $OUT"
