"""`--require-credentials`: SigV4 signatures checked, AWS's errors for bad ones, and the key
pairs taken from the environment or a file instead of the command line."""
import hashlib
import json

import pytest
from botocore.exceptions import ClientError

from stepwise_server import ServerProcess, raw_call, sigv4_headers
from test_protocol import post

KEY, SECRET = "AKIDSTEPWISE", "s3cr3t/with+odd=chars"


@pytest.fixture(scope="module")
def guarded():
    with ServerProcess("--require-credentials", f"{KEY}:{SECRET}", "--require-credentials", "AKIDOTHER:other") as process:
        yield process


def test_the_right_secret_is_accepted(guarded):
    client = guarded.client(key=KEY, secret=SECRET)
    arn = client.create_activity(name="signed")["activityArn"]
    assert client.describe_activity(activityArn=arn)["name"] == "signed"
    assert guarded.client(key="AKIDOTHER", secret="other").describe_activity(activityArn=arn)["name"] == "signed"


def test_a_wrong_secret_is_an_invalid_signature(guarded):
    with pytest.raises(ClientError) as excinfo:
        guarded.client(key=KEY, secret="wrong").list_activities()
    error = excinfo.value.response
    assert error["Error"]["Code"] == "InvalidSignatureException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "signature does not match" in error["Error"]["Message"]


def test_an_unknown_key_is_an_unrecognized_client(guarded):
    with pytest.raises(ClientError) as excinfo:
        guarded.client(key="AKIDSTRANGER", secret=SECRET).list_activities()
    error = excinfo.value.response
    assert error["Error"]["Code"] == "UnrecognizedClientException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_an_unsigned_request_is_missing_authentication(guarded):
    status, _, body = post(guarded.endpoint, b"{}")
    assert status == 400
    assert body["__type"].endswith("#MissingAuthenticationTokenException")


def test_a_wrong_secret_cannot_change_anything(guarded):
    with pytest.raises(ClientError):
        guarded.client(key=KEY, secret="wrong").create_activity(name="forged")
    names = [item["name"] for item in guarded.client(key=KEY, secret=SECRET).list_activities()["activities"]]
    assert "forged" not in names


def test_a_signed_body_hash_is_checked_against_the_body(guarded):
    data = json.dumps({"name": "hashed"}).encode()
    headers = sigv4_headers(guarded.endpoint, "CreateActivity", data, KEY, SECRET, content_sha256=hashlib.sha256(data).hexdigest())
    assert raw_call(guarded.endpoint, "CreateActivity", data, headers=headers)[0] == 200
    status, _, body = raw_call(guarded.endpoint, "CreateActivity", {"name": "swapped"}, headers=headers)
    assert status == 400
    assert body["__type"].endswith("#InvalidSignatureException")
    assert "hashes to" in body["message"]


# Credentials kept off the command line, where `ps` would show them to every user.


def command_line(process):
    with open(f"/proc/{process.process.pid}/cmdline", "rb") as file:
        return file.read().decode()


def assert_only_these_pairs_are_accepted(server, pairs):
    for key, secret in pairs:
        assert "activities" in server.client(key=key, secret=secret).list_activities()
    with pytest.raises(ClientError) as excinfo:
        server.client(key=pairs[0][0], secret="wrong").list_activities()
    assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert SECRET not in command_line(server) and "env-secret" not in command_line(server)


def test_credentials_from_the_stepwise_variable():
    pairs = [("AKIDENVONE", "env-secret/1"), ("AKIDENVTWO", "env-secret:2")]
    variable = " ".join(f"{key}:{secret}" for key, secret in pairs)
    with ServerProcess(env={"STEPWISE_REQUIRE_CREDENTIALS": variable}) as server:
        assert_only_these_pairs_are_accepted(server, pairs)
    assert "warning" not in server.stderr_containing("warning")


def test_credentials_from_the_aws_variables():
    environment = {"AWS_ACCESS_KEY_ID": "AKIDFROMAWSENV", "AWS_SECRET_ACCESS_KEY": "env-secret+aws", "STEPWISE_REQUIRE_CREDENTIALS": None}
    with ServerProcess("--require-credentials", "env", env=environment) as server:
        assert_only_these_pairs_are_accepted(server, [("AKIDFROMAWSENV", "env-secret+aws")])


def test_credentials_from_a_file(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"# the team's keys\n{KEY}:{SECRET}\n\nAKIDFILETWO:env-secret-two\n")
    keys.chmod(0o600)
    with ServerProcess("--require-credentials-file", str(keys), env={"STEPWISE_REQUIRE_CREDENTIALS": None}) as server:
        assert_only_these_pairs_are_accepted(server, [(KEY, SECRET), ("AKIDFILETWO", "env-secret-two")])
    assert "warning" not in server.stderr_containing("warning")


def test_a_file_others_can_read_is_used_with_a_warning(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"{KEY}:{SECRET}\n")
    keys.chmod(0o644)
    with ServerProcess("--require-credentials-file", str(keys), env={"STEPWISE_REQUIRE_CREDENTIALS": None}) as server:
        assert_only_these_pairs_are_accepted(server, [(KEY, SECRET)])
    expected = f"{keys} can be read by other users (mode 644); chmod 600 it"
    assert expected in server.stderr_containing(expected)


def test_a_secret_on_the_command_line_works_with_a_warning(guarded):
    warning = "--require-credentials KEY:SECRET puts the secret on the command line, where ps shows it"
    stderr = guarded.stderr_containing(warning)
    assert warning in stderr
    assert SECRET not in stderr
