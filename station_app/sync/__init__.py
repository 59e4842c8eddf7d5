"""Getting the daily summaries to union HQ: the transports (a folder, HTTPS). No Qt, no
database: the outbox lives in ``services/sync.py``, which decides what to send."""
