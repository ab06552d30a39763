"""How the assistant's cost grows: with the length of one conversation, and with the number of
conversations a process has served.

Turns: one conversation of 100 turns over REST, alone, cycling a few questions about one service
(each a normal answer), three times with a new sender. The latency at turn t is the median over
the repeats of the cycle that ends at t (turns t-3..t; turns 1-4 for turn 1), so each figure
covers every question of the cycle once.

Memory: RSS per process before and after N short conversations (default 10,000; one message
each, a new sender each, the opening messages of load.SCRIPTS in turn) at 20 concurrent.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
import uuid
from collections.abc import Sequence
from typing import Any

import aiohttp

from scripts.bench import load

CYCLE = ["办身份证要带什么", "那要多少钱", "在哪里办", "多久能拿到"]
TURNS = 100
AT = (1, 10, 50, 100)
REPEATS = 3
TARGET_GROWTH = 1.2  # latency at turn 100 within 1.2x turn 1
CONVERSATIONS = 10_000
OPENINGS = [script[0] for script in load.SCRIPTS]


def window(turn: int, size: int) -> range:
    """The turns (1-based) whose latencies stand for `turn`: the `size` that end at it, or the
    first `size` when it is earlier than that."""
    end = max(turn, size)
    return range(end - size + 1, end + 1)


def at_turns(runs: Sequence[Sequence[float]], turns: Sequence[int] = AT, size: int = len(CYCLE)) -> dict[str, float]:
    """Median latency in ms over every run's window around each turn."""
    return {
        str(turn): round(statistics.median(run[t - 1] for run in runs for t in window(turn, size)) * 1000, 1)
        for turn in turns
    }


async def one_conversation(base: str, turns: int) -> tuple[list[float], int]:
    """Latencies of each turn of one conversation, and how many turns failed."""
    sender, latencies, errors = f"bench-growth-{uuid.uuid4().hex}", [], 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        for text in itertools.islice(itertools.cycle(CYCLE), turns):
            started = time.monotonic()
            errors += not await load.rest_message(session, base, sender, text)
            latencies.append(time.monotonic() - started)
    return latencies, errors


def turn_growth(base: str, turns: int = TURNS, repeats: int = REPEATS) -> dict[str, Any]:
    started = time.monotonic()
    runs, errors = [], 0
    for _ in range(repeats):
        latencies, failed = asyncio.run(one_conversation(base, turns))
        runs.append(latencies)
        errors += failed
    at = at_turns(runs, [t for t in AT if t <= turns])
    last = at[str(max(int(t) for t in at))]
    return {
        "turns": turns,
        "repeats": repeats,
        "cycle": CYCLE,
        "latency_ms_at_turn": at,
        "last_over_first": round(last / at["1"], 2) if at["1"] else None,
        "target": TARGET_GROWTH,
        "errors": errors,
        "seconds": round(time.monotonic() - started, 1),
    }


async def many_conversations(base: str, count: int, concurrency: int) -> dict[str, Any]:
    out = load.Results()
    numbers = iter(range(count))

    async def worker(session: aiohttp.ClientSession) -> None:
        for n in numbers:
            started = time.monotonic()
            ok = await load.rest_message(session, base, f"bench-many-{uuid.uuid4().hex}", OPENINGS[n % len(OPENINGS)])
            out.latencies.append(time.monotonic() - started)
            out.errors += not ok

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30), connector=connector) as session:
        out.started = time.monotonic()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        out.ended = time.monotonic()
    return out.summary()


def memory_growth(server: load.Serving, conversations: int = CONVERSATIONS, concurrency: int = 20) -> dict[str, Any]:
    before = load.memory_by_role(server.process.pid)
    started = time.monotonic()
    summary = asyncio.run(many_conversations(server.base, conversations, concurrency))
    seconds = round(time.monotonic() - started, 1)
    after = load.memory_by_role(server.process.pid)
    return {
        "conversations": conversations,
        "messages_per_conversation": 1,
        "concurrency": concurrency,
        "seconds": seconds,
        "per_second": summary["per_second"],
        "errors": summary["errors"],
        "before_mb": before,
        "after_mb": after,
        "growth_mb": {name: round(after[name] - before.get(name, 0.0), 1) for name in after},
    }


def run(server: load.Serving, conversations: int = CONVERSATIONS, concurrency: int = 20) -> dict[str, Any]:
    return {"turns": turn_growth(server.base), "memory": memory_growth(server, conversations, concurrency)}
