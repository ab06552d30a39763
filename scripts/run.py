"""Start the action server, the Rasa server and the operator console (or `rasa shell`) together;
Ctrl-C stops them all. An action server or console that dies is restarted (the channels answer
with an apology meanwhile); when the Rasa server stops, everything stops.

Used by `make run` and `make shell`. Ports come from RASA_PORT, ACTION_PORT and CONSOLE_PORT
(bot.settings). Rasa's HTTP API is on, behind a token (RASA_TOKEN, or a fresh one per run) that
only the console is given: it reads transcripts and pauses a conversation an operator owns.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.settings import PROJECT_ROOT, load_settings

RASA = str(Path(sys.executable).parent / "rasa")
MODEL = "models/onetrip.tar.gz"


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


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="chat in this terminal instead of serving HTTP")
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
    token = settings.console.rasa_token or secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "ACTION_PORT": str(settings.action_port),
        "RASA_TOKEN": token,
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    (PROJECT_ROOT / "var").mkdir(exist_ok=True)
    common = ["--endpoints", "endpoints.yml"]
    actions_command = [RASA, "run", "actions", "--actions", "actions", "--port", str(settings.action_port)]
    actions = subprocess.Popen(actions_command, cwd=PROJECT_ROOT, env=env)
    if args.shell:
        command = [RASA, "shell", "--model", MODEL, *common]
    else:
        command = [RASA, "run", "--model", MODEL, "--port", str(settings.rasa_port), "--credentials", "credentials.yml"]
        command += [*common, "--enable-api", "--auth-token", token]
    processes = [actions]
    try:
        if not wait_until_up(f"http://localhost:{settings.action_port}/health", actions, 60):
            print("run: the action server did not start; read its output above.", file=sys.stderr)
            return 1
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
        processes.append(server)
        restartable = {0: ("action server", actions_command)}  # index in `processes` -> (name, command)
        if not args.shell:
            restartable[len(processes)] = ("console", [sys.executable, "-m", "console"])
            processes.append(subprocess.Popen(restartable[len(processes)][1], cwd=PROJECT_ROOT, env=env))
        if not args.shell and wait_until_up(f"http://localhost:{settings.rasa_port}/", server, 120):
            print(
                f"\nOneTrip is up. Chat over REST:\n  curl -s localhost:{settings.rasa_port}/webhooks/rest/webhook "
                '-H "Content-Type: application/json" -d \'{"sender": "demo", "message": "办身份证要带什么？"}\'\n'
                f"Operator console: http://localhost:{settings.console.port}/ "
                "(accounts: .venv/bin/python -m console.accounts add NAME)\n"
                "Ctrl-C stops all servers.\n",
                flush=True,
            )
        restarts: list[float] = []
        while server.poll() is None:
            time.sleep(0.5)
            for index, (name, command) in restartable.items():
                if processes[index].poll() is not None:
                    # The channels answer with an apology meanwhile; a crash loop is not hidden.
                    restarts = [t for t in restarts if t > time.monotonic() - 60] + [time.monotonic()]
                    if len(restarts) > 5:
                        print("run: a server keeps crashing (5 restarts in a minute); stopping.", file=sys.stderr)
                        return 1
                    print(
                        f"run: the {name} exited ({processes[index].returncode}); restarting it.",
                        file=sys.stderr,
                        flush=True,
                    )
                    processes[index] = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
        return server.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
