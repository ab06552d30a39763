"""The benchmark's own arithmetic and its synthetic catalogue (the numbers come from `make bench`)."""

from __future__ import annotations

from bot.catalogue.schema import Catalogue
from scripts.bench.catalogue import synthetic
from scripts.bench.load import Results, role


def test_the_synthetic_catalogue_has_distinct_services_shaped_like_real_ones(catalogue: Catalogue) -> None:
    big = synthetic(catalogue, 500)
    names = [s.name for s in big.services.values()]
    assert len(big.services) == 500 and len(set(names)) == 500
    assert all(
        any(name.endswith(original.name) or original.name in name for original in catalogue.services.values())
        for name in names
    )


def test_results_summarise_rate_percentiles_and_misses() -> None:
    results = Results(latencies=[i / 100 for i in range(1, 101)], errors=2, missed=1, started=0.0, ended=10.0)
    summary = results.summary()
    assert summary["messages"] == 100 and summary["per_second"] == 10.0
    assert (summary["p50_ms"], summary["p99_ms"]) == (510.0, 1000.0)
    assert summary["errors"] == 2 and summary["wechat_deadline_misses"] == 1


def test_processes_are_named_by_their_command() -> None:
    assert role("/v/bin/rasa run actions --actions actions --port 1") == "action server"
    assert role("/v/bin/rasa run --model models/onetrip.tar.gz --port 2") == "rasa server"
    assert role("/v/bin/python -m console") == "console"
