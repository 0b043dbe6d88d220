#!/usr/bin/env python3
"""Tables and charts of an end-to-end run: reads RESULTS/raw.csv, writes RESULTS/summary.md and one SVG chart per
mode (RESULTS/cpu-per-request-<mode>.svg). Standard library only.

Each PROXY variant is compared with the plain port of the same container in the same round (pair); the tables give
the median of those per-round ratios and their range."""

import csv
import statistics
import sys
from pathlib import Path

CONTAINERS = ["tomcat", "jetty", "undertow", "netty"]
CONTAINER_NAMES = {
    "tomcat": "Tomcat 11.0.27",
    "jetty": "Jetty 12.1.14",
    "undertow": "Undertow 2.3.27",
    "netty": "Reactor Netty 1.3.7",
}
MODES = ["close", "keepalive", "direct"]
MODE_NAMES = {
    "close": "HAProxy, a new backend connection per request (http-server-close, http-reuse never)",
    "keepalive": "HAProxy, backend connections kept alive",
    "direct": "no HAProxy: header and request in one write, a new connection per request",
}
VARIANTS = ["plain", "ours", "builtin"]
VARIANT_NAMES = {"plain": "plain", "ours": "this project", "builtin": "built-in"}
COLOURS = {"ours": "#1f77b4", "builtin": "#ff7f0e"}


def load(path):
    runs = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            requests = int(row["requests"])
            if requests == 0:
                continue
            key = (row["container"], row["mode"], row["variant"])
            runs.setdefault(key, {})[int(row["pair"])] = {
                "requests": requests,
                "errors": int(row["errors"]),
                "rps": float(row["rps"]),
                "p50": float(row["p50_ms"]),
                "p99": float(row["p99_ms"]),
                "cpu_us": float(row["server_cpu_s"]) * 1e6 / requests,
                "haproxy_us": float(row["haproxy_cpu_s"]) * 1e6 / requests,
                # absent from runs recorded before the script measured the JIT compiler threads
                "jit_us": float(row["server_jit_s"]) * 1e6 / requests if row.get("server_jit_s") else None,
            }
    return runs


def ratios(runs, container, mode, variant, field):
    plain = runs.get((container, mode, "plain"), {})
    other = runs.get((container, mode, variant), {})
    return [
        other[pair][field] / plain[pair][field]
        for pair in sorted(other)
        if pair in plain and plain[pair][field] > 0
    ]


def median(runs, key, field):
    values = [run[field] for run in runs.get(key, {}).values() if run[field] is not None]
    return statistics.median(values) if values else None


def has_jit(runs, mode):
    return any(run["jit_us"] is not None for key, r in runs.items() if key[1] == mode for run in r.values())


def ratio_text(values):
    if not values:
        return "—"
    text = f"{statistics.median(values):.2f}"
    if len(values) > 1:
        text += f" ({min(values):.2f}–{max(values):.2f})"
    return text


