from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sanic.request import RequestParameters
from twilio.request_validator import RequestValidator

from channels.hotline.channel import public_url, signature_valid, signed_form, step_number


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


def form_request(body: str) -> Any:
    return SimpleNamespace(content_type="application/x-www-form-urlencoded; charset=utf-8", body=body.encode())


def test_blank_values_are_signed_too() -> None:
    """Twilio signs every parameter it sends, blank ones included; Sanic's request.form drops
    them, which made the signature of a genuine request (e.g. FromCity= from abroad) not match."""
    url = "https://hotline.example.org/webhooks/hotline/voice"
    validator = RequestValidator("token")
    signature = validator.compute_signature(url, {"CallSid": "CA1", "FromCity": "", "Digits": ""})
    form = signed_form(form_request("CallSid=CA1&FromCity=&Digits="))
    assert signature_valid(validator, url, form, signature)
    assert not signature_valid(validator, url, form, "forged")


def test_a_url_that_cannot_be_parsed_was_not_signed() -> None:
    """Behind a proxy the URL comes from Host/X-Forwarded-Host: anyone's to send."""
    validator = RequestValidator("token")
    for host in ("[", "host:port", "host:99999999"):
        assert not signature_valid(validator, f"http://{host}/webhooks/hotline/voice", RequestParameters(), "x")


def test_only_our_own_step_numbers_are_steps() -> None:
    assert step_number("12") == 12
    for raw in ("", "²", "١", "-1", "9" * 5000, "1.5"):
        assert step_number(raw) is None


def test_speech_hints_are_the_likeliest_names_within_twilios_limits() -> None:
    from bot.catalogue.loader import load_catalogue
    from channels.hotline.channel import MAX_HINTS, speech_hints
    from tests.conftest import FIXTURES

    catalogue = load_catalogue([FIXTURES / "catalogue", FIXTURES / "imported"])
    many = catalogue.copy(
        update={
            "services": {
                **catalogue.services,
                **{
                    f"imp-{i}": catalogue.services["imp-guard-new"].copy(
                        update={"id": f"imp-{i}", "name": f"某某证核发{i}"}
                    )
                    for i in range(300)
                },
            }
        }
    )
    hints = speech_hints(many)
    assert len(hints) == MAX_HINTS and len(set(hints)) == len(hints) and all(len(h) <= 100 for h in hints)
    curated = [s.short_name for s in catalogue.services.values() if s.provenance is None]
    assert hints[: len(curated)] == sorted(curated, key=len)  # the home region's own services first
    assert speech_hints(None) == []
