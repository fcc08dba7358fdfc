"""A fork server shared by the hostile-input tests (one interpreter start-up for all of them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hostile.harness import ForkServer


@pytest.fixture(scope="session")
def server() -> Iterator[ForkServer]:
    fork_server = ForkServer()
    yield fork_server
    fork_server.close()
