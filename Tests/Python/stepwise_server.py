"""Starting, stopping and talking to `stepwise serve` from the tests.

The server is the debug binary the Swift build leaves in `.build/debug/stepwise`. It is started
on port 0 and the real port is read from its start line, so parallel runs never collide.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import boto3
from botocore.config import Config

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("STEPWISE_BINARY", PACKAGE_ROOT / ".build" / "debug" / "stepwise"))
START_LINE = re.compile(r"^stepwise serve listening on (http://\S+) \(data: (.*)\)$")

DUMMY_KEY = "AKIDSTEPWISETEST"
DUMMY_SECRET = "stepwise-test-secret"
REGION = "us-east-1"


class ServerProcess:
    """One `stepwise serve` process. Use as a context manager so it is always stopped."""

    def __init__(self, *arguments, data_dir=None, port=0, start_timeout=60, env=None, credentials=(DUMMY_KEY, DUMMY_SECRET)):
        if not BINARY.is_file():
            raise RuntimeError(f"{BINARY} is missing: run `swift build` first")
        self.arguments = list(arguments)
        self.data_dir = data_dir
        self.port = port
        self.start_timeout = start_timeout
        # Variables added to (or, when None, removed from) the server's environment.
        self.env = env or {}
        # The key pair `client()` signs with unless told otherwise (one the server accepts).
        self.credentials = credentials
        self.process = None
        self.endpoint = None
        self.stderr_lines = []
        self._stderr_changed = threading.Condition()
        self._stderr_ended = False

    def command(self):
        storage = ["--data-dir", str(self.data_dir)] if self.data_dir else ["--in-memory"]
        return [str(BINARY), "serve", "--port", str(self.port), *storage, *self.arguments]

    def start(self):
        environment = {**os.environ, **{name: value for name, value in self.env.items() if value is not None}}
        for name in [name for name, value in self.env.items() if value is None]:
            environment.pop(name, None)
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PACKAGE_ROOT, env=environment
        )
        # Drain stderr continuously so a chatty server never blocks on a full pipe.
        threading.Thread(target=self._collect_stderr, daemon=True).start()
        found = {}

        def read_start_line():
            for line in self.process.stdout:
                match = START_LINE.match(line.strip())
                if match:
                    found["endpoint"] = match.group(1)
                    return

        reader = threading.Thread(target=read_start_line, daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if "endpoint" not in found:
            self.kill()
            raise RuntimeError(f"stepwise serve did not start: {''.join(self.stderr_lines)[-2000:]}")
        self.endpoint = found["endpoint"]
        return self

    def _collect_stderr(self):
        for line in self.process.stderr:
            with self._stderr_changed:
                self.stderr_lines.append(line)
                self._stderr_changed.notify_all()
        with self._stderr_changed:
            self._stderr_ended = True
            self._stderr_changed.notify_all()

    def stderr_containing(self, text, timeout=30):
        """The server's stderr so far, once it contains `text` or the server has closed it (so,
        after the server has exited, all of it)."""
        with self._stderr_changed:
            self._stderr_changed.wait_for(lambda: self._stderr_ended or text in "".join(self.stderr_lines), timeout)
            return "".join(self.stderr_lines)

    def stop(self, timeout=30):
        """SIGTERM, then wait for a graceful exit; returns the exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self):
        """SIGKILL: no chance to flush or clean up, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def client(self, key=None, secret=None, read_timeout=70, retries=0):
        return stepfunctions_client(self.endpoint, key or self.credentials[0], secret or self.credentials[1], read_timeout, retries)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            self.kill()


def free_port():
    """A port nobody listens on right now (for servers that must come back on the same one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stepfunctions_client(endpoint, key=DUMMY_KEY, secret=DUMMY_SECRET, read_timeout=70, retries=0):
    """A boto3 client for `endpoint`. GetActivityTask long-polls 60 s, so reads may take longer;
    retries are off so that every error the server sends reaches the test."""
    # A session per client: boto3's default session must not be shared between threads.
    return boto3.session.Session().client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(
            read_timeout=read_timeout,
            connect_timeout=5,
            retries={"max_attempts": retries, "mode": "standard"},
            max_pool_connections=50,
            # StartSyncExecution's "sync-" host prefix cannot go in front of 127.0.0.1.
            inject_host_prefix=False,
        ),
    )


