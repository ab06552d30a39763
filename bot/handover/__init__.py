"""Handing a conversation to a person: the record an operator works from, its summary and transcript."""
