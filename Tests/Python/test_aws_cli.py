"""The AWS CLI (`aws stepfunctions --endpoint-url …`) against `stepwise serve`."""
import json
import os
import subprocess

import pytest

from conftest import ROLE
from stepwise_server import DUMMY_KEY, DUMMY_SECRET, ServerProcess, poll_until


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


def wait_cli(endpoint, execution):
    """describe-execution once the execution has ended: the wire offers no event to wait on."""

    def ended():
        described = aws_json(endpoint, "describe-execution", "--execution-arn", execution)
        return described if described["status"] != "RUNNING" else None

    return poll_until(ended, f"{execution} still RUNNING")
    raise TimeoutError(f"{execution} still RUNNING")


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
    described = wait_cli(server.endpoint, execution)
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
    described = wait_cli(server.endpoint, execution)
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


def test_cli_publishes_versions_and_routes_an_alias_ninety_ten(server, unique):
    """What an operator does to deploy safely: publish, route an alias 90/10, watch, shift."""
    endpoint = server.endpoint

    def definition(result):
        return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})

    created = aws_json(endpoint, "create-state-machine", "--name", unique("cli-deploy"), "--definition", definition("v1"), "--role-arn", ROLE, "--publish",
                       "--version-description", "first release")
    machine = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == machine + ":1"
    aws_json(endpoint, "update-state-machine", "--state-machine-arn", machine, "--definition", definition("v2"))
    revision = aws_json(endpoint, "describe-state-machine", "--state-machine-arn", machine)["revisionId"]
    published = aws_json(endpoint, "publish-state-machine-version", "--state-machine-arn", machine, "--revision-id", revision)
    assert published["stateMachineVersionArn"] == machine + ":2"
    versions = aws_json(endpoint, "list-state-machine-versions", "--state-machine-arn", machine)["stateMachineVersions"]
    assert [item["stateMachineVersionArn"] for item in versions] == [machine + ":2", machine + ":1"]
    assert aws_json(endpoint, "describe-state-machine", "--state-machine-arn", machine + ":1")["description"] == "first release"

    alias = aws_json(endpoint, "create-state-machine-alias", "--name", "live", "--routing-configuration",
                     f"stateMachineVersionArn={machine}:1,weight=90", f"stateMachineVersionArn={machine}:2,weight=10")["stateMachineAliasArn"]
    assert alias == machine + ":live"
    routing = aws_json(endpoint, "describe-state-machine-alias", "--state-machine-alias-arn", alias)["routingConfiguration"]
    assert [item["weight"] for item in routing] == [90, 10]
    execution = aws_json(endpoint, "start-execution", "--state-machine-arn", alias)["executionArn"]
    described = wait_cli(endpoint, execution)
    assert described["stateMachineAliasArn"] == alias
    assert described["stateMachineVersionArn"] in (machine + ":1", machine + ":2")

    conflict = aws(endpoint, "delete-state-machine-version", "--state-machine-version-arn", machine + ":1", check=False)
    assert conflict.returncode != 0 and "(ConflictException)" in conflict.stderr
    aws(endpoint, "update-state-machine-alias", "--state-machine-alias-arn", alias, "--routing-configuration",
        f"stateMachineVersionArn={machine}:2,weight=100")
    assert json.loads(wait_cli(endpoint, aws_json(endpoint, "start-execution", "--state-machine-arn", alias)["executionArn"])["output"]) == "v2"
    aws(endpoint, "delete-state-machine-version", "--state-machine-version-arn", machine + ":1")
    listed = aws_json(endpoint, "list-executions", "--state-machine-arn", alias)["executions"]
    assert len(listed) == 2 and all(item["stateMachineAliasArn"] == alias for item in listed)
    aliases = aws_json(endpoint, "list-state-machine-aliases", "--state-machine-arn", machine)["stateMachineAliases"]
    assert [item["stateMachineAliasArn"] for item in aliases] == [alias]
    aws(endpoint, "delete-state-machine-alias", "--state-machine-alias-arn", alias)
    assert aws_json(endpoint, "list-state-machine-aliases", "--state-machine-arn", machine)["stateMachineAliases"] == []


