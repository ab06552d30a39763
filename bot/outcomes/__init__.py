"""Did it take one trip? The citizen's report after a checklist, recorded and measured (最多跑一次)."""
