"""Hostile requests over the wire, one test per input.

Each test sends its input, checks the answer it must get, and ends with
`assert_still_answering(server)`: the process is alive and answers an ordinary call. To add a
case, write a test that takes `server` (or `guarded`, which requires SigV4 credentials), sends
the input with `raw_call` (any bytes, headers or Host) or `server.client()` (boto3), asserts
the answer, and calls `assert_still_answering`.
"""
import hashlib
import json

import pytest

from conftest import ROLE
from stepwise_server import ServerProcess, free_port, poll_until, raw_call, sigv4_headers, stepfunctions_client, wait_for_execution

KEY, SECRET = "AKIDHOSTILE", "hostile/secret+value="

# One grapheme cluster, 100,001 Unicode scalar values: AWS counts it as 100,001 characters.
ACCENTED = "a" + "\u0301" * 100_000


@pytest.fixture(scope="module")
def server():
    with ServerProcess() as process:
        yield process


@pytest.fixture(scope="module")
def guarded():
    with ServerProcess(env={"STEPWISE_REQUIRE_CREDENTIALS": f"{KEY}:{SECRET}"}, credentials=(KEY, SECRET)) as process:
        yield process


def assert_still_answering(server):
    assert server.process.poll() is None, f"the server exited with {server.process.returncode}: {''.join(server.stderr_lines)[-2000:]}"
    assert "stateMachines" in server.client().list_state_machines(maxResults=1)


def error_of(answer):
    status, _, body = answer
    return status, body["__type"].split("#")[-1], body["message"]


def waiting_machine(server, name):
    definition = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 99999, "End": True}}}
    return server.client().create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]


# Names and free text, counted in Unicode scalar values as AWS counts them.


def test_an_activity_name_of_one_grapheme_and_100001_scalars(server):
    status, code, _ = error_of(raw_call(server.endpoint, "CreateActivity", {"name": ACCENTED}))
    assert (status, code) == (400, "InvalidName")
    assert_still_answering(server)


def test_a_state_machine_name_of_one_grapheme_and_100001_scalars(server):
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    answer = raw_call(server.endpoint, "CreateStateMachine", {"name": ACCENTED, "definition": definition, "roleArn": ROLE})
    assert error_of(answer)[:2] == (400, "InvalidName")
    assert_still_answering(server)


def test_an_execution_name_of_one_grapheme_and_100001_scalars(server):
    machine = waiting_machine(server, "hostile-execution-name")
    answer = raw_call(server.endpoint, "StartExecution", {"stateMachineArn": machine, "name": ACCENTED})
    assert error_of(answer)[:2] == (400, "InvalidName")
    assert server.client().list_executions(stateMachineArn=machine)["executions"] == []
    assert_still_answering(server)


@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\U0010ffff", "\u0085", "\u2028"])
def test_a_name_with_a_character_aws_forbids(server, character):
    status, code, message = error_of(raw_call(server.endpoint, "CreateActivity", {"name": f"x{character}y"}))
    assert (status, code) == (400, "InvalidName")
    assert f"U+{ord(character):04X}" in message
    assert_still_answering(server)


def test_a_stop_error_and_cause_of_one_grapheme_each(server):
    execution = server.client().start_execution(stateMachineArn=waiting_machine(server, "hostile-stop"))["executionArn"]
    # Two such values, JSON-escaped, would exceed the 1 MiB body limit: the cause is one grapheme of 32,769 scalars.
    cause = "c" + "\u0301" * 32_768
    answer = raw_call(server.endpoint, "StopExecution", {"executionArn": execution, "error": ACCENTED, "cause": cause})
    status, code, message = error_of(answer)
    assert (status, code) == (400, "ValidationException")
    assert message.startswith("2 validation errors detected: Value at 'error' failed to satisfy constraint")
    assert server.client().describe_execution(executionArn=execution)["status"] == "RUNNING"
    assert_still_answering(server)


def test_a_worker_name_of_one_grapheme(server):
    activity = server.client().create_activity(name="hostile-worker")["activityArn"]
    status, code, message = error_of(raw_call(server.endpoint, "GetActivityTask", {"activityArn": activity, "workerName": ACCENTED}))
    assert (status, code) == (400, "ValidationException")
    assert message.endswith("at 'workerName' failed to satisfy constraint: Member must have length less than or equal to 80")
    assert_still_answering(server)


