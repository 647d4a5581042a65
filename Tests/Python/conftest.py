import itertools
import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from localstack_peer import LocalStackProcess, PeerUnavailable  # noqa: E402
from stepwise_server import ServerProcess  # noqa: E402


@pytest.fixture(scope="session")
def server():
    """One in-memory server shared by the tests that need nothing special."""
    with ServerProcess() as process:
        yield process


@pytest.fixture()
def sfn(server):
    return server.client()


@pytest.fixture(scope="session")
def localstack():
    """LocalStack, started once for the tests that compare with it (skipped when not installed)."""
    try:
        peer = LocalStackProcess().start()
    except PeerUnavailable as reason:
        pytest.skip(str(reason))
    try:
        yield peer
    finally:
        peer.stop()


@pytest.fixture(params=["stepwise", "localstack"])
def peer(request, server):
    """The same test against `stepwise serve` and against LocalStack: `peer.name` tells which,
    so a test can say where LocalStack departs from AWS's documentation."""
    target = server if request.param == "stepwise" else request.getfixturevalue("localstack")
    return Peer(request.param, target.client())


class Peer:
    def __init__(self, name, client):
        self.name = name
        self.sfn = client

    @property
    def is_localstack(self):
        return self.name == "localstack"


_counter = itertools.count()


@pytest.fixture()
def unique():
    """Fresh resource names, so tests sharing a server never see each other's machines."""
    run = uuid.uuid4().hex[:8]
    return lambda prefix: f"{prefix}-{run}-{next(_counter)}"


ROLE = "arn:aws:iam::123456789012:role/stepwise-tests"
