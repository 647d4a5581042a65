"""The Step Functions API of `stepwise serve`, driven by boto3."""
import json
import threading

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE
from stepwise_server import ActivityWorker, TaskFailure, full_history, wait_for_execution


def activity_machine(activity_arn):
    return {
        "StartAt": "Prepare",
        "States": {
            "Prepare": {"Type": "Pass", "Parameters": {"n.$": "$.n", "label": "doubled"}, "Next": "Double"},
            "Double": {"Type": "Task", "Resource": activity_arn, "ResultPath": "$.result", "Next": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_activity_execution_succeeds_with_the_workers_output(sfn, unique):
    activity = sfn.create_activity(name=unique("double"))["activityArn"]
    machine = sfn.create_state_machine(
        name=unique("doubler"), definition=json.dumps(activity_machine(activity)), roleArn=ROLE
    )["stateMachineArn"]
    worker = ActivityWorker(sfn, activity, lambda task: {"value": task["n"] * 2}, worker_name="doubler-1")
    worker.start()
    try:
        execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": 21}))["executionArn"]
        described = wait_for_execution(sfn, execution)
    finally:
        worker.stop()
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"n": 21, "label": "doubled", "result": {"value": 42}}
    assert worker.answered == 1

    events = full_history(sfn, execution)
    assert [event["type"] for event in events] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "TaskStateEntered",
        "ActivityScheduled",
        "ActivityStarted",
        "ActivitySucceeded",
        "TaskStateExited",
        "SucceedStateEntered",
        "SucceedStateExited",
        "ExecutionSucceeded",
    ]
    assert [event["id"] for event in events] == list(range(1, len(events) + 1))
    by_type = {event["type"]: event for event in events}
    assert all(0 <= event["previousEventId"] < event["id"] for event in events)
    assert by_type["ActivityStarted"]["previousEventId"] == by_type["ActivityScheduled"]["id"]
    assert by_type["ActivitySucceeded"]["previousEventId"] == by_type["ActivityStarted"]["id"]
    assert by_type["ActivityScheduled"]["activityScheduledEventDetails"]["resource"] == activity
    assert json.loads(by_type["ActivityScheduled"]["activityScheduledEventDetails"]["input"]) == {"n": 21, "label": "doubled"}
    assert by_type["ActivityStarted"]["activityStartedEventDetails"]["workerName"] == "doubler-1"
    assert json.loads(by_type["ActivitySucceeded"]["activitySucceededEventDetails"]["output"]) == {"value": 42}
    assert json.loads(by_type["ExecutionStarted"]["executionStartedEventDetails"]["input"]) == {"n": 21}
    assert events[0]["timestamp"] <= events[-1]["timestamp"]

    reversed_page = sfn.get_execution_history(executionArn=execution, reverseOrder=True, maxResults=2)
    assert [event["type"] for event in reversed_page["events"]] == ["ExecutionSucceeded", "SucceedStateExited"]
    assert "nextToken" in reversed_page


def test_task_failure_fails_the_execution_with_error_and_cause(sfn, unique):
    activity = sfn.create_activity(name=unique("fails"))["activityArn"]
    machine = sfn.create_state_machine(
        name=unique("failing"), definition=json.dumps(activity_machine(activity)), roleArn=ROLE
    )["stateMachineArn"]

    def refuse(task):
        raise TaskFailure("Order.Rejected", f"cannot double {task['n']}")

    worker = ActivityWorker(sfn, activity, refuse)
    worker.start()
    try:
        execution = sfn.start_execution(stateMachineArn=machine, input='{"n": 5}')["executionArn"]
        described = wait_for_execution(sfn, execution)
    finally:
        worker.stop()
    assert described["status"] == "FAILED"
    assert described["error"] == "Order.Rejected"
    assert described["cause"] == "cannot double 5"
    types = [event["type"] for event in full_history(sfn, execution)]
    assert types[-4:] == ["ActivityScheduled", "ActivityStarted", "ActivityFailed", "ExecutionFailed"]


def test_describe_and_list_machines_activities_and_executions(sfn, unique):
    name = unique("pass")
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    machine = sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE)["stateMachineArn"]
    assert machine == f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"

    described = sfn.describe_state_machine(stateMachineArn=machine)
    assert described["name"] == name
    assert json.loads(described["definition"]) == json.loads(definition)
    assert described["status"] == "ACTIVE"
    assert described["type"] == "STANDARD"
    assert described["roleArn"] == ROLE
    assert machine in [item["stateMachineArn"] for item in sfn.list_state_machines()["stateMachines"]]

    activity_name = unique("activity")
    activity = sfn.create_activity(name=activity_name)["activityArn"]
    assert sfn.describe_activity(activityArn=activity)["name"] == activity_name
    assert activity in [item["activityArn"] for item in sfn.list_activities()["activities"]]

    arns = [
        sfn.start_execution(stateMachineArn=machine, name=f"run-{index}", input=json.dumps({"index": index}))["executionArn"]
        for index in range(3)
    ]
    for arn in arns:
        assert wait_for_execution(sfn, arn)["status"] == "SUCCEEDED"
    listed = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert sorted(item["executionArn"] for item in listed) == sorted(arns)
    assert all(item["status"] == "SUCCEEDED" for item in listed)
    assert sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"] == []
    first_page = sfn.list_executions(stateMachineArn=machine, maxResults=2)
    assert len(first_page["executions"]) == 2 and "nextToken" in first_page

    execution = sfn.describe_execution(executionArn=arns[1])
    assert execution["name"] == "run-1"
    assert execution["stateMachineArn"] == machine
    assert json.loads(execution["input"]) == {"index": 1}
    assert json.loads(execution["output"]) == {"index": 1}
    assert execution["startDate"] <= execution["stopDate"]
    for_execution = sfn.describe_state_machine_for_execution(executionArn=arns[1])
    assert json.loads(for_execution["definition"]) == json.loads(definition)

    sfn.tag_resource(resourceArn=machine, tags=[{"key": "team", "value": "flow"}])
    assert sfn.list_tags_for_resource(resourceArn=machine)["tags"] == [{"key": "team", "value": "flow"}]
    sfn.untag_resource(resourceArn=machine, tagKeys=["team"])
    assert sfn.list_tags_for_resource(resourceArn=machine)["tags"] == []

    sfn.delete_activity(activityArn=activity)
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_activity(activityArn=activity)
    assert error_code(excinfo) == "ActivityDoesNotExist"