def test_cli_watches_and_steers_a_map_run(server, unique):
    endpoint = server.endpoint
    definition = {
        "StartAt": "M",
        "States": {"M": {"Type": "Map", "Label": "Fan", "MaxConcurrency": 1, "End": True, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 1, "End": True}}}}},
    }
    machine = aws_json(endpoint, "create-state-machine", "--name", unique("cli-fan"), "--definition", json.dumps(definition), "--role-arn", ROLE)[
        "stateMachineArn"
    ]
    execution = aws_json(endpoint, "start-execution", "--state-machine-arn", machine, "--input", "[1, 2, 3, 4]")["executionArn"]
    runs = aws_json(endpoint, "list-map-runs", "--execution-arn", execution)["mapRuns"]
    run = runs[0]["mapRunArn"]
    aws(endpoint, "update-map-run", "--map-run-arn", run, "--max-concurrency", "4", "--tolerated-failure-count", "1")
    described = aws_json(endpoint, "describe-map-run", "--map-run-arn", run)
    assert (described["maxConcurrency"], described["toleratedFailureCount"], described["itemCounts"]["total"]) == (4, 1, 4)
    assert wait_cli(endpoint, execution)["status"] == "SUCCEEDED"
    assert aws_json(endpoint, "describe-map-run", "--map-run-arn", run)["executionCounts"]["succeeded"] == 4
    children = aws_json(endpoint, "list-executions", "--map-run-arn", run)["executions"]
    assert len(children) == 4 and all(child["mapRunArn"] == run for child in children)


def test_cli_an_operator_deploys_watches_a_failure_fixes_it_and_redrives(server, unique):
    """The operator's round trip of issue 16: publish, route an alias 90/10, watch an execution
    on the alias fail, publish the fix and move the alias, redrive the failed execution from the
    state that failed."""
    endpoint = server.endpoint
    activity = aws_json(endpoint, "create-activity", "--name", unique("cli-charge"))["activityArn"]

    def definition(retries):
        return json.dumps({"StartAt": "Prepare", "States": {
            "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Charge"},
            "Charge": {"Type": "Task", "Resource": activity, "Retry": [{"ErrorEquals": ["Card.Timeout"], "MaxAttempts": retries}], "End": True}}})

    machine = aws_json(endpoint, "create-state-machine", "--name", unique("cli-payments"), "--definition", definition(1), "--role-arn", ROLE, "--publish")[
        "stateMachineArn"
    ]
    aws_json(endpoint, "update-state-machine", "--state-machine-arn", machine, "--definition", definition(2), "--publish")
    alias = aws_json(endpoint, "create-state-machine-alias", "--name", "live", "--routing-configuration",
                     f"stateMachineVersionArn={machine}:1,weight=90", f"stateMachineVersionArn={machine}:2,weight=10")["stateMachineAliasArn"]

    execution = aws_json(endpoint, "start-execution", "--state-machine-arn", alias)["executionArn"]
    task = aws_json(endpoint, "get-activity-task", "--activity-arn", activity)
    aws(endpoint, "send-task-failure", "--task-token", task["taskToken"], "--error", "Card.Declined", "--cause", "insufficient funds")
    failed = wait_cli(endpoint, execution)
    assert (failed["status"], failed["error"], failed["redriveStatus"]) == ("FAILED", "Card.Declined", "REDRIVABLE")
    assert failed["stateMachineAliasArn"] == alias and failed["stateMachineVersionArn"] in (machine + ":1", machine + ":2")

    fixed = aws_json(endpoint, "update-state-machine", "--state-machine-arn", machine, "--definition", definition(3), "--publish")["stateMachineVersionArn"]
    aws(endpoint, "update-state-machine-alias", "--state-machine-alias-arn", alias, "--routing-configuration", f"stateMachineVersionArn={fixed},weight=100")
    assert aws_json(endpoint, "redrive-execution", "--execution-arn", execution)["redriveDate"]
    again = aws_json(endpoint, "get-activity-task", "--activity-arn", activity)
    assert json.loads(again["input"]) == {"order": 7}
    aws(endpoint, "send-task-success", "--task-token", again["taskToken"], "--task-output", '"charged"')
    succeeded = wait_cli(endpoint, execution)
    assert (succeeded["status"], succeeded["output"], succeeded["redriveCount"]) == ("SUCCEEDED", '"charged"', 1)
    assert succeeded["stateMachineVersionArn"] == failed["stateMachineVersionArn"], "a redrive runs the version the execution started with"
    history = [event["type"] for event in aws_json(endpoint, "get-execution-history", "--execution-arn", execution)["events"]]
    assert history.count("PassStateEntered") == 1 and "ExecutionRedriven" in history
    redriven = aws_json(endpoint, "list-executions", "--state-machine-arn", alias, "--redrive-filter", "REDRIVEN")["executions"]
    assert [item["executionArn"] for item in redriven] == [execution]
