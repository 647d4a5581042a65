# The two things a newcomer does: see it work, and run every test.
# `make repl` installs what this machine lacks, builds, and opens the shell on the bundled
# adder with the embedded engine (`make demo` runs the examples without a terminal); `make test` runs the whole suite, Swift and Python (CI runs it through
# .ci/run, after installing the AWS emulators the integration tests start).

.PHONY: repl demo test deps build install install-built bench test-python bench-serve bench-pass bench-serve-boto3 bench-scale format-check

deps:
	@./scripts/install-deps.sh

build: deps
	swift build
	swift build --product generate-manual

# `make install [PREFIX=DIR]` (default ~/.local): a release build of stepwise, stepwise-repl and
# stepwise-handler-host into PREFIX/bin; the handler contract (the HandlerABI package) into
# PREFIX/share/stepwise/HandlerABI, which handler packages build against wherever they are;
# completions for bash, zsh and fish under PREFIX/share; man pages in PREFIX/share/man/man1
# (made by swift-argument-parser's generate-manual). `make install-built BIN_DIR=DIR` installs
# what is already built there (the tests install the debug build so).
PREFIX ?= $(HOME)/.local

install: deps
	swift build -c release
	swift build -c release --product generate-manual
	$(MAKE) install-built BIN_DIR="$$(swift build -c release --show-bin-path)"

install-built:
	scripts/install.sh "$(PREFIX)" "$(BIN_DIR)"

repl: build
	.build/debug/stepwise-repl examples/adder

demo: build
	swift run stepwise validate examples/adder/adder.edn examples/pizza/pizza.edn
	swift run stepwise render examples/pizza/pizza.edn --to json
	swift run example-adder 41 1
	swift run example-pizza

# `stepwise test examples` runs the examples' test files (every path, mocked, in virtual time).
test: build
	swift test
	.build/debug/stepwise test examples
	$(MAKE) test-python

bench:
	swift run -c release stepwise-bench engine

# The pure interpreter: transitions/s on this host, and instructions per transition under
# valgrind's callgrind (host-independent).
bench-pass:
	swift build -c release --product stepwise-bench
	.build/release/stepwise-bench pass

# A SQLite data directory filled with 10k, 100k and 1M finished executions (run through the
# engine): p50/p99 of ListExecutions, DescribeExecution and GetExecutionHistory at each size.
# BENCH_SCALE_ARGS go to stepwise-bench scale, e.g. BENCH_SCALE_ARGS="--sizes 10000,100000".
bench-scale:
	swift build -c release --product stepwise-bench
	.build/release/stepwise-bench scale $(BENCH_SCALE_ARGS)

# The Python suite drives `stepwise serve` (the debug build) with boto3 and the AWS CLI:
# API, protocol, signatures, the conformance replay and the kill -9 crash test.
test-python: build
	@python3 -c "import pytest, boto3, awscli" 2>/dev/null || python3 -m pip install --quiet pytest boto3 awscli
	python3 -m pytest Tests/Python -q

# stepwise serve (SQLite and in memory) against moto's server, side by side, driven by
# stepwise-bench serve at concurrency 1, 8 and 32 (installs moto into .build-peers/).
# BENCH_SERVE_ARGS go to stepwise-bench serve, e.g. BENCH_SERVE_ARGS="--duration 2".
bench-serve: deps
	swift build -c release --product stepwise
	swift build -c release --product stepwise-bench
	./scripts/install-peers.sh
	Benchmarks/bench-serve.sh $(BENCH_SERVE_ARGS)

# The same servers driven by boto3, which saturates before they do: figures of the client.
bench-serve-boto3: deps
	swift build -c release --product stepwise
	python3 Benchmarks/serve-bench.py --binary .build/release/stepwise

# The lint rules of .swift-format (`swift format` ships with the toolchain). Layout findings
# (indentation, line breaks, line length) are left out: the code predates the formatter, and
# reflowing all of it would collide with work in flight; `swift format` lays out new code.
format-check:
	@findings="$$(swift format lint --parallel --recursive Sources Tests Benchmarks examples HandlerABI 2>&1 \
		| grep -vE '\[(Indentation|AddLines|RemoveLine|LineLength|Spacing|TrailingComma|TrailingWhitespace)\]')"; \
	if [ -n "$$findings" ]; then echo "$$findings"; exit 1; fi
