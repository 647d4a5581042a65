"""Map Runs over the wire with boto3, against `stepwise serve` and LocalStack side by side (the
`peer` fixture). Where LocalStack departs from AWS's API reference, the test follows the
reference and says what LocalStack does instead."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE
from stepwise_server import ServerProcess, free_port, poll_until, wait_for_execution


def distributed(max_concurrency, extra=None):
    """A distributed Map labelled "Fan" whose items wait `$.s` seconds, failing when `$.fail`."""
    return json.dumps({
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map", "Label": "Fan", "MaxConcurrency": max_concurrency, "End": True, **(extra or {}),
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Nap",
                    "States": {
                        "Nap": {"Type": "Wait", "SecondsPath": "$.s", "Next": "Check"},
                        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "Broken"}], "Default": "Done"},
                        "Broken": {"Type": "Fail", "Error": "Item.Failed", "Cause": "bad item"},
                        "Done": {"Type": "Pass", "Result": "ok", "End": True},
                    },
                },
            }
        },
    })


def items(*seconds, failing=()):
    return json.dumps([{"s": value, "fail": index in failing} for index, value in enumerate(seconds)])


def failure(call, **arguments):
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    return caught.value.response


def map_run_of(sfn, execution, timeout=30):
    def first_run():
        runs = sfn.list_map_runs(executionArn=execution)["mapRuns"]
        return runs[0] if runs else None

    return poll_until(first_run, f"no Map Run of {execution}", timeout)
    raise TimeoutError(f"no Map Run for {execution}")


def start(sfn, unique, definition, input):
    machine = sfn.create_state_machine(name=unique("fan"), definition=definition, roleArn=ROLE)["stateMachineArn"]
    return machine, sfn.start_execution(stateMachineArn=machine, input=input)["executionArn"]


def test_a_map_run_reports_its_items(peer, unique):
    sfn = peer.sfn
    machine, execution = start(sfn, unique, distributed(1), items(1, 1, 1))
    run = map_run_of(sfn, execution)
    assert run["executionArn"] == execution
    assert run["stateMachineArn"] == machine + "/Fan"
    assert run["mapRunArn"].startswith(machine.replace(":stateMachine:", ":mapRun:") + "/Fan:")
    running = sfn.describe_map_run(mapRunArn=run["mapRunArn"])
    assert running["status"] == "RUNNING"
    assert running["maxConcurrency"] == 1
    # `total` counts every item of the run (API reference); LocalStack counts those started so far.
    assert running["itemCounts"]["total"] == (running["itemCounts"]["running"] + running["itemCounts"]["succeeded"] if peer.is_localstack else 3)
    assert wait_for_execution(sfn, execution)["status"] == "SUCCEEDED"
    ended = sfn.describe_map_run(mapRunArn=run["mapRunArn"])
    assert ended["status"] == "SUCCEEDED"
    assert ended["stopDate"] >= ended["startDate"]
    for counts in (ended["itemCounts"], ended["executionCounts"]):
        assert {key: counts[key] for key in ("pending", "running", "succeeded", "failed", "aborted", "total")} == {
            "pending": 0, "running": 0, "succeeded": 3, "failed": 0, "aborted": 0, "total": 3,
        }
    assert (ended["toleratedFailureCount"], ended["toleratedFailurePercentage"]) == (0, 0)


def test_update_map_run_raises_the_concurrency_of_the_running_map(peer, unique):
    sfn = peer.sfn
    _, execution = start(sfn, unique, distributed(1), items(2, 2, 2, 2))
    run = map_run_of(sfn, execution)["mapRunArn"]
    sfn.update_map_run(mapRunArn=run, maxConcurrency=4)
    assert sfn.describe_map_run(mapRunArn=run)["maxConcurrency"] == 4
    started = time.monotonic()
    assert wait_for_execution(sfn, execution)["status"] == "SUCCEEDED"
    elapsed = time.monotonic() - started
    # One at a time takes 8 s; four at a time, about 2 s after the first. The running Map honours
    # the update (API reference); LocalStack records it but goes on one at a time.
    assert elapsed >= 6 if peer.is_localstack else elapsed < 6


def test_update_map_run_changes_the_tolerated_failures(peer, unique):
    sfn = peer.sfn
    _, execution = start(sfn, unique, distributed(1), items(1, 1, 1, failing=(1,)))
    run = map_run_of(sfn, execution)["mapRunArn"]
    if peer.is_localstack:
        # UpdateMapRun takes toleratedFailureCount (API reference); LocalStack answers 501.
        assert failure(sfn.update_map_run, mapRunArn=run, toleratedFailureCount=1)["ResponseMetadata"]["HTTPStatusCode"] == 501
        return
    sfn.update_map_run(mapRunArn=run, toleratedFailureCount=1)
    assert wait_for_execution(sfn, execution)["status"] == "SUCCEEDED"
    described = sfn.describe_map_run(mapRunArn=run)
    assert described["toleratedFailureCount"] == 1
    assert (described["itemCounts"]["succeeded"], described["itemCounts"]["failed"]) == (2, 1)


def test_child_workflow_executions_are_listed_by_map_run(peer, unique):
    sfn = peer.sfn
    machine, execution = start(sfn, unique, distributed(2), items(0, 0, 0))
    run = map_run_of(sfn, execution)["mapRunArn"]
    wait_for_execution(sfn, execution)
    if peer.is_localstack:
        # ListExecutions takes a mapRunArn (API reference); LocalStack fails with an internal error.
        assert failure(sfn.list_executions, mapRunArn=run)["ResponseMetadata"]["HTTPStatusCode"] == 500
        return
    children = sfn.list_executions(mapRunArn=run)["executions"]
    assert len(children) == 3
    prefix = machine.replace(":stateMachine:", ":execution:") + "/Fan:"
    for child in children:
        assert child["executionArn"].startswith(prefix)
        assert child["name"] == child["executionArn"][len(prefix):]
        assert (child["status"], child["mapRunArn"], child["itemCount"], child["stateMachineArn"]) == ("SUCCEEDED", run, 1, machine + "/Fan")
        assert child["stopDate"] >= child["startDate"]
    described = sfn.describe_execution(executionArn=children[0]["executionArn"])
    assert described["mapRunArn"] == run
    assert json.loads(described["output"]) == "ok"
    assert sfn.list_executions(mapRunArn=run, statusFilter="FAILED")["executions"] == []
    both = failure(sfn.list_executions, mapRunArn=run, stateMachineArn=machine)
    assert both["Error"]["Code"] == "ValidationException"


def test_a_finished_map_run_cannot_be_updated(peer, unique):
    sfn = peer.sfn
    _, execution = start(sfn, unique, distributed(1), items(0))
    run = map_run_of(sfn, execution)["mapRunArn"]
    wait_for_execution(sfn, execution)
    if peer.is_localstack:
        # The API reference's ValidationException reason CANNOT_UPDATE_COMPLETED_MAP_RUN; LocalStack accepts the update.
        sfn.update_map_run(mapRunArn=run, maxConcurrency=2)
    else:
        error = failure(sfn.update_map_run, mapRunArn=run, maxConcurrency=2)
        assert (error["Error"]["Code"], error.get("reason")) == ("ValidationException", "CANNOT_UPDATE_COMPLETED_MAP_RUN")
    missing = failure(sfn.describe_map_run, mapRunArn=run + "0")
    assert missing["Error"]["Code"] == "ResourceNotFound"


def test_stopping_the_execution_aborts_its_map_run(sfn, unique):
    _, execution = start(sfn, unique, distributed(2), items(30, 30, 30))
    run = map_run_of(sfn, execution)["mapRunArn"]
    sfn.stop_execution(executionArn=execution)
    wait_for_execution(sfn, execution)
    described = sfn.describe_map_run(mapRunArn=run)
    assert described["status"] == "ABORTED"
    counts = described["itemCounts"]
    assert (counts["aborted"], counts["pending"], counts["running"]) == (2, 1, 0)
    aborted = sfn.list_executions(mapRunArn=run, statusFilter="ABORTED")["executions"]
    assert len(aborted) == 2


def test_a_map_run_survives_a_restart(tmp_path, unique):
    port = free_port()
    with ServerProcess(data_dir=tmp_path, port=port) as server:
        sfn = server.client()
        _, execution = start(sfn, unique, distributed(1), items(1, 1, 1))
        run = map_run_of(sfn, execution)["mapRunArn"]
        sfn.update_map_run(mapRunArn=run, maxConcurrency=3)
    with ServerProcess(data_dir=tmp_path, port=port) as server:
        sfn = server.client()
        assert wait_for_execution(sfn, execution)["status"] == "SUCCEEDED"
        described = sfn.describe_map_run(mapRunArn=run)
        assert (described["status"], described["maxConcurrency"], described["itemCounts"]["succeeded"]) == ("SUCCEEDED", 3, 3)
        assert len(sfn.list_executions(mapRunArn=run)["executions"]) == 3
