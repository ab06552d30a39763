"""Catalogue lookup and completeness check on a synthetic 10,000-service catalogue.

The 32 real services are cloned with district prefixes and numbered variants of their names and
aliases, so the index holds 10,000 distinct services whose words look like real ones. Prints and
returns p50/p99 per call, the time to build the index and the process's peak memory.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.catalogue.loader import load_catalogue
from bot.catalogue.schema import Catalogue
from bot.catalogue.search import ServiceIndex
from bot.checklist import check_materials, find_materials
from bot.segmenter import Segmenter
from bot.settings import load_settings

DISTRICTS = ["上城", "拱墅", "西湖", "滨江", "萧山", "余杭", "临平", "钱塘", "富阳", "临安", "桐庐", "淳安", "建德"]
QUERIES = [
    "身份证丢了要带什么",
    "办护照要多少钱",
    "我有身份证和户口本，结婚登记还缺什么",
    "租房提取公积金几天到账",
    "滨江区社保卡补办在哪里",
    "老年优待证能网上办吗",
    "二手房过户需要准备哪些材料",
    "养狗一个月要花多少钱",
    "个体户营业执照怎么办",
    "西湖区居住证申领条件",
]


def synthetic(base: Catalogue, size: int) -> Catalogue:
    services = {}
    originals = list(base.services.values())
    for i in range(size):
        original = originals[i % len(originals)]
        district = DISTRICTS[(i // len(originals)) % len(DISTRICTS)]
        variant = i // (len(originals) * len(DISTRICTS))
        suffix = f"{variant}" if variant else ""
        sid = f"{original.id}-{i}"
        name = f"{district}{original.name}{suffix}"
        aliases = [f"{district}{alias}{suffix}" for alias in original.aliases]
        services[sid] = original.copy(update={"id": sid, "name": name, "aliases": aliases})
    return Catalogue(materials=base.materials, services=services)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(call: Any, rounds: int) -> dict[str, float]:
    samples = []
    for i in range(rounds):
        started = time.perf_counter()
        call(QUERIES[i % len(QUERIES)])
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 3), "p99_ms": round(percentile(samples, 0.99), 3)}


def run_real(directories: list[Path], rounds: int = 300) -> dict[str, Any]:
    """Lookup as the assistant does it (places, regions, sub-items) over a real catalogue list."""
    from bot.assistant import serving_assistant

    catalogue = load_catalogue(directories)
    started = time.perf_counter()
    assistant = serving_assistant(catalogue, load_settings().meaning_cache_dir)
    built = time.perf_counter() - started
    return {
        "services": len(catalogue.services),
        "index_build_s": round(built, 2),
        "lookup": timed(assistant.search, rounds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(size: int = 10_000, rounds: int = 300) -> dict[str, Any]:
    base = load_catalogue(load_settings().catalogue_dirs, load_settings().home_region)
    catalogue = synthetic(base, size)
    started = time.perf_counter()
    index = ServiceIndex(catalogue, Segmenter(catalogue.vocabulary()))
    built = time.perf_counter() - started
    service = next(iter(catalogue.services.values()))

    def check(text: str) -> None:
        stated = find_materials(text, catalogue)
        check_materials(service, stated.held, {})

    return {
        "services": len(catalogue.services),
        "index_build_s": round(built, 2),
        "lookup": timed(index.search, rounds),
        "completeness_check": timed(check, rounds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(run())
