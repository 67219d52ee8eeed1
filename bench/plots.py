"""Draws the figures of docs/performance.md from bench/results/*.json (needs the `bench` extra).

.venv/bin/python -m bench.plots          # writes docs/performance/*.png
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from bench.common import RESULTS, ROOT  # noqa: E402

OUT = ROOT / "docs" / "performance"


def _load(pattern: str) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(RESULTS.glob(pattern))]


def latency_against_size() -> Path | None:
    results = _load("scale-*.json")
    if not results:
        return None
    fig, axes = plt.subplots(1, len(results), figsize=(6.5 * len(results), 4.5), squeeze=False)
    for ax, result in zip(axes[0], results, strict=True):
        sizes = sorted(int(s) for s in result["latency"])
        for endpoint in result["latency"][str(sizes[0])]:
            p95 = [result["latency"][str(s)][endpoint]["p95"] for s in sizes]
            ax.plot(sizes, p95, marker="o", label=endpoint)
        ax.axhline(50, color="grey", linestyle=":", linewidth=1)
        ax.axhline(200, color="grey", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_xlabel("case events in the database (10 per case, one open task per case)")
        ax.set_ylabel("server-side p95 (ms)")
        ax.set_title(f"Latency against data size — {result['database']}")
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    path = OUT / "latency-vs-size.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def throughput_against_n() -> Path | None:
    results = [r for r in _load("throughput-*.json") if "bare" in r]
    if not results:
        return None
    results.sort(key=lambda r: (r["database"], r["n"]))
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for database in sorted({r["database"] for r in results}):
        rows = [r for r in results if r["database"] == database]
        ns = [r["n"] for r in rows]
        ax.plot(ns, [r["bare"]["cases_per_s"] for r in rows], marker="o", label=f"bare Temporal ({database} run)")
        ax.plot(ns, [r["product"]["cases_per_s"] for r in rows], marker="s", label=f"product, {database}")
    ax.set_xscale("log")
    ax.set_xlabel("N (cases, 7 Update-driven steps each)")
    ax.set_ylabel("cases per second")
    ax.set_title("Throughput against N")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    path = OUT / "throughput-vs-n.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def cpu_per_case() -> Path | None:
    """CPU per case by process, bare Temporal beside the product, for each N = 1,000 run."""
    results = [r for r in _load("throughput-*-1000.json") if "cpu_seconds" in r]
    if not results:
        return None
    processes = ["temporal server", "worker", "web", "load driver", "postgresql"]
    colours = dict(zip(processes, ["#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860"], strict=True))
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    labels: list[str] = []
    for i, result in enumerate(results):
        for j, run in enumerate(("bare", "product")):
            x = i * 3 + j
            labels.append(f"{run}\n{result['database']}")
            bottom = 0.0
            for name, seconds in result["cpu_seconds"][run].items():
                kind = next((p for p in processes if p in name), "worker")  # the bare worker is a worker
                ms = 1000 * seconds / result["n"]
                ax.bar(x, ms, bottom=bottom, color=colours[kind], label=kind)
                bottom += ms
            ax.text(x, bottom, f"{bottom:.0f}", ha="center", va="bottom", fontsize=8)
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), fontsize=8)
    ax.set_xticks([i * 3 + j for i in range(len(results)) for j in range(2)], labels, fontsize=8)
    ax.set_ylabel("CPU ms per case (all processes)")
    ax.set_title("Where the CPU goes, N = 1,000 (bare Temporal and the product)")
    ax.grid(axis="y", alpha=0.3)
    path = OUT / "cpu-per-case.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def web_load() -> Path | None:
    """bench.load with no think time: requests/s and p95 by web processes, the static file beside."""
    results = sorted(
        (r for r in _load("load-*-think0*.json") if r.get("static")), key=lambda r: r.get("web_processes", 1)
    )
    if not results:
        return None
    fig, (rate, p95) = plt.subplots(1, 2, figsize=(8, 3.8))
    labels = [
        f"{r.get('web_processes', 1)} web process{'es' if r.get('web_processes', 1) > 1 else ''}" for r in results
    ]
    xs = range(len(results))
    rate.bar([x - 0.2 for x in xs], [r["requests_per_s"] for r in results], 0.4, label="pages and API")
    rate.bar([x + 0.2 for x in xs], [r["static"]["requests_per_s"] for r in results], 0.4, label="static file")
    rate.set_ylabel("requests/s")
    p95.bar(list(xs), [r["p95_ms"] for r in results], 0.5, color="#55a868")
    p95.axhline(1000, color="#c44e52", linestyle="--", label="target 1 s")
    p95.set_ylabel("p95 ms, pages and API")
    for ax in (rate, p95):
        ax.set_xticks(list(xs), labels, fontsize=8)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("50 users, no think time, 10,000 open tasks (bench.load)")
    path = OUT / "web-load.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for path in (latency_against_size(), throughput_against_n(), cpu_per_case(), web_load()):
        if path is not None:
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