def test_stop_execution_aborts_a_waiting_execution(sfn, unique):
    definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 600, "End": True}}}
    machine = sfn.create_state_machine(name=unique("waits"), definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    assert execution in [item["executionArn"] for item in sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"]]

    sfn.stop_execution(executionArn=execution, error="Operator.Stop", cause="no longer needed")
    described = sfn.describe_execution(executionArn=execution)
    assert described["status"] == "ABORTED"
    assert described["error"] == "Operator.Stop"
    assert described["cause"] == "no longer needed"
    types = [event["type"] for event in full_history(sfn, execution)]
    assert types == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]


def test_express_machine_runs_synchronously(sfn, unique):
    definition = {"StartAt": "Sum", "States": {"Sum": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}}
    machine = sfn.create_state_machine(
        name=unique("express"), definition=json.dumps(definition), roleArn=ROLE, type="EXPRESS"
    )["stateMachineArn"]
    result = sfn.start_sync_execution(stateMachineArn=machine, input='{"a": 40, "b": 2}')
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"sum": 42}


def test_validate_state_machine_definition_reports_diagnostics(sfn):
    good = sfn.validate_state_machine_definition(definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    assert good["result"] == "OK"
    bad = sfn.validate_state_machine_definition(definition=json.dumps({"StartAt": "Missing", "States": {"P": {"Type": "Pass", "End": True}}}))
    assert bad["result"] == "FAIL"
    assert bad["diagnostics"] and all(item["severity"] == "ERROR" for item in bad["diagnostics"])


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda sfn: sfn.describe_state_machine(stateMachineArn="not-an-arn"), "InvalidArn"),
        (lambda sfn: sfn.describe_execution(executionArn="arn:aws:states:us-east-1:123456789012:stateMachine:wrong-kind"), "InvalidArn"),
        (lambda sfn: sfn.describe_activity(activityArn="arn:aws:states:us-east-1:123456789012:execution:m:e"), "InvalidArn"),
        (lambda sfn: sfn.start_execution(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:nobody"), "StateMachineDoesNotExist"),
        (lambda sfn: sfn.describe_execution(executionArn="arn:aws:states:us-east-1:123456789012:execution:nobody:run"), "ExecutionDoesNotExist"),
        (lambda sfn: sfn.get_activity_task(activityArn="arn:aws:states:us-east-1:123456789012:activity:nobody"), "ActivityDoesNotExist"),
        (lambda sfn: sfn.send_task_success(taskToken="no-such-token", output="{}"), "TaskDoesNotExist"),
        (lambda sfn: sfn.create_activity(name="has spaces"), "InvalidName"),
        (lambda sfn: sfn.create_state_machine(name="bad", definition="{not json", roleArn=ROLE), "InvalidDefinition"),
        (
            lambda sfn: sfn.create_state_machine(
                name="bad", definition=json.dumps({"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": True}}}), roleArn=ROLE
            ),
            "InvalidDefinition",
        ),
    ],
    ids=[
        "not-an-arn",
        "machine-arn-for-execution",
        "execution-arn-for-activity",
        "unknown-machine",
        "unknown-execution",
        "unknown-activity",
        "unknown-token",
        "bad-name",
        "definition-not-json",
        "definition-invalid",
    ],
)
def test_errors_carry_aws_codes_and_status_400(sfn, call, code):
    with pytest.raises(ClientError) as excinfo:
        call(sfn)
    assert error_code(excinfo) == code
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert excinfo.value.response["Error"]["Message"]


