"""The console's Sanic app: `create_app` wires settings, database, Rasa and the sender into the
routes of signin, queue, detail, review, catalogue and outcomes.

Access rule, in one place (`authenticate`): every route but /login needs a valid session.
Without one, a browser asking for a page (GET, not /api/, not an export) is redirected (302) to
/login and comes back afterwards; everything else (POSTs, /api/..., export files) gets 401,
because a redirect would answer a script or a download with the login page. A POST whose
`csrf` field does not match the session gets 403.
"""

from __future__ import annotations

from urllib.parse import quote

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json, redirect
from sqlalchemy.engine import Engine

from bot.handover import tables
from bot.settings import Settings
from console import accounts, catalogue, detail, errors, outcomes, queue, review, signin
from console.auth import SESSION_COOKIE, LoginThrottle, console_key, csrf_ok, decode_session
from console.catalogue_cache import CatalogueCache
from console.rasa_api import RasaConversations
from console.web import SECURITY_HEADERS, Console, Send, templates

PUBLIC_PATHS = {"/login"}
MAX_BODY = 256 * 1024  # forms only: a note or a reply is a few kilobytes


def is_page(request: Request) -> bool:
    return request.method in ("GET", "HEAD") and not (
        request.path.startswith("/api/") or request.path.endswith((".txt", ".json", ".csv"))
    )


def create_app(settings: Settings, engine: Engine, conversations: RasaConversations, send: Send | None) -> Sanic:
    """One app per process (Sanic keeps a registry of app names)."""
    tables.create_tables(engine)
    accounts.create_tables(engine)
    console = Console(
        settings=settings,
        engine=engine,
        conversations=conversations,
        send=send,
        templates=templates(),
        key=console_key(settings.console),
        throttle=LoginThrottle(),
    )
    app = Sanic("onetrip_console")
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.config.FALLBACK_ERROR_FORMAT = "html"
    app.ctx.console = console

    @app.on_request
    async def authenticate(request: Request) -> HTTPResponse | None:
        request.ctx.session = None
        if request.path in PUBLIC_PATHS:
            return None
        token = request.cookies.get(SESSION_COOKIE)
        session = decode_session(token, console.key) if token else None
        if session is not None and not await console.db(accounts.user_exists, engine, session.user):
            session = None  # the account was removed: its cookies stop working at once
        if session is None:
            if is_page(request):
                here = request.path + (f"?{request.query_string}" if request.query_string else "")
                return redirect("/login?next=" + quote(here, safe="/"))
            if request.path.startswith("/api/"):
                return json({"error": "请先登录"}, status=401, ensure_ascii=False)
            return console.render(request, "error.html", 401, message="请先登录。", code=401)
        request.ctx.session = session
        if request.method == "POST" and not csrf_ok(session.csrf, request.form.get("csrf")):
            return console.render(request, "error.html", 403, message="表单已过期，请刷新页面后重试。", code=403)
        return None

    @app.on_response
    async def protect(request: Request, response: HTTPResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)

    signin.register(app, console)
    queue.register(app, console)
    detail.register(app, console)
    review.register(app, console)
    shared_catalogue = CatalogueCache(engine)  # one parsed copy for the catalogue and outcomes pages
    catalogue.register(app, console, shared_catalogue)
    outcomes.register(app, console, shared_catalogue)
    errors.register(app, console)
    return app
