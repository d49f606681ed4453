package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// startTicker runs a server with a Ticker and at most max streams per
// caller.
func startTicker(t *testing.T, issuer *authtest.Issuer, max int) *servertest.Running {
	ticker := &servertest.Ticker{Every: 20 * time.Millisecond}
	return servertest.Start(t, servertest.Service{
		Auth: issuer.Config, Rules: validate.Rules{}, Register: ticker.Register,
		Ready: servertest.NoBackground,
		Tune:  func(o *server.Options) { o.MaxStreamsPerCaller = max },
	})
}

// openTicks opens a Ticks stream with token and returns its first answer:
// a tick, or the error that refused it.
func openTicks(ctx context.Context, t *testing.T, conn *grpc.ClientConn, token string) (grpc.ClientStream, error) {
	t.Helper()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	stream, err := conn.NewStream(ctx, servertest.TicksDesc, servertest.TicksMethod)
	if err != nil {
		return nil, err
	}
	if err := stream.SendMsg(wrapperspb.Int64(0)); err != nil {
		return nil, err
	}
	if err := stream.CloseSend(); err != nil {
		return nil, err
	}
	return stream, stream.RecvMsg(&wrapperspb.Int64Value{})
}

// TestStreamsAreCappedPerCaller: a caller holding the most streams it may
// is refused another with ResourceExhausted, LIMIT_REACHED; other callers,
// the same name in another tenant included, are not; closing a stream
// frees its place.
func TestStreamsAreCappedPerCaller(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	running := startTicker(t, issuer, 3)
	alice := issuer.User("contoso", "alice")
	var closers []context.CancelFunc
	for range 3 {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		closers = append(closers, cancel)
		if _, err := openTicks(ctx, t, running.Conn, alice); err != nil {
			t.Fatalf("a stream within the cap: %v", err)
		}
	}
	_, err := openTicks(t.Context(), t, running.Conn, alice)
	wantLimitReached(t, err, "3")
	for _, other := range []string{issuer.User("contoso", "bob"), issuer.User("fabrikam", "alice")} {
		if _, err := openTicks(t.Context(), t, running.Conn, other); err != nil {
			t.Fatalf("another caller's stream: %v", err)
		}
	}
	closers[0]()
	deadline := time.Now().Add(5 * time.Second)
	for _, err := openTicks(t.Context(), t, running.Conn, alice); err != nil; _, err = openTicks(t.Context(), t, running.Conn, alice) {
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream's place was not freed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func wantLimitReached(t *testing.T, err error, limit string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("a stream over the cap: %v, want ResourceExhausted", err)
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Reason == "LIMIT_REACHED" && info.Metadata["limit"] == limit {
			return
		}
	}
	t.Fatalf("a stream over the cap: details %v, want LIMIT_REACHED with limit %s", st.Details(), limit)
}

// TestStreamsEndWhenTheTokenExpires: a stream opened with a token that
// expires in a second or two ends then, with Unauthenticated saying the
// token expired, instead of running on for as long as the client likes.
func TestStreamsEndWhenTheTokenExpires(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	running := startTicker(t, issuer, 0)
	token := issuer.Token(authtest.Claims{Subject: "alice", Tenant: "contoso", Expiry: time.Now().Add(2 * time.Second)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := openTicks(ctx, t, running.Conn, token)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for err == nil {
		err = stream.RecvMsg(&wrapperspb.Int64Value{})
	}
	if lasted := time.Since(start); lasted > 3*time.Second {
		t.Errorf("the stream lasted %v past a token that expired within 2s", lasted)
	}
	st := status.Convert(err)
	if st.Code() != codes.Unauthenticated || st.Message() != "token expired: call again with a fresh token" {
		t.Fatalf("the stream ended with %v, want Unauthenticated: token expired", err)
	}
}
