# Shared by benchmarks/e2e/run.sh and benchmarks/idle/run.sh, which source it: builds the benchmarks jar if it is
# missing, and starts and stops one E2eServer process (a plain port, the built-in PROXY port and this project's).
# Uses ROOT, JAR, JAVA_OPTS, WORK and OUT of the sourcing script, and SERVER_CPUS if set (a CPU list for taskset, to
# give the server cores of its own); sets SERVER_PID, PLAIN, BUILTIN and OURS.

SERVER_PID=""

build_jar_if_missing() {
    if [ ! -f "$JAR" ]; then
        (cd "$ROOT" && ./mvnw -q -pl benchmarks -am package -DskipTests)
    fi
}

# Starts the server for CONTAINER, with any extra JVM arguments (system properties), and waits until it prints
# "ready plain=P builtin=B ours=O" (builtin=0 for Tomcat); its standard error goes to $OUT/server-CONTAINER.log.
start_server() { # container [jvm-args...]
    local container=$1
    shift
    : >"$WORK/server.out"
    local pin=""
    if [ -n "${SERVER_CPUS:-}" ]; then pin="taskset -c $SERVER_CPUS"; fi
    # shellcheck disable=SC2086
    $pin java $JAVA_OPTS "$@" -cp "$JAR" io.github.proxyprotocol.benchmarks.e2e.E2eServer "$container" \
        >"$WORK/server.out" 2>>"$OUT/server-$container.log" &
    SERVER_PID=$!
    local i line
    for i in $(seq 1 120); do
        if grep -q '^ready ' "$WORK/server.out"; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.25
    done
    line=$(grep '^ready ' "$WORK/server.out" || true)
    if [ -z "$line" ]; then
        echo "the $container server did not start; see $OUT/server-$container.log" >&2
        exit 1
    fi
    PLAIN=$(echo "$line" | sed 's/.*plain=\([0-9]*\).*/\1/')
    BUILTIN=$(echo "$line" | sed 's/.*builtin=\([0-9]*\).*/\1/')
    OURS=$(echo "$line" | sed 's/.*ours=\([0-9]*\).*/\1/')
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    SERVER_PID=""
}

# The port of a variant: plain, builtin or ours.
port_of() {
    case $1 in plain) echo "$PLAIN" ;; builtin) echo "$BUILTIN" ;; ours) echo "$OURS" ;; esac
}
