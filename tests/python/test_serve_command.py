"""The `stepwise serve` command line: defaults, data directory, refusals."""
import json
import socket
import subprocess

import pytest

from stepwise_server import BINARY, START_LINE, ServerProcess, stepfunctions_client, wait_for_execution


def serve(*arguments, cwd=None, timeout=30):
    return subprocess.run([str(BINARY), "serve", *arguments], capture_output=True, text=True, cwd=cwd, timeout=timeout)


@pytest.mark.parametrize(
    "arguments, complaint",
    [
        (["--in-memory", "--data-dir", "x"], "--in-memory and --data-dir exclude each other"),
        (["--require-credentials", "no-colon"], "--require-credentials takes KEY:SECRET"),
        (["--require-credentials", ":secret"], "--require-credentials takes KEY:SECRET"),
        (["--port", "70000"], "--port must be 0…65535"),
        (["--account", "12345"], "--account must be 12 digits"),
        (["--region", "US East"], "--region must be a region name"),
    ],
)
def test_bad_options_are_refused_with_a_reason(arguments, complaint):
    result = serve(*arguments)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_a_taken_port_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = serve("--in-memory", "--port", str(taken.getsockname()[1]), cwd=tmp_path)
    assert result.returncode != 0
    assert "in use" in result.stderr.lower()


def test_defaults_keep_data_in_dot_stepwise_and_survive_a_restart(tmp_path):
    """Without --data-dir the data lives in .stepwise/ of the working directory; the start line
    says where, and a restarted server still has what the first one made."""

    def start():
        process = subprocess.Popen([str(BINARY), "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        match = START_LINE.match(process.stdout.readline().strip())
        assert match, process.stderr.read()
        return process, match

    process, match = start()
    try:
        assert match.group(1).startswith("http://127.0.0.1:")
        assert match.group(2) == ".stepwise/"
        client = stepfunctions_client(match.group(1))
        definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}
        machine = client.create_state_machine(name="kept", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r")
    finally:
        process.terminate()
        assert process.wait(30) == 0
    assert (tmp_path / ".stepwise" / "engine.sqlite").is_file()

    process, match = start()
    try:
        described = stepfunctions_client(match.group(1)).describe_state_machine(stateMachineArn=machine["stateMachineArn"])
        assert json.loads(described["definition"]) == definition
    finally:
        process.terminate()
        process.wait(30)


def test_executions_started_before_a_clean_restart_finish_after_it(tmp_path):
    definition = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 2, "Next": "Done"}, "Done": {"Type": "Pass", "Result": "rested", "End": True}}}
    with ServerProcess(data_dir=tmp_path) as server:
        client = server.client()
        machine = client.create_state_machine(name="nap", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r")
        execution = client.start_execution(stateMachineArn=machine["stateMachineArn"])["executionArn"]
    with ServerProcess(data_dir=tmp_path) as server:
        described = wait_for_execution(server.client(), execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == "rested"
