"""Sending the daily summaries to headquarters: the outbox, delivery and its status."""
