#!/usr/bin/env python3
"""Executions per second of `stepwise serve` and of moto's server (≥ 5.2.5), side by side,
driven by the same boto3 script. A benchmark, not a test: it prints figures and the ratio.
boto3 saturates before `stepwise serve` does, so these are figures of the client, what a boto3
user sees; `stepwise-bench serve` (`make bench-serve`) measures the servers.

    python3 Benchmarks/serve-bench.py [--binary .build/release/stepwise] [--executions 100]
    (or `make bench-serve-boto3`)

Workloads (the ones ../shared/peers.md reports for the peers):
  - a 10-state Pass chain, one execution at a time (start, then DescribeExecution every 50 ms);
  - the same chain, a burst of 200 executions started from 8 threads, then awaited;
  - one API call (ListStateMachines), mean latency;
  - a one-activity machine, 100 executions answered by 4 boto3 workers (moto does not
    implement GetActivityTask, so only stepwise is measured there).

moto is installed into .build-peers/moto by scripts/install-peers.sh when that script exists,
otherwise by `python3 -m venv` + pip. Both servers run on loopback on free ports and are
always stopped.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / ".build-peers"
MOTO_VERSION = "5.2.5"
ROLE = "arn:aws:iam::123456789012:role/bench"
POLL_INTERVAL = 0.05


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(endpoint):
    return boto3.session.Session().client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDBENCH",
        aws_secret_access_key="bench",
        config=Config(read_timeout=70, retries={"max_attempts": 0}, max_pool_connections=32),
    )


# --- the peers ------------------------------------------------------------------------------


class Stepwise:
    def __init__(self, binary, data_dir=None):
        storage = ["--data-dir", str(data_dir)] if data_dir else ["--in-memory"]
        self.name = "stepwise (SQLite)" if data_dir else "stepwise (memory)"
        self.command = [str(binary), "serve", "--port", "0", *storage]

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"stepwise serve did not start: {line!r}")
        self.endpoint = match.group(1)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Moto:
    name = f"moto {MOTO_VERSION}"

    def __init__(self, server_binary):
        self.binary = server_binary

    def __enter__(self):
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        environment = dict(os.environ, MOTO_PORT=str(port))
        self.process = subprocess.Popen(
            [str(self.binary), "-H", "127.0.0.1", "-p", str(port)], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.__exit__()
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.2)
        # Executions only run when this is set, before anything is created.
        config = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/config", data=config, method="POST"), timeout=10).read()
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def moto_server_binary():
    binary = PEERS / "moto" / "bin" / "moto_server"
    if binary.exists():
        return binary
    script = ROOT / "scripts" / "install-peers.sh"
    if script.exists():
        subprocess.run(["bash", str(script)], check=False)
    else:
        venv = PEERS / "moto"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", f"moto[server,stepfunctions]=={MOTO_VERSION}"], check=True)
    if not binary.exists():
        raise RuntimeError(f"could not install moto into {binary.parent.parent}")
    return binary


# --- the workloads --------------------------------------------------------------------------


def pass_chain():
    states = {f"Step{index}": {"Type": "Pass", "Result": {"step": index}, "ResultPath": f"$.s{index}", "Next": f"Step{index + 1}"} for index in range(9)}
    states["Step9"] = {"Type": "Pass", "End": True}
    return {"StartAt": "Step0", "States": states}


def unique():
    """Execution names are always given: moto names unnamed executions "None", so its second
    unnamed execution of a machine already exists."""
    return uuid.uuid4().hex


def wait_done(sfn, arn):
    while True:
        described = sfn.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING":
            return described["status"]
        time.sleep(POLL_INTERVAL)


def one_at_a_time(endpoint, count):
    sfn = client(endpoint)
    machine = sfn.create_state_machine(name=f"chain-{time.time_ns()}", definition=json.dumps(pass_chain()), roleArn=ROLE)["stateMachineArn"]
    wait_done(sfn, sfn.start_execution(stateMachineArn=machine, name=unique(), input="{}")["executionArn"])  # warm-up
    started = time.perf_counter()
    for _ in range(count):
        status = wait_done(sfn, sfn.start_execution(stateMachineArn=machine, name=unique(), input="{}")["executionArn"])
        assert status == "SUCCEEDED", status
    return count / (time.perf_counter() - started)


def burst(endpoint, count, threads):
    sfn = client(endpoint)
    machine = sfn.create_state_machine(name=f"burst-{time.time_ns()}", definition=json.dumps(pass_chain()), roleArn=ROLE)["stateMachineArn"]
    per_thread = count // threads

    def drive(_):
        own = client(endpoint)
        arns = [own.start_execution(stateMachineArn=machine, name=unique(), input="{}")["executionArn"] for _ in range(per_thread)]
        for arn in arns:
            assert wait_done(own, arn) == "SUCCEEDED"

    started = time.perf_counter()
    run_threads(drive, threads)
    return per_thread * threads / (time.perf_counter() - started)


def api_call_latency(endpoint, calls=200):
    sfn = client(endpoint)
    sfn.list_state_machines()
    started = time.perf_counter()
    for _ in range(calls):
        sfn.list_state_machines()
    return (time.perf_counter() - started) / calls * 1000


def activity_executions(endpoint, count, workers):
    sfn = client(endpoint)
    activity = sfn.create_activity(name=f"echo-{time.time_ns()}")["activityArn"]
    definition = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": True}}}
    machine = sfn.create_state_machine(name=f"activity-{time.time_ns()}", definition=json.dumps(definition), roleArn=ROLE)["stateMachineArn"]
    done = threading.Event()
    worker_errors = []

    def work(_):
        own = client(endpoint)
        try:
            while not done.is_set():
                task = own.get_activity_task(activityArn=activity, workerName="bench")
                if task.get("taskToken"):
                    own.send_task_success(taskToken=task["taskToken"], output=task["input"])
        except Exception as error:  # moto answers GetActivityTask with HTTP 500
            worker_errors.append(error)
            done.set()

    for index in range(workers):
        threading.Thread(target=work, args=(index,), daemon=True).start()
    started = time.perf_counter()
    arns = [sfn.start_execution(stateMachineArn=machine, name=unique(), input=json.dumps({"n": n}))["executionArn"] for n in range(count)]
    for arn in arns:
        status = wait_done(sfn, arn)
        if status != "SUCCEEDED" or worker_errors:
            done.set()
            raise RuntimeError(f"execution ended {status}; worker errors: {worker_errors[:1]}")
    elapsed = time.perf_counter() - started
    done.set()
    return count / elapsed


def run_threads(target, count):
    errors = []

    def guarded(index):
        try:
            target(index)
        except Exception as error:  # reported below, after every thread ended
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def measure(peer, arguments):
    figures = {}
    figures["one at a time (exec/s)"] = one_at_a_time(peer.endpoint, arguments.executions)
    figures["burst of 200, 8 threads (exec/s)"] = burst(peer.endpoint, 200, 8)
    figures["one API call (ms)"] = api_call_latency(peer.endpoint)
    try:
        figures["100 one-activity executions, 4 workers (exec/s)"] = activity_executions(peer.endpoint, 100, 4)
    except Exception as error:
        figures["100 one-activity executions, 4 workers (exec/s)"] = f"fails: {str(error)[:160]}"
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, help="the stepwise binary (default: release build if present, else debug)")
    parser.add_argument("--executions", type=int, default=100, help="executions in the one-at-a-time run")
    arguments = parser.parse_args()
    binary = arguments.binary or next((path for path in (ROOT / ".build/release/stepwise", ROOT / ".build/debug/stepwise") if path.exists()), None)
    if binary is None:
        sys.exit("build stepwise first: swift build -c release --product stepwise")
    print(f"stepwise binary: {binary.relative_to(ROOT) if binary.is_relative_to(ROOT) else binary}")
    moto_binary = moto_server_binary()

    import tempfile

    results = {}
    with tempfile.TemporaryDirectory() as data_dir:
        for peer in (Stepwise(binary, data_dir), Stepwise(binary), Moto(moto_binary)):
            with peer:
                results[peer.name] = measure(peer, arguments)

    names = list(results)
    moto = names[-1]
    print(f"\n{'workload':<50}" + "".join(f"{name:>20}" for name in names) + f"{'SQLite vs moto':>16}")
    notes = []
    for workload in results[names[0]]:
        values = [results[name][workload] for name in names]
        cells = ""
        for name, value in zip(names, values):
            if isinstance(value, float):
                cells += f"{value:>20.1f}"
            else:
                cells += f"{'n/a':>20}"
                notes.append(f"{name}, {workload}: {value}")
        ratio = ""
        durable, peer = results[names[0]][workload], results[moto][workload]
        if isinstance(durable, float) and isinstance(peer, float):
            ratio = f"{durable / peer if 'exec/s' in workload else peer / durable:.1f}x"
        print(f"{workload:<50}{cells}{ratio:>16}")
    print("\nratio: how many times better stepwise serve on SQLite does than moto (throughput, or inverse latency)")
    for note in notes:
        print(f"n/a: {note}")


if __name__ == "__main__":
    main()
