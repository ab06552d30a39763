"""Property-based fuzzing of what the outside world can reach: the WeChat and hotline webhooks and
the operator console. The one property everywhere: bad input gets a 4xx or a clear reply, never
a 5xx and never a traceback."""
