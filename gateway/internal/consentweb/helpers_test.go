package consentweb

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
	"github.com/liaisonhq/liaison/platform/requestid"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

// backend is a fake consent service on a random local port.
type backend struct {
	addr    string
	consent *fakeConsent
}

func startBackend(t *testing.T) *backend {
	t.Helper()
	f := &fakeConsent{}
	addr := apitest.ServeGRPC(t, func(s *grpc.Server) { consentv1.RegisterConsentServiceServer(s, f) })
	return &backend{addr: addr, consent: f}
}

// startGateway serves the consent routes with their adapters in front of
// the service at addr, on a mux set up as the gateway's.
func startGateway(t *testing.T, addr string) *httptest.Server {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	var errs jsonapi.Errors
	web := New(apitest.Dial(t, addr), false, logger, &errs)
	mux := runtime.NewServeMux(append(jsonapi.MuxOptions(logger), web.MuxOptions()...)...)
	errs.Attach(mux)
	if err := web.Register(context.Background(), mux); err != nil {
		t.Fatal(err)
	}
	gw := httptest.NewServer(requestid.Middleware(mux))
	t.Cleanup(gw.Close)
	return gw
}
