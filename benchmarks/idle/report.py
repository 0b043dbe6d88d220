#!/usr/bin/env python3
"""Tables and a chart of an idle-connection run: reads RESULTS/raw.csv and RESULTS/close-*.csv.gz, writes
RESULTS/summary.md and RESULTS/close-times.svg (when each connection to this project's port was closed). Standard
library only."""

import csv
import gzip
import sys
from pathlib import Path

CONTAINERS = ["tomcat", "jetty", "undertow", "netty"]
CONTAINER_NAMES = {
    "tomcat": "Tomcat",
    "jetty": "Jetty",
    "undertow": "Undertow",
    "netty": "Reactor Netty",
}
VARIANT_NAMES = {"plain": "plain", "ours": "this project", "builtin": "built-in"}
COLOURS = {"tomcat": "#d62728", "jetty": "#1f77b4", "undertow": "#2ca02c", "netty": "#9467bd"}


def load(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rows[(row["container"], row["variant"])] = row
    return rows


def number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if value != value else value  # NaN: nothing was closed


def threads_added(row):
    return int(row["threads_with"]) - int(row["threads_before"])


def heap_per_connection(row):
    return (int(row["heap_with"]) - int(row["heap_before"])) / int(row["count"])


def rss_per_connection(row):
    return (int(row["rss_with_kb"]) - int(row["rss_before_kb"])) * 1024 / int(row["count"])


def closed_by_server(row):
    return int(row["eof"]) + int(row["reset"])


def seconds(text):
    value = number(text)
    return "—" if value is None else f"{value / 1000:.2f}"


def close_text(row):
    if closed_by_server(row) == 0:
        return "none within the wait"
    return " / ".join(seconds(row[f"close_{p}_ms"]) for p in ("min", "p50", "p99", "max"))


def closed_text(row):
    text = f"{closed_by_server(row)} of {row['opened']}"
    if int(row["reset"]):
        text += f" ({row['reset']} reset)"
    return text


def signed(value):
    return f"+{value}" if value > 0 else str(value)


def main_table(rows):
    header = [
        "container",
        "threads added: plain / this project",
        "heap per connection: plain / this project (bytes)",
        "closed after, s: min / p50 / p99 / max",
        "header timeout, s",
        "closed by the server",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for container in CONTAINERS:
        plain = rows.get((container, "plain"))
        ours = rows.get((container, "ours"))
        if not plain and not ours:
            continue
        threads = [signed(threads_added(row)) if row else "—" for row in (plain, ours)]
        heap = [f"{heap_per_connection(row):.0f}" if row else "—" for row in (plain, ours)]
        lines.append(
            "| "
            + " | ".join(
                [
                    CONTAINER_NAMES[container],
                    " / ".join(threads),
                    " / ".join(heap),
                    close_text(ours) if ours else "—",
                    f"{int(ours['header_timeout_ms']) / 1000:g}" if ours else "—",
                    closed_text(ours) if ours else "—",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def detail_table(rows):
    header = [
        "container",
        "port",
        "opened",
        "in s",
        "held by the server",
        "listen overflows",
        "open at measure",
        "threads before → with",
        "live heap before → with (MiB)",
        "heap per connection (bytes)",
        "RSS per connection (bytes)",
        "closed by the server",
        "closed after, s: min / p50 / p99 / max",
        "closed by the client",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for container in CONTAINERS:
        for variant in ("plain", "ours", "builtin"):
            row = rows.get((container, variant))
            if not row:
                continue
            failed = f" ({row['failed']} failed)" if int(row["failed"]) else ""
            lines.append(
                "| "
                + " | ".join(
                    [
                        CONTAINER_NAMES[container],
                        VARIANT_NAMES[variant],
                        row["opened"] + failed,
                        f"{float(row['open_s']):.1f}",
                        row["established"],
                        f"{row['listen_overflows']} / {row['listen_drops']}",
                        row["open_at_measure"],
                        f"{row['threads_before']} → {row['threads_with']}",
                        f"{int(row['heap_before']) / 1048576:.1f} → {int(row['heap_with']) / 1048576:.1f}",
                        f"{heap_per_connection(row):.0f}",
                        f"{rss_per_connection(row):.0f}",
                        closed_text(row) if variant != "plain" else row["eof"],
                        close_text(row) if variant != "plain" else "—",
                        row["by_client"],
                    ]
                )
                + " |"
            )
    return "\n".join(lines)


def warnings(rows):
    found = []
    for (container, variant), row in sorted(rows.items()):
        name = f"{CONTAINER_NAMES[container]}, {VARIANT_NAMES[variant]}"
        if int(row["failed"]):
            found.append(f"{name}: {row['failed']} connects failed")
        if int(row["established"]) < int(row["opened"]):
            found.append(f"{name}: the server held {row['established']} of {row['opened']} when measured")
        if int(row["open_at_measure"]) < int(row["opened"]):
            found.append(
                f"{name}: {int(row['opened']) - int(row['open_at_measure'])} were closed before the measurement"
            )
        if int(row["listen_overflows"]) or int(row["listen_drops"]):
            found.append(
                f"{name}: {row['listen_overflows']} listen overflows, {row['listen_drops']} drops while opening"
            )
        if variant == "ours" and closed_by_server(row) < int(row["opened"]):
            found.append(f"{name}: the server closed only {closed_by_server(row)} of {row['opened']}")
        if variant == "ours" and int(row["with_data"]):
            found.append(f"{name}: {row['with_data']} connections got bytes before the close")
    return found


def close_times(path):
    times = []
    with gzip.open(path, "rt", newline="") as f:
        for row in csv.DictReader(f):
            if row["outcome"] in ("eof", "reset"):
                times.append(float(row["closed_after_ms"]) / 1000)
    return sorted(times)


def chart(results, rows, path):
    """The share of connections to this project's port closed by the server, against the time since the connect."""
    series = []
    for container in CONTAINERS:
        source = results / f"close-{container}-ours.csv.gz"
        if (container, "ours") in rows and source.exists():
            times = close_times(source)
            if times:
                series.append((container, times, int(rows[(container, "ours")]["opened"])))
    if not series:
        return False
    timeout = int(next(iter(rows.values()))["header_timeout_ms"]) / 1000
    low = min(timeout - 0.5, min(t[0] for _, t, _ in series))
    high = max(timeout + 1.0, max(t[-1] for _, t, _ in series)) + 0.25
    width, height = 640, 360
    left, right, top, bottom = 60, 20, 50, 60
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(value):
        return left + plot_w * (value - low) / (high - low)

    def y(share):
        return top + plot_h * (1 - share)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">'
        f"Connections that sent nothing, closed by this project's header timeout</text>",
        f'<text x="{width / 2}" y="36" text-anchor="middle" font-size="10" fill="#555">'
        f"share closed by the server against seconds since the connect; header timeout {timeout:g} s</text>",
    ]
    for share in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(share):.1f}" y2="{y(share):.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{y(share) + 4:.1f}" text-anchor="end">{share:.0%}</text>')
    step = 0.5 if high - low <= 6 else 1.0
    tick = round(low / step) * step
    while tick <= high:
        if tick >= low:
            out.append(f'<text x="{x(tick):.1f}" y="{height - bottom + 16}" text-anchor="middle">{tick:g}</text>')
        tick += step
    out.append(
        f'<line x1="{x(timeout):.1f}" x2="{x(timeout):.1f}" y1="{top}" y2="{height - bottom}" stroke="#333" '
        f'stroke-dasharray="4 3"/>'
    )
    for container, times, opened in series:
        points = [f"{x(low):.1f},{y(0):.1f}"]
        for i, t in enumerate(times):
            points.append(f"{x(t):.1f},{y(i / opened):.1f}")
            points.append(f"{x(t):.1f},{y((i + 1) / opened):.1f}")
        points.append(f"{x(high):.1f},{y(len(times) / opened):.1f}")
        # one point per step is more than the eye needs: keep about 400
        keep = max(1, len(points) // 400)
        points = points[:1] + points[1:-1:keep] + points[-2:]
        out.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{COLOURS[container]}" stroke-width="2"/>'
        )
    legend_x = left
    for container, _, _ in series:
        out.append(f'<rect x="{legend_x}" y="{height - 22}" width="12" height="12" fill="{COLOURS[container]}"/>')
        out.append(f'<text x="{legend_x + 16}" y="{height - 12}">{CONTAINER_NAMES[container]}</text>')
        legend_x += 120
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return True


def top_classes(results, container, variant, limit=3):
    path = results / f"heap-{container}-{variant}.txt"
    if not path.exists():
        return "—"
    parts = []
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        fields = line.split("\t")
        if len(fields) < 5 or float(fields[0]) <= 0:
            continue
        parts.append(f"`{fields[4].split(' ')[0]}` {float(fields[0]):.0f} B")
        if len(parts) == limit:
            break
    return ", ".join(parts) if parts else "—"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS_DIRECTORY")
    results = Path(sys.argv[1])
    rows = load(results / "raw.csv")
    if not rows:
        sys.exit("no runs in raw.csv")
    count = next(iter(rows.values()))["count"]
    parts = [
        "# Idle connections",
        "",
        f"{count} connections that send nothing, per port, opened by one client process. Threads: `Threads:` of "
        "`/proc/PID/status` of the server, before the connections and with them all open. Heap: the live bytes "
        "of `jcmd PID GC.class_histogram` (after its full GC), with the connections minus before, divided by the "
        "connections. Closed after: from each connect call to the end of the stream (or the reset) the client saw; the "
        "server starts its header timer when it accepts the connection, a little after the call.",
    ]
    environment = results / "environment.txt"
    if environment.exists():
        parts += ["", "```", environment.read_text(encoding="utf-8").strip(), "```"]
    parts += ["", "## Plain port against this project's PROXY port", "", main_table(rows)]
    if chart(results, rows, results / "close-times.svg"):
        parts += ["", "![when the connections to this project's port were closed](close-times.svg)"]
    parts += ["", "## Every port", "", detail_table(rows)]
    parts += [
        "",
        "Listen overflows and drops are the machine's `TcpExt` counters over the opening. RSS includes memory "
        "outside the heap (direct buffers, thread stacks) and is noisier than the live heap.",
        "",
        "## What a waiting connection holds",
        "",
        "The three classes whose live bytes grew most, per connection (all classes: `heap-CONTAINER-PORT.txt`; "
        "threads by name: `threads-CONTAINER-PORT.txt`).",
        "",
        "| container | port | classes |",
        "|---|---|---|",
    ]
    for container in CONTAINERS:
        for variant in ("plain", "ours", "builtin"):
            if (container, variant) in rows:
                parts.append(
                    f"| {CONTAINER_NAMES[container]} | {VARIANT_NAMES[variant]} | "
                    f"{top_classes(results, container, variant)} |"
                )
    found = warnings(rows)
    parts += ["", "## Checks", ""]
    parts += [f"- {w}" for w in found] if found else [
        "- every connect succeeded, the server held every connection when measured, none was closed before the "
        "measurement, no listen overflow, and this project's port closed every connection"
    ]
    (results / "summary.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    print((results / "summary.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
