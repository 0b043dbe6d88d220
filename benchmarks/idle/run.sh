#!/usr/bin/env bash
# Idle connections: COUNT connections that send nothing, per container, to the plain port and to this project's
# PROXY port (and the container's built-in PROXY port): threads added, live heap per waiting connection, and when
# the server closes each against the header timeout. Everything on 127.0.0.1; a new server process for each port.
# Needs: java 17+ with jcmd, ss (iproute2), python3 (standard library only). It installs nothing.
#
# Knobs (environment):
#   COUNT=10000           connections per port
#   HEADER_TIMEOUT=20     this project's header timeout, in seconds
#   RATE=2000             connections opened (and closed by the client) per second
#   WAIT=$((HEADER_TIMEOUT + 50))  seconds after the last connect that the client waits for the server to close them
#   IDLE_TIMEOUT=         seconds a container lets a connection that sends nothing stay open, on every port; empty:
#                         each container's default (Tomcat 60, Jetty 30, Undertow 60, Reactor Netty none)
#   ACCEPT_QUEUE=4096     the listen backlog of every port (the kernel caps it at net.core.somaxconn); empty: each
#                         container's default (Tomcat 100, Jetty 50, Undertow 1000, Reactor Netty somaxconn)
#   CONTAINERS="tomcat jetty undertow netty"
#   VARIANTS="plain ours builtin"   (Tomcat has no built-in PROXY port)
#   JAVA_OPTS="-Xms512m -Xmx512m"   the server's JVM options, the same for every container
#   CLIENT_OPTS="-Xmx256m"          the client's
#   OUT=benchmarks/idle/results/<UTC date and time>
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
COUNT=${COUNT:-10000}
HEADER_TIMEOUT=${HEADER_TIMEOUT:-20}
RATE=${RATE:-2000}
WAIT=${WAIT:-$((HEADER_TIMEOUT + 50))}
IDLE_TIMEOUT=${IDLE_TIMEOUT:-}
ACCEPT_QUEUE=${ACCEPT_QUEUE-4096}
CONTAINERS=${CONTAINERS:-"tomcat jetty undertow netty"}
VARIANTS=${VARIANTS:-"plain ours builtin"}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m"}
CLIENT_OPTS=${CLIENT_OPTS:-"-Xmx256m"}
OUT=${OUT:-$HERE/results/$(date -u +%Y-%m-%d-%H%M)}
JAR=$ROOT/benchmarks/target/benchmarks.jar
STARTED=$(date +%s)

for variant in $VARIANTS; do
    case $variant in
        plain | ours | builtin) ;;
        *) echo "unknown variant: $variant (plain, ours, builtin)" >&2; exit 2 ;;
    esac
done
missing=""
for tool in java jcmd ss python3; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "missing:$missing" >&2
    echo "install them first, for example on Debian or Ubuntu: apt-get install openjdk-17-jdk iproute2 python3" >&2
    exit 2
fi