def table(runs, mode):
    haproxy = mode != "direct"
    header = [
        "container",
        "variant",
        "req/s",
        "p50 ms",
        "p99 ms",
        "server CPU µs/req",
    ]
    jit = has_jit(runs, mode)
    if jit:
        header.append("of which JIT")
    header += [
        "CPU/req ÷ plain",
        "req/s ÷ plain",
    ]
    if haproxy:
        header.append("HAProxy CPU µs/req")
    header.append("errors")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for container in CONTAINERS:
        for variant in VARIANTS:
            key = (container, mode, variant)
            if key not in runs:
                continue
            cells = [
                CONTAINER_NAMES[container],
                VARIANT_NAMES[variant],
                f"{median(runs, key, 'rps'):.0f}",
                f"{median(runs, key, 'p50'):.2f}",
                f"{median(runs, key, 'p99'):.2f}",
                f"{median(runs, key, 'cpu_us'):.0f}",
            ]
            if jit:
                cells.append(f"{median(runs, key, 'jit_us'):.1f}")
            cells += [
                "1" if variant == "plain" else ratio_text(ratios(runs, container, mode, variant, "cpu_us")),
                "1" if variant == "plain" else ratio_text(ratios(runs, container, mode, variant, "rps")),
            ]
            if haproxy:
                cells.append(f"{median(runs, key, 'haproxy_us'):.0f}")
            cells.append(str(sum(run["errors"] for run in runs[key].values())))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def chart(runs, mode, path):
    """Grouped bars: per container, the median CPU-per-request ratio of each PROXY variant to plain, whiskers from
    the smallest to the largest per-round ratio, and a line at 1 (as costly as the plain port)."""
    groups = []
    for container in CONTAINERS:
        bars = []
        for variant in ("ours", "builtin"):
            values = ratios(runs, container, mode, variant, "cpu_us")
            if values:
                bars.append((variant, statistics.median(values), min(values), max(values)))
        if bars:
            groups.append((container, bars))
    if not groups:
        return False
    width, height = 640, 360
    left, right, top, bottom = 60, 20, 50, 60
    top_value = max(1.2, max(b[3] for _, bars in groups for b in bars) * 1.1)
    low_value = 0.0
    plot_h = height - top - bottom
    plot_w = width - left - right

    def y(value):
        return top + plot_h * (1 - (value - low_value) / (top_value - low_value))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">'
        f"Server CPU per request, PROXY port ÷ plain port: {mode}</text>",
        f'<text x="{width / 2}" y="36" text-anchor="middle" font-size="10" fill="#555">'
        f"{MODE_NAMES[mode]}</text>",
    ]
    step = 0.2
    tick = 0.0
    while tick <= top_value + 1e-9:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e5e5e5"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        tick += step
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{y(1):.1f}" y2="{y(1):.1f}" stroke="#333" '
        f'stroke-dasharray="4 3"/>'
    )
    group_w = plot_w / len(groups)
    bar_w = min(50, group_w / 3)
    for i, (container, bars) in enumerate(groups):
        centre = left + group_w * (i + 0.5)
        start = centre - bar_w * len(bars) / 2
        for j, (variant, value, low, high) in enumerate(bars):
            x = start + j * bar_w
            out.append(
                f'<rect x="{x + 2:.1f}" y="{y(value):.1f}" width="{bar_w - 4:.1f}" '
                f'height="{y(low_value) - y(value):.1f}" fill="{COLOURS[variant]}"/>'
            )
            mid = x + bar_w / 2
            out.append(
                f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="{y(low):.1f}" y2="{y(high):.1f}" stroke="#000"/>'
            )
            out.append(
                f'<text x="{mid:.1f}" y="{y(high) - 4:.1f}" text-anchor="middle" font-size="10">{value:.2f}</text>'
            )
        out.append(
            f'<text x="{centre:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{CONTAINER_NAMES[container]}</text>"
        )
    legend_x = left
    for variant in ("ours", "builtin"):
        out.append(
            f'<rect x="{legend_x}" y="{height - 22}" width="12" height="12" fill="{COLOURS[variant]}"/>'
        )
        out.append(f'<text x="{legend_x + 16}" y="{height - 12}">{VARIANT_NAMES[variant]}</text>')
        legend_x += 120
    out.append(
        f'<text x="{width - right}" y="{height - 12}" text-anchor="end" font-size="10" fill="#555">'
        f"bar: median of the rounds; line: smallest to largest</text>"
    )
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return True


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS_DIRECTORY")
    results = Path(sys.argv[1])
    runs = load(results / "raw.csv")
    pairs = max((len(v) for v in runs.values()), default=0)
    parts = [
        "# End-to-end results",
        "",
        f"Medians over {pairs} rounds. Ratios compare each PROXY port with the plain port of the same container in "
        "the same round: the median of the per-round ratios, then the smallest and largest. Server CPU is "
        "utime + stime of the whole server process (`/proc/PID/stat`) over the run, divided by the requests; "
        "\"of which JIT\" is the part its JIT compiler threads used (the warm-up goes on until they are quiet).",
    ]
    environment = results / "environment.txt"
    if environment.exists():
        parts += ["", "```", environment.read_text(encoding="utf-8").strip(), "```"]
    for mode in MODES:
        if not any(key[1] == mode for key in runs):
            continue
        parts += ["", f"## {mode}: {MODE_NAMES[mode]}", "", table(runs, mode)]
        svg = results / f"cpu-per-request-{mode}.svg"
        if chart(runs, mode, svg):
            parts += ["", f"![server CPU per request, {mode}]({svg.name})"]
    (results / "summary.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    print((results / "summary.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
