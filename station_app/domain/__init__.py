"""Pure rules of a rest station: no Qt, no SQLAlchemy, no I/O."""