def test_a_tag_key_of_one_grapheme(server):
    answer = raw_call(server.endpoint, "CreateActivity", {"name": "hostile-tags", "tags": [{"key": ACCENTED, "value": "v"}]})
    status, code, message = error_of(answer)
    assert (status, code) == (400, "ValidationException")
    assert "at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128" in message
    assert_still_answering(server)


# DNS rebinding: a page on another name reaching the loopback server through a browser.


def test_a_host_header_naming_another_site(server):
    status, code, message = error_of(raw_call(server.endpoint, "CreateActivity", {"name": "rebound"}, host="attacker.example:8083"))
    assert (status, code) == (403, "AccessDeniedException")
    assert "Host header 'attacker.example:8083'" in message and "--allow-host attacker.example" in message
    assert "rebound" not in [activity["name"] for activity in server.client().list_activities()["activities"]]
    assert_still_answering(server)


def test_a_host_header_that_only_starts_like_localhost(server):
    assert raw_call(server.endpoint, "ListActivities", {}, host="localhost.attacker.example")[0] == 403
    assert_still_answering(server)


def test_no_host_header(server):
    status, code, message = error_of(raw_call(server.endpoint, "ListActivities", {}, host=None))
    assert (status, code) == (403, "AccessDeniedException")
    assert "no Host header" in message
    assert_still_answering(server)


# Signatures that leave the body unsigned, against a server that requires credentials.


@pytest.mark.parametrize(
    "declared",
    ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "not-a-hash"],
)
def test_a_signature_that_leaves_the_body_out(guarded, declared):
    """Signed correctly, but over a special x-amz-content-sha256 instead of the body's hash: whoever
    replays the request could send any body with it."""
    signed_for = json.dumps({"name": "harmless"}).encode()
    headers = sigv4_headers(guarded.endpoint, "CreateActivity", signed_for, KEY, SECRET, content_sha256=declared)
    status, code, message = error_of(raw_call(guarded.endpoint, "CreateActivity", {"name": "substituted"}, headers=headers))
    assert (status, code) == (400, "InvalidSignatureException")
    assert f"x-amz-content-sha256 is '{declared}'" in message
    assert "substituted" not in [activity["name"] for activity in guarded.client().list_activities()["activities"]]
    assert_still_answering(guarded)


def test_a_signed_body_hash_in_uppercase(guarded):
    data = json.dumps({"name": "uppercase"}).encode()
    headers = sigv4_headers(guarded.endpoint, "CreateActivity", data, KEY, SECRET, content_sha256=hashlib.sha256(data).hexdigest().upper())
    assert error_of(raw_call(guarded.endpoint, "CreateActivity", data, headers=headers))[:2] == (400, "InvalidSignatureException")
    assert_still_answering(guarded)


# Evaluation: inputs that once crashed or wedged the server. Each ends as a named error on its
# execution (or on the request), and the server goes on answering.


def run_machine(server, name, definition, execution_input="{}"):
    client = server.client()
    machine = client.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    execution = client.start_execution(stateMachineArn=machine, input=execution_input)["executionArn"]
    return client, wait_for_execution(client, execution, timeout=120)


def jsonata_pass(expression):
    return {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% " + expression + " %}", "End": True}}}


@pytest.mark.parametrize("expression", ["(" * 3000 + "1" + ")" * 3000, "-" * 3000 + "1"])
def test_a_jsonata_expression_nested_3000_deep_is_an_invalid_definition(server, expression):
    answer = raw_call(server.endpoint, "CreateStateMachine", {"name": "deep-jsonata", "definition": json.dumps(jsonata_pass(expression)), "roleArn": ROLE})
    assert error_of(answer)[:2] == (400, "InvalidDefinition")
    assert_still_answering(server)


@pytest.mark.parametrize(
    "name, expression",
    [
        ("deep-reduce", '$reduce([1..10000], function($acc, $x){ {"a": $acc} }, {})'),
        ("tail-recursion", "($f := function($n){ $f($n + 1) }; $f(0))"),
    ],
)
def test_a_hostile_jsonata_evaluation_fails_its_execution(server, name, expression):
    _, described = run_machine(server, name, jsonata_pass(expression))
    assert described["status"] == "FAILED"
    assert described["error"] == "States.QueryEvaluationError"
    assert "'Output'" in described["cause"]
    assert_still_answering(server)


