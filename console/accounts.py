"""Operator accounts, kept beside the handovers, and the command that manages them.

There is no default account and no sign-up page: someone with shell access to the server runs
`python -m console.accounts add NAME`, so a fresh installation refuses every sign-in until then.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.db import utc_now
from console.auth import dummy_hash, hash_password, verify_password

MIN_PASSWORD = 10
_USERNAME = re.compile(r"[\w.@-]{1,64}")  # \w includes Chinese characters: operators may use their names

metadata = MetaData()

console_users = Table(
    "console_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
)


class AccountError(ValueError):
    """A request the command refuses; the message is shown to whoever typed it."""


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def add_user(engine: Engine, username: str, password: str) -> None:
    if not _USERNAME.fullmatch(username):
        raise AccountError("用户名须为1到64个字母、数字、汉字或 . _ @ -")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少需要{MIN_PASSWORD}个字符")
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(console_users).values(
                    username=username, password_hash=hash_password(password), created_at=utc_now()
                )
            )
    except IntegrityError:
        raise AccountError(f"用户 {username} 已存在") from None


def remove_user(engine: Engine, username: str) -> bool:
    with engine.begin() as conn:
        return bool(conn.execute(delete(console_users).where(console_users.c.username == username)).rowcount)


def list_users(engine: Engine) -> list[dict[str, Any]]:
    query = select(console_users.c.username, console_users.c.created_at).order_by(console_users.c.username)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def user_exists(engine: Engine, username: str) -> bool:
    with engine.connect() as conn:
        found = conn.execute(select(console_users.c.username).where(console_users.c.username == username)).first()
    return found is not None


def check_login(engine: Engine, username: str, password: str) -> bool:
    """The same work whether or not the user exists, so timing does not tell which names exist."""
    with engine.connect() as conn:
        stored = conn.execute(
            select(console_users.c.password_hash).where(console_users.c.username == username)
        ).scalar()
    if stored is None:
        verify_password(password, dummy_hash())
        return False
    return verify_password(password, str(stored))


# -- command line ------------------------------------------------------------------------------


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    try:
        first, second = getpass.getpass("密码："), getpass.getpass("再次输入密码：")
    except EOFError:
        raise AccountError("没有读到密码（无终端时请用 --password-stdin）") from None
    if second != first:
        raise AccountError("两次输入的密码不一致")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m console.accounts", description="管理运营控制台的账号")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="新建账号（询问密码）")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    commands.add_parser("list", help="列出账号")
    remove = commands.add_parser("remove", help="删除账号")
    remove.add_argument("name")
    return parser


def main(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, engine: Engine | None = None) -> int:
    args = _parser().parse_args(argv)
    if engine is None:
        from bot.db import make_engine
        from bot.settings import load_settings

        engine = make_engine(load_settings().database_url)
    create_tables(engine)
    try:
        if args.command == "add":
            add_user(engine, args.name, _read_password(args.password_stdin, stdin))
            print(f"已创建账号 {args.name}")
        elif args.command == "list":
            for user in list_users(engine):
                print(f"{user['username']}\t{user['created_at']:%Y-%m-%d %H:%M} UTC")
        elif not remove_user(engine, args.name):
            raise AccountError(f"没有用户 {args.name}")
        else:
            print(f"已删除账号 {args.name}")
    except AccountError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
