# Liaison's one entry point. `make help` lists the targets.
#
# Go modules: proto (the API), platform (what every service stands on),
# services, gateway, cli (liaisonctl), e2e and bench, tied
# together by go.work; tools/ pins buf, the protoc plugins and the linters
# (staticcheck, govulncheck and its database) and stays out
# of the workspace so its dependencies never leak into ours.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
MODULES := proto platform services gateway cli
GO_MODULES := $(MODULES) e2e bench
BIN := $(CURDIR)/bin
TOOLS := $(CURDIR)/.bin
BUF := $(TOOLS)/buf
STATICCHECK := $(TOOLS)/staticcheck
GOVULNCHECK := $(TOOLS)/govulncheck
INDEXDB := $(TOOLS)/indexdb
VULNDB := $(TOOLS)/vulndb
export GOFLAGS ?= -buildvcs=false
# Go 1.26.8's standard library has known vulnerabilities (govulncheck names
# them; fixed in 1.26.10): the go command fetches this toolchain from the
# module proxy once per machine and runs it instead.
export GOTOOLCHAIN ?= go1.27.3
# The tools are rebuilt only when tools/go.mod or go.sum change, or when Go
# does (analysers built by an older Go cannot read a newer Go's sources).
# $(shell) does not see exported variables (make before 4.4), so the
# toolchain is named: a make run from inside this one computes the same.
TOOLS_STAMP := $(TOOLS)/.installed-$(shell GOTOOLCHAIN=$(GOTOOLCHAIN) go env GOVERSION)

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: tools
tools: $(TOOLS_STAMP) ## build the tools pinned in tools/go.mod and tools/helm/go.mod (buf, protoc plugins, staticcheck, govulncheck, esbuild, helm) into .bin/
# helm has a module of its own (tools/helm): its Kubernetes libraries stay
# out of the other tools' version choices.
$(TOOLS_STAMP): tools/go.mod tools/go.sum tools/helm/go.mod tools/helm/go.sum
	rm -f $(TOOLS)/.installed-*
	cd tools && GOWORK=off GOBIN=$(TOOLS) go install tool
	cd tools/helm && GOWORK=off GOBIN=$(TOOLS) go install tool
	@touch $@

