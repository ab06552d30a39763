"""Ours against a bare Rasa assistant under the same load, in the same run.

The bare assistant (scripts/bench/bare/) is the same Rasa version behind Rasa's own REST channel,
with the same tokenizer and dictionary, DIET shaped as ours, six intents answered by utter_
responses through rules: no custom components, no action server, Rasa's in-memory tracker and
lock stores. It is trained once into build/bench-bare/ and again only when its files, the jieba
dictionary or the Rasa version change.

Both servers are up together; at each concurrency the bare one is measured, then ours, with the
same multi-turn conversation scripts (load.SCRIPTS, a new sender per conversation), so that a
neighbour's load on the machine falls on both alike. Ratios are ours / bare: throughput above 1
and latencies below 1 are better than bare Rasa. The bare assistant also has growth's 100-turn
conversations, to show how much of the growth with turns is Rasa's own.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from scripts.bench import growth, load
from scripts.ports import free_port
from scripts.train_if_changed import fingerprint

ROOT = Path(__file__).resolve().parents[2]
BARE = Path("scripts/bench/bare")
OUT = ROOT / "build" / "bench-bare"
MODEL, FINGERPRINT = OUT / "model.tar.gz", OUT / "model.fingerprint"
INPUTS = [str(BARE), "build/jieba"]  # its config reads the dictionary `make catalogue` writes
RASA = str(Path(sys.executable).parent / "rasa")
LEVELS = (1, 20, 50)
LEVEL_WARM_UP_SECONDS = 3.0  # unmeasured, at each level, before each measurement
# (level, measure, ratio key, target, higher is better)
TARGETS = [(20, "per_second", "throughput", 0.8, True), (50, "p99_ms", "p99", 2.0, False)]


def wanted_fingerprint() -> str:
    return f"{fingerprint(INPUTS)} rasa {version('rasa')}"


def up_to_date(model_exists: bool, stored: str | None, wanted: str) -> bool:
    return model_exists and stored == wanted


def train_if_changed() -> dict[str, Any]:
    """The bare model, trained when missing or stale (about 20 s); how long that took, if it did."""
    wanted = wanted_fingerprint()
    stored = FINGERPRINT.read_text() if FINGERPRINT.exists() else None
    if up_to_date(MODEL.exists(), stored, wanted):
        return {"trained": False}
    print("training the bare Rasa baseline (scripts/bench/bare)…", file=sys.stderr, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    command = [RASA, "train", "--config", str(BARE / "config.yml"), "--domain", str(BARE / "domain.yml")]
    command += ["--data", str(BARE / "data"), "--out", str(OUT.relative_to(ROOT)), "--fixed-model-name", "model"]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(OUT / "cache")}
    with (OUT / "training.log").open("w", encoding="utf-8") as log:
        done = subprocess.run([*command, "--force"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0 or not MODEL.exists():
        raise RuntimeError(f"training the bare baseline failed: read {(OUT / 'training.log').relative_to(ROOT)}")
    FINGERPRINT.write_text(wanted)
    return {"trained": True, "seconds": round(time.monotonic() - started, 1)}


@contextmanager
def serving_bare(concurrency: int) -> Iterator[load.Serving]:
    """`rasa run` of the bare model on a free port, warmed up like ours."""
    port = free_port()
    command = [RASA, "run", "--model", str(MODEL), "--port", str(port)]
    command += ["--credentials", str(BARE / "credentials.yml"), "--endpoints", str(BARE / "endpoints.yml")]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    with load.serving_command(command, env, port, "bare", concurrency) as server:
        yield server


def ratio(ours: float, bare: float) -> float | None:
    return round(ours / bare, 2) if bare else None


def ratios(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, float | None]:
    """ours / bare, for throughput and each latency percentile."""
    found = {"throughput": ratio(ours["per_second"], bare["per_second"])}
    return found | {p: ratio(ours[f"{p}_ms"], bare[f"{p}_ms"]) for p in ("p50", "p95", "p99")}


def verdicts(levels: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets against the measured ratios: throughput at 20 concurrent at least 0.8
    of bare Rasa's, p99 at 50 concurrent within 2x bare Rasa's."""
    found = []
    for level, _, key, target, higher in TARGETS:
        value = levels[str(level)]["ratios"][key] if str(level) in levels else None
        met = value is not None and (value >= target if higher else value <= target)
        found.append({"concurrency": level, "ratio": key, "value": value, "target": target, "met": met})
    return found


def compare(ours: load.Serving, bare: load.Serving, seconds: float, levels: Sequence[int] = LEVELS) -> dict[str, Any]:
    """At each concurrency: bare Rasa, then ours, each after a short unmeasured warm-up."""
    report: dict[str, Any] = {"seconds_per_level": seconds, "levels": {}}
    for level in levels:
        measured = {}
        for name, server in (("bare", bare), ("ours", ours)):
            asyncio.run(load.load(server.base, "rest", level, LEVEL_WARM_UP_SECONDS))
            measured[name] = asyncio.run(load.load(server.base, "rest", level, seconds))
        report["levels"][str(level)] = measured | {"ratios": ratios(measured["ours"], measured["bare"])}
    report["targets"] = verdicts(report["levels"])
    report["bare_cold_start_to_first_answer_s"] = bare.cold_start_s
    report["bare_memory_mb"] = load.rss_mb(bare.process.pid)
    return report


def run(ours: load.Serving, seconds: float, concurrency: int = 20) -> dict[str, Any]:
    started = time.monotonic()
    training = train_if_changed()
    with serving_bare(concurrency) as bare:
        report = compare(ours, bare, seconds) | {"bare_training": training}
        # for growth's turn 100 / turn 1: how much of it is Rasa's own
        report["bare_turns"] = growth.turn_growth(bare.base)
    return report | {"seconds": round(time.monotonic() - started, 1)}
