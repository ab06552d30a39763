"""Start OneTrip's servers together and keep them up; Ctrl-C stops them all.

Embedded (`make run`): one action server, one Rasa server, the operator console; conversations in
SQLite. When the Rasa server stops, everything stops.
Scaled (`make scaled`, --scaled): RASA_PROCESSES Rasa servers and as many action servers behind
nginx, conversations and records in PostgreSQL, locks and shared channel state in Redis. It
starts its own PostgreSQL and Redis (data in var/scaled/) unless DATABASE_URL / REDIS_URL name
running ones.
`make shell` (--shell): the action server and `rasa shell` in this terminal.

In every mode a server that dies is restarted (the channels answer with an apology meanwhile);
a crash loop stops everything with a message. Rasa's HTTP API is on, behind a token (RASA_TOKEN,
or a fresh one per run) that only the console is given.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT, Settings, load_settings
from scripts import postgres_redis_nginx

RASA = str(Path(sys.executable).parent / "rasa")
MODEL = "models/onetrip.tar.gz"
SCALED_STATE = postgres_redis_nginx.SCALED_STATE
MAX_RESTARTS_PER_MINUTE = 5


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.5)
    return False


@dataclass
class Server:
    """One process we start, and restart when it dies."""

    name: str
    start: Callable[[], subprocess.Popen[bytes]]
    health: str | None = None  # a URL that answers once it serves
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def launch(self, wait_seconds: float = 0) -> bool:
        self.process = self.start()
        return not (self.health and wait_seconds) or wait_until_up(self.health, self.process, wait_seconds)

    @property
    def dead(self) -> bool:
        return self.process is not None and self.process.poll() is not None


def command_server(name: str, command: list[str], env: dict[str, str], health: str | None = None) -> Server:
    return Server(name, lambda: subprocess.Popen(command, cwd=PROJECT_ROOT, env=env), health)


def stop(servers: list[Server]) -> None:
    """Front to back: the console and Rasa first, the databases last. A second Ctrl-C (a terminal
    sends one to every process) must not interrupt the shutdown halfway."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    running = [s.process for s in reversed(servers) if s.process is not None and s.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGINT)
    for process in running:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def supervise(servers: list[Server], essential: Server | None) -> int:
    """Restart what dies until Ctrl-C; returns when `essential` stops or a crash loop starts."""
    restarts: list[float] = []
    while essential is None or not essential.dead:
        time.sleep(0.5)
        for server in servers:
            if server is essential or not server.dead:
                continue
            restarts = [t for t in restarts if t > time.monotonic() - 60] + [time.monotonic()]
            if len(restarts) > MAX_RESTARTS_PER_MINUTE:
                print("run: a server keeps crashing (5 restarts in a minute); stopping.", file=sys.stderr)
                return 1
            code = server.process.returncode if server.process else None
            print(f"run: the {server.name} exited ({code}); restarting it.", file=sys.stderr, flush=True)
            server.launch()
    if essential is None or essential.process is None:
        return 0
    return essential.process.returncode or 0


def rasa_command(port: int, endpoints: str, token: str) -> list[str]:
    command = [RASA, "run", "--model", MODEL, "--port", str(port), "--credentials", "credentials.yml"]
    # one argument: a generated token may begin with "-", which argparse would take for an option
    return [*command, "--endpoints", endpoints, "--enable-api", f"--auth-token={token}"]


def rasa_server(port: int, endpoints: str, token: str, env: dict[str, str], name: str = "Rasa server") -> Server:
    return command_server(name, rasa_command(port, endpoints, token), env, f"http://localhost:{port}/")


def actions_server(port: int, env: dict[str, str], name: str = "action server") -> Server:
    command = [RASA, "run", "actions", "--actions", "actions", "--port", str(port)]
    return command_server(name, command, env, f"http://localhost:{port}/health")


def console_server(env: dict[str, str]) -> Server:
    return command_server("console", [sys.executable, "-m", "console"], env)


def banner(public_port: int, console_port: int, extra: str = "") -> None:
    print(
        f"\nOneTrip is up{extra}. Chat over REST:\n  curl -s localhost:{public_port}/webhooks/rest/webhook "
        '-H "Content-Type: application/json" -d \'{"sender": "demo", "message": "办身份证要带什么？"}\'\n'
        f"Operator console: http://localhost:{console_port}/ (accounts: make operator NAME=…)\n"
        "Ctrl-C stops all servers.\n",
        flush=True,
    )


def run_embedded(settings: Settings, env: dict[str, str], shell: bool) -> int:
    actions = actions_server(settings.action_port, env)
    servers = [actions]
    try:
        if not actions.launch(60):
            print("run: the action server did not start; read its output above.", file=sys.stderr)
            return 1
        if shell:
            rasa = command_server("rasa shell", [RASA, "shell", "--model", MODEL, "--endpoints", "endpoints.yml"], env)
            servers.append(rasa)
            rasa.launch()
            return supervise(servers, essential=rasa)
        rasa = rasa_server(settings.rasa_port, "endpoints.yml", env["RASA_TOKEN"], env)
        servers += [rasa, console_server(env)]
        servers[-1].launch()
        if rasa.launch(120):
            banner(settings.rasa_port, settings.console.port)
        return supervise(servers, essential=rasa)
    except KeyboardInterrupt:
        return 0
    finally:
        stop(servers)


