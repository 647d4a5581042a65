# The two things a newcomer does: see it work, and run every test.
# `make demo` installs what this machine lacks, builds, and runs the bundled examples on the
# embedded engine; `make test` runs the whole suite (CI runs it through .ci/run).

.PHONY: demo test deps build bench

deps:
	@./scripts/install-deps.sh

build: deps
	swift build

demo: build
	swift run stepwise validate examples/adder/adder.edn examples/pizza/pizza.edn
	swift run stepwise render examples/pizza/pizza.edn --to json
	swift run example-adder 41 1
	swift run example-pizza

test: build
	swift test

bench:
	swift run -c release stepwise-bench
