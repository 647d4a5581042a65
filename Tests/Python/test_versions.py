"""Versions and aliases over the wire with boto3, against `stepwise serve` and LocalStack side by
side (the `peer` fixture). Where LocalStack departs from AWS's API reference, the test follows
the reference and says what LocalStack does instead."""
import json
from collections import Counter

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE
from stepwise_server import wait_for_execution


def definition(result):
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})


def failure(call, **arguments):
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    return caught.value.response


def run(sfn, arn):
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    return wait_for_execution(sfn, execution)


def routing(*pairs):
    return [{"stateMachineVersionArn": arn, "weight": weight} for arn, weight in pairs]


@pytest.fixture()
def published(peer, unique):
    """A machine with version 1 ("v1") and version 2 ("v2"), the machine itself at "v2"."""
    sfn = peer.sfn
    created = sfn.create_state_machine(name=unique("versions"), definition=definition("v1"), roleArn=ROLE, publish=True, versionDescription="first")
    machine = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == machine + ":1"
    updated = sfn.update_state_machine(stateMachineArn=machine, definition=definition("v2"), publish=True)
    assert updated["stateMachineVersionArn"] == machine + ":2"
    return machine


def test_versions_are_immutable_snapshots(peer, published):
    sfn = peer.sfn
    sfn.update_state_machine(stateMachineArn=published, definition=definition("v3"))
    assert json.loads(run(sfn, published + ":1")["output"]) == "v1"
    assert json.loads(run(sfn, published + ":2")["output"]) == "v2"
    assert json.loads(run(sfn, published)["output"]) == "v3"
    version = sfn.describe_state_machine(stateMachineArn=published + ":1")
    assert version["stateMachineArn"] == published + ":1"
    assert version["description"] == "first"
    assert json.loads(version["definition"]) == json.loads(definition("v1"))
    listed = sfn.list_state_machine_versions(stateMachineArn=published)["stateMachineVersions"]
    assert [item["stateMachineVersionArn"] for item in listed] == [published + ":2", published + ":1"]


def test_publishing_an_unchanged_revision_returns_its_version(peer, published):
    sfn = peer.sfn
    assert sfn.publish_state_machine_version(stateMachineArn=published)["stateMachineVersionArn"] == published + ":2"
    same = sfn.update_state_machine(stateMachineArn=published, definition=definition("v2"), publish=True)
    assert same["stateMachineVersionArn"] == published + ":2"
    revision = sfn.describe_state_machine(stateMachineArn=published)["revisionId"]
    conflict = failure(sfn.publish_state_machine_version, stateMachineArn=published, revisionId="INITIAL")
    assert conflict["Error"]["Code"] == "ConflictException"
    assert conflict["Error"]["Message"] == (
        f"Failed to publish the State Machine version for revision INITIAL. The current State Machine revision is {revision}."
    )
    # The API reference gives ConflictException HTTP 409; LocalStack sends 400.
    assert conflict["ResponseMetadata"]["HTTPStatusCode"] == (400 if peer.is_localstack else 409)


def test_a_version_description_needs_publish(peer, unique):
    error = failure(peer.sfn.create_state_machine, name=unique("described"), definition=definition(1), roleArn=ROLE, versionDescription="d")
    assert error["Error"] == {"Code": "ValidationException", "Message": "Version description can only be set when publish is true"}


def test_an_alias_routes_ninety_ten_and_executions_record_it(peer, published):
    sfn = peer.sfn
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=routing((published + ":1", 90), (published + ":2", 10)))[
        "stateMachineAliasArn"
    ]
    assert alias == published + ":live"
    described = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert described["routingConfiguration"] == routing((published + ":1", 90), (published + ":2", 10))
    outputs = Counter()
    for _ in range(40):
        result = run(sfn, alias)
        outputs[json.loads(result["output"])] += 1
        assert result["stateMachineAliasArn"] == alias
        assert result["stateMachineVersionArn"] == published + (":1" if json.loads(result["output"]) == "v1" else ":2")
        assert result["stateMachineArn"] == published
    # 90/10: the chance that 40 executions never pick version 1 is 10^-40.
    assert outputs["v1"] > 0 and sum(outputs.values()) == 40

    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=routing((published + ":2", 100)))
    assert json.loads(run(sfn, alias)["output"]) == "v2"
    versions = sfn.list_executions(stateMachineArn=published + ":1")["executions"]
    assert versions and all(item["stateMachineVersionArn"] == published + ":1" for item in versions)
    everything = sfn.list_executions(stateMachineArn=published)["executions"]
    assert len(everything) == 41
    if peer.is_localstack:
        # The API reference lets ListExecutions take an alias ARN; LocalStack says no such machine.
        assert failure(sfn.list_executions, stateMachineArn=alias)["Error"]["Code"] == "StateMachineDoesNotExist"
    else:
        by_alias = sfn.list_executions(stateMachineArn=alias)["executions"]
        assert len(by_alias) == 41 and all(item["stateMachineAliasArn"] == alias for item in by_alias)


def test_a_version_an_alias_routes_to_cannot_be_deleted(peer, published):
    sfn = peer.sfn
    sfn.create_state_machine_alias(name="pinned", routingConfiguration=routing((published + ":1", 100)))
    error = failure(sfn.delete_state_machine_version, stateMachineVersionArn=published + ":1")
    assert error["Error"] == {
        "Code": "ConflictException",
        "Message": "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [pinned]",
    }
    sfn.delete_state_machine_alias(stateMachineAliasArn=published + ":pinned")
    sfn.delete_state_machine_version(stateMachineVersionArn=published + ":1")
    sfn.delete_state_machine_version(stateMachineVersionArn=published + ":1")  # already gone: still succeeds
    assert sfn.publish_state_machine_version(stateMachineArn=published)["stateMachineVersionArn"] == published + ":2"
    sfn.update_state_machine(stateMachineArn=published, definition=definition("v3"), publish=True)
    listed = sfn.list_state_machine_versions(stateMachineArn=published)["stateMachineVersions"]
    assert [item["stateMachineVersionArn"] for item in listed] == [published + ":3", published + ":2"]


