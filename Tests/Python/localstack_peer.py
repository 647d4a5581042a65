"""LocalStack in host mode, for tests that run the same calls against `stepwise serve` and
LocalStack side by side. `scripts/install-peers.sh` installs it into `.build-peers/localstack`;
without it those tests skip, saying so. It binds 127.0.0.1 only and is stopped by its PID.
"""
import os
import signal
import subprocess
import tempfile
import urllib.request

from stepwise_server import PACKAGE_ROOT, free_port, poll_until, stepfunctions_client

INSTALLATION = PACKAGE_ROOT / ".build-peers" / "localstack"


class PeerUnavailable(Exception):
    pass


class LocalStackProcess:
    def __init__(self, ready_within=180):
        self.ready_within = ready_within
        self.process = None
        self.endpoint = None
        self.state = None
        self.log = None

    def start(self):
        python = INSTALLATION / "bin" / "python"
        if not (INSTALLATION / ".stepwise-installed").is_file() or not python.is_file():
            raise PeerUnavailable(f"LocalStack is not installed in {INSTALLATION} (run scripts/install-peers.sh)")
        port = free_port()
        self.state = tempfile.TemporaryDirectory(prefix="stepwise-localstack-")
        environment = {
            **os.environ,
            "GATEWAY_LISTEN": f"127.0.0.1:{port}",
            "GATEWAY_SERVER": "hypercorn",
            "DNS_ADDRESS": "0",
            "SERVICES": "stepfunctions,sts",
            "DISABLE_EVENTS": "1",
            "SKIP_SSL_CERT_DOWNLOAD": "1",
            "LOCALSTACK_VOLUME_DIR": self.state.name,
            "FILESYSTEM_ROOT": os.path.join(self.state.name, "fs"),
        }
        self.log = open(os.path.join(self.state.name, "localstack.log"), "w")
        self.process = subprocess.Popen(
            [str(python), "-m", "localstack.runtime.main"], stdout=self.log, stderr=subprocess.STDOUT, env=environment,
            start_new_session=True,
        )
        self.endpoint = f"http://127.0.0.1:{port}"

        def healthy():
            if self.process.poll() is not None:
                raise PeerUnavailable(f"LocalStack exited ({self.process.returncode}); log in {self.log.name}")
            try:
                with urllib.request.urlopen(self.endpoint + "/_localstack/health", timeout=2) as answer:
                    return True if answer.status == 200 else None
            except OSError:
                return None

        try:
            poll_until(healthy, "LocalStack did not answer", self.ready_within, first_delay=0.1, longest_delay=0.5)
        except TimeoutError as error:
            self.stop()
            raise PeerUnavailable(str(error)) from error
        return self

    def client(self):
        return stepfunctions_client(self.endpoint, "test", "test")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
        if self.state is not None:
            self.state.cleanup()
