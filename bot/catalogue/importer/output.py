"""Writes an imported catalogue directory all at once, or not at all.

Everything is written into a temporary directory beside OUT and moved into place in one rename,
so a reader (the assistant loading its catalogue, a maintainer's diff) sees the old import or the
new one, never half of each. An existing OUT is swapped with the new one atomically where Linux
allows it (renameat2 RENAME_EXCHANGE), else moved aside for the instant of the rename.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue.importer.yaml_text import dump, load

CATALOGUE_FILE = "catalogue.yml"  # read by bot.catalogue.loader (REGION_FILE)
GLOSSARY_FILE = "materials.yml"
SERVICES_DIR = "services"
NOTES_FILE = "import-notes.txt"
LICENSE_FILE = "LICENSE"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def is_earlier_import(directory: Path) -> bool:
    """Only a directory an import wrote may be replaced: OUT=data/catalogue must not wipe the curated one."""
    try:
        data = load((directory / CATALOGUE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "imported" in data and "source" in data


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def replace_directory(new: Path, target: Path) -> None:
    """Put `new` at `target`; afterwards `new` no longer exists."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # now holds the old import
        return
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(aside)
    try:
        new.rename(target)
    except OSError:
        aside.rename(target)
        raise
    shutil.rmtree(aside)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary directory beside `out` (same filesystem, so the final rename is one step)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".importing", dir=out.parent))
    try:
        yield temporary
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def write_catalogue(
    out: Path,
    catalogue: dict[str, Any],
    glossary_entries: list[dict[str, Any]],
    services: Iterable[dict[str, Any]],
    header: str,
    notes: list[str],
    license_file: Path | None,
) -> None:
    with staging(out) as temporary:
        (temporary / CATALOGUE_FILE).write_text(dump(catalogue, header), encoding="utf-8")
        glossary_header = header + "\nThe glossary entries these services link to, copied unchanged."
        (temporary / GLOSSARY_FILE).write_text(dump({"materials": glossary_entries}, glossary_header), encoding="utf-8")
        (temporary / SERVICES_DIR).mkdir()
        for service in services:
            (temporary / SERVICES_DIR / f"{service['id']}.yml").write_text(dump(service, header), encoding="utf-8")
        if notes:
            (temporary / NOTES_FILE).write_text("\n".join(notes) + "\n", encoding="utf-8")
        if license_file is not None:
            shutil.copyfile(license_file, temporary / LICENSE_FILE)
        replace_directory(temporary, out)
