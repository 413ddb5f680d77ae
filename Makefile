# The two commands: `make run` starts Tellcare locally, `make test` checks everything CI checks.
SHELL := /bin/bash
export SAM_CLI_TELEMETRY := 0
export AWS_DEFAULT_REGION ?= eu-west-2
VENV := .venv/bin

.PHONY: run test lint unit arm64 sam-build

run:
	@scripts/tools run
	cargo run --quiet -p tellcare-stack --bin tellcare-local

test: lint unit arm64

lint:
	@scripts/tools test
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(VENV)/cfn-lint infra/template.yaml
	$(VENV)/sam validate --lint --template-file infra/template.yaml

unit:
	@scripts/tools test
	cargo test --workspace

arm64:
	@scripts/tools test
	scripts/build-arm64

# What `sam deploy` uploads: an arm64 bootstrap per function, built by SAM through cargo-lambda.
sam-build:
	@scripts/tools test
	PATH="$(CURDIR)/$(VENV):$$PATH" $(VENV)/sam build --template-file infra/template.yaml --beta-features
