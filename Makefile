# Liaison's one entry point. `make help` lists the targets.
#
# Go modules: proto (the API), services, gateway, e2e and bench, tied
# together by go.work; tools/ pins buf and the protoc plugins and stays out
# of the workspace so its dependencies never leak into ours.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
MODULES := proto platform services gateway
BIN := $(CURDIR)/bin
TOOLS := $(CURDIR)/.bin
BUF := $(TOOLS)/buf
export GOFLAGS ?= -buildvcs=false

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: tools
tools: $(BUF) ## build buf and the protoc plugins pinned in tools/go.mod into .bin/
$(BUF): tools/go.mod tools/go.sum
	cd tools && GOWORK=off GOBIN=$(TOOLS) go install tool
	@touch $(BUF)

.PHONY: generate
generate: tools ## regenerate Go, gateway and OpenAPI code from proto/
	rm -f proto/liaison/*/v1/*.pb.go gateway/internal/gen/liaison/*/v1/*.pb.gw.go proto/openapi/*.swagger.json
	$(BUF) generate

.PHONY: check-generated
check-generated: generate ## fail when generated code differs from what is committed
	@git add -N proto gateway/internal/gen >/dev/null
	@git diff --exit-code --stat -- proto gateway/internal/gen || { echo "generated code is stale: run make generate and commit"; exit 1; }

.PHONY: lint
lint: tools ## buf lint and format check, gofmt, go vet
	$(BUF) lint
	$(BUF) format --diff --exit-code
	@test -z "$$(gofmt -l $(MODULES) e2e bench | grep -v '\.pb\.' )" || { gofmt -l $(MODULES) e2e bench | grep -v '\.pb\.'; echo "gofmt needed"; exit 1; }
	for m in $(MODULES) e2e bench; do (cd $$m && go vet ./...); done

.PHONY: build
build: ## build every binary into bin/
	cd services && go build -o $(BIN)/ ./cmd/...
	cd gateway && go build -o $(BIN)/ ./cmd/...

.PHONY: unit
unit: ## unit tests of every module (SQLite only)
	for m in $(MODULES); do (cd $$m && LIAISON_TEST_POSTGRES=off go test -race -count=1 ./...); done

.PHONY: test-postgres
test-postgres: ## the storage conformance suites against a throwaway PostgreSQL server
	@dir=$$(mktemp -d /tmp/liaison-pg.XXXXXX); \
	url=$$($(CURDIR)/scripts/pg-test-cluster start $$dir); \
	trap "$(CURDIR)/scripts/pg-test-cluster stop $$dir" EXIT; \
	for m in platform services; do (cd $$m && LIAISON_TEST_POSTGRES_URL=$$url go test -count=1 -run 'Backends/postgres' ./...); done

.PHONY: e2e
e2e: ## end-to-end: real binaries on random ports, driven through the gateway's HTTP API
	cd e2e && go test -count=1 ./...

.PHONY: test
test: lint check-generated unit test-postgres e2e ## everything CI runs

.PHONY: bench
bench: ## CheckAccess throughput over gRPC and through the gateway, as ratios to a plain grpc-go echo
	cd bench && go run . $(BENCH_FLAGS)

.PHONY: run
run: build ## start the whole system on this machine with embedded SQLite and demo data
	scripts/dev-stack

.PHONY: clean
clean: ## remove built binaries and local data
	rm -rf $(BIN) data
