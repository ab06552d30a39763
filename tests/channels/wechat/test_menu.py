from __future__ import annotations

import json

from channels.wechat import menu
from channels.wechat.endpoint import MENU as CLICK_ROUTES


def test_menu_keys_are_the_ones_the_channel_understands(capsys, monkeypatch) -> None:
    monkeypatch.delenv("WECHAT_APPID", raising=False)
    assert menu.main() == 0
    printed = json.loads(capsys.readouterr().out)
    assert {b["key"] for b in printed["button"]} == set(CLICK_ROUTES)


def test_menu_is_created_through_the_api(capsys, monkeypatch, wechat_api) -> None:
    monkeypatch.setenv("WECHAT_APPID", "wx1")
    monkeypatch.setenv("WECHAT_SECRET", "s")
    monkeypatch.setenv("WECHAT_API_BASE", wechat_api.url)
    assert menu.main() == 0
    assert wechat_api.sent[0]["button"][2]["key"] == "HUMAN"