.PHONY: generate
generate: tools ## regenerate Go, gateway and OpenAPI code from proto/, then the console built on it
	rm -f proto/liaison/*/v1/*.pb.go gateway/internal/gen/liaison/*/v1/*.pb.gw.go proto/openapi/*.swagger.json
	$(BUF) generate
	$(MAKE) --no-print-directory console

# The web console (web/, TypeScript and Preact): its npm packages are
# pinned by web/package-lock.json and installed once per lock change; its
# API types are generated from the OpenAPI document (converted to OpenAPI 3,
# which the generator reads); tsc checks the types; esbuild, a pinned Go
# tool, bundles it into gateway/internal/console/dist, which is committed
# (the gateway embeds it) and checked for drift like the generated code.
ESBUILD := $(TOOLS)/esbuild
CONSOLE_DIST := gateway/internal/console/dist
WEB_DEPS := web/node_modules/.package-lock.json
$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: web-deps
web-deps: $(WEB_DEPS) ## install the console's npm packages (web/node_modules)

.PHONY: console
console: tools $(WEB_DEPS) ## build the web console into gateway/internal/console/dist
	mkdir -p web/build $(CONSOLE_DIST)
	cd web && node_modules/.bin/swagger2openapi --patch ../proto/openapi/liaison.swagger.json -o build/openapi.json
	cd web && node_modules/.bin/openapi-typescript build/openapi.json -o src/api/schema.d.ts --silent
	cd web && node_modules/.bin/tsc -p .
	$(ESBUILD) web/src/main.tsx --bundle --minify --format=esm --target=es2022 --jsx=automatic --jsx-import-source=preact \
	  --legal-comments=none --log-level=warning --outfile=$(CONSOLE_DIST)/app.js
	$(ESBUILD) web/src/styles.css --bundle --minify --log-level=warning --outfile=$(CONSOLE_DIST)/app.css
	cp web/index.html $(CONSOLE_DIST)/index.html

.PHONY: check-generated
check-generated: generate ## fail when generated code (and the console built on it) differs from what is committed
	@git add -N proto gateway/internal/gen web/src/api $(CONSOLE_DIST) >/dev/null
	@git diff --exit-code --stat -- proto gateway/internal/gen web/src/api $(CONSOLE_DIST) || { echo "generated code is stale: run make generate and commit"; exit 1; }

.PHONY: lint
lint: lint-basic staticcheck tidy-check breaking vulncheck ## every check below (make -k lint to see all failures at once)

.PHONY: lint-basic
lint-basic: tools ## buf lint and format check, gofmt, go vet
	$(BUF) lint
	$(BUF) format --diff --exit-code
	@test -z "$$(gofmt -l $(GO_MODULES) | grep -v '\.pb\.' )" || { gofmt -l $(GO_MODULES) | grep -v '\.pb\.'; echo "gofmt needed"; exit 1; }
	for m in $(GO_MODULES); do (cd $$m && go vet ./...); done

# staticcheck's default checks, over every module in one run (go.work lets
# one run load them all). A check we turn off goes in staticcheck.conf with
# its reason.
.PHONY: staticcheck
staticcheck: tools ## staticcheck over every module
	$(STATICCHECK) $(foreach m,$(GO_MODULES),./$(m)/...)

# Each module must be tidy on its own (GOWORK=off: modules reach proto and
# platform through replace directives). `go mod tidy -diff` only prints what
# it would change, so go.mod and go.sum are never touched.
.PHONY: tidy-check
tidy-check: ## fail when go mod tidy would change a module's go.mod or go.sum
	@bad=; for m in $(GO_MODULES) tools tools/helm; do \
	  (cd $$m && GOWORK=off go mod tidy -diff) || bad="$$bad $$m"; \
	done; \
	test -z "$$bad" || { echo "not tidy:$$bad: run (cd MODULE && GOWORK=off go mod tidy)"; exit 1; }; \
	echo "go mod tidy: no change in $(GO_MODULES) tools tools/helm"

# The API as it stands in this working tree (uncommitted edits included)
# against main, with buf.yaml's FILE rules. On a branch, "main" is the commit
# where HEAD left it (git merge-base), so a branch is judged on its own
# changes and not on what main gained since. On main itself (CI's clone)
# that commit is HEAD, which would compare the tree with itself, so the
# newest commit is judged against its first parent. buf reads the commit
# from the local .git: no network. BREAKING_AGAINST=<commit> picks another.
.PHONY: breaking
breaking: tools ## buf breaking (FILE rules) against main
	@against=$${BREAKING_AGAINST:-$$(git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD)}; \
	if [ -z "$${BREAKING_AGAINST:-}" ] && [ "$$against" = "$$(git rev-parse HEAD)" ]; then \
		against=$$(git rev-parse -q --verify 'HEAD^1' || git rev-parse HEAD); \
	fi; \
	echo "buf breaking --against .git#ref=$$against"; \
	$(BUF) breaking --against ".git#ref=$$against"

# govulncheck, offline. vuln.go.dev cannot be reached from here or from CI,
# so the database is built from the module golang.org/x/vulndb (the source
# of vuln.go.dev), pinned in tools/go.mod and fetched from the module proxy
# like any module: its data/osv holds every published OSV entry, and its own
# command indexdb writes them in the layout `govulncheck -db file://` reads.
# data/osv leaves "modified" unset (vuln.go.dev stamps it when it deploys),
# so index/db.json gets the vulndb commit's time, which govulncheck prints as
# "DB updated" and this target checks for age. Refresh the data with
#   cd tools && GOWORK=off go get golang.org/x/vulndb@latest && GOWORK=off go mod tidy
# govulncheck wants a go.mod where it runs; from proto/, go.work lets one run
# cover every module (a third of the time of one run per module). It judges
# the standard library of the Go that runs it, the one that builds our binaries.
VULNDB_MAX_AGE_DAYS := 45
$(VULNDB)/index/db.json: $(TOOLS_STAMP)
	rm -rf $(VULNDB) $(VULNDB).tmp
	cd tools && GOWORK=off go mod download golang.org/x/vulndb
	src=$$(cd tools && GOWORK=off go list -m -f '{{.Dir}}' golang.org/x/vulndb); \
	when=$$(cd tools && GOWORK=off go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' golang.org/x/vulndb); \
	$(INDEXDB) -vulns "$$src/data/osv" -out $(VULNDB).tmp; \
	printf '{"modified":"%s"}' "$$when" > $(VULNDB).tmp/index/db.json; \
	gzip -kf $(VULNDB).tmp/index/db.json; \
	mv $(VULNDB).tmp $(VULNDB)

.PHONY: vulncheck
vulncheck: tools $(VULNDB)/index/db.json ## govulncheck over every module, with the Go vulnerability database pinned in tools/go.mod
	@when=$$(sed -E 's/.*"modified":"([^"]+)".*/\1/' $(VULNDB)/index/db.json); \
	age=$$(( ($$(date +%s) - $$(date -d "$$when" +%s)) / 86400 )); \
	test $$age -le $(VULNDB_MAX_AGE_DAYS) || echo "WARNING: the vulnerability data is $$age days old (from $$when): refresh golang.org/x/vulndb in tools/go.mod"
	@cd proto && rc=0 && $(GOVULNCHECK) -show version -db file://$(VULNDB) $(foreach m,$(GO_MODULES),../$(m)/...) || rc=$$?; \
	if [ $$rc = 3 ]; then \
	  echo "govulncheck: our code reaches the vulnerabilities above. A module's is fixed by requiring its 'Fixed in'"; \
	  echo "version; the standard library's only by building with a Go at or past its 'Fixed in' ($$(go env GOVERSION) here)."; \
	fi; exit $$rc

