#!/usr/bin/env bash
# scripts/install.sh PREFIX BIN_DIR: installs the built stepwise, stepwise-repl and
# stepwise-handler-host from BIN_DIR into PREFIX/bin, the handler contract (the HandlerABI
# package, which handler packages build against wherever they are) into
# PREFIX/share/stepwise/HandlerABI, shell completions for bash, zsh and fish, and man pages made
# by swift-argument-parser's generate-manual (built into BIN_DIR too). `make install` runs it.
set -euo pipefail
prefix="${1/#\~/$HOME}"
bin_dir="$2"
repository="$(cd "$(dirname "$0")/.." && pwd)"
tools=(stepwise stepwise-repl)

for executable in "${tools[@]}" stepwise-handler-host generate-manual; do
  [ -x "$bin_dir/$executable" ] || { echo "install: $bin_dir/$executable is not built (make build, or swift build --product $executable)" >&2; exit 1; }
done
mkdir -p "$prefix/bin"
for executable in "${tools[@]}" stepwise-handler-host; do
  install -m 755 "$bin_dir/$executable" "$prefix/bin/$executable"
done

# The programs find it beside them: PREFIX/bin/.. /share/stepwise/HandlerABI. Its sources only,
# never a build of it.
abi="$prefix/share/stepwise/HandlerABI"
rm -rf "$abi"
mkdir -p "$abi"
cp "$repository/HandlerABI/Package.swift" "$abi/"
cp -R "$repository/HandlerABI/Sources" "$abi/"

mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
for tool in "${tools[@]}"; do
  "$prefix/bin/$tool" --generate-completion-script bash >"$prefix/share/bash-completion/completions/$tool"
  "$prefix/bin/$tool" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_$tool"
  "$prefix/bin/$tool" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/$tool.fish"
done

mkdir -p "$prefix/share/man/man1"
for tool in "${tools[@]}"; do
  "$bin_dir/generate-manual" "$prefix/bin/$tool" --output-directory "$prefix/share/man/man1"
done

echo "installed stepwise, stepwise-repl and stepwise-handler-host in $prefix/bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH" ;;
esac
