"""The first 200 items of the real Guangdong scrape import cleanly (the data sits beside the project:
a failure under `make test` when it is missing, a skip for a plain `pytest`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.catalogue.importer.run import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.settings import PROJECT_ROOT
from tests.bot.catalogue.importer.exchange import options
from tests.conftest import require

SHARED = PROJECT_ROOT.parent / "shared" / "data" / "gd-catalogue"
LINES = 200


def test_the_first_items_of_the_real_scrape(tmp_path: Path) -> None:
    if not SHARED.is_dir():
        require(f"the shared gd-catalogue is not beside the project ({SHARED})")
    source = tmp_path / "gd-catalogue"
    source.mkdir()
    with (SHARED / "policy.jsonl").open(encoding="utf-8") as handle:
        (source / "policy.jsonl").write_text("".join(next(handle) for _ in range(LINES)), encoding="utf-8")
    shutil.copy(SHARED / "LICENSE", source / "LICENSE")
    out = tmp_path / "gd"

    summary = import_catalogue(options(source, out))

    assert summary.items == LINES and summary.region == "广东省" and summary.regions == []
    assert len(summary.linked) + len(summary.unlinked) == 748 and summary.without_materials == 1
    assert len(summary.linked) >= 90  # 91 with today's glossary: 居民身份证, 照片, 营业执照…
    assert len(list((out / "services").iterdir())) == LINES and (out / "LICENSE").is_file()
    teacher = yaml.safe_load((out / "services" / "gd-11440000006940116u2440102013001.yml").read_text(encoding="utf-8"))
    assert teacher["name"] == "高等学校教师资格认定" and teacher["department"] == "广东省教育厅"
    assert teacher["time_limit"] == {"legal_days": 30, "promised_days": 15, "unit": "工作日"}
    assert teacher["locations"][0]["phone"] == "020-37628372"
    links = {m["label"]: m.get("ref") for m in teacher["materials"]}
    assert links["居民身份证"] == "id-card" and links["本人正面免冠照片"] == "photo" and links["普通话等级证书"] is None
    catalogue = load_catalogue(out)
    assert len(catalogue.services) == LINES and catalogue.home_region == "广东省"
