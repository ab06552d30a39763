"""The operator console: a Sanic app where operators take handovers, read transcripts, reply and
review what the assistant could not do. Run with `python -m console`."""
