#!/usr/bin/env bash
# Checks and installs what the build and the tests need on a fresh Debian machine of this
# kind (Swift is expected at /opt/swift or on PATH; system packages come from apt).
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "add /opt/swift/usr/bin to PATH" >&2
  else
    echo "Swift 6 is required: https://www.swift.org/install/" >&2
  fi
  exit 1
fi
# libedit-dev: the shell's line editor; tmux: the terminal tests drive the shell in a pseudo-terminal.
packages=(libedit-dev tmux)
if [ ${#packages[@]} -gt 0 ]; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
