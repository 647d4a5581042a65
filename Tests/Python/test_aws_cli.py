"""The AWS CLI (`aws stepfunctions --endpoint-url …`) against `stepwise serve`."""
import json
import os
import subprocess
import time

import pytest

from conftest import ROLE
from stepwise_server import DUMMY_KEY, DUMMY_SECRET, ServerProcess


def aws(endpoint, *arguments, key=DUMMY_KEY, secret=DUMMY_SECRET, check=True):
    """Runs one `aws stepfunctions` command with throwaway credentials and no user config."""
    environment = {
        key_: value for key_, value in os.environ.items() if not key_.startswith("AWS_")
    } | {
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "1",
    }
    result = subprocess.run(
        ["aws", "stepfunctions", "--endpoint-url", endpoint, "--output", "json", *arguments],
        capture_output=True, text=True, env=environment, timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"aws {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    return result


def aws_json(endpoint, *arguments, **options):
    output = aws(endpoint, *arguments, **options).stdout
    return json.loads(output) if output.strip() else {}


def test_cli_creates_runs_and_inspects_a_machine(server, unique):
    name = unique("cli")
    definition = {
        "StartAt": "Greet",
        "States": {
            "Greet": {"Type": "Pass", "Parameters": {"message.$": "States.Format('hello {}', $.who)"}, "Next": "Check"},
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.message", "StringEquals": "hello cli", "Next": "Yes"}],
                "Default": "No",
            },
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Fail", "Error": "Unexpected"},
        },
    }
    machine = aws_json(server.endpoint, "create-state-machine", "--name", name, "--definition", json.dumps(definition), "--role-arn", ROLE)[
        "stateMachineArn"
    ]
    assert machine.endswith(f":stateMachine:{name}")
    listed = aws_json(server.endpoint, "list-state-machines")["stateMachines"]
    assert name in [item["name"] for item in listed]

    execution = aws_json(server.endpoint, "start-execution", "--state-machine-arn", machine, "--input", '{"who": "cli"}')["executionArn"]
    for _ in range(200):
        described = aws_json(server.endpoint, "describe-execution", "--execution-arn", execution)
        if described["status"] != "RUNNING":
            break
        time.sleep(0.05)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"message": "hello cli"}

    history = aws_json(server.endpoint, "get-execution-history", "--execution-arn", execution)["events"]
    assert [event["type"] for event in history] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ChoiceStateEntered",
        "ChoiceStateExited",
        "SucceedStateEntered",
        "SucceedStateExited",
        "ExecutionSucceeded",
    ]
    executions = aws_json(server.endpoint, "list-executions", "--state-machine-arn", machine)["executions"]
    assert [item["executionArn"] for item in executions] == [execution]


def test_cli_activity_round_trip(server, unique):
    activity = aws_json(server.endpoint, "create-activity", "--name", unique("cli-activity"))["activityArn"]
    definition = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}
    machine = aws_json(server.endpoint, "create-state-machine", "--name", unique("cli-task"), "--definition", json.dumps(definition), "--role-arn", ROLE)[
        "stateMachineArn"
    ]
    execution = aws_json(server.endpoint, "start-execution", "--state-machine-arn", machine, "--input", '{"job": 7}')["executionArn"]
    task = aws_json(server.endpoint, "get-activity-task", "--activity-arn", activity, "--worker-name", "cli-worker")
    assert json.loads(task["input"]) == {"job": 7}
    aws(server.endpoint, "send-task-success", "--task-token", task["taskToken"], "--task-output", '{"done": 7}')
    for _ in range(200):
        described = aws_json(server.endpoint, "describe-execution", "--execution-arn", execution)
        if described["status"] != "RUNNING":
            break
        time.sleep(0.05)
    assert json.loads(described["output"]) == {"done": 7}


@pytest.mark.parametrize(
    "arguments, code",
    [
        (("describe-execution", "--execution-arn", "arn:aws:states:us-east-1:123456789012:nonsense"), "InvalidArn"),
        (("describe-state-machine", "--state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:absent"), "StateMachineDoesNotExist"),
        (("create-state-machine", "--name", "broken", "--definition", '{"StartAt": 1}', "--role-arn", ROLE), "InvalidDefinition"),
    ],
    ids=["bad-arn", "missing-machine", "invalid-definition"],
)
def test_cli_reports_aws_errors(server, arguments, code):
    result = aws(server.endpoint, *arguments, check=False)
    assert result.returncode != 0
    assert f"({code})" in result.stderr


def test_cli_with_required_credentials():
    with ServerProcess("--require-credentials", "AKIDCLI:cli-secret") as server:
        assert "stateMachines" in aws_json(server.endpoint, "list-state-machines", key="AKIDCLI", secret="cli-secret")
        wrong = aws(server.endpoint, "list-state-machines", key="AKIDCLI", secret="not-the-secret", check=False)
        assert wrong.returncode != 0
        assert "(InvalidSignatureException)" in wrong.stderr
