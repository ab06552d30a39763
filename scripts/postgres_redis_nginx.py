"""PostgreSQL, Redis and nginx from Debian's packages, each started in a folder of ours on its own
port: the stateful parts of the scaled mode (`make scaled`) and of the tests that need them.

A private PostgreSQL cluster is made on first use, with a generated password kept beside it
(mode 600): nothing listens without a password, and no secret is in the repository.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.settings import Settings

INSTALL_HINT = "install it with scripts/test-services.sh (Debian packages postgresql, redis-server, nginx)"


class ServiceError(RuntimeError):
    """A service could not be started; the message says what to do."""


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float, name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{name} exited at start ({process.returncode}); read its output above")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise ServiceError(f"{name} did not listen on port {port} within {seconds:.0f} s")


def start_redis(directory: Path, port: int, durable: bool = True) -> subprocess.Popen[bytes]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceError(f"redis-server not found: {INSTALL_HINT}")
    directory.mkdir(parents=True, exist_ok=True)
    persistence = ["--appendonly", "yes"] if durable else ["--appendonly", "no"]
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", ""]
    process = subprocess.Popen([*command, *persistence], stdout=subprocess.DEVNULL)
    wait_for_port(port, process, 10, "redis-server")
    return process


# -- PostgreSQL ------------------------------------------------------------------------------------


def _postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise ServiceError(f"PostgreSQL server not found in /usr/lib/postgresql: {INSTALL_HINT}")
    return versions[-1].parent


def _as_postgres_user() -> dict[str, Any]:
    """Popen arguments: PostgreSQL refuses to run as root, so as root its files and processes
    belong to `postgres` (the process itself, so that our SIGINT is its fast shutdown)."""
    return {"user": "postgres", "group": "postgres", "extra_groups": []} if os.geteuid() == 0 else {}


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)


SCALED_STATE = Path(__file__).resolve().parent.parent / "var" / "scaled"


def scaled_database_url(settings: Settings) -> str:
    """DATABASE_URL when it names a PostgreSQL, else the cluster `make scaled` keeps in var/scaled."""
    if make_url(settings.database_url).get_backend_name() == "postgresql":
        return settings.database_url
    return postgres_url(SCALED_STATE / "postgres", settings.scaled.postgres_port)


def postgres_url(directory: Path, port: int) -> str:
    """The database URL of the cluster in `directory` (made by start_postgres)."""
    password = (directory / "password").read_text().strip()
    return f"postgresql://onetrip:{password}@127.0.0.1:{port}/onetrip"


def start_postgres(directory: Path, port: int, durable: bool = True) -> subprocess.Popen[bytes]:
    """`directory` holds the cluster (data/) and its password; it is made on first use. As root,
    every folder above it must be searchable by the `postgres` user (/tmp and var/ are)."""
    binaries = _postgres_bin()
    data, password_file = directory / "data", directory / "password"
    if not (data / "PG_VERSION").exists():
        _new_cluster(binaries, data, password_file)
    settings = ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={data}", "-p", str(port)]
    if not durable:  # tests: a throwaway cluster need not survive a power cut
        settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    command = [str(binaries / "postgres"), "-D", str(data), *settings]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **_as_postgres_user())
    try:
        wait_for_port(port, process, 30, "PostgreSQL")
    except ServiceError as exc:
        error = process.stderr.read().decode(errors="replace")[-2000:] if process.stderr and process.poll() else ""
        raise ServiceError(f"{exc}\n{error}") from exc
    if process.stderr:
        process.stderr.close()  # from here on it logs into its own data folder
    _create_database(password_file.read_text().strip(), port)
    return process


def _new_cluster(binaries: Path, data: Path, password_file: Path) -> None:
    data.parent.mkdir(parents=True, exist_ok=True)
    data.parent.chmod(0o755)  # searchable by `postgres`; the password file in it is ours alone
    data.mkdir(exist_ok=True)
    data.chmod(0o700)
    _give_to_postgres(data)
    password = secrets.token_urlsafe(24)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    given = data.parent / "initial-password"  # read by initdb as the postgres user, then removed
    given.write_text(password + "\n")
    _give_to_postgres(given)
    command = [str(binaries / "initdb"), "-D", str(data), "-U", "onetrip", f"--pwfile={given}"]
    command += ["--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"]
    try:
        subprocess.run(command, check=True, capture_output=True, **_as_postgres_user())
    except subprocess.CalledProcessError as exc:
        raise ServiceError(f"initdb failed: {exc.stderr.decode(errors='replace')[-1000:]}") from exc
    finally:
        given.unlink(missing_ok=True)


def _create_database(password: str, port: int) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user="onetrip", password=password, dbname="postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'onetrip'")
            if cursor.fetchone() is None:
                cursor.execute("CREATE DATABASE onetrip")
    finally:
        connection.close()


# -- nginx -----------------------------------------------------------------------------------------


NGINX_CONFIG = """\
pid {directory}/nginx.pid;
error_log stderr warn;
daemon off;
worker_processes 1;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_max_body_size 1m;
  client_body_buffer_size 1m;  # bodies stay in memory: nothing is written to disk
  client_body_temp_path {directory}/body;
  proxy_temp_path {directory}/proxy;
  fastcgi_temp_path {directory}/fastcgi;
  uwsgi_temp_path {directory}/uwsgi;
  scgi_temp_path {directory}/scgi;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $http_host;
  proxy_set_header X-Forwarded-Host $http_host;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_next_upstream error timeout;  # only when the request never reached a process
  proxy_connect_timeout 2s;
  proxy_read_timeout 60s;
  proxy_buffering off;
  upstream rasa {{
    least_conn;
{rasa_servers}
    keepalive 32;
  }}
  upstream actions {{
    least_conn;
{action_servers}
    keepalive 32;
  }}
  server {{
    listen {public_port};
    location / {{ proxy_pass http://rasa; }}
  }}
  server {{
    listen 127.0.0.1:{action_port};
    location / {{ proxy_pass http://actions; }}
  }}
}}
"""


def nginx_config(
    directory: Path, public_port: int, rasa_ports: list[int], action_port: int, action_ports: list[int]
) -> str:
    """One public port for every Rasa process (channels, REST, HTTP API), one loopback port for the
    action servers. A request goes to another process only when it could not reach the first:
    a POST that reached a process is never sent twice, so nothing is answered twice."""

    def servers(ports: list[int]) -> str:
        return "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=3s;" for port in ports)

    return NGINX_CONFIG.format(
        directory=directory,
        public_port=public_port,
        action_port=action_port,
        rasa_servers=servers(rasa_ports),
        action_servers=servers(action_ports),
    )


def start_nginx(
    directory: Path, public_port: int, rasa_ports: list[int], action_port: int, action_ports: list[int]
) -> subprocess.Popen[bytes]:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise ServiceError(f"nginx not found: {INSTALL_HINT}")
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "nginx.conf"
    config.write_text(nginx_config(directory, public_port, rasa_ports, action_port, action_ports))
    process = subprocess.Popen([binary, "-p", str(directory), "-c", str(config)])
    wait_for_port(public_port, process, 10, "nginx")
    return process