def test_invalid_definition_names_the_problem(sfn, unique):
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Ghost"}}}
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine(name=unique("invalid"), definition=json.dumps(definition), roleArn=ROLE)
    assert error_code(excinfo) == "InvalidDefinition"
    assert "Ghost" in excinfo.value.response["Error"]["Message"]


def test_duplicate_execution_name_is_refused(sfn, unique):
    definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 600, "End": True}}}
    machine = sfn.create_state_machine(name=unique("dup"), definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, name="once", input="{}")["executionArn"]
    with pytest.raises(ClientError) as excinfo:
        sfn.start_execution(stateMachineArn=machine, name="once", input='{"other": true}')
    assert error_code(excinfo) == "ExecutionAlreadyExists"
    sfn.stop_execution(executionArn=execution)


def test_long_polls_run_concurrently_without_blocking_other_requests(server, unique):
    """Twenty workers wait in GetActivityTask at once; meanwhile every other call is answered,
    and each of twenty executions reaches exactly one of them."""
    sfn = server.client()
    quick = server.client(read_timeout=10)  # a blocked server would time this client out
    activity = sfn.create_activity(name=unique("crowd"))["activityArn"]
    machine = sfn.create_state_machine(
        name=unique("crowd"), definition=json.dumps(activity_machine(activity)), roleArn=ROLE
    )["stateMachineArn"]
    workers = [ActivityWorker(server.client(), activity, lambda task: task["n"]) for _ in range(20)]
    for worker in workers:
        worker.start()
    try:
        for _ in range(20):
            quick.list_state_machines()
        executions = [sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": n}))["executionArn"] for n in range(20)]
        outputs = [json.loads(wait_for_execution(quick, arn)["output"])["result"] for arn in executions]
    finally:
        for worker in workers:
            worker.stop()
    assert outputs == list(range(20))
    assert sum(worker.answered for worker in workers) == 20


def test_heartbeats_keep_a_task_alive(sfn, unique):
    activity = sfn.create_activity(name=unique("beat"))["activityArn"]
    definition = {
        "StartAt": "Work",
        "States": {"Work": {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 30, "End": True}},
    }
    machine = sfn.create_state_machine(name=unique("beat"), definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, input='{"ok": true}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="beater")
    sfn.send_task_heartbeat(taskToken=task["taskToken"])
    sfn.send_task_success(taskToken=task["taskToken"], output='{"beat": 1}')
    assert json.loads(wait_for_execution(sfn, execution)["output"]) == {"beat": 1}
    with pytest.raises(ClientError) as excinfo:
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    assert error_code(excinfo) in ("TaskDoesNotExist", "TaskTimedOut", "InvalidToken")


def test_test_state_runs_one_state(sfn):
    definition = {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.name)"}, "End": True}
    result = sfn.test_state(definition=json.dumps(definition), roleArn=ROLE, input='{"name": "world"}')
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"greeting": "hello world"}


def test_many_clients_at_once(server, unique):
    """Concurrent StartExecution calls from several threads all land, each exactly once."""
    sfn = server.client()
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    machine = sfn.create_state_machine(name=unique("busy"), definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    errors = []

    def start(thread):
        client = server.client()
        try:
            for index in range(10):
                client.start_execution(stateMachineArn=machine, name=f"t{thread}-{index}", input="{}")
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    names = set()
    token = None
    while True:
        page = sfn.list_executions(stateMachineArn=machine, maxResults=25, **({"nextToken": token} if token else {}))
        names |= {item["name"] for item in page["executions"]}
        token = page.get("nextToken")
        if not token:
            break
    assert names == {f"t{thread}-{index}" for thread in range(8) for index in range(10)}
