"""Many concurrent multi-turn conversations against the running assistant, as `make run` starts
it: over Rasa's REST channel and over our WeChat channel (signed pushes), one after the other, so
the ratio of their latencies is the WeChat channel's own cost.

A WeChat reply misses its deadline when the passive answer is not back within 5 s, or is only
"success" (the reply would then go through the customer-service API, later).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from wechatpy.utils import WeChatSigner

from scripts.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
WECHAT_TOKEN = "bench-token"
WECHAT_DEADLINE = 5.0
SCRIPTS = [
    ["你好", "办身份证要带什么", "2", "那要多少钱", "我有身份证和户口本", "谢谢"],
    ["护照怎么办", "要带什么材料", "在哪里办", "多久能拿到", "再见"],
    ["我想办居住证", "需要什么条件", "我有身份证和租房合同", "好的谢谢"],
    ["结婚登记要带什么", "我有身份证和户口本", "不是", "能网上预约吗", "谢谢"],
    ["租房提取公积金", "要多少钱", "几天到账", "可以在浙里办办吗"],
    ["今天天气怎么样", "那办社保卡要带什么", "转人工"],
    ["身分证丢了咋补", "1", "在哪里补", "要几天"],
    ["个体户营业执照怎么办", "需要哪些材料", "我有身份证和经营场所证明", "谢谢"],
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    missed: int = 0  # WeChat only
    started: float = 0.0
    ended: float = 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pick(share: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0

        seconds = max(self.ended - self.started, 1e-9)
        return {
            "messages": len(self.latencies),
            "per_second": round(len(self.latencies) / seconds, 1),
            "p50_ms": pick(0.5),
            "p95_ms": pick(0.95),
            "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
            "errors": self.errors,
            "wechat_deadline_misses": self.missed,
        }


def wechat_query() -> str:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(WECHAT_TOKEN, timestamp, nonce)
    return f"signature={signer.signature}&timestamp={timestamp}&nonce={nonce}"


def wechat_push(openid: str, text: str) -> bytes:
    return (
        f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{uuid.uuid4().int % 10**18}</MsgId></xml>"
    ).encode()


async def rest_message(session: aiohttp.ClientSession, base: str, sender: str, text: str) -> bool:
    """One message over the REST channel; whether a non-empty answer came back."""
    try:
        async with session.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as r:
            return r.status == 200 and bool(await r.json())
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def conversation(session: aiohttp.ClientSession, base: str, channel: str, stop: float, out: Results) -> None:
    while time.monotonic() < stop:
        sender = f"bench-{uuid.uuid4().hex}"
        for text in random.choice(SCRIPTS):
            if time.monotonic() >= stop:
                return
            started = time.monotonic()
            if channel == "rest":
                ok = await rest_message(session, base, sender, text)
            else:
                try:
                    url = f"{base}/webhooks/wechat/webhook?{wechat_query()}"
                    async with session.post(url, data=wechat_push(sender, text)) as r:
                        body = await r.text()
                        ok = r.status == 200 and "<Content>" in body
                        if time.monotonic() - started > WECHAT_DEADLINE or body == "success":
                            out.missed += 1
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    ok = False
            out.latencies.append(time.monotonic() - started)
            out.errors += not ok


async def load(base: str, channel: str, concurrency: int, seconds: float) -> dict[str, Any]:
    out = Results()
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        out.started = time.monotonic()
        stop = out.started + seconds
        await asyncio.gather(*(conversation(session, base, channel, stop, out) for _ in range(concurrency)))
        out.ended = time.monotonic()
    return out.summary()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def command_of(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")


def role(command: str) -> str:
    for marker, name in (
        (" run actions", "action server"),
        (" run --model", "rasa server"),
        ("-m console", "console"),
        ("nginx", "nginx"),
        ("redis-server", "redis"),
        ("postgres", "postgresql"),
    ):
        if marker in command:
            return name
    return command.split(" ")[0]


def memory_by_role(pid: int) -> dict[str, float]:
    """RSS per started process; several of one kind (scaled mode) are numbered."""
    memory: dict[str, float] = {}
    for child in children(pid):
        name = role(command_of(child))
        numbered = name if name not in memory else f"{name} {sum(k.startswith(name) for k in memory) + 1}"
        memory[numbered] = rss_mb(child)
    return memory


async def first_answer(base: str, deadline: float) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        while time.monotonic() < deadline:
            try:
                payload = {"sender": "bench-cold", "message": "办护照要带什么"}
                async with session.post(f"{base}/webhooks/rest/webhook", json=payload) as r:
                    if r.status == 200 and await r.json():
                        return
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.25)
    raise TimeoutError("the assistant did not answer within the start-up deadline")


WARM_UP_SECONDS = 15.0


async def warm_up(base: str, concurrency: int) -> None:
    """Unmeasured load first, in both modes: each process's first predictions of each shape build
    TensorFlow's graphs (seconds each), which is start-up, not load; with several processes
    behind the balancer each sees less of the traffic, so this takes longer than one request."""
    await load(base, "rest", concurrency, WARM_UP_SECONDS)


@dataclass
class Serving:
    """A started assistant that has answered once and been warmed up."""

    base: str
    process: subprocess.Popen[bytes]
    cold_start_s: float


@contextmanager
def serving_command(
    command: list[str], env: dict[str, str], port: int, log_name: str, concurrency: int
) -> Iterator[Serving]:
    """Start `command` (a server answering REST on `port`), wait for its first answer, warm it up
    at `concurrency`; stop it on leaving. What it says goes to results/bench/servers-<log_name>.log,
    for when a run fails ("did not answer within the start-up deadline")."""
    base = f"http://127.0.0.1:{port}"
    log_path = ROOT / "results" / "bench" / f"servers-{log_name}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            asyncio.run(first_answer(base, started + 300))
            cold_start = round(time.monotonic() - started, 1)
            asyncio.run(warm_up(base, concurrency))
            yield Serving(base, process, cold_start)
        finally:
            process.send_signal(2)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def serving(concurrency: int = 20, scaled: bool = False, catalogue: str | None = None) -> Iterator[Serving]:
    """The assistant as `make run` (or `make scaled`) starts it, on free ports, warmed up.
    `catalogue`: ONETRIP_CATALOGUE_DIR to serve instead, loaded into a database of its own."""
    names = ["RASA_PORT", "ACTION_PORT", "CONSOLE_PORT"] + (["POSTGRES_PORT", "REDIS_PORT"] if scaled else [])
    ports = {name: free_port() for name in names}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}, "WECHAT_TOKEN": WECHAT_TOKEN}
    for unset in ("WECHAT_APPID", "DATABASE_URL", "REDIS_URL"):  # passive replies only; our own databases
        env.pop(unset, None)
    if catalogue:
        env |= {"ONETRIP_CATALOGUE_DIR": catalogue, "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'bench-breadth.db'}"}
        subprocess.run([sys.executable, "-m", "bot.catalogue", "build"], cwd=ROOT, env=env, check=True)
    command = [sys.executable, "scripts/run.py"] + (["--scaled"] if scaled else [])
    mode = "scaled" if scaled else "breadth" if catalogue else "single"
    with serving_command(command, env, ports["RASA_PORT"], mode, concurrency) as server:
        yield server


def measure(server: Serving, concurrency: int, seconds: float, rest: dict[str, Any] | None = None) -> dict[str, Any]:
    """REST then WeChat at `concurrency`, and memory by process; `rest`: a REST measurement
    already taken on this server at this concurrency (the baseline's), not taken again."""
    report: dict[str, Any] = {"concurrency": concurrency, "seconds_per_channel": seconds}
    report["cold_start_to_first_answer_s"] = server.cold_start_s
    report["rest"] = rest or asyncio.run(load(server.base, "rest", concurrency, seconds))
    report["wechat"] = asyncio.run(load(server.base, "wechat", concurrency, seconds))
    rest_ms, wechat_ms = report["rest"]["mean_ms"], report["wechat"]["mean_ms"]
    report["wechat_over_rest_latency"] = round(wechat_ms / rest_ms, 2) if rest_ms else None
    report["memory_mb"] = memory_by_role(server.process.pid)
    return report


def run(
    concurrency: int = 20, seconds: float = 30.0, scaled: bool = False, catalogue: str | None = None
) -> dict[str, Any]:
    with serving(concurrency, scaled, catalogue) as server:
        return measure(server, concurrency, seconds)


if __name__ == "__main__":
    print(run())
