"""The project's text stands on its own: comments, docstrings and documents say what the
code does and why, never which tracker issue it came from, and never point at files
outside the repository, which a reader of the checkout does not have."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["station_app", "tests", "docs", "bench", "scripts", "packaging", "README.md"]
OUTSIDE = re.compile(
    r"\bissues?\s*#?\s*\d+"  # "issue 3", "Issue 8", "CONTRACT FOR ISSUE 5", "issue #7"
    r"|\.\./shared\b"  # the folder beside the checkout
    r"|\bshared/[\w./-]+\.md\b",  # a document in it
    re.IGNORECASE,
)


def project_files() -> list[Path]:
    """The text files under the checked folders; hidden folders (caches, a venv) and
    compiled or binary files are not the project's own writing."""
    found: list[Path] = []
    for name in CHECKED:
        top = ROOT / name
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            parts = path.relative_to(ROOT).parts
            if any(part.startswith(".") or part == "__pycache__" for part in parts):
                continue
            if path.is_file() and path != Path(__file__).resolve():
                found.append(path)
    return found


def test_no_issue_numbers_or_files_outside_the_repository_are_mentioned() -> None:
    files = project_files()
    assert any(path.name == "architecture.md" for path in files)  # the walk found the docs
    offending = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # pictures, fonts, compiled catalogs
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offending, "say what and why instead:\n" + "\n".join(offending)
