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
from stepwise_server import ServerProcess, raw_call, sigv4_headers

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
