"""Every recorded AWS case, replayed with boto3 against `stepwise serve`: it must score what
the in-process conformance run scores (all of them)."""
import sys

import pytest

from conformance_replay import ACCOUNT, cases_path, load_cases, replay, report
from stepwise_server import ServerProcess


def test_every_recorded_case_behaves_as_on_aws_over_the_wire():
    cases = load_cases()
    if not cases:
        pytest.fail(f"{cases_path()} is missing")
    with ServerProcess("--account", ACCOUNT) as server:
        passed, failures = replay(server.endpoint, cases)
    report(passed, failures)
    assert not failures, f"{len(failures)} of {len(cases)} conformance cases failed over the wire (listed above)"
    assert passed == len(cases)


if __name__ == "__main__":
    all_cases = load_cases()
    with ServerProcess("--account", ACCOUNT) as process:
        score = replay(process.endpoint, all_cases)
    report(*score)
    sys.exit(0 if not score[1] and all_cases else 1)
