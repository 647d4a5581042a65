"""The AWS JSON 1.0 protocol itself: targets, bodies, error shapes, limits, shutdown."""
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

from conftest import ROLE
from stepwise_server import ServerProcess


def post(endpoint, body, target="AWSStepFunctions.ListStateMachines", content_type="application/x-amz-json-1.0"):
    headers = {"Content-Type": content_type}
    if target is not None:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(endpoint + "/", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def test_unsigned_requests_are_accepted_by_default(server):
    status, headers, body = post(server.endpoint, b"{}")
    assert status == 200
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    assert headers["x-amzn-RequestId"]
    assert "stateMachines" in body


def test_unknown_operation(server):
    status, _, body = post(server.endpoint, b"{}", target="AWSStepFunctions.LaunchRocket")
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")
    assert "LaunchRocket" in body["message"]


def test_missing_target(server):
    status, _, body = post(server.endpoint, b"{}", target=None)
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")


def test_other_services_target_is_unknown(server):
    status, _, body = post(server.endpoint, b"{}", target="DynamoDB_20120810.ListTables")
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")


def test_malformed_json_is_a_serialization_error(server):
    status, _, body = post(server.endpoint, b'{"maxResults": ', target="AWSStepFunctions.ListActivities")
    assert status == 400
    assert body["__type"].endswith("#SerializationException")


def test_wrongly_typed_member_is_a_serialization_error(server):
    status, _, body = post(server.endpoint, b'{"maxResults": "ten"}', target="AWSStepFunctions.ListActivities")
    assert status == 400
    assert body["__type"].endswith("#SerializationException")
    assert "maxResults" in body["message"]


def test_missing_member_is_a_validation_error(server):
    status, _, body = post(server.endpoint, b"{}", target="AWSStepFunctions.DescribeStateMachine")
    assert status == 400
    assert body["__type"].endswith("#ValidationException")
    assert "stateMachineArn" in body["message"]


def test_service_errors_use_the_service_namespace(server):
    status, _, body = post(
        server.endpoint, json.dumps({"stateMachineArn": "nope"}).encode(), target="AWSStepFunctions.DescribeStateMachine"
    )
    assert status == 400
    assert body["__type"].endswith("#InvalidArn")
    assert set(body) == {"__type", "message"}


def test_oversized_body_is_refused_with_413(server):
    status, _, body = post(server.endpoint, json.dumps({"name": "x" * (2 << 20)}).encode(), target="AWSStepFunctions.CreateActivity")
    assert status == 413
    assert body["__type"].endswith("#RequestEntityTooLargeException")


def test_sigterm_ends_waiting_long_polls_and_exits_cleanly():
    """A worker waiting in GetActivityTask gets AWS's empty answer when the server shuts down,
    instead of holding the shutdown for the rest of its 60 s window."""
    with ServerProcess("--log-level", "debug") as server:
        client = server.client()
        activity = client.create_activity(name="drain")["activityArn"]
        answers = []
        poller = threading.Thread(target=lambda: answers.append(client.get_activity_task(activityArn=activity)))
        poller.start()
        # A SIGTERM before the poll has reached the server would refuse its connection instead.
        assert "GetActivityTask started" in server.stderr_containing("GetActivityTask started")
        exit_code = server.stop(timeout=30)
        poller.join(30)
    assert exit_code == 0
    assert len(answers) == 1
    assert "taskToken" not in answers[0]


def test_a_worker_that_hangs_up_mid_poll_does_not_swallow_the_next_task(unique):
    """A poll whose connection closes is withdrawn: the next task goes to a worker that is
    still listening, not to the one that went away."""
    with ServerProcess("--log-level", "debug") as server:
        sfn = server.client()
        activity = sfn.create_activity(name=unique("hangup"))["activityArn"]
        definition = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}
        machine = sfn.create_state_machine(name=unique("hangup"), definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]

        address = urllib.parse.urlsplit(server.endpoint)
        body = json.dumps({"activityArn": activity}).encode()
        with socket.create_connection((address.hostname, address.port)) as gone:
            gone.sendall(
                b"POST / HTTP/1.1\r\nHost: %s\r\nX-Amz-Target: AWSStepFunctions.GetActivityTask\r\n"
                b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: %d\r\n\r\n%s" % (address.netloc.encode(), len(body), body)
            )
            assert "GetActivityTask started" in server.stderr_containing("GetActivityTask started")
        # The withdrawn poll is answered (to nobody) once the server has seen the hang-up.
        assert "GetActivityTask answered" in server.stderr_containing("GetActivityTask answered")

        execution = sfn.start_execution(stateMachineArn=machine, input='{"for": "the living"}')["executionArn"]
        # Were the task handed to the closed connection, this poll would wait its full 60 s.
        task = server.client(read_timeout=10).get_activity_task(activityArn=activity)
        assert json.loads(task["input"]) == {"for": "the living"}
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")
        assert sfn.describe_execution(executionArn=execution)["status"] == "SUCCEEDED"
