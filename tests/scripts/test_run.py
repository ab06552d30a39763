"""How `make run` starts the Rasa server."""

from __future__ import annotations

from rasa.__main__ import create_argument_parser

from scripts.run import rasa_command


def test_a_token_beginning_with_a_dash_reaches_rasa_whole() -> None:
    parsed = create_argument_parser().parse_args(rasa_command(5005, "endpoints.yml", "-Xk3_token")[1:])
    assert parsed.auth_token == "-Xk3_token" and parsed.enable_api and parsed.port == 5005
