#!/usr/bin/env bash
# Installs the Step Functions emulators the StepwiseAWS tests run against, each into its own
# virtualenv under .build-peers/ (ignored by git):
#   .build-peers/moto        moto server 5.2.5 (Step Functions executions and S3)
#   .build-peers/localstack  LocalStack in host mode (activities end to end)
# Idempotent: a peer whose marker file says it is installed at the wanted version is skipped.
# A peer that fails to install is reported and left out; the tests that need it then skip
# with the reason, so this script never fails the build.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
peers="$root/.build-peers"
shared="${STEPWISE_SHARED_DIR:-$root/../shared}"
moto_version="5.2.5"
localstack_version="2026.3.0"
mkdir -p "$peers"

# The first Python at or above the wanted version: $STEPWISE_PYTHON, python3 on PATH, or the
# pyenv interpreters machines of this kind carry.
find_python() {
    local minor="$1" candidate
    for candidate in "${STEPWISE_PYTHON:-}" python3 /root/.pyenv/versions/3.13*/bin/python /root/.pyenv/versions/3.12*/bin/python python3.13 python3.12; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c "import sys; sys.exit(0 if sys.version_info >= (3, $minor) else 1)" 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# install_peer NAME MARKER-TEXT PYTHON-MINOR COMMAND: runs COMMAND once, which sees $venv
# (bash scoping).
install_peer() {
    local name="$1" wanted="$2" minor="$3"
    shift 3
    local venv="$peers/$name" marker="$peers/$name/.stepwise-installed" log="$peers/$name.log"
    if [ -f "$marker" ] && [ "$(cat "$marker")" = "$wanted" ]; then
        echo "install-peers: $name already installed ($wanted)"
        return 0
    fi
    local python
    if ! python="$(find_python "$minor")"; then
        echo "install-peers: $name skipped: no Python >= 3.$minor found (set STEPWISE_PYTHON)" | tee "$peers/$name.failed"
        return 0
    fi
    echo "install-peers: installing $name ($wanted) with $python, log in $log"
    rm -rf "$venv" "$peers/$name.failed"
    if "$python" -m venv "$venv" >"$log" 2>&1 && "$@" >>"$log" 2>&1; then
        echo "$wanted" >"$marker"
        echo "install-peers: $name installed"
    else
        echo "install-peers: $name failed to install; see $log" | tee "$peers/$name.failed"
        tail -n 5 "$log"
    fi
}

install_moto() {
    "$venv/bin/pip" install --disable-pip-version-check --quiet "moto[server,stepfunctions]==$moto_version"
}

constraints="$shared/peers/localstack-constraints.txt"
install_localstack() {
    [ -f "$constraints" ] || { echo "missing $constraints"; return 1; }
    "$venv/bin/pip" install --disable-pip-version-check --quiet "localstack-core[runtime]==$localstack_version" &&
        "$venv/bin/pip" install --disable-pip-version-check --quiet --no-deps -r "$constraints"
}

install_peer moto "moto $moto_version" 8 install_moto
# The pins are part of what is installed: new pins mean a fresh install.
pins="$(sha256sum "$constraints" 2>/dev/null | cut -c1-12)"
install_peer localstack "localstack-core $localstack_version pins ${pins:-none}" 12 install_localstack
