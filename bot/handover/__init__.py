"""Handing a conversation to a person: for now, the record of a request for follow-up."""
