"""RedriveExecution over the wire with boto3, against `stepwise serve` and LocalStack side by side
(the `peer` fixture): an execution started on an alias fails at a Task, the cause is fixed, and
the execution is redriven from the Task that failed. Where LocalStack departs from AWS's API
reference, the test follows the reference and says what LocalStack does instead."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE
from stepwise_server import ServerProcess, full_history, wait_for_execution


def charging(activity, retry=None):
    """Prepare (a Pass) then Charge (an activity Task), optionally with a Retry on Charge."""
    charge = {"Type": "Task", "Resource": activity, "End": True}
    if retry:
        charge["Retry"] = retry
    return json.dumps({"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Charge"}, "Charge": charge}})


def failure(call, **arguments):
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    return caught.value.response["Error"]


def take_task(sfn, activity):
    task = sfn.get_activity_task(activityArn=activity, workerName="charger")
    assert task.get("taskToken"), f"no task for {activity}"
    return task


def assert_not_emulated(sfn, execution):
    """LocalStack does not implement RedriveExecution: it answers HTTP 501 InternalFailure."""
    with pytest.raises(ClientError) as caught:
        sfn.redrive_execution(executionArn=execution)
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_an_execution_on_an_alias_fails_is_fixed_and_redriven_from_the_failed_state(peer, unique):
    sfn = peer.sfn
    activity = sfn.create_activity(name=unique("charge"))["activityArn"]
    created = sfn.create_state_machine(name=unique("payments"), definition=charging(activity), roleArn=ROLE, publish=True)
    machine = created["stateMachineArn"]
    retry = [{"ErrorEquals": ["Card.Timeout"], "MaxAttempts": 2}]
    second = sfn.update_state_machine(stateMachineArn=machine, definition=charging(activity, retry), publish=True)["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
        {"stateMachineVersionArn": created["stateMachineVersionArn"], "weight": 90},
        {"stateMachineVersionArn": second, "weight": 10},
    ])["stateMachineAliasArn"]

    execution = sfn.start_execution(stateMachineArn=alias, input="{}")["executionArn"]
    task = take_task(sfn, activity)
    assert json.loads(task["input"]) == {"order": 7}
    sfn.send_task_failure(taskToken=task["taskToken"], error="Card.Declined", cause="insufficient funds")
    failed = wait_for_execution(sfn, execution)
    assert (failed["status"], failed["error"]) == ("FAILED", "Card.Declined")
    assert failed["stateMachineAliasArn"] == alias
    ran = failed["stateMachineVersionArn"]
    assert ran in (created["stateMachineVersionArn"], second)
    if peer.is_localstack:
        # The API reference says DescribeExecution tells whether (redriveStatus) and how often
        # (redriveCount) an execution was redriven; LocalStack leaves both out.
        assert "redriveStatus" not in failed and "redriveCount" not in failed
    else:
        assert (failed["redriveStatus"], failed["redriveCount"]) == ("REDRIVABLE", 0)

    # The fix: a new version, and the alias moved to it for the executions to come. A redrive
    # keeps the definition the execution started with (the API reference: "Redriven executions
    # use the same state machine definition and execution ARN as the original execution
    # attempt"); what was wrong here was the charge itself, which now goes through.
    fixed = sfn.update_state_machine(
        stateMachineArn=machine, definition=charging(activity, retry + [{"ErrorEquals": ["Card.Declined"], "MaxAttempts": 1}]), publish=True
    )["stateMachineVersionArn"]
    assert fixed == machine + ":3"
    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[{"stateMachineVersionArn": fixed, "weight": 100}])

    if peer.is_localstack:
        assert_not_emulated(sfn, execution)
        return
    redrive_date = sfn.redrive_execution(executionArn=execution, clientToken="fix-1")["redriveDate"]
    assert sfn.redrive_execution(executionArn=execution, clientToken="fix-1")["redriveDate"] == redrive_date, "the same client token is answered again"
    again = take_task(sfn, activity)
    assert json.loads(again["input"]) == {"order": 7}, "Charge runs again on the input it had"
    sfn.send_task_success(taskToken=again["taskToken"], output='{"charged": 7}')
    succeeded = wait_for_execution(sfn, execution)
    assert (succeeded["status"], json.loads(succeeded["output"])) == ("SUCCEEDED", {"charged": 7})
    assert (succeeded["redriveCount"], succeeded["redriveDate"]) == (1, redrive_date)
    assert succeeded["stateMachineVersionArn"] == ran, "a redrive runs the version the execution started with"
    assert (succeeded["redriveStatus"], succeeded["redriveStatusReason"]) == ("NOT_REDRIVABLE", "Execution is SUCCEEDED and cannot be redriven")

    types = [event["type"] for event in full_history(sfn, execution)]
    assert types.count("PassStateEntered") == 1, "Prepare succeeded and does not run again"
    assert types[types.index("ExecutionFailed") + 1] == "ExecutionRedriven"
    assert types[-1] == "ExecutionSucceeded"
    redriven = sfn.list_executions(stateMachineArn=machine, redriveFilter="REDRIVEN")["executions"]
    assert [(item["executionArn"], item["redriveCount"]) for item in redriven] == [(execution, 1)]
    assert execution not in [item["executionArn"] for item in sfn.list_executions(stateMachineArn=machine, redriveFilter="NOT_REDRIVEN")["executions"]]


def test_what_cannot_be_redriven_is_refused(peer, unique):
    sfn = peer.sfn
    activity = sfn.create_activity(name=unique("charge"))["activityArn"]
    machine = sfn.create_state_machine(name=unique("payments"), definition=charging(activity), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    if peer.is_localstack:
        assert_not_emulated(sfn, execution)
        return
    running = failure(sfn.redrive_execution, executionArn=execution)
    assert running["Code"] == "ExecutionNotRedrivable"
    assert "Execution is RUNNING and cannot be redriven" in running["Message"]
    missing = failure(sfn.redrive_execution, executionArn=execution + "-missing")
    assert missing["Code"] == "ExecutionDoesNotExist"
    invalid = failure(sfn.redrive_execution, executionArn=execution, clientToken="with space")
    assert invalid["Code"] == "ValidationException"


def test_a_redrive_survives_a_restart_of_serve(tmp_path, unique):
    """Fail, restart `stepwise serve` on the same data directory, redrive, succeed."""
    with ServerProcess(data_dir=tmp_path) as server:
        sfn = server.client()
        activity = sfn.create_activity(name=unique("charge"))["activityArn"]
        machine = sfn.create_state_machine(name=unique("payments"), definition=charging(activity), roleArn=ROLE)["stateMachineArn"]
        execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
        sfn.send_task_failure(taskToken=take_task(sfn, activity)["taskToken"], error="Card.Declined")
        assert wait_for_execution(sfn, execution)["status"] == "FAILED"
    with ServerProcess(data_dir=tmp_path) as server:
        sfn = server.client()
        assert sfn.describe_execution(executionArn=execution)["redriveStatus"] == "REDRIVABLE"
        sfn.redrive_execution(executionArn=execution)
        sfn.send_task_success(taskToken=take_task(sfn, activity)["taskToken"], output='"charged"')
        described = wait_for_execution(sfn, execution)
        assert (described["status"], described["output"], described["redriveCount"]) == ("SUCCEEDED", '"charged"', 1)
