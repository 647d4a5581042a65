"""`stepwise serve --mock-config`: StartExecution on `<state machine ARN>#<test case>` runs that test
case of AWS's mock file, as Step Functions Local does; the file may come from SFN_MOCK_CONFIG."""
import json
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE
from stepwise_server import BINARY, ServerProcess, full_history, wait_for_execution

MACHINE = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3600, "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["Card.Declined"], "Next": "Declined"}],
            "ResultSelector": {"charged.$": "$.Payload.amount"},
            "End": True,
        },
        "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "the card was declined"},
    },
}

MOCKS = {
    "StateMachines": {
        "orders": {
            "TestCases": {
                "HappyPath": {"Charge": "Charged"},
                "RetryPath": {"Charge": "BusyTwiceThenCharged"},
                "DeclinedPath": {"Charge": "CardDeclined"},
            }
        }
    },
    "MockedResponses": {
        "Charged": {"0": {"Return": {"StatusCode": 200, "Payload": {"amount": 42}}}},
        "BusyTwiceThenCharged": {
            "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "2": {"Return": {"StatusCode": 200, "Payload": {"amount": 7}}},
        },
        "CardDeclined": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "insufficient funds"}}},
    },
}


@pytest.fixture(scope="module")
def mock_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mocks") / "MockConfigFile.json"
    path.write_text(json.dumps(MOCKS, indent=2))
    return path


@pytest.fixture(scope="module")
def mocked(mock_file):
    """A server with the mock file, in virtual time: the hour-long retry intervals pass at once."""
    with ServerProcess("--mock-config", str(mock_file), "--virtual-time") as server:
        client = server.client()
        arn = client.create_state_machine(name="orders", definition=json.dumps(MACHINE), roleArn=ROLE)["stateMachineArn"]
        yield client, arn


def run(client, arn, input=None):
    execution = client.start_execution(stateMachineArn=arn, input=json.dumps(input or {}))["executionArn"]
    return execution, wait_for_execution(client, execution)


def test_a_test_case_answers_the_tasks_it_mocks(mocked):
    client, arn = mocked
    execution, described = run(client, f"{arn}#HappyPath", {"order": 1})
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"charged": 42}
    # The execution belongs to the machine; the test case is not part of its ARN.
    assert described["stateMachineArn"] == arn
    assert execution.startswith(arn.replace(":stateMachine:", ":execution:") + ":")
    succeeded = [event for event in full_history(client, execution) if event["type"] == "TaskSucceeded"]
    assert json.loads(succeeded[0]["taskSucceededEventDetails"]["output"]) == {"StatusCode": 200, "Payload": {"amount": 42}}


def test_retries_consume_the_mocked_answers_in_order(mocked):
    client, arn = mocked
    execution, described = run(client, f"{arn}#RetryPath")
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"charged": 7}
    types = [event["type"] for event in full_history(client, execution)]
    assert types.count("TaskFailed") == 2
    # Two retry intervals of an hour and two of them, in virtual time.
    assert (described["stopDate"] - described["startDate"]).total_seconds() == pytest.approx(3600 + 7200, abs=0.01)


def test_a_mocked_error_is_caught_like_a_real_one(mocked):
    client, arn = mocked
    _, described = run(client, f"{arn}#DeclinedPath")
    assert described["status"] == "FAILED"
    assert described["error"] == "Declined"


def test_an_unknown_test_case_is_refused_naming_those_there_are(mocked):
    client, arn = mocked
    with pytest.raises(ClientError) as refused:
        client.start_execution(stateMachineArn=f"{arn}#Nope")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    message = refused.value.response["Error"]["Message"]
    assert "no test case 'Nope'" in message
    assert "DeclinedPath, HappyPath, RetryPath" in message


def test_without_a_test_case_the_task_is_served_as_usual(mocked):
    client, arn = mocked
    _, described = run(client, arn)
    # Nothing serves the Lambda function on this server: the error says how to serve it.
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert "mock the state in a test case" in described["cause"]


def test_the_mock_file_can_come_from_SFN_MOCK_CONFIG(mock_file):
    with ServerProcess(env={"SFN_MOCK_CONFIG": str(mock_file)}) as server:
        client = server.client()
        arn = client.create_state_machine(name="orders", definition=json.dumps(MACHINE), roleArn=ROLE)["stateMachineArn"]
        _, described = run(client, f"{arn}#HappyPath")
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"charged": 42}


def test_a_server_without_mocks_refuses_a_test_case(server, unique):
    client = server.client()
    arn = client.create_state_machine(name=unique("orders"), definition=json.dumps(MACHINE), roleArn=ROLE)["stateMachineArn"]
    with pytest.raises(ClientError) as refused:
        client.start_execution(stateMachineArn=f"{arn}#HappyPath")
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert "no mock configuration is loaded" in refused.value.response["Error"]["Message"]


def test_a_malformed_mock_file_stops_the_server_saying_where(tmp_path):
    path = tmp_path / "MockConfigFile.json"
    path.write_text('{"StateMachines": {},\n "MockedResponses": {"R": {"first": {"Return": 1}}}}')
    result = subprocess.run([str(BINARY), "serve", "--in-memory", "--port", "0", "--mock-config", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert f'{path}:2:37: /MockedResponses/R/first: \'first\' is not an invocation number or range ("0", "1-2")' in result.stderr
