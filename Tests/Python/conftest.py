import itertools
import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from stepwise_server import ServerProcess  # noqa: E402


@pytest.fixture(scope="session")
def server():
    """One in-memory server shared by the tests that need nothing special."""
    with ServerProcess() as process:
        yield process


@pytest.fixture()
def sfn(server):
    return server.client()


_counter = itertools.count()


@pytest.fixture()
def unique():
    """Fresh resource names, so tests sharing a server never see each other's machines."""
    run = uuid.uuid4().hex[:8]
    return lambda prefix: f"{prefix}-{run}-{next(_counter)}"


ROLE = "arn:aws:iam::123456789012:role/stepwise-tests"
