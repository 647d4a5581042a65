"""Replays the AWS-recorded conformance cases (../shared/conformance/cases.jsonl) against a
running `stepwise serve` with boto3, the way Tests/ConformanceTests runs them in-process.

The server runs on the real clock. The cases' waits are short (a Retry's 1 + 2 + 4 s
backoff, a 5 s activity timeout, 1 s Waits; their Timestamp waits lie in the past), so the
cases run side by side on a thread pool, which keeps the whole replay to well under a minute
without teaching the server to fake time.
"""
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from recorded_comparison import compare
from stepwise_server import PACKAGE_ROOT, full_history, stepfunctions_client, wait_for_execution

# The account the recordings mask as 111111111111: serving it makes the definitions' activity
# ARNs resolve, as the in-process runner does.
ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/stepwise"


def cases_path():
    shared = Path(os.environ.get("STEPWISE_SHARED_DIR", PACKAGE_ROOT.parent / "shared"))
    return shared / "conformance" / "cases.jsonl"


def load_cases():
    path = cases_path()
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def activity_arns(value):
    found = set()

    def visit(item):
        if isinstance(item, str) and item.startswith("arn:aws:states:") and ":activity:" in item:
            found.add(item)
        elif isinstance(item, list):
            for element in item:
                visit(element)
        elif isinstance(item, dict):
            for element in item.values():
                visit(element)

    visit(value)
    return sorted(found)


class ScriptedWorker(threading.Thread):
    """Answers an activity's tasks the way the recorded worker did: one poll per recorded
    answer, under the recorded worker name; an `ActivityTimedOut` step takes the task and never
    answers it."""

    def __init__(self, client, activity_arn, script):
        super().__init__(daemon=True)
        self.client = client
        self.activity_arn = activity_arn
        started = next((step for step in script if step.get("event") == "ActivityStarted"), {})
        self.worker_name = (started.get("activityStartedEventDetails") or {}).get("workerName")
        self.answers = [step for step in script if step.get("event") not in ("ActivityScheduled", "ActivityStarted")]
        self.error = None

    def run(self):
        try:
            for step in self.answers:
                token = None
                while token is None:
                    poll = {"activityArn": self.activity_arn}
                    if self.worker_name:
                        poll["workerName"] = self.worker_name
                    token = self.client.get_activity_task(**poll).get("taskToken")
                self.answer(token, step)
        except Exception as error:  # reported with the case, never hidden
            self.error = error

    def answer(self, token, step):
        if step.get("event") == "ActivitySucceeded":
            output = step.get("output")
            self.client.send_task_success(taskToken=token, output=json.dumps(output) if output is not None else "{}")
        elif step.get("event") == "ActivityFailed":
            arguments = {"taskToken": token}
            if step.get("error") is not None:
                arguments["error"] = step["error"]
            cause = step.get("cause")
            if cause is not None:
                arguments["cause"] = cause if isinstance(cause, str) else json.dumps(cause)
            self.client.send_task_failure(**arguments)
        # ActivityTimedOut: the worker never answers.


_clients = threading.local()


def client_for(endpoint):
    if getattr(_clients, "endpoint", None) != endpoint:
        _clients.client = stepfunctions_client(endpoint)
        _clients.endpoint = endpoint
    return _clients.client


def run_case(endpoint, index, case, timeout=120):
    client = client_for(endpoint)
    required = case.get("requires_api_actions") or []
    arns = activity_arns(case["definition"])
    for arn in arns:
        client.create_activity(name=arn.rsplit(":", 1)[-1])
        if "delete_activity" in required:
            client.delete_activity(activityArn=arn)
    machine = client.create_state_machine(name=f"conformance-{index}", definition=json.dumps(case["definition"]), roleArn=ROLE)
    execution = client.start_execution(stateMachineArn=machine["stateMachineArn"], name="case", input=case["input"])["executionArn"]
    if "stop_execution" in required:
        client.stop_execution(executionArn=execution)
    workers = []
    if arns and "delete_activity" not in required:
        # Each recorded case has one activity; its worker gets its own client (long polls).
        workers = [ScriptedWorker(stepfunctions_client(endpoint), arn, case.get("activity_worker_script") or []) for arn in arns]
        for worker in workers:
            worker.start()
    # Recorded cases end within milliseconds: poll quickly.
    described = wait_for_execution(client, execution, timeout, first_delay=0.002, longest_delay=0.05)
    for worker in workers:
        if worker.error:
            raise worker.error
    events = full_history(client, execution)
    return {
        "status": described["status"],
        "has_output": described.get("output") is not None,
        "output": json.loads(described["output"]) if described.get("output") is not None else None,
        "error": described.get("error"),
        "cause": described.get("cause"),
        "event_types": [event["type"] for event in events],
        "previous_event_ids": [event["previousEventId"] for event in events],
    }


def replay(endpoint, cases, threads=8):
    """Runs every case; returns (passed, failures) where failures are (id, problem)."""

    def judge(item):
        index, case = item
        try:
            return case["id"], compare(run_case(endpoint, index, case), case)
        except Exception as error:
            return case["id"], f"error: {type(error).__name__}: {error}"

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(judge, enumerate(cases)))
    failures = [(case_id, problem) for case_id, problem in results if problem is not None]
    return len(results) - len(failures), failures


def report(passed, failures):
    print(f"conformance replay over the wire: {passed} passed, {len(failures)} failed")
    for case_id, problem in failures[:100]:
        print(f"  FAILED {case_id}\n    {problem}")