def test_alias_routing_is_checked(peer, published):
    sfn = peer.sfn

    def create(name, *pairs):
        return failure(sfn.create_state_machine_alias, name=name, routingConfiguration=routing(*pairs))["Error"]

    assert create("half", (published + ":1", 50)) == {
        "Code": "ValidationException",
        "Message": "Sum of routing configuration weights must equal 100. Received: [50]",
    }
    assert create("twice", (published + ":1", 50), (published + ":1", 50))["Message"] == (
        f"Routing configuration must contain distinct state machine version ARNs. Received: [{published}:1, {published}:1]"
    )
    assert create("bare", (published, 100))["Message"] == f"Routing configuration must contain state machine version ARNs. Received: [{published}]"
    assert create("123", (published + ":1", 100))["Message"].startswith("1 validation error detected: Value '123' at 'name'")
    # A version that does not exist is a resource not found (CreateStateMachineAlias lists
    # ResourceNotFound); LocalStack calls the ARN no version ARN.
    assert create("ghost", (published + ":9", 100))["Code"] == ("ValidationException" if peer.is_localstack else "ResourceNotFound")
    sfn.create_state_machine_alias(name="live", routingConfiguration=routing((published + ":1", 100)))
    assert create("live", (published + ":2", 100)) == {
        "Code": "ConflictException",
        "Message": "Failed to create alias because an alias with the same name and a different routing configuration already exists.",
    }


def test_aliases_are_listed_for_a_machine_and_for_a_version(peer, published):
    sfn = peer.sfn
    sfn.create_state_machine_alias(name="one", routingConfiguration=routing((published + ":1", 100)))
    sfn.create_state_machine_alias(name="two", routingConfiguration=routing((published + ":2", 100)))
    listed = {item["stateMachineAliasArn"] for item in sfn.list_state_machine_aliases(stateMachineArn=published)["stateMachineAliases"]}
    assert listed == {published + ":one", published + ":two"}
    if peer.is_localstack:
        # The API reference lists the aliases of a version given its ARN; LocalStack refuses the ARN.
        assert failure(sfn.list_state_machine_aliases, stateMachineArn=published + ":2")["Error"]["Code"] == "InvalidArn"
    else:
        of_version = sfn.list_state_machine_aliases(stateMachineArn=published + ":2")["stateMachineAliases"]
        assert [item["stateMachineAliasArn"] for item in of_version] == [published + ":two"]


def test_unknown_aliases_and_versions(peer, published):
    sfn = peer.sfn
    missing = failure(sfn.describe_state_machine_alias, stateMachineAliasArn=published + ":nope")["Error"]
    # DescribeStateMachineAlias lists ResourceNotFound; LocalStack answers ValidationException.
    assert missing["Code"] == ("ValidationException" if peer.is_localstack else "ResourceNotFound")
    for arn in [published + ":9", published + ":nope"]:
        assert failure(sfn.start_execution, stateMachineArn=arn)["Error"] == {
            "Code": "StateMachineDoesNotExist",
            "Message": f"State Machine Does Not Exist: '{arn}'",
        }
    assert failure(sfn.update_state_machine, stateMachineArn=published + ":2", definition=definition(0))["Error"]["Code"] == (
        "StateMachineDoesNotExist"
    )
    sfn.delete_state_machine_alias(stateMachineAliasArn=published + ":nope")  # nothing to delete: succeeds


def test_deleting_a_machine_deletes_its_aliases(peer, published):
    sfn = peer.sfn
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=routing((published + ":1", 100)))["stateMachineAliasArn"]
    sfn.delete_state_machine(stateMachineArn=published)
    if peer.is_localstack:
        # DeleteStateMachine "also deletes all versions and aliases"; LocalStack keeps the alias.
        assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["name"] == "live"
    else:
        assert failure(sfn.describe_state_machine_alias, stateMachineAliasArn=alias)["Error"]["Code"] == "ResourceNotFound"
        assert sfn.list_state_machine_versions(stateMachineArn=published)["stateMachineVersions"] == []


def test_versions_and_aliases_survive_a_restart(tmp_path, unique):
    from stepwise_server import ServerProcess, free_port

    port = free_port()
    with ServerProcess(data_dir=tmp_path, port=port) as server:
        sfn = server.client()
        machine = sfn.create_state_machine(name=unique("durable"), definition=definition("v1"), roleArn=ROLE, publish=True)["stateMachineArn"]
        sfn.update_state_machine(stateMachineArn=machine, definition=definition("v2"))
        alias = sfn.create_state_machine_alias(name="live", routingConfiguration=routing((machine + ":1", 100)))["stateMachineAliasArn"]
        before = run(sfn, alias)
    with ServerProcess(data_dir=tmp_path, port=port) as server:
        sfn = server.client()
        assert json.loads(run(sfn, alias)["output"]) == "v1"
        assert sfn.describe_execution(executionArn=before["executionArn"])["stateMachineAliasArn"] == alias
        assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"] == routing((machine + ":1", 100))
        assert sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"] == machine + ":2"