def state_servers(settings: Settings, env: dict[str, str]) -> list[Server]:
    """PostgreSQL and Redis, unless DATABASE_URL and REDIS_URL name running ones; sets both URLs
    (and the lock store's parts of the Redis one) in `env`."""
    servers: list[Server] = []
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        pg_folder, pg_port = SCALED_STATE / "postgres", settings.scaled.postgres_port
        servers.append(Server("PostgreSQL", lambda: postgres_redis_nginx.start_postgres(pg_folder, pg_port)))
        servers[-1].launch()
    env["DATABASE_URL"] = postgres_redis_nginx.scaled_database_url(settings)
    redis_url = settings.redis_url
    if redis_url is None:
        redis_url = f"redis://127.0.0.1:{settings.scaled.redis_port}/0"
        servers.append(
            Server(
                "Redis", lambda: postgres_redis_nginx.start_redis(SCALED_STATE / "redis", settings.scaled.redis_port)
            )
        )
        servers[-1].launch()
    parsed = urlsplit(redis_url)
    env |= {
        "REDIS_URL": redis_url,
        "REDIS_HOST": parsed.hostname or "127.0.0.1",
        "REDIS_PORT": str(parsed.port or 6379),
        "REDIS_DB": parsed.path.strip("/") or "0",
        "REDIS_PASSWORD": parsed.password or "",
    }
    return servers


def run_scaled(settings: Settings, env: dict[str, str]) -> int:
    count = settings.scaled.processes
    # One thread of TensorFlow and BLAS per process: several processes share the cores, and a
    # thread pool per process sized to every core makes them fight over it.
    for threads in ("TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS", "OMP_NUM_THREADS"):
        env.setdefault(threads, "1")
    rasa_ports = [settings.rasa_port + 1 + i for i in range(count)]
    action_ports = [settings.action_port + 1 + i for i in range(count)]
    for port in rasa_ports + action_ports:
        if not port_free(port):
            print(f"run: port {port} (a Rasa or action server behind nginx) is in use.", file=sys.stderr)
            return 2
    servers: list[Server] = []
    try:
        servers += state_servers(settings, env)
        build = [sys.executable, "-m", "bot.catalogue", "build"]
        if subprocess.run(build, cwd=PROJECT_ROOT, env=env).returncode != 0:  # the catalogue into PostgreSQL
            return 1
        actions = [actions_server(port, env, f"action server :{port}") for port in action_ports]
        rasas = [
            rasa_server(p, "endpoints-scaled.yml", env["RASA_TOKEN"], env, f"Rasa server :{p}") for p in rasa_ports
        ]
        servers += actions
        for server in actions:
            server.launch()
        nginx = Server(
            "nginx",
            lambda: postgres_redis_nginx.start_nginx(
                SCALED_STATE / "nginx", settings.rasa_port, rasa_ports, settings.action_port, action_ports
            ),
        )
        servers.append(nginx)
        nginx.launch()
        servers += rasas
        # The first Rasa server creates the tracker tables; the others start once it is up.
        if not rasas[0].launch(180):
            print("run: the first Rasa server did not start; read its output above.", file=sys.stderr)
            return 1
        for server in rasas[1:]:
            server.launch()
        servers.append(console_server(env))
        servers[-1].launch()
        if all(wait_until_up(s.health or "", s.process, 180) for s in rasas if s.process):
            banner(settings.rasa_port, settings.console.port, f" (scaled: {count} Rasa processes behind nginx)")
        return supervise(servers, essential=None)
    except postgres_redis_nginx.ServiceError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(servers)


def _stop_requested(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C, and SIGTERM (systemd, docker stop), stop everything in order; set explicitly because
    # a shell starting us in the background would have us ignore SIGINT.
    signal.signal(signal.SIGINT, _stop_requested)
    signal.signal(signal.SIGTERM, _stop_requested)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--shell", action="store_true", help="chat in this terminal instead of serving HTTP")
    mode.add_argument("--scaled", action="store_true", help="several Rasa processes behind nginx")
    args = parser.parse_args()
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    ports = {"ACTION_PORT": settings.action_port}
    if not args.shell:
        ports |= {"RASA_PORT": settings.rasa_port, "CONSOLE_PORT": settings.console.port}
    for name, port in ports.items():
        if not port_free(port):
            print(f"run: port {port} is in use; stop what uses it or set {name} to another port.", file=sys.stderr)
            return 2
    env = {
        **os.environ,
        "ACTION_PORT": str(settings.action_port),
        "RASA_TOKEN": settings.console.rasa_token or secrets.token_urlsafe(24),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    (PROJECT_ROOT / "var").mkdir(exist_ok=True)
    if args.scaled:  # the console reaches Rasa at RASA_URL, by default nginx's public port
        return run_scaled(settings, env)
    return run_embedded(settings, env, args.shell)


if __name__ == "__main__":
    sys.exit(main())
