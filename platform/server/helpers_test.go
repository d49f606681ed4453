package server_test

import (
	"net"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth"
	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/validate"
)

// newServer builds a server on a loopback port that trusts issuer's tokens,
// with its options adjusted by tune (if not nil), and returns its address.
func newServer(t *testing.T, issuer *authtest.Issuer, tune func(*server.Options)) (*server.Server, string) {
	t.Helper()
	verifier, err := auth.NewVerifier(t.Context(), issuer.Config, false)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts := server.Options{Listener: lis, Grace: time.Second, Logger: servertest.Logger(), Verifier: verifier, Rules: validate.Rules{}}
	if tune != nil {
		tune(&opts)
	}
	return server.New(opts), lis.Addr().String()
}
