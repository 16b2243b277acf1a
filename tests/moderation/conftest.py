"""The moderation library's tests read no database, bus or server (`moderation` imports
nothing of `server`): their result is the same on every backend. Each is marked
`backend_independent`, so that CI runs them once, with `make test`, and leaves them out of
the second run of the suite on PostgreSQL + Redis (`.ci/run`), where they would only repeat
the same reading (the reference test alone takes about a quarter of an hour)."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test collected from this directory `backend_independent`."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.backend_independent)
