"""`make bench`: load and latency through the running assistant, catalogue lookup at 10,000
services, memory, training time and cold start. Prints the numbers against the targets and
writes results/bench/report.json. A report, not a test: it fails only when it cannot measure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.settings import load_settings
from scripts.bench import catalogue, load

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "bench"
CURATED, IMPORTED = ROOT / "data" / "catalogue", ROOT / "build" / "catalogue" / "gd"
TRAINING_RECORD = ROOT / "models" / "onetrip.training.json"


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    met = value < target if lower_is_better else value >= target
    return "met" if met else "MISSED"


def format_load(title: str, run: dict[str, Any]) -> list[str]:
    lines = [
        f"{title}, {run['concurrency']} concurrent conversations, {run['seconds_per_channel']} s per channel",
        f"  {'channel':8} {'msg/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'late':>5}",
    ]
    for name in ("rest", "wechat"):
        r = run[name]
        lines.append(
            f"  {name:8} {r['per_second']:>6} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>7}"
            f" {r['wechat_deadline_misses'] if name == 'wechat' else '-':>5}"
        )
    lines.append(f"  WeChat channel latency / REST channel latency: {run['wechat_over_rest_latency']}")
    lines.append(
        f"  cold start to first answer {run['cold_start_to_first_answer_s']} s; memory (MB) {run['memory_mb']}"
    )
    return lines


def format_report(report: dict[str, Any]) -> str:
    single, scaled = report["single_process"], report["scaled"]
    rest, wechat, cat = single["rest"], single["wechat"], report["catalogue"]
    lookup, check = cat["lookup"], cat["completeness_check"]
    worst_p99 = max(rest["p99_ms"], wechat["p99_ms"])
    slowest_rate = min(rest["per_second"], wechat["per_second"])
    lines = format_load("single process", single)
    lines.append(
        f"  target p99 < 1000 ms: {worst_p99} ms, {verdict(worst_p99, 1000)}; "
        f"target >= 20 msg/s: {slowest_rate}, {verdict(slowest_rate, 20, lower_is_better=False)}; "
        f"zero WeChat deadline misses: {wechat['wechat_deadline_misses']}, "
        f"{verdict(wechat['wechat_deadline_misses'], 1)}"
    )
    if isinstance(scaled, dict):
        lines += format_load(f"scaled mode ({scaled['processes']} Rasa processes behind nginx)", scaled)
        lines.append(
            "  scaled / single throughput: "
            + ", ".join(
                f"{name} {round(scaled[name]['per_second'] / single[name]['per_second'], 2)}"
                for name in ("rest", "wechat")
            )
        )
    else:
        lines.append(f"scaled mode: {scaled}")
    breadth = report.get("breadth")
    if isinstance(breadth, dict):
        lines += format_load(f"curated + imported catalogue ({breadth['services']} services), single process", breadth)
        real = breadth["lookup"]
        lines.append(
            f"  lookup as the assistant does it: p50 {real['lookup']['p50_ms']} ms, p99 {real['lookup']['p99_ms']} ms"
            f" (index built in {real['index_build_s']} s); target cold start <= 60 s: "
            f"{breadth['cold_start_to_first_answer_s']} s, {verdict(breadth['cold_start_to_first_answer_s'], 60.01)}"
        )
    elif breadth:
        lines.append(f"breadth: {breadth}")
    lines += [
        f"catalogue of {cat['services']} services (index built in {cat['index_build_s']} s,"
        f" peak RSS {cat['peak_rss_mb']} MB)",
        f"  lookup p50 {lookup['p50_ms']} ms, p99 {lookup['p99_ms']} ms: target p99 < 5 ms, "
        f"{verdict(lookup['p99_ms'], 5)}",
        f"  completeness check p50 {check['p50_ms']} ms, p99 {check['p99_ms']} ms",
        f"training {report.get('training', {}).get('seconds', '?')} s (last `make train`); "
        f"report in {OUT.relative_to(ROOT)}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="per channel")
    args = parser.parse_args()
    report: dict[str, Any] = {"single_process": load.run(args.concurrency, args.seconds)}
    try:
        report["scaled"] = load.run(args.concurrency, args.seconds, scaled=True)
        report["scaled"]["processes"] = load_settings().scaled.processes
    except TimeoutError as exc:  # e.g. nginx or PostgreSQL missing: run.py said why on stderr
        report["scaled"] = f"not measured: {exc}"
    if IMPORTED.exists():
        both = f"{CURATED}:{IMPORTED}"
        report["breadth"] = load.run(args.concurrency, args.seconds, catalogue=both)
        report["breadth"]["lookup"] = catalogue.run_real([CURATED, IMPORTED])
        report["breadth"]["services"] = report["breadth"]["lookup"]["services"]
    else:
        report["breadth"] = f"not measured: {IMPORTED.relative_to(ROOT)} missing (make bench imports it)"
    report["catalogue"] = catalogue.run()
    if TRAINING_RECORD.exists():
        report["training"] = json.loads(TRAINING_RECORD.read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
