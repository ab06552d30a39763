"""The assistant on two catalogues at once, as a newcomer runs it after the README: the curated
Zhejiang services (home region) and the whole Guangdong catalogue imported from shared/.

`make catalogue-import` into a temporary directory, both loaded into a database of their own,
then the servers as `make run` starts them: a place named gets that place's item, no place the
home region's, a place without a catalogue is said plainly.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from bot.settings import PROJECT_ROOT
from tests.fakes import free_port
from tests.integration.test_running_assistant import run_script, say, texts

pytestmark = pytest.mark.integration

SHARED = PROJECT_ROOT.parent / "shared" / "data" / "gd-catalogue"
RASA_PORT, ACTION_PORT, CONSOLE_PORT = free_port(), free_port(), free_port()


@pytest.fixture(scope="module")
def both_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    assert SHARED.is_dir(), f"{SHARED} missing: the shared Guangdong catalogue is beside the project in CI"
    folder = tmp_path_factory.mktemp("breadth")
    imported = folder / "gd"
    importer = [sys.executable, "-m", "bot.catalogue.importer", str(SHARED), str(imported)]
    assert subprocess.run(importer, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    env = {
        **os.environ,
        "RASA_PORT": str(RASA_PORT),
        "ACTION_PORT": str(ACTION_PORT),
        "CONSOLE_PORT": str(CONSOLE_PORT),
        "ONETRIP_CATALOGUE_DIR": f"{PROJECT_ROOT / 'data' / 'catalogue'}:{imported}",
        "DATABASE_URL": f"sqlite:///{folder / 'breadth.db'}",
        "OFFICE_HOURS": "0-24",
        "OFFICE_DAYS": "1-7",  # always open: the transfer is tested, not the clock
    }
    build = subprocess.run(
        [sys.executable, "-m", "bot.catalogue", "build"], cwd=PROJECT_ROOT, env=env, capture_output=True
    )
    assert build.returncode == 0, build.stderr.decode()
    assert "2299 services" in build.stdout.decode()  # 37 curated + 2,262 imported
    with run_script([], env, [RASA_PORT, ACTION_PORT, CONSOLE_PORT], start_seconds=240, stop_seconds=60):
        yield


def ask(message: str) -> str:
    return texts(say(f"breadth-{uuid.uuid4().hex}", message, port=RASA_PORT))


def test_a_place_named_gets_that_places_item(both_catalogues: None) -> None:
    answer = ask("在广州办港澳通行证商务签注要带什么")
    assert "【办理往来港澳通行证商务签注】" in answer and "适用地区：广州市" in answer
    assert "广东政务服务网" in answer  # where an imported entry comes from


def test_no_place_gets_the_home_regions_item(both_catalogues: None) -> None:
    answer = ask("办护照要带什么")
    assert "【普通护照申领】" in answer and "适用地区：浙江省" in answer


def test_a_place_without_a_catalogue_is_said_plainly(both_catalogues: None) -> None:
    answer = ask("在B3市办护照要带什么")
    assert "目前还没有B3市的办事指南" in answer and "【普通护照申领】" in answer


def test_a_sub_item_is_chosen_by_the_citizens_situation(both_catalogues: None) -> None:
    answer = ask("保安员证丢了要带什么材料")
    assert "【保安员证核发(遗失补发保安员证)】" in answer and "适用地区：广州市" in answer
