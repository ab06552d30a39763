from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from channels.hotline.channel import public_url


def request(headers: dict[str, str]) -> Any:
    return SimpleNamespace(
        path="/webhooks/hotline/gather", query_string="step=2", headers=headers, scheme="http", host="10.0.0.5:5005"
    )


def test_the_signed_url_is_the_public_one() -> None:
    assert public_url("https://hotline.example.org", request({})) == (
        "https://hotline.example.org/webhooks/hotline/gather?step=2"
    )
    behind_proxy = request({"x-forwarded-proto": "https", "x-forwarded-host": "gov.example.cn"})
    assert public_url("", behind_proxy) == "https://gov.example.cn/webhooks/hotline/gather?step=2"
    assert public_url("", request({})) == "http://10.0.0.5:5005/webhooks/hotline/gather?step=2"
