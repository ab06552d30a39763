"""GET/POST /login and POST /logout.

The sign-in form has its own CSRF token (a cookie scoped to /login, echoed by the form), so
another site cannot sign an operator into an account of its choosing. A failure never says
whether the name exists, and a name that keeps failing is refused for a while.
"""

from __future__ import annotations

import secrets

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse

from console.accounts import check_login
from console.auth import SESSION_COOKIE, SESSION_SECONDS, csrf_ok, encode_session, new_session
from console.web import Console, logger, see_other, set_cookie

LOGIN_COOKIE = "onetrip_login"
FAILED = "用户名或密码不正确。"
THROTTLED = "该账号登录失败次数过多，请10分钟后再试。"
EXPIRED = "登录页面已过期，请重新输入。"


def safe_next(target: str | None) -> str:
    """Only a path on this site: `next` must not turn the login page into an open redirect."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and target.isprintable():
        return target
    return "/"


def over_plain_http(request: Request) -> bool:
    """Browsers drop Secure cookies on plain HTTP except for localhost: signing in would loop."""
    host = request.host
    host = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.scheme == "http" and forwarded != "https" and host not in {"localhost", "127.0.0.1", "::1"}


def register(app: Sanic, console: Console) -> None:
    def form(request: Request, status: int = 200, error: str = "", username: str = "") -> HTTPResponse:
        token = secrets.token_urlsafe(24)
        next_url = safe_next(request.args.get("next") if request.method == "GET" else request.form.get("next"))
        response = console.render(
            request,
            "login.html",
            status,
            login_csrf=token,
            error=error,
            username=username,
            next_url=next_url,
            insecure=over_plain_http(request),
        )
        set_cookie(response, LOGIN_COOKIE, token, max_age=3600, path="/login")
        return response

    @app.get("/login")
    async def login_page(request: Request) -> HTTPResponse:
        return form(request)

    @app.post("/login")
    async def login(request: Request) -> HTTPResponse:
        username = (request.form.get("username") or "").strip()[:64]
        password = request.form.get("password") or ""
        if not csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), request.form.get("csrf")):
            return form(request, 403, EXPIRED, username)
        if console.throttle.blocked(username):
            logger.warning("sign-in refused: too many failures for one name")
            return form(request, 429, THROTTLED, username)
        if not username or not await console.db(check_login, console.engine, username, password):
            console.throttle.failed(username)
            logger.info("sign-in failed")  # no name: people type passwords into the name field
            return form(request, 401, FAILED, username)
        console.throttle.succeeded(username)
        logger.info("%s signed in", username)
        response = see_other(safe_next(request.form.get("next")))
        set_cookie(response, SESSION_COOKIE, encode_session(new_session(username), console.key), SESSION_SECONDS)
        set_cookie(response, LOGIN_COOKIE, "", max_age=0, path="/login")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> HTTPResponse:
        response = see_other("/login")
        set_cookie(response, SESSION_COOKIE, "", max_age=0)
        return response
