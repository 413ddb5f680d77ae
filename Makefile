# The two commands: `make run` starts Tellcare locally, `make test` checks everything CI checks.
SHELL := /bin/bash
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= eu-west-2
VENV := .venv/bin

.PHONY: run test lint unit arm64 sam-build soak schema fuzz fuzz-long bench bench-moto bench-search

run:
	@scripts/tools run
	cargo run --quiet -p tellcare-stack --bin tellcare-local

# The unit step runs last so the run closes on its count of tests.
test: lint arm64 schema fuzz unit

lint:
	@scripts/tools test
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(VENV)/cfn-lint infra/template.yaml infra/edge.yaml
	$(VENV)/sam validate --lint --template-file infra/template.yaml
	$(VENV)/sam validate --lint --template-file infra/edge.yaml
	scripts/checkov

unit:
	@scripts/tools test
	@mkdir -p .local
	set -o pipefail; cargo test --workspace 2>&1 | tee .local/test.log
	@awk '/^test result:/ { p += $$4; f += $$6 } END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' .local/test.log

# schemathesis over every operation of openapi.yaml on a stack of its own: no 5xx, every
# answer as described (a bounded run; make soak runs a long one).
schema:
	@scripts/tools test
	scripts/schemathesis quick

# Every fuzz target for 10 s (cargo fuzz; installed when missing); fuzz-long, 10 minutes each.
fuzz:
	scripts/fuzz quick

fuzz-long:
	scripts/fuzz long

arm64:
	@scripts/tools test
	scripts/build-arm64

# What `sam deploy` uploads: an arm64 bootstrap per function, built by SAM through cargo-lambda.
sam-build:
	@scripts/tools test
	PATH="$(CURDIR)/$(VENV):$$PATH" $(VENV)/sam build --template-file infra/template.yaml --beta-features

# Many people on one stack at once, with faults, then a count of what was lost or doubled
# (SOAK_STORIES, SOAK_CLIENTS, SOAK_SECONDS, SOAK_FAULTS: see tests/src/bin/soak/main.rs).
soak:
	@scripts/tools test
	cargo run --quiet -p tellcare-stack --bin tellcare-soak
	scripts/schemathesis long

# Each function beside a hello world: arm64 bootstrap size, cold start (init, init plus first
# request, peak RSS) as ratios to the hello world's, warm latency and DynamoDB requests by route.
bench:
	@scripts/tools run
	scripts/bench

# What a story's transaction and a query cost the local DynamoDB as its table grows.
bench-moto:
	@scripts/tools run
	.venv/bin/python scripts/bench_moto.py

# The search engine over BENCH_STORIES generated stories (100,000 unless set): index size,
# indexing, the indexer's batch, the search function's cold start with its index, query p50/p95.
bench-search:
	@scripts/tools run
	cargo run --profile measure --quiet -p tellcare-stack --bin tellcare-bench-search