# The client holds COUNT sockets, the server as many plus its own.
NEED_FDS=$((COUNT + 1000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEED_FDS" ]; then
    ulimit -n "$NEED_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEED_FDS" ]; then
        echo "open files: the limit is $(ulimit -n) (hard $(ulimit -Hn)), $NEED_FDS are needed for COUNT=$COUNT;" \
            "raise the hard limit (limits.conf, or ulimit -Hn as root) or lower COUNT" >&2
        exit 2
    fi
fi
read -r PORT_LOW PORT_HIGH </proc/sys/net/ipv4/ip_local_port_range
if [ $((PORT_HIGH - PORT_LOW + 1)) -lt "$COUNT" ]; then
    echo "ephemeral ports: $PORT_LOW-$PORT_HIGH is fewer than COUNT=$COUNT" \
        "(widen net.ipv4.ip_local_port_range or lower COUNT)" >&2
    exit 2
fi

# shellcheck source=../server.sh
. "$HERE/../server.sh"
build_jar_if_missing

mkdir -p "$OUT"
RAW=$OUT/raw.csv
WORK=$(mktemp -d)
CLIENT_PID=""

cleanup() {
    if [ -n "$CLIENT_PID" ]; then kill "$CLIENT_PID" 2>/dev/null || true; wait "$CLIENT_PID" 2>/dev/null || true; fi
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

variants_of() {
    local v
    for v in $VARIANTS; do
        if [ "$1" = tomcat ] && [ "$v" = builtin ]; then continue; fi
        echo "$v"
    done
}

# The server for CONTAINER with this run's header timeout, no connection limit, and the idle timeout and backlog if set.
start_idle_server() { # container
    local props=(-De2e.headerTimeoutMillis=$((HEADER_TIMEOUT * 1000)) -De2e.maxConnections=-1)
    if [ -n "$IDLE_TIMEOUT" ]; then props+=(-De2e.idleTimeoutMillis=$((IDLE_TIMEOUT * 1000))); fi
    if [ -n "$ACCEPT_QUEUE" ]; then props+=(-De2e.acceptQueue="$ACCEPT_QUEUE"); fi
    start_server "$1" "${props[@]}"
}

# Live heap after a full GC (jcmd GC.class_histogram collects first), the thread count, the resident set, and the
# threads by name (digits as #). Sets HEAP (bytes), THREADS and RSS (KiB).
snapshot() { # name
    jcmd "$SERVER_PID" GC.class_histogram >"$WORK/histogram-$1.txt"
    jcmd "$SERVER_PID" Thread.print | sed -n 's/^"\([^"]*\)".*/\1/p' | sed 's/[0-9][0-9]*/#/g' |
        sort | uniq -c | awk '{ n = $1; $1 = ""; print substr($0, 2) "\t" n }' >"$WORK/threads-$1.txt"
    HEAP=$(awk '$1 == "Total" { print $3 }' "$WORK/histogram-$1.txt")
    THREADS=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
    RSS=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
}

# The classes whose live bytes grew most from one snapshot to the other, per connection.
heap_difference() { # before with count
    awk -v n="$3" '
        FNR == 1 { file++ }
        $1 ~ /^[0-9]+:$/ {
            key = $4 (NF > 4 ? " " $5 : "")
            if (file == 1) { bytes[key] -= $3; instances[key] -= $2 } else { bytes[key] += $3; instances[key] += $2 }
        }
        END {
            for (key in bytes) if (bytes[key] != 0) printf "%.1f\t%.2f\t%d\t%d\t%s\n", bytes[key] / n, instances[key] / n, bytes[key], instances[key], key
        }' "$WORK/histogram-$1.txt" "$WORK/histogram-$2.txt" | sort -t"$(printf '\t')" -k1,1 -g -r | awk 'NR <= 20'
}

# Thread names (digits as #) before and with the connections, the groups that differ first.
thread_difference() { # before with
    awk -F'\t' '
        FNR == 1 { file++ }
        { if (file == 1) before[$1] = $2; else with[$1] = $2; names[$1] = 1 }
        END { for (name in names) printf "%d\t%d\t%s\n", before[name], with[name], name }' \
        "$WORK/threads-$1.txt" "$WORK/threads-$2.txt" |
        awk -F'\t' '{ print ($1 != $2 ? 0 : 1) "\t" $0 }' | sort -t"$(printf '\t')" -k1,1n -k4,4 | cut -f2-
}

# TcpExt ListenOverflows and ListenDrops, for the whole machine
listen_counters() {
    awk '/^TcpExt:/ { if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1 } else print $col["ListenOverflows"], $col["ListenDrops"] }' \
        /proc/net/netstat
}

# Waits until the listener has nothing left to accept (empty accept queue, no half-open connection), and for at
# least 5 s more until the server holds COUNT established connections; prints how many it holds.
wait_accepted() { # port opened
    local i est queue half
    for i in $(seq 1 300); do
        est=$(ss -Htn state established "( sport = :$1 )" | wc -l)
        queue=$(ss -Hltn "( sport = :$1 )" | awk '{ print ($1 == "LISTEN" ? $2 : $1); exit }')
        half=$(ss -Htn state syn-recv "( sport = :$1 )" | wc -l)
        if [ "${queue:-0}" = 0 ] && [ "$half" = 0 ] && { [ "$est" -ge "$2" ] || [ "$i" -gt 50 ]; }; then break; fi
        sleep 0.1
    done
    echo "$est"
}

# Waits until the server side of every connection to the port is gone (TIME-WAIT aside).
wait_drained() { # port
    local i
    for i in $(seq 1 600); do
        if [ "$(ss -Htn "( sport = :$1 )" | awk '$1 != "TIME-WAIT"' | wc -l)" = 0 ]; then return; fi
        sleep 0.1
    done
    echo "  the server still holds connections to port $1 after 60 s" >&2
}

wait_line() { # file prefix seconds
    local i
    for i in $(seq 1 $(($3 * 10))); do
        if grep -q "^$2" "$1"; then grep -m1 "^$2" "$1"; return; fi
        if ! kill -0 "$CLIENT_PID" 2>/dev/null && ! grep -q "^$2" "$1"; then break; fi
        sleep 0.1
    done
    echo "the client did not print '$2'; see $OUT/client.log" >&2
    exit 1
}

field() { # line name
    echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

measure() { # container variant
    local port csv wait_s before_heap before_threads before_rss overflows0 drops0 overflows1 drops1
    local opened_line measure_line done_line established
    port=$(port_of "$2")
    csv=-
    wait_s=0
    if [ "$2" != plain ]; then
        csv=$WORK/close.csv
        wait_s=$WAIT
    fi
    snapshot "$1-$2-before"
    before_heap=$HEAP
    before_threads=$THREADS
    before_rss=$RSS
    read -r overflows0 drops0 <<<"$(listen_counters)"

    rm -f "$WORK/control" "$WORK/client.out" "$WORK/close.csv"
    mkfifo "$WORK/control"
    # shellcheck disable=SC2086
    java $CLIENT_OPTS -cp "$JAR" io.github.proxyprotocol.benchmarks.idle.IdleClient \
        "$port" "$COUNT" "$RATE" "$wait_s" "$csv" <"$WORK/control" >"$WORK/client.out" 2>>"$OUT/client.log" &
    CLIENT_PID=$!
    exec 3>"$WORK/control"

    opened_line=$(wait_line "$WORK/client.out" opened $((COUNT / RATE + 120)))
    established=$(wait_accepted "$port" "$(field "$opened_line" ok)")
    read -r overflows1 drops1 <<<"$(listen_counters)"
    snapshot "$1-$2-with"
    echo measured >&3
    exec 3>&-
    measure_line=$(wait_line "$WORK/client.out" open_at_measure 60)
    wait "$CLIENT_PID" || true
    CLIENT_PID=""
    done_line=$(wait_line "$WORK/client.out" done 5)
    if [ "$csv" != - ] && [ -f "$csv" ]; then gzip -9 -c "$csv" >"$OUT/close-$1-$2.csv.gz"; fi
    {
        echo "# live objects after a full GC, with $COUNT idle connections minus before, the 20 classes that grew most"
        printf 'bytes/conn\tinstances/conn\tbytes\tinstances\tclass\n'
        heap_difference "$1-$2-before" "$1-$2-with" "$COUNT"
    } >"$OUT/heap-$1-$2.txt"
    {
        echo "# threads by name (digits as #): before, with $COUNT idle connections; the groups that changed first"
        printf 'before\twith\tname\n'
        thread_difference "$1-$2-before" "$1-$2-with"
    } >"$OUT/threads-$1-$2.txt"

    local row
    row="$1,$2,$COUNT,$(field "$opened_line" ok),$(field "$opened_line" failed),$(field "$opened_line" seconds)"
    row="$row,$established,$((overflows1 - overflows0)),$((drops1 - drops0)),$(field "$measure_line" open_at_measure)"
    row="$row,$before_threads,$THREADS,$before_heap,$HEAP,$before_rss,$RSS"
    row="$row,$(field "$done_line" eof),$(field "$done_line" reset),$(field "$done_line" by_client)"
    row="$row,$(field "$done_line" with_data),$(field "$done_line" min_ms),$(field "$done_line" p50_ms)"
    row="$row,$(field "$done_line" p99_ms),$(field "$done_line" max_ms),$((HEADER_TIMEOUT * 1000)),$wait_s"
    echo "$row" >>"$RAW"
    printf '  opened %s in %ss, server holds %s, still open at measure %s; threads %s -> %s; heap %s -> %s;\n' \
        "$(field "$opened_line" ok)" "$(field "$opened_line" seconds)" "$established" \
        "$(field "$measure_line" open_at_measure)" "$before_threads" "$THREADS" "$before_heap" "$HEAP"
    printf '  closed by the server %s (reset %s), by the client %s; after %s / %s / %s / %s ms\n' \
        "$(field "$done_line" eof)" "$(field "$done_line" reset)" "$(field "$done_line" by_client)" \
        "$(field "$done_line" min_ms)" "$(field "$done_line" p50_ms)" "$(field "$done_line" p99_ms)" \
        "$(field "$done_line" max_ms)"
    wait_drained "$port"
}

# a version property of the benchmarks module's pom, or else of the parent's
pom_version() { # property
    sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/benchmarks/pom.xml" "$ROOT/pom.xml" | awk 'NR == 1'
}

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpus: $(nproc)"
    echo "cpu model: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
    echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "java: $(java -version 2>&1 | sed -n 2p)"
    # shellcheck disable=SC2086
    echo "server gc: $(java $JAVA_OPTS -XX:+PrintFlagsFinal -version 2>/dev/null |
        awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah)GC$/ && $4 == "true" { print $2 }')"
    echo "servers: Tomcat $(pom_version tomcat.version), Jetty $(pom_version jetty.version)," \
        "Undertow $(pom_version undertow.version), Reactor Netty $(pom_version reactor-netty.version)" \
        "on Netty $(pom_version netty.version)"
    echo "settings: COUNT=$COUNT HEADER_TIMEOUT=$HEADER_TIMEOUT RATE=$RATE WAIT=$WAIT" \
        "IDLE_TIMEOUT=${IDLE_TIMEOUT:-default} ACCEPT_QUEUE=${ACCEPT_QUEUE:-default}"
    echo "server JVM: $JAVA_OPTS; client JVM: $CLIENT_OPTS"
    echo "open files: $(ulimit -n); ephemeral ports: $PORT_LOW-$PORT_HIGH;" \
        "somaxconn: $(cat /proc/sys/net/core/somaxconn); tcp_abort_on_overflow: $(cat /proc/sys/net/ipv4/tcp_abort_on_overflow)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/environment.txt"
cat "$OUT/environment.txt"

echo "container,variant,count,opened,failed,open_s,established,listen_overflows,listen_drops,open_at_measure,threads_before,threads_with,heap_before,heap_with,rss_before_kb,rss_with_kb,eof,reset,by_client,with_data,close_min_ms,close_p50_ms,close_p99_ms,close_max_ms,header_timeout_ms,wait_s" >"$RAW"
: >"$OUT/client.log"

for container in $CONTAINERS; do
    for variant in $(variants_of "$container"); do
        # a new server for each port: no thread pool grown, nor objects pooled, by the port measured before
        start_idle_server "$container"
        echo "$container $variant: port $(port_of "$variant") (pid $SERVER_PID)"
        # the first attach starts the JVM's attach listener, the first full GCs its GC workers: before the baseline
        snapshot "$container-start"
        snapshot "$container-start"
        measure "$container" "$variant"
        stop_server
    done
done

{
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "run time: $(($(date +%s) - STARTED)) s"
} >>"$OUT/environment.txt"
python3 "$HERE/report.py" "$OUT"
echo "results: $OUT"