def test_a_distributed_map_child_that_loops_forever_fails(server):
    child = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "D"}], "Default": "A"},
            "D": {"Type": "Succeed"},
        },
    }
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": child, "End": True}}}
    _, described = run_machine(server, "endless-children", definition, "[1]")
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert "maximum number of history events" in described["cause"]
    assert_still_answering(server)


def test_a_descendant_query_on_a_400_deep_input_stops_at_its_budget(server):
    deep = "1"
    for _ in range(400):
        deep = f"[{deep}, 2]"
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$..*..*..*..*..*", "End": True}}}
    _, described = run_machine(server, "descendants", definition, deep)
    assert described["error"] == "States.QueryEvaluationError"
    assert "InputPath" in described["cause"]
    assert_still_answering(server)


def test_a_pass_loop_that_nests_its_input_deeper_stops_at_the_depth_limit(server):
    definition = {
        "StartAt": "Wrap",
        "States": {
            "Wrap": {"Type": "Pass", "Parameters": {"a.$": "$"}, "Next": "Again"},
            "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}], "Default": "Wrap"},
            "Done": {"Type": "Succeed"},
        },
    }
    _, described = run_machine(server, "nesting-loop", definition)
    assert described["error"] == "States.QueryEvaluationError"
    assert "512" in described["cause"]
    assert_still_answering(server)


def test_an_input_at_the_depth_limit_runs_and_its_history_reads_back(server):
    deep = "[" * 512 + "]" * 512
    client, described = run_machine(server, "deep-input", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, deep)
    assert described["status"] == "SUCCEEDED"
    assert described["output"] == deep
    assert len(client.get_execution_history(executionArn=described["executionArn"])["events"]) == 4
    answer = raw_call(server.endpoint, "StartExecution", {"stateMachineArn": described["stateMachineArn"], "input": "[" + deep + "]"})
    assert error_of(answer)[:2] == (400, "InvalidExecutionInput")
    assert_still_answering(server)


# Recovery: an execution whose step keeps taking the process down is stopped, not resumed into
# the same crash; the server always comes back on its data directory.


def test_an_execution_mid_step_at_three_crashes_is_quarantined(tmp_path):
    """kill -9 while a long step evaluates, three times: the execution is failed with
    Stepwise.Quarantined on the third restart and the server runs on. The step markers
    (engine.sqlite.steps) say when the step is being evaluated."""
    burn = "$count([1..3000000][$ % 7 = 0])"
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Nap",
        "States": {
            "Nap": {"Type": "Wait", "Seconds": 1, "Next": "Burn"},
            "Burn": {"Type": "Pass", "Output": "{% " + burn + " %}", "End": True},
        },
    }
    data = tmp_path / "data"
    markers = data / "engine.sqlite.steps"
    server = ServerProcess(data_dir=data, port=free_port())
    server.start()
    try:
        client = stepfunctions_client(server.endpoint, retries=8)
        machine = client.create_state_machine(name="poison", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
        execution = client.start_execution(stateMachineArn=machine, name="poison")["executionArn"]
        for _ in range(3):
            wait_for_marker(markers, "poison")
            server.kill()
            server.start()
        described = wait_for_execution(client, execution, timeout=60)
        assert described["status"] == "FAILED"
        assert described["error"] == "Stepwise.Quarantined"
        assert client.get_execution_history(executionArn=execution)["events"][-1]["type"] == "ExecutionFailed"
        assert "stateMachines" in client.list_state_machines()
    finally:
        server.stop()
        server.kill()


def wait_for_marker(path, name, timeout=60):
    """Until a slot of the step markers names the execution (up to the slot's first NUL, as
    the server reads them): its step is being evaluated."""

    def marked():
        data = path.read_bytes() if path.exists() else b""
        slots = [data[offset : offset + 1024].split(b"\0", 1)[0] for offset in range(0, len(data), 1024)]
        return True if any(name.encode() in slot for slot in slots) else None

    poll_until(marked, f"no step of {name} began", timeout)
