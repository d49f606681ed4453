// Package e2e is Liaison's end-to-end suite. It builds the real binaries,
// boots the LinkedIn simulator, the policy and consent services and the JSON
// gateway on random ports against throwaway SQLite databases, and drives
// them the way clients do: through the gateway's HTTP/JSON contract (the
// OAuth round trip included, one browser hop at a time), and over gRPC
// straight to a service.
//
// Run it with `go test ./...` in this folder (or `make e2e` at the root). It
// needs only a Go toolchain: no network, no Docker, no fixed ports.
//
// The suite's code lives in _test.go files: it is a test, not a library.
package e2e
