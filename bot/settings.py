"""The only place OneTrip reads environment variables.

Everything else receives a `Settings` value, so tests can build one with `tmp_path` instead of
patching the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.handover.office_hours import OfficeHours

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WeChatSettings:
    """Official-account credentials. Without a token the channel runs in development mode."""

    token: str | None
    app_id: str | None
    secret: str | None
    aes_key: str | None  # set: safe mode (AES); unset: plain mode
    api_base: str

    @property
    def can_send(self) -> bool:
        """The customer-service API needs the app id and secret."""
        return bool(self.app_id and self.secret)


@dataclass(frozen=True)
class HotlineSettings:
    """Twilio Voice. Without an auth token the channel refuses every request (nothing to check against)."""

    auth_token: str | None
    public_url: str  # the base URL Twilio calls, for the signature (behind a proxy: the outside one)
    voice: str
    rate: str
    operator_number: str | None  # <Dial> target
    queue: str | None  # <Enqueue> target, when there is no operator number
    office_hours: OfficeHours  # when a person answers, local time
    account_sid: str | None  # with sms_from: checklists can be sent by SMS
    sms_from: str | None
    api_base: str  # twilio's API (tests point it at a local fake)

    @property
    def can_text(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.sms_from)


@dataclass(frozen=True)
class ConsoleSettings:
    """The operator console and what it talks to: Rasa's HTTP API for transcripts, pause and resume."""

    port: int
    secret: bytes | None  # signs session cookies; unset: a random key kept in var/ (one installation)
    rasa_url: str
    rasa_token: str | None  # Rasa's --auth-token; `make run` makes one per run when unset


@dataclass(frozen=True)
class ScaledSettings:
    """`make scaled`: how many Rasa processes (and action servers) run behind nginx, and the ports
    of the PostgreSQL and Redis it starts itself when DATABASE_URL / REDIS_URL name none."""

    processes: int
    postgres_port: int
    redis_port: int


def _range(name: str, raw: str, low: int, high: int, example: str) -> tuple[int, int]:
    first, _, last = raw.partition("-")
    if not (first.isdigit() and last.isdigit() and low <= int(first) <= int(last) <= high):
        raise ValueError(f"{name} must look like {example}, got {raw!r}")
    return int(first), int(last)


def _office_hours(hours: str, days: str) -> OfficeHours:
    start, end = _range("OFFICE_HOURS", hours, 0, 24, "9-17")
    if start == end:
        raise ValueError(f"OFFICE_HOURS must look like 9-17, got {hours!r}")
    first_day, last_day = _range("OFFICE_DAYS", days, 1, 7, "1-5 (Monday to Friday)")
    return OfficeHours(start, end, first_day, last_day)


@dataclass(frozen=True)
class Settings:
    catalogue_dirs: tuple[Path, ...]  # read together: the curated catalogue and imported regions
    home_region: str | None  # the deployment's own region; None: the first directory's
    training_catalogue_dir: Path  # whose words the NLU model is trained with (the curated one)
    meaning_cache_dir: Path  # sentence vectors of the service names (bot/catalogue/meaning.py)
    database_url: str
    jieba_dictionary_dir: Path
    generated_nlu_dir: Path
    rasa_port: int
    action_port: int
    sender_hash_key: bytes | None
    wechat: WeChatSettings
    hotline: HotlineSettings
    console: ConsoleSettings
    scaled: ScaledSettings
    office_hours: OfficeHours  # when people answer, local time
    retention_days: int  # conversations and handovers older than this are purged (`make purge`)
    followup_delay_hours: int  # after consent, how long before asking whether it took one trip
    # Set: what several server processes must share lives in Redis (WeChat dedupe, access token,
    # hotline calls); unset: one process, dedupe in the database, the rest in memory.
    redis_url: str | None


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{name} must be a TCP port number (1-65535), got {raw!r}")
    return int(raw)


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a whole number (1 or more), got {raw!r}")
    return int(raw)


def _directories(raw: str) -> tuple[Path, ...]:
    """A colon-separated list, like PATH; relative entries are relative to the project."""
    return tuple(PROJECT_ROOT / part for part in raw.split(":") if part.strip())


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    var_dir = PROJECT_ROOT / "var"
    key = env.get("ONETRIP_SECRET_KEY")
    console_key = env.get("CONSOLE_SECRET_KEY")
    office_hours = _office_hours(env.get("OFFICE_HOURS", "9-17"), env.get("OFFICE_DAYS", "1-5"))
    rasa_port = _port(env, "RASA_PORT", 5005)
    return Settings(
        catalogue_dirs=_directories(env.get("ONETRIP_CATALOGUE_DIR", "")) or (PROJECT_ROOT / "data" / "catalogue",),
        home_region=env.get("ONETRIP_HOME_REGION") or None,
        training_catalogue_dir=PROJECT_ROOT / "data" / "catalogue",
        meaning_cache_dir=PROJECT_ROOT / "build" / "meaning",
        database_url=env.get("DATABASE_URL", f"sqlite:///{var_dir / 'onetrip.db'}"),
        jieba_dictionary_dir=PROJECT_ROOT / "build" / "jieba",
        generated_nlu_dir=PROJECT_ROOT / "build" / "nlu",
        rasa_port=rasa_port,
        action_port=_port(env, "ACTION_PORT", 5055),
        sender_hash_key=key.encode() if key else None,
        wechat=WeChatSettings(
            token=env.get("WECHAT_TOKEN") or None,
            app_id=env.get("WECHAT_APPID") or None,
            secret=env.get("WECHAT_SECRET") or None,
            aes_key=env.get("WECHAT_AES_KEY") or None,
            api_base=env.get("WECHAT_API_BASE", "https://api.weixin.qq.com/cgi-bin/"),
        ),
        hotline=HotlineSettings(
            auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
            public_url=env.get("HOTLINE_PUBLIC_URL", "").rstrip("/"),
            voice=env.get("HOTLINE_VOICE", "Polly.Zhiyu"),
            rate=env.get("HOTLINE_RATE", "90%"),
            operator_number=env.get("HOTLINE_OPERATOR_NUMBER") or None,
            queue=env.get("HOTLINE_QUEUE") or None,
            office_hours=office_hours,
            account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            sms_from=env.get("HOTLINE_SMS_FROM") or None,
            api_base=env.get("TWILIO_API_BASE", ""),
        ),
        console=ConsoleSettings(
            port=_port(env, "CONSOLE_PORT", 8080),
            secret=console_key.encode() if console_key else None,
            rasa_url=env.get("RASA_URL", f"http://localhost:{rasa_port}").rstrip("/"),
            rasa_token=env.get("RASA_TOKEN") or None,
        ),
        scaled=ScaledSettings(
            processes=_positive(env, "RASA_PROCESSES", 2),
            postgres_port=_port(env, "POSTGRES_PORT", 5432),
            redis_port=_port(env, "REDIS_PORT", 6379),
        ),
        office_hours=office_hours,
        followup_delay_hours=_positive(env, "FOLLOWUP_DELAY_HOURS", 24),
        retention_days=_positive(env, "RETENTION_DAYS", 180),
        redis_url=env.get("REDIS_URL") or None,
    )
