"""Accounts and their command: no default account, short passwords refused, stdin for scripts."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.db import make_engine
from console.accounts import add_user, check_login, create_tables, list_users, main, user_exists
from tests.console.harness import ROOT

GOOD = "a long enough password"


@pytest.fixture
def accounts_db(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'accounts.db'}")
    create_tables(engine)
    return engine


def run(engine: Engine, *argv: str, stdin: str = "") -> int:
    return main(list(argv), stdin=io.StringIO(stdin), engine=engine)


def test_a_new_installation_has_no_account(accounts_db: Engine) -> None:
    assert list_users(accounts_db) == []
    for name, password in (("admin", "admin"), ("admin", "123456"), ("root", ""), ("operator", "password")):
        assert not check_login(accounts_db, name, password)


def test_add_with_password_from_stdin(accounts_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(accounts_db, "add", "张三", "--password-stdin", stdin=GOOD + "\n") == 0
    assert check_login(accounts_db, "张三", GOOD) and not check_login(accounts_db, "张三", GOOD + " ")
    assert run(accounts_db, "list") == 0
    assert "张三" in capsys.readouterr().out


def test_short_passwords_and_bad_names_are_refused(accounts_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(accounts_db, "add", "li", "--password-stdin", stdin="123456789\n") == 1
    assert "至少需要10个字符" in capsys.readouterr().err
    assert run(accounts_db, "add", "bad name", "--password-stdin", stdin=GOOD) == 1
    assert run(accounts_db, "add", "li", "--password-stdin", stdin="") == 1
    assert list_users(accounts_db) == []


def test_duplicates_and_removal(accounts_db: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    add_user(accounts_db, "wang", GOOD)
    assert run(accounts_db, "add", "wang", "--password-stdin", stdin=GOOD) == 1
    assert "已存在" in capsys.readouterr().err
    assert run(accounts_db, "remove", "wang") == 0 and not user_exists(accounts_db, "wang")
    assert run(accounts_db, "remove", "wang") == 1


def test_the_command_runs_as_a_module(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    command = [sys.executable, "-m", "console.accounts", "add", "zhao", "--password-stdin"]
    short = subprocess.run(command, input="short\n", env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert short.returncode == 1 and "至少需要10个字符" in short.stderr and "Traceback" not in short.stderr
    added = subprocess.run(command, input=GOOD + "\n", env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert added.returncode == 0
    assert check_login(make_engine(env["DATABASE_URL"]), "zhao", GOOD)
