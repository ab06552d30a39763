"""`python -m console`: the operator console on 0.0.0.0:CONSOLE_PORT, one process.

One worker on purpose: the login throttle lives in memory, and a handful of operators do not
need more. The socket is bound before Sanic starts, so a taken port is one clear line, not a
traceback.
"""

from __future__ import annotations

import errno
import logging
import socket
import sys

from bot.db import make_engine
from bot.settings import load_settings
from console.app import create_app
from console.rasa_api import RasaConversations
from console.web import Send


def bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("0.0.0.0", port))
    except OSError:
        sock.close()
        raise
    sock.listen(100)
    sock.set_inheritable(True)
    return sock


def _log_to_stderr() -> None:
    """Our logger only: Sanic configures its own, and a root handler would print its lines twice."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s] [%(levelname)s] %(name)s: %(message)s"))
    logger = logging.getLogger("console")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main() -> int:
    _log_to_stderr()
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"console: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        sock = bind(settings.console.port)
    except OSError as exc:
        reason = "already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or "cannot bind")
        print(f"console: port {settings.console.port} {reason}; set CONSOLE_PORT to a free port", file=sys.stderr)
        return 2
    send: Send | None = None
    if settings.wechat.can_send:
        from channels.wechat.customer_service import CustomerService

        send = CustomerService(settings.wechat, settings.redis_url).send
    engine = make_engine(settings.database_url)
    conversations = RasaConversations(settings.console.rasa_url, settings.console.rasa_token)
    app = create_app(settings, engine, conversations, send)
    print(f"console: listening on http://0.0.0.0:{settings.console.port}/", file=sys.stderr)
    app.run(sock=sock, workers=1, access_log=False, debug=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
