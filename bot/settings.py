"""The only place OneTrip reads environment variables.

Everything else receives a `Settings` value, so tests can build one with `tmp_path` instead of
patching the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    catalogue_dir: Path
    database_url: str
    jieba_dictionary_dir: Path
    generated_nlu_dir: Path
    rasa_port: int
    action_port: int
    sender_hash_key: bytes | None


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{name} must be a TCP port number (1-65535), got {raw!r}")
    return int(raw)


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    var_dir = PROJECT_ROOT / "var"
    key = env.get("ONETRIP_SECRET_KEY")
    return Settings(
        catalogue_dir=Path(env.get("ONETRIP_CATALOGUE_DIR", PROJECT_ROOT / "data" / "catalogue")),
        database_url=env.get("DATABASE_URL", f"sqlite:///{var_dir / 'onetrip.db'}"),
        jieba_dictionary_dir=PROJECT_ROOT / "build" / "jieba",
        generated_nlu_dir=PROJECT_ROOT / "build" / "nlu",
        rasa_port=_port(env, "RASA_PORT", 5005),
        action_port=_port(env, "ACTION_PORT", 5055),
        sender_hash_key=key.encode() if key else None,
    )
