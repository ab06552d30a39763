"""The Rasa input channel for the hotline: routes under /webhooks/hotline/, thin over `endpoint`.

Twilio's console: voice URL …/webhooks/hotline/voice, fallback URL …/webhooks/hotline/fallback,
status callback …/webhooks/hotline/status (all POST). Every request must carry a valid
X-Twilio-Signature for the public URL (HOTLINE_PUBLIC_URL, or the forwarded scheme and host).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot import runtime
from bot.catalogue.schema import Catalogue, Service
from bot.handover.model import Context
from bot.handover.store import SqlHandoverStorage
from bot.text import ascii_number
from channels.common import ConfiguredChannel, OnNewMessage, conversation_context
from channels.hotline.calls import LOCK_WAIT_SECONDS, RedisCalls
from channels.hotline.endpoint import HotlineEndpoint
from channels.hotline.handovers import HotlineHandovers
from channels.hotline.sms import SmsSender
from channels.redis_clients import async_redis_client

logger = logging.getLogger(__name__)
BASE = "/webhooks/hotline"


def public_url(configured: str, request: Request) -> str:
    """The URL Twilio signed: the configured public base, else what the proxy says it was."""
    path = request.path + (f"?{request.query_string}" if request.query_string else "")
    if configured:
        return configured + path
    scheme = request.headers.get("x-forwarded-proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("x-forwarded-host", request.host).split(",")[0].strip()
    return f"{scheme}://{host}{path}"


def step_number(raw: str) -> int | None:
    """The step of a gather URL we wrote (1 to 9 ASCII digits), else None."""
    return ascii_number(raw, 9)


def signed_form(request: Request) -> RequestParameters:
    """The POST parameters exactly as Twilio signed them. Sanic's `request.form` drops blank
    values, and Twilio sends some (e.g. FromCity= for a caller abroad): without them the
    signature of a genuine request would not match."""
    if request.content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return RequestParameters()
    return RequestParameters(parse_qs(request.body.decode("utf-8", errors="replace"), keep_blank_values=True))


def signature_valid(validator: RequestValidator, url: str, form: RequestParameters, signature: str) -> bool:
    """False, not an exception, for a URL that cannot be parsed (a Host header like "[" or
    "a:port"): Twilio did not sign it."""
    try:
        return bool(validator.validate(url, form, signature))
    except ValueError:
        return False


MAX_HINTS = 100  # Twilio takes up to 500 hints of 100 characters; a short list of likely names helps most


def speech_hints(catalogue: Catalogue | None) -> list[str]:
    """Service names help Twilio's recogniser; the catalogue is their one source. With thousands of
    imported items, the names callers are likeliest to say go first: the home region's curated
    services, then items with a material list, shorter names before longer ones."""
    if catalogue is None:
        return []

    def usefulness(service: Service) -> tuple[bool, bool, bool, int]:
        imported, elsewhere = service.provenance is not None, service.region != catalogue.home_region
        return imported, elsewhere, not service.materials, len(service.short_name)

    ranked = sorted(catalogue.services.values(), key=usefulness)
    names = dict.fromkeys(s.short_name for s in ranked if len(s.short_name) <= 100)
    return list(names)[:MAX_HINTS]


class HotlineInput(ConfiguredChannel):
    @classmethod
    def name(cls) -> str:
        return "hotline"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hotline = Blueprint("hotline_webhook", __name__)
        settings = self.settings
        validator = RequestValidator(settings.hotline.auth_token) if settings.hotline.auth_token else None
        if validator is None:
            logger.warning("hotline channel: no TWILIO_AUTH_TOKEN, every request will be refused (403)")

        ask = self.asker(on_new_message)
        engine = runtime.engine(settings.database_url)  # the process's pool (bot.runtime)
        catalogue = runtime.catalogue_or_none()  # from the database, as every part that answers
        agent: dict[str, Any] = {}

        async def context_of(call_sid: str) -> Context:
            return await conversation_context(agent.get("agent"), catalogue, call_sid)

        handovers = HotlineHandovers(SqlHandoverStorage(engine), settings.sender_hash_key, context_of)
        line = settings.hotline
        sms = (
            SmsSender(line.account_sid, line.auth_token, line.sms_from, line.api_base).send  # type: ignore[arg-type]
            if line.can_text
            else None
        )
        calls = RedisCalls(async_redis_client(settings.redis_url, LOCK_WAIT_SECONDS)) if settings.redis_url else None
        endpoint = HotlineEndpoint(
            line, ask, handovers.record, speech_hints(catalogue), text=sms, base_path=BASE, calls=calls
        )

        def checked(request: Request) -> dict[str, str] | HTTPResponse:
            agent.setdefault("agent", getattr(request.app.ctx, "agent", None))
            form = signed_form(request)
            params = {key: values[0] for key, values in form.items() if values}
            signature = request.headers.get("x-twilio-signature", "")
            url = public_url(settings.hotline.public_url, request)
            if validator is None or not signature_valid(validator, url, form, signature):
                return response.text("invalid signature", status=403)
            if not params.get("CallSid"):
                return response.text("missing CallSid", status=400)
            return params

        def twiml(document: str) -> HTTPResponse:
            return response.text(document, content_type="text/xml")

        async def safely(work: Callable[[], Awaitable[str]]) -> HTTPResponse:
            """A bug in the call flow must not drop the call: the fallback TwiML instead of a 500."""
            try:
                return twiml(await work())
            except Exception:  # the caller hears an apology and reaches a person, whatever failed
                logger.exception("hotline call flow failed")
                return twiml(endpoint.fallback())

        @hotline.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hotline.route("/voice", methods=["POST"])
        async def voice(request: Request) -> HTTPResponse:
            params = checked(request)
            if isinstance(params, HTTPResponse):
                return params

            return await safely(lambda: endpoint.incoming(params))

        @hotline.route("/gather", methods=["POST"])
        async def gather(request: Request) -> HTTPResponse:
            params = checked(request)
            if isinstance(params, HTTPResponse):
                return params
            step = step_number(request.args.get("step", ""))
            if step is None:
                return response.text("missing step", status=400)
            return await safely(lambda: endpoint.gather(params, step))

        @hotline.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            params = checked(request)
            if isinstance(params, HTTPResponse):
                return params
            try:
                await endpoint.status(params)
            except Exception:  # the call store is down: the call's state expires by itself
                logger.exception("could not close call %s", params["CallSid"][-6:])
            return response.text("", status=204)

        @hotline.route("/fallback", methods=["POST"])
        async def fallback(request: Request) -> HTTPResponse:
            params = checked(request)
            return params if isinstance(params, HTTPResponse) else twiml(endpoint.fallback())

        return hotline
