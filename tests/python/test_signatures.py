"""`--require-credentials KEY:SECRET`: SigV4 signatures checked, AWS's errors for bad ones."""
import pytest
from botocore.exceptions import ClientError

from stepwise_server import ServerProcess
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
