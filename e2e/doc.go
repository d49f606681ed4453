// Package e2e is Liaison's end-to-end suite. It builds the real binaries,
// boots the policy service and the JSON gateway on random ports against a
// throwaway SQLite database, and drives them the way clients do: through the
// gateway's HTTP/JSON contract, and over gRPC straight to the service.
//
// Run it with `go test ./...` in this folder (or `make e2e` at the root). It
// needs only a Go toolchain: no network, no Docker, no fixed ports.
//
// The suite's code lives in _test.go files: it is a test, not a library.
package e2e