DEFAULT_HOST = object()


def raw_call(endpoint, operation, body, headers=None, host=DEFAULT_HOST, timeout=30):
    """POSTs `body` (bytes, or an object sent as JSON) to the operation over plain HTTP, with
    `headers` added or overriding the defaults. `host`: a Host header to send instead of the
    endpoint's, or None for none at all. Returns (status, headers, parsed JSON body)."""
    url = urllib.parse.urlsplit(endpoint)
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    fields = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AWSStepFunctions.{operation}", **(headers or {})}
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.putrequest("POST", "/", skip_host=host is not DEFAULT_HOST, skip_accept_encoding=True)
        if host is not DEFAULT_HOST and host is not None:
            connection.putheader("Host", host)
        for name, value in fields.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        raw = response.read()
        return response.status, dict(response.getheaders()), json.loads(raw) if raw else None
    finally:
        connection.close()


def sigv4_headers(endpoint, operation, data, key, secret, content_sha256=None):
    """The headers of `data` signed for `states` by botocore's own signer; with `content_sha256`,
    that x-amz-content-sha256 is sent and signed instead of the body's hash."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(
        method="POST", url=endpoint + "/", data=data,
        headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AWSStepFunctions.{operation}"},
    )
    if content_sha256 is not None:
        request.headers["X-Amz-Content-SHA256"] = content_sha256
    SigV4Auth(Credentials(key, secret), "states", REGION).add_auth(request)
    return dict(request.headers.items())


def poll_until(look, what, timeout=60, first_delay=0.005, longest_delay=0.1):
    """Calls `look` (at once, then after `first_delay`, doubling up to `longest_delay`) until it
    returns something other than None, and returns that. For what another process shows only
    when asked (an execution's status over the wire, a file it writes): the one place the
    tests wait by polling."""
    deadline = time.monotonic() + timeout
    delay = first_delay
    while True:
        found = look()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {timeout} s")
        time.sleep(delay)
        delay = min(delay * 2, longest_delay)


def wait_for_execution(client, execution_arn, timeout=60, **delays):
    """DescribeExecution once the execution has ended: the wire offers no event to wait on.
    `delays`: poll_until's first_delay and longest_delay."""

    def ended():
        described = client.describe_execution(executionArn=execution_arn)
        return described if described["status"] != "RUNNING" else None

    return poll_until(ended, f"{execution_arn} still RUNNING", timeout, **delays)


def full_history(client, execution_arn):
    events, token = [], None
    while True:
        page = client.get_execution_history(executionArn=execution_arn, maxResults=1000, **({"nextToken": token} if token else {}))
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


class ActivityWorker(threading.Thread):
    """A worker thread: long-polls an activity and answers each task with `handle(input)`
    (a dict), or with a failure when `handle` raises `TaskFailure`. A stopped worker's last
    poll is left to end with the server (or its 60 s window)."""

    def __init__(self, client, activity_arn, handle, worker_name="pytest-worker"):
        super().__init__(daemon=True)
        self.client = client
        self.activity_arn = activity_arn
        self.handle = handle
        self.worker_name = worker_name
        self.stopping = threading.Event()
        self.answered = 0
        self.errors = []

    def run(self):
        while not self.stopping.is_set():
            try:
                task = self.client.get_activity_task(activityArn=self.activity_arn, workerName=self.worker_name)
            except Exception as error:  # the server went away: nothing left to do
                self.errors.append(error)
                return
            token = task.get("taskToken")
            if not token or self.stopping.is_set():
                continue
            try:
                output = self.handle(json.loads(task["input"]))
                self.client.send_task_success(taskToken=token, output=json.dumps(output))
            except TaskFailure as failure:
                self.client.send_task_failure(taskToken=token, error=failure.error, cause=failure.cause)
            self.answered += 1

    def stop(self):
        self.stopping.set()


class TaskFailure(Exception):
    def __init__(self, error, cause):
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause
