package follow_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/follow"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// TestFollowingOutlivesServiceTokens follows another service's stream, as
// a service, across several lifetimes of its service token (2 seconds,
// standing in for 10 minutes). The server ends each stream when its token
// expires; the follower reconnects at once with a fresh token, from its
// cursor, missing and repeating nothing, and without logging a failure.
func TestFollowingOutlivesServiceTokens(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	var streams atomic.Int32
	ticker := &servertest.Ticker{Every: 20 * time.Millisecond, Streams: func() { streams.Add(1) }}
	running := servertest.Start(t, servertest.Service{
		Auth: issuer.For("source"), Rules: validate.Rules{}, Register: ticker.Register, Ready: servertest.NoBackground,
	})
	conn, err := grpc.NewClient(running.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(issuer.ServiceCredentials("follower", "source", 2*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	var (
		mu     sync.Mutex
		got    []int64
		lastAt time.Time
	)
	warnings := &countingHandler{}
	f := &follow.Follower[*wrapperspb.Int64Value]{
		Name: "source", DB: openDB(t, sqlstoretest.SQLiteURL(t, "follower.db")), Logger: slog.New(warnings),
		Watch: func(ctx context.Context, from int64) (func() (*wrapperspb.Int64Value, error), error) {
			stream, err := conn.NewStream(ctx, servertest.TicksDesc, servertest.TicksMethod)
			if err != nil {
				return nil, err
			}
			if err := stream.SendMsg(wrapperspb.Int64(from)); err != nil {
				return nil, err
			}
			if err := stream.CloseSend(); err != nil {
				return nil, err
			}
			return func() (*wrapperspb.Int64Value, error) {
				m := &wrapperspb.Int64Value{}
				return m, stream.RecvMsg(m)
			}, nil
		},
		Revision: (*wrapperspb.Int64Value).GetValue,
		Handle: func(_ context.Context, m *wrapperspb.Int64Value, _ func(*sqlstore.Tx) error) error {
			mu.Lock()
			defer mu.Unlock()
			got, lastAt = append(got, m.Value), time.Now()
			return nil
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	var following sync.WaitGroup
	following.Go(func() { f.Run(ctx) })
	time.Sleep(5 * time.Second)
	// Counted before stopping: a stream cut by the stop is no concern here.
	warned := warnings.count.Load()
	cancel()
	following.Wait()

	mu.Lock()
	defer mu.Unlock()
	if n := streams.Load(); n < 3 {
		t.Fatalf("%d streams in 5s of 1-2s tokens: the server does not end streams at token expiry", n)
	}
	for i, rev := range got {
		if rev != int64(i+1) {
			t.Fatalf("revision %d handled as the %dth: one was missed or repeated across a reconnection", rev, i+1)
		}
	}
	if len(got) < 100 || time.Since(lastAt) > time.Second {
		t.Fatalf("handled %d revisions, the last %v ago: following stalled", len(got), time.Since(lastAt))
	}
	if warned > 0 {
		t.Errorf("%d warnings: a stream ending with its token is no failure", warned)
	}
}

// countingHandler counts the warnings and errors logged.
type countingHandler struct{ count atomic.Int32 }

func (h *countingHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (h *countingHandler) Handle(context.Context, slog.Record) error    { h.count.Add(1); return nil }
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler           { return h }
func (h *countingHandler) WithGroup(string) slog.Handler                { return h }
