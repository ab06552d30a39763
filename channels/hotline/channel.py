"""The Rasa input channel for the hotline: routes under /webhooks/hotline/, thin over `endpoint`.

Twilio's console: voice URL …/webhooks/hotline/voice, fallback URL …/webhooks/hotline/fallback,
status callback …/webhooks/hotline/status, and for the SMS number "a message comes in"
…/webhooks/hotline/sms (all POST). Every request must carry a valid X-Twilio-Signature for the
public URL (HOTLINE_PUBLIC_URL, or the forwarded scheme and host).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import runtime
from bot.catalogue.schema import Catalogue, Service
from bot.db import utc_now
from bot.handover.model import Context
from bot.handover.store import SqlHandoverStorage
from bot.outcomes import store as outcome_store
from bot.outcomes.sms import SmsReplies
from bot.privacy import sender_ref
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


SMS_APOLOGY = "抱歉，系统暂时无法记录您的回复，请稍后再发一次。"


def sms_reply(text: str) -> HTTPResponse:
    """TwiML for an incoming SMS: Twilio texts `text` back to the sender."""
    document = MessagingResponse()
    document.message(text)
    return response.text(str(document), content_type="text/xml")


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

        async def texted(call_sid: str, caller: str) -> None:
            """The checklist went by SMS with the follow-up's offer: keep the number for it."""
            ref = sender_ref(caller, settings.sender_hash_key)
            try:
                await asyncio.to_thread(outcome_store.attach_number, engine, call_sid, caller, ref)
            except SQLAlchemyError:  # the caller still got the checklist; only the follow-up is lost
                logger.exception("could not keep the follow-up number of call %s", call_sid[-6:])

        endpoint = HotlineEndpoint(
            line, ask, handovers.record, speech_hints(catalogue), text=sms, base_path=BASE, calls=calls, texted=texted
        )
        replies = SmsReplies(engine, catalogue) if catalogue else None

        def checked(request: Request, required: str = "CallSid") -> dict[str, str] | HTTPResponse:
            agent.setdefault("agent", getattr(request.app.ctx, "agent", None))
            form = signed_form(request)
            params = {key: values[0] for key, values in form.items() if values}
            signature = request.headers.get("x-twilio-signature", "")
            url = public_url(settings.hotline.public_url, request)
            if validator is None or not signature_valid(validator, url, form, signature):
                return response.text("invalid signature", status=403)
            if not params.get(required):
                return response.text(f"missing {required}", status=400)
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

        @hotline.route("/sms", methods=["POST"])
        async def incoming_sms(request: Request) -> HTTPResponse:
            """A caller's SMS reply to the follow-up (bot/outcomes/sms.py); always a reply text."""
            params = checked(request, required="From")
            if isinstance(params, HTTPResponse):
                return params
            if replies is None:
                return sms_reply(SMS_APOLOGY)
            ref = sender_ref(params["From"], settings.sender_hash_key)
            try:
                text = await asyncio.to_thread(replies.answer, ref, params.get("Body", ""), utc_now())
            except SQLAlchemyError:
                logger.exception("SMS reply from %s not recorded", ref)
                text = SMS_APOLOGY
            return sms_reply(text)

        @hotline.route("/fallback", methods=["POST"])
        async def fallback(request: Request) -> HTTPResponse:
            params = checked(request)
            return params if isinstance(params, HTTPResponse) else twiml(endpoint.fallback())

        return hotline