.PHONY: build
build: ## build every binary into bin/
	cd services && go build -o $(BIN)/ ./cmd/...
	cd gateway && go build -o $(BIN)/ ./cmd/...
	cd cli && go build -o $(BIN)/ ./cmd/...

# The binaries as the images hold them (deploy/docker/Dockerfile builds
# them with this target): static (cgo off), -trimpath, without symbol
# tables or build ids, so a build is the same wherever it runs. e2e/images
# checks they are static and that the whole system starts from them.
STATIC_BIN ?= $(BIN)/static
STATIC_FLAGS := -trimpath -ldflags='-s -w -buildid='
.PHONY: build-static
build-static: ## build every binary as the images hold them (static, -trimpath) into bin/static/
	cd services && CGO_ENABLED=0 go build $(STATIC_FLAGS) -o $(STATIC_BIN)/ ./cmd/...
	cd gateway && CGO_ENABLED=0 go build $(STATIC_FLAGS) -o $(STATIC_BIN)/ ./cmd/...
	cd cli && CGO_ENABLED=0 go build $(STATIC_FLAGS) -o $(STATIC_BIN)/ ./cmd/...

.PHONY: unit
unit: ## unit tests of every module (SQLite only)
	for m in $(MODULES); do (cd $$m && LIAISON_TEST_POSTGRES=off go test -race -count=1 ./...); done

.PHONY: test-postgres
test-postgres: ## the storage conformance suites against a throwaway PostgreSQL server
	@dir=$$(mktemp -d /tmp/liaison-pg.XXXXXX); \
	url=$$($(CURDIR)/scripts/pg-test-cluster start $$dir); \
	trap "$(CURDIR)/scripts/pg-test-cluster stop $$dir" EXIT; \
	for m in platform services; do (cd $$m && LIAISON_TEST_POSTGRES_URL=$$url go test -count=1 -run 'Backends/postgres' ./...); done

# e2e/console drives headless Chromium (Debian's chromium) through the
# console and checks each page with axe-core (from web/node_modules); its
# screenshots land in artifacts/console-screenshots/.
.PHONY: e2e
# One package at a time (-p 1): each starts the whole system, and two
# systems with Chromium beside them would crowd a 2-core machine.
e2e: $(WEB_DEPS) tools kube-apiserver ## end-to-end: real binaries on random ports, through the HTTP API and, in Chromium, the console
	cd e2e && go test -count=1 -p 1 -timeout 20m ./...

# The chart's tests install it into a real API server: kube-apiserver and
# kubectl are built from source once per version (about 4 minutes) and
# kept in the machine's cache (~/.cache/liaison/kube), outside any test's
# time limit.
.PHONY: kube-apiserver
kube-apiserver: ## build (or find in the cache) the kube-apiserver and kubectl the chart's tests use
	scripts/build-kube-apiserver

.PHONY: test
test: lint check-generated unit test-postgres e2e ## everything CI runs

.PHONY: bench
bench: ## CheckAccess throughput over gRPC and through the gateway, as ratios to a plain grpc-go echo
	cd bench && go run . $(BENCH_FLAGS)

# The issue's size (2,000 mailboxes x 500 connections) on SQLite and on a
# throwaway PostgreSQL (scripts/pg-test-cluster); a quick run:
#   make bench-contacts BENCH_FLAGS='-sync-mailboxes=50 -sync-connections=100 -sync-databases=sqlite'
.PHONY: bench-contacts
bench-contacts: ## contact-sync's initial sync (vs a raw insert loop), no-change resync, purge and peak RSS, on SQLite and PostgreSQL
	cd bench && go run . -contacts $(BENCH_FLAGS)

.PHONY: run
run: build ## start the whole system on this machine with embedded SQLite and demo data
	bin/liaison-stack

.PHONY: clean
clean: ## remove built binaries and local data
	rm -rf $(BIN) data
