"""Check-in and what a visit receives: scans, anonymous visits, the visit log, the service log."""
