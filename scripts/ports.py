"""Ports for servers started by the tests and the bench."""

from __future__ import annotations

import random
import socket
from pathlib import Path

_handed_out: set[int] = set()


def free_port() -> int:
    """A port nothing uses now, below the kernel's ephemeral range: ports are often chosen at
    import time and bound minutes later, and an ephemeral port can meanwhile become the local end
    of any outgoing connection (then `make run` refuses it as in use). Never the same one twice
    in a run, with room above it for the scaled mode's +1 and +2."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    while True:
        port = random.randint(10_000, low - 3)
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
