#!/usr/bin/env bash
# Regenerates the captured PROXY protocol headers (*.bin) in this folder.
#
# Each case starts a one-connection socat listener on 127.0.0.1 that saves every
# byte it receives (the PROXY header, then the HTTP request that followed it) and
# answers a canned "200 OK", then sends one request through HAProxy (or straight
# from curl --haproxy-protocol). Only 127.0.0.1 and ::1 are used.
#
# Needs: haproxy (2.6), curl (7.88), socat, ss. Client source ports are fixed, so the
# addresses in expected.properties stay valid across runs; unique ids (and so the
# CRC32C values) change on every run.
#
# Usage: ./capture.sh [output-dir]   (default: this folder)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
certs=${CERTS_DIR:-$here/../../../../../test-support/src/main/resources/io/github/proxyprotocol/testsupport/certs}
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)

backend_port=18080   # the capturing listener
front_port=18081     # HAProxy's frontend

work=$(mktemp -d)
haproxy_pid=
listener_pid=
cleanup() {
  [[ -n $haproxy_pid ]] && kill "$haproxy_pid" 2>/dev/null || true
  [[ -n $listener_pid ]] && kill "$listener_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The listener's side of one connection: stdin/stdout are the socket, $1 the capture file.
cat > "$work/respond.sh" <<'SCRIPT'
#!/bin/sh
dd bs=65536 count=1 status=none > "$1"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n'
cat >> "$1"
SCRIPT
chmod +x "$work/respond.sh"

# await_listen PORT PID: waits (up to 10 s) until something listens on TCP PORT, without connecting
# to it; fails at once if process PID (the one that should listen) has exited.
await_listen() {
  local port=$1 pid=$2 i
  for ((i = 0; i < 200; i++)); do
    if [[ -n $(ss -Hltn "sport = :$port") ]]; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before listening on port $port" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "nothing listens on port $port" >&2
  return 1
}

# listen_once FILE [ADDRESS]: accepts one connection on ADDRESS (default 127.0.0.1) port $backend_port,
# saves all it receives in FILE, answers "200 OK" once the first bytes have arrived.
listen_once() {
  local file=$1 address=${2:-127.0.0.1} proto=TCP4
  [[ $address == *:* ]] && proto=TCP6
  socat -T 5 "$proto-LISTEN:$backend_port,bind=$address,reuseaddr" EXEC:"$work/respond.sh $file" \
    2>> "$work/socat.log" &
  listener_pid=$!
  await_listen "$backend_port" "$listener_pid"
}

# await_capture: waits until the listener has saved its connection and exited (it may complain of a
# broken pipe when the peer, such as a health check, closes before the canned answer is written).
await_capture() {
  wait "$listener_pid" || true
  listener_pid=
}

# start_haproxy CONFIG: runs HAProxy in the foreground with CONFIG, waits until its frontend listens.
start_haproxy() {
  printf '%s\n' "$1" > "$work/haproxy.cfg"
  "$haproxy_bin" -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
  haproxy_pid=$!
  if ! await_listen "$front_port" "$haproxy_pid"; then
    cat "$work/haproxy.log" >&2
    return 1
  fi
}

stop_haproxy() {
  kill "$haproxy_pid"
  wait "$haproxy_pid" 2>/dev/null || true
  haproxy_pid=
}

# The client source ports below are fixed (41001-41011). A socket of a previous run may still hold
# one in TIME_WAIT for up to a minute: wait for them to go.
for ((i = 0; i < 90; i++)); do
  [[ -z $(ss -Htan "sport >= :41001 and sport <= :41011") ]] && break
  ((i == 0)) && echo "waiting for client ports 41001-41011 to leave TIME_WAIT..." >&2
  sleep 1
done

defaults='defaults
  timeout connect 5s
  timeout client 5s
  timeout server 5s'

# plain_case NAME MODE SERVER_OPTIONS BIND CURL_ARGS...: a plain-TCP frontend in MODE, one curl request.
plain_case() {
  local name=$1 mode=$2 server_opts=$3 bind=$4
  shift 4
  listen_once "$out/$name.bin"
  start_haproxy "$defaults
frontend fe
  mode $mode
  bind $bind
  default_backend be
backend be
  mode $mode
  server s1 127.0.0.1:$backend_port $server_opts"
  curl -sS -o /dev/null --max-time 10 "$@"
  await_capture
  stop_haproxy
  echo "captured $name.bin"
}

# tls_case NAME SERVER_OPTIONS CURL_ARGS...: a TLS-terminating HTTP frontend, one curl request over it.
tls_case() {
  local name=$1 server_opts=$2
  shift 2
  listen_once "$out/$name.bin"
  start_haproxy "$defaults
frontend fe
  mode http
  bind 127.0.0.1:$front_port ssl crt $certs/server.pem alpn h2,http/1.1 ca-file $certs/ca.pem verify optional
  unique-id-format %{+X}o\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid
  default_backend be
backend be
  mode http
  server s1 127.0.0.1:$backend_port $server_opts"
  curl -sS -o /dev/null --max-time 10 --cacert "$certs/server-cert.pem" \
    --resolve "localhost:$front_port:127.0.0.1" "$@" "https://localhost:$front_port/tls"
  await_capture
  stop_haproxy
  echo "captured $name.bin"
}

# check_case NAME SERVER_OPTIONS: the first health check's connection is captured (the frontend
# only keeps HAProxy running: it exits when it has no listener).
check_case() {
  local name=$1 server_opts=$2
  listen_once "$out/$name.bin"
  start_haproxy "$defaults
frontend fe
  mode tcp
  bind 127.0.0.1:$front_port
  default_backend be
backend be
  mode tcp
  server s1 127.0.0.1:$backend_port $server_opts"
  await_capture
  stop_haproxy
  echo "captured $name.bin"
}

all_options=crc32c,authority,unique-id,ssl,ssl-cipher,cert-cn,cert-sig,cert-key

plain_case haproxy-send-proxy-tcp4 tcp send-proxy "127.0.0.1:$front_port" \
  --local-port 41001 "http://127.0.0.1:$front_port/v1"
plain_case haproxy-send-proxy-tcp6 tcp send-proxy "ipv6@::1:$front_port" \
  --local-port 41002 -g "http://[::1]:$front_port/v1"
plain_case haproxy-send-proxy-v2-tcp4 tcp send-proxy-v2 "127.0.0.1:$front_port" \
  --local-port 41003 "http://127.0.0.1:$front_port/v2"
plain_case haproxy-send-proxy-v2-tcp6 tcp send-proxy-v2 "ipv6@::1:$front_port" \
  --local-port 41004 -g "http://[::1]:$front_port/v2"

tls_case haproxy-send-proxy-v2-all-options-client-cert "send-proxy-v2 proxy-v2-options $all_options" \
  --local-port 41005 --cert "$certs/client.pem"
tls_case haproxy-send-proxy-v2-all-options-no-client-cert "send-proxy-v2 proxy-v2-options $all_options" \
  --local-port 41006
tls_case haproxy-send-proxy-v2-ssl "send-proxy-v2-ssl" \
  --local-port 41007 --cert "$certs/client.pem"
tls_case haproxy-send-proxy-v2-ssl-cn "send-proxy-v2-ssl-cn" \
  --local-port 41008 --cert "$certs/client.pem"

check_case haproxy-check-send-proxy-v1 "check inter 10s send-proxy check-send-proxy source 127.0.0.1:41011"
check_case haproxy-check-send-proxy-v2-local "check inter 10s send-proxy-v2 check-send-proxy"
check_case haproxy-check-send-proxy-v2-local-crc32c "check inter 10s send-proxy-v2 proxy-v2-options crc32c check-send-proxy"

listen_once "$out/curl-haproxy-protocol-tcp4.bin"
curl -sS -o /dev/null --max-time 10 --haproxy-protocol --local-port 41009 "http://127.0.0.1:$backend_port/curl"
await_capture
echo "captured curl-haproxy-protocol-tcp4.bin"

listen_once "$out/curl-haproxy-protocol-tcp6.bin" ::1
curl -sS -o /dev/null --max-time 10 --haproxy-protocol --local-port 41010 -g "http://[::1]:$backend_port/curl"
await_capture
echo "captured curl-haproxy-protocol-tcp6.bin"
