"""The `stepwise serve` command line: defaults, data directory, host names, durability, refusals."""
import json
import os
import socket
import subprocess

import pytest

from stepwise_server import BINARY, START_LINE, ServerProcess, raw_call, stepfunctions_client, wait_for_execution


def serve(*arguments, cwd=None, timeout=30, env=None):
    return subprocess.run([str(BINARY), "serve", *arguments], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)


# No credentials from the environment running the tests.
CLEAN_ENVIRONMENT = {
    name: value for name, value in os.environ.items()
    if name not in ("STEPWISE_REQUIRE_CREDENTIALS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
}


@pytest.mark.parametrize(
    "arguments, complaint",
    [
        (["--in-memory", "--data-dir", "x"], "--in-memory and --data-dir exclude each other"),
        (["--require-credentials", "no-colon"], "--require-credentials takes KEY:SECRET"),
        (["--require-credentials", ":secret"], "--require-credentials takes KEY:SECRET"),
        (["--port", "70000"], "--port must be 0…65535"),
        (["--account", "12345"], "--account must be 12 digits"),
        (["--region", "US East"], "--region must be a region name"),
        (["--allow-host", "a b"], "--allow-host takes a host name or IP address (no port), got 'a b'"),
        (["--allow-host", "name:8083"], "--allow-host takes a host name or IP address (no port)"),
        (["--in-memory", "--durability", "full"], "--durability applies to a data directory"),
        (["--durability", "fsync"], "normal|full"),
        (["--retention-days", "0"], "--retention-days <days|never>"),
        (["--retention-days", "forever"], "--retention-days <days|never>"),
        (["--require-credentials", "env"], "--require-credentials env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        (["--require-credentials-file", "/nonexistent/keys"], "--require-credentials-file: cannot read /nonexistent/keys"),
        (["--require-credentials", "AKID:one", "--require-credentials", "AKID:two"], "the access key AKID is given twice, with different secrets"),
    ],
)
def test_bad_options_are_refused_with_a_reason(arguments, complaint):
    result = serve(*arguments, env=CLEAN_ENVIRONMENT)
    assert result.returncode != 0
    assert complaint in result.stderr


@pytest.mark.parametrize(
    "variable, complaint",
    [
        ("AKIDOK:fine AKIDNOSECRET", "STEPWISE_REQUIRE_CREDENTIALS, line 1: expected KEY:SECRET (the secret is not shown)"),
        ("no-colon-secret", "STEPWISE_REQUIRE_CREDENTIALS, line 1: expected KEY:SECRET"),
    ],
)
def test_malformed_credentials_in_the_environment_are_refused_without_showing_them(variable, complaint):
    result = serve("--in-memory", env={**CLEAN_ENVIRONMENT, "STEPWISE_REQUIRE_CREDENTIALS": variable})
    assert result.returncode != 0
    assert complaint in result.stderr
    assert "fine" not in result.stderr and "no-colon-secret" not in result.stderr


def test_a_credentials_file_without_pairs_is_refused(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text("# nobody yet\n\n")
    result = serve("--in-memory", "--require-credentials-file", str(keys), env=CLEAN_ENVIRONMENT)
    assert result.returncode != 0
    assert f"{keys} has no KEY:SECRET line" in result.stderr


def test_help_states_the_host_credential_and_durability_rules():
    help_text = " ".join(subprocess.run([str(BINARY), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout.split())
    for phrase in [
        "--allow-host <NAME>", "DNS rebinding", "localhost, 127.0.0.1, [::1]", "STEPWISE_REQUIRE_CREDENTIALS=KEY:SECRET",
        "--require-credentials-file <PATH>", "shows the secret in ps", "--durability <normal|full>", "power loss",
        "--retention-days <days|never>", "90 by default as in AWS", "Running executions are never deleted",
    ]:
        assert phrase in help_text, phrase


def test_loopback_names_and_allowed_hosts_are_answered_and_others_refused():
    with ServerProcess("--allow-host", "stepwise.test") as server:
        port = server.endpoint.rsplit(":", 1)[1]
        for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost", f"stepwise.test:{port}", "STEPWISE.test"]:
            assert raw_call(server.endpoint, "ListActivities", {}, host=host)[0] == 200, host
        status, _, body = raw_call(server.endpoint, "ListActivities", {}, host=f"other.test:{port}")
        assert status == 403
        assert "--allow-host other.test" in body["message"]
        assert "activities" in stepfunctions_client(f"http://localhost:{port}").list_activities()


def test_a_wildcard_bind_answers_loopback_names_and_asks_for_the_others():
    with ServerProcess("--host", "0.0.0.0") as server:
        port = server.endpoint.rsplit(":", 1)[1]
        assert raw_call(server.endpoint, "ListActivities", {}, host=f"localhost:{port}")[0] == 200
        status, _, body = raw_call(server.endpoint, "ListActivities", {}, host=f"192.0.2.7:{port}")
        assert status == 403
        assert "--allow-host 192.0.2.7" in body["message"]



def test_a_star_allows_any_host():
    with ServerProcess("--allow-host", "*") as server:
        assert raw_call(server.endpoint, "ListActivities", {}, host="192.0.2.7:1")[0] == 200
        assert raw_call(server.endpoint, "ListActivities", {}, host=None)[0] == 200


def test_full_durability_keeps_data_across_a_restart(tmp_path):
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}
    with ServerProcess("--durability", "full", data_dir=tmp_path) as server:
        client = server.client()
        machine = client.create_state_machine(name="fsynced", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r")
        execution = client.start_execution(stateMachineArn=machine["stateMachineArn"])["executionArn"]
        assert wait_for_execution(client, execution)["status"] == "SUCCEEDED"
    with ServerProcess("--durability", "normal", data_dir=tmp_path) as server:
        assert server.client().describe_execution(executionArn=execution)["status"] == "SUCCEEDED"


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
