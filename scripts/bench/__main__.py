"""`make bench`: load and latency through the running assistant, against a bare Rasa assistant
under the same load (scripts/bench/baseline.py), how latency and memory grow with conversations
(scripts/bench/growth.py), catalogue lookup at 10,000 services, memory, training time and cold
start. Prints the numbers against the targets and writes results/bench/report.json. A report,
not a test: it fails only when it cannot measure.

Parts (--only, comma-separated; all by default): single (REST and WeChat at --concurrency),
baseline (ours and bare Rasa at 1, 20 and 50 concurrent), growth (latency at turns 1-100 of one
conversation; memory after --conversations conversations), scaled, breadth, catalogue. single,
baseline and growth share one start of the assistant. A short run, written to
results/bench/report-partial.json instead:
    .venv/bin/python -m scripts.bench --only baseline,growth --seconds 5 --conversations 500
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.settings import load_settings
from scripts.bench import baseline, catalogue, growth, load

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "bench"
CURATED, IMPORTED = ROOT / "data" / "catalogue", ROOT / "build" / "catalogue" / "gd"
TRAINING_RECORD = ROOT / "models" / "onetrip.training.json"
PARTS = ("single", "baseline", "growth", "scaled", "breadth", "catalogue")


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


def within(value: float | None, limit: float) -> str:
    return "met" if value is not None and value <= limit else "MISSED"


def format_single(single: dict[str, Any]) -> list[str]:
    rest, wechat = single["rest"], single["wechat"]
    worst_p99 = max(rest["p99_ms"], wechat["p99_ms"])
    slowest_rate = min(rest["per_second"], wechat["per_second"])
    return [
        *format_load("single process", single),
        f"  target p99 < 1000 ms: {worst_p99} ms, {verdict(worst_p99, 1000)}; "
        f"target >= 20 msg/s: {slowest_rate}, {verdict(slowest_rate, 20, lower_is_better=False)}; "
        f"zero WeChat deadline misses: {wechat['wechat_deadline_misses']}, "
        f"{verdict(wechat['wechat_deadline_misses'], 1)}",
    ]


def format_baseline(base: dict[str, Any]) -> list[str]:
    lines = [
        f"ours / bare Rasa (scripts/bench/bare: same Rasa, REST channel and tokenizer; no custom components,"
        f" action server or tracker store), REST, {base['seconds_per_level']} s per level, ratio in brackets",
    ]
    for level, measured in base["levels"].items():
        ours, bare, ratios = measured["ours"], measured["bare"], measured["ratios"]
        latencies = "; ".join(
            f"{p} {ours[f'{p}_ms']} vs {bare[f'{p}_ms']} ms ({ratios[p]})" for p in ("p50", "p95", "p99")
        )
        errors = f"; errors {ours['errors']} vs {bare['errors']}" if ours["errors"] or bare["errors"] else ""
        lines.append(
            f"  {level:>2} concurrent: {ours['per_second']} vs {bare['per_second']} msg/s ({ratios['throughput']});"
            f" {latencies}{errors}"
        )
    lines.append(
        "  "
        + "; ".join(
            f"target {t['ratio']} at {t['concurrency']} {'>=' if t['ratio'] == 'throughput' else '<='} {t['target']}x"
            f" bare: {t['value']}, {'met' if t['met'] else 'MISSED'}"
            for t in base["targets"]
        )
    )
    lines.append(
        f"  bare Rasa: cold start {base['bare_cold_start_to_first_answer_s']} s, memory {base['bare_memory_mb']} MB;"
        f" this comparison took {base.get('seconds', '?')} s"
    )
    return lines


def format_growth(grown: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    turns, memory = grown["turns"], grown["memory"]
    at = turns["latency_ms_at_turn"]
    last = max(at, key=int)
    lines = [
        f"growth: latency at turn {' / '.join(at)} of one conversation: {' / '.join(str(v) for v in at.values())} ms"
        f" (median of {turns['repeats']} conversations, each figure over the {len(turns['cycle'])} turns ending"
        f" there; {turns['errors']} errors; {turns.get('seconds', '?')} s)",
        f"  target turn {last} / turn 1 <= {turns['target']}: {turns['last_over_first']},"
        f" {within(turns['last_over_first'], turns['target'])}",
    ]
    bare_turns = base.get("bare_turns") if base else None
    if bare_turns:
        bare_at = bare_turns["latency_ms_at_turn"]
        lines.append(
            f"  bare Rasa, the same conversations: {' / '.join(str(v) for v in bare_at.values())} ms,"
            f" turn {last} / turn 1 {bare_turns['last_over_first']}"
        )
    if base:
        rates = " / ".join(str(m["ours"]["per_second"]) for m in base["levels"].values())
        lines.append(f"  throughput at {' / '.join(base['levels'])} concurrent: {rates} msg/s (from the baseline)")
    changes = ", ".join(
        f"{name} {memory['before_mb'].get(name, 0.0)} -> {after} ({memory['growth_mb'][name]:+})"
        for name, after in memory["after_mb"].items()
    )
    lines.append(
        f"  memory (MB) before -> after {memory['conversations']} conversations ({memory['messages_per_conversation']}"
        f" message each, {memory['concurrency']} concurrent, {memory['seconds']} s, {memory['per_second']} msg/s,"
        f" {memory['errors']} errors): {changes}"
    )
    return lines


def format_report(report: dict[str, Any]) -> str:
    lines: list[str] = []
    single = report.get("single_process")
    if single:
        lines += format_single(single)
    if "baseline" in report:
        lines += format_baseline(report["baseline"])
    if "growth" in report:
        lines += format_growth(report["growth"], report.get("baseline"))
    scaled = report.get("scaled")
    if isinstance(scaled, dict):
        lines += format_load(f"scaled mode ({scaled['processes']} Rasa processes behind nginx)", scaled)
        if single:
            lines.append(
                "  scaled / single throughput: "
                + ", ".join(
                    f"{name} {round(scaled[name]['per_second'] / single[name]['per_second'], 2)}"
                    for name in ("rest", "wechat")
                )
            )
    elif scaled:
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
    cat = report.get("catalogue")
    if cat:
        lookup, check = cat["lookup"], cat["completeness_check"]
        lines += [
            f"catalogue of {cat['services']} services (index built in {cat['index_build_s']} s,"
            f" peak RSS {cat['peak_rss_mb']} MB)",
            f"  lookup p50 {lookup['p50_ms']} ms, p99 {lookup['p99_ms']} ms: target p99 < 5 ms, "
            f"{verdict(lookup['p99_ms'], 5)}",
            f"  completeness check p50 {check['p50_ms']} ms, p99 {check['p99_ms']} ms",
        ]
    lines.append(
        f"training {report.get('training', {}).get('seconds', '?')} s (last `make train`); "
        f"bench {report.get('seconds', '?')} s; report in {OUT.relative_to(ROOT)}"
    )
    return "\n".join(lines)


def parts(only: str | None) -> list[str]:
    chosen = [p.strip() for p in only.split(",") if p.strip()] if only else list(PARTS)
    unknown = set(chosen) - set(PARTS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="make bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0, help="per channel, and per level of the baseline")
    parser.add_argument("--only", type=parts, default=list(PARTS), help=f"comma-separated, of: {', '.join(PARTS)}")
    parser.add_argument(
        "--conversations", type=int, default=growth.CONVERSATIONS, help="before measuring memory again (growth)"
    )
    args = parser.parse_args()
    chosen: list[str] = args.only
    report: dict[str, Any] = {"parts": chosen}
    started = time.monotonic()
    if {"single", "baseline", "growth"} & set(chosen):
        with load.serving(args.concurrency) as ours:
            if "baseline" in chosen:
                report["baseline"] = baseline.run(ours, args.seconds, args.concurrency)
            if "single" in chosen:
                shared = report.get("baseline", {}).get("levels", {}).get(str(args.concurrency), {})
                report["single_process"] = load.measure(ours, args.concurrency, args.seconds, rest=shared.get("ours"))
            if "growth" in chosen:
                report["growth"] = growth.run(ours, args.conversations, args.concurrency)
    if "scaled" in chosen:
        try:
            report["scaled"] = load.run(args.concurrency, args.seconds, scaled=True)
            report["scaled"]["processes"] = load_settings().scaled.processes
        except TimeoutError as exc:  # e.g. nginx or PostgreSQL missing: run.py said why on stderr
            report["scaled"] = f"not measured: {exc}"
    if "breadth" in chosen and not IMPORTED.exists():
        report["breadth"] = f"not measured: {IMPORTED.relative_to(ROOT)} missing (make bench imports it)"
    elif "breadth" in chosen:
        both = f"{CURATED}:{IMPORTED}"
        report["breadth"] = load.run(args.concurrency, args.seconds, catalogue=both)
        report["breadth"]["lookup"] = catalogue.run_real([CURATED, IMPORTED])
        report["breadth"]["services"] = report["breadth"]["lookup"]["services"]
    if "catalogue" in chosen:
        report["catalogue"] = catalogue.run()
    if TRAINING_RECORD.exists():
        report["training"] = json.loads(TRAINING_RECORD.read_text())
    report["seconds"] = round(time.monotonic() - started, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    name = "report.json" if set(chosen) == set(PARTS) else "report-partial.json"
    (OUT / name).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
