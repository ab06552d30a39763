"""Every failure becomes a short Chinese page (or JSON under /api/) with a fitting status: never a
traceback, never the request echoed back (forms hold citizens' words), never an exception's
message in a log line (database errors carry the SQL parameters)."""

from __future__ import annotations

from sanic import Sanic
from sanic.exceptions import MethodNotSupported, NotFound, SanicException
from sanic.request import Request
from sanic.response import HTTPResponse, json, text
from sqlalchemy.exc import SQLAlchemyError

from console.rasa_api import ConversationsUnavailable
from console.web import Console, logger

NOT_FOUND = "找不到该页面或记录。"
RASA_DOWN = "对话服务暂时无法连接，操作未完成，请稍后再试。"
DATABASE_DOWN = "数据库暂时无法访问，请稍后再试。"
INTERNAL = "系统内部错误，请稍后再试。"


def classify(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        return 404, NOT_FOUND
    if isinstance(exc, MethodNotSupported):
        return 405, "不支持该请求方式。"
    if isinstance(exc, SanicException):
        status = int(getattr(exc, "status_code", 500) or 500)
        return status, ("请求无效。" if status < 500 else INTERNAL)
    if isinstance(exc, ConversationsUnavailable):
        return 503, RASA_DOWN
    if isinstance(exc, SQLAlchemyError):
        return 503, DATABASE_DOWN
    return 500, INTERNAL


def register(app: Sanic, console: Console) -> None:
    async def failure(request: Request, exc: Exception) -> HTTPResponse:
        status, message = classify(exc)
        if status >= 500:
            logger.error("%s %s failed: %s", request.method, request.path, exc.__class__.__name__)
        if request.path.startswith("/api/"):
            return json({"error": message}, status=status, ensure_ascii=False)
        try:
            return console.render(request, "error.html", status, message=message, code=status)
        except Exception as render_failure:  # the page itself failed: still no traceback
            logger.error("error page failed: %s", render_failure.__class__.__name__)
            return text(message, status=status)

    app.error_handler.add(Exception, failure)
