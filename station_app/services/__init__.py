"""Use cases. Each public function opens one unit of work, commits at most once, and
returns plain dataclasses, never ORM rows."""
