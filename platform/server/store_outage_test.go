package server_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/sqlstore"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// TestStoreOutageBackends takes a running service's database away, on
// SQLite and PostgreSQL: calls that need it answer Unavailable,
// DEPENDENCY_UNAVAILABLE (never Internal), whether the error came marked
// from a write or raw from a read; health turns NOT_SERVING within a few
// pings while calls that need no database still work; and once the
// database is back, health is SERVING and the calls succeed again.
func TestStoreOutageBackends(t *testing.T) {
	sqlstoretest.RunBackends(t, func(t *testing.T, newURL func(*testing.T) string) {
		outage := sqlstoretest.NewOutage(t, newURL(t))
		svc := &storeService{}
		conn := startStoreService(t, outage.URL, svc)
		health := healthpb.NewHealthClient(conn)
		call := func(method string) error {
			return conn.Invoke(svc.ctx, "/test.Store/"+method, &wrapperspb.Int64Value{}, &wrapperspb.Int64Value{})
		}
		for _, m := range []string{"Read", "Write"} {
			if err := call(m); err != nil {
				t.Fatalf("%s before the outage: %v", m, err)
			}
		}

		outage.Cut()
		wantUnavailable(t, "Read", call("Read"))
		if svc.db.Dialect == sqlstore.Postgres {
			wantUnavailable(t, "Write", call("Write"))
		} // SQLite's writer keeps the file it has open.
		waitHealth(t, health, healthpb.HealthCheckResponse_NOT_SERVING)
		if err := call("Cached"); err != nil {
			t.Fatalf("a call that needs no database, during the outage: %v", err)
		}

		outage.Restore()
		waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)
		for _, m := range []string{"Read", "Write"} {
			if err := call(m); err != nil {
				t.Fatalf("%s after the outage: %v", m, err)
			}
		}
	})
}

// startStoreService runs storeService on the database at url through
// server.RunWithStore, pinging every 100ms, and returns a connection.
func startStoreService(t *testing.T, url string, svc *storeService) *grpc.ClientConn {
	issuer := authtest.NewIssuer(t)
	srv, addr := newServer(t, issuer, func(o *server.Options) { o.PingInterval = 100 * time.Millisecond })
	srv.GRPC().RegisterService(&storeDesc, svc)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opened := make(chan struct{})
	go func() {
		done <- server.RunWithStore(ctx, srv, servertest.Logger(),
			func(ctx context.Context) (sqlstore.Store, error) {
				db, err := sqlstore.OpenMigrated(ctx, url, sqlstoretest.NoTables, true)
				if err != nil {
					return sqlstore.Store{}, err
				}
				if db.Dialect == sqlstore.SQLite {
					// Every read opens the file, so reads see the outage:
					// open connections would not.
					db.Read.SetMaxIdleConns(0)
				}
				svc.db = db
				return sqlstore.NewStore(db), nil
			},
			func(context.Context, sqlstore.Store, *sync.WaitGroup) error { close(opened); return nil })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-opened:
	case err := <-done:
		t.Fatalf("the service stopped: %v", err)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	svc.ctx = metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+issuer.User("contoso", "alice"))
	waitHealth(t, healthpb.NewHealthClient(conn), healthpb.HealthCheckResponse_SERVING)
	return conn
}

func wantUnavailable(t *testing.T, what string, err error) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.Unavailable {
		t.Fatalf("%s with the database away: %v, want Unavailable", what, err)
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Reason == "DEPENDENCY_UNAVAILABLE" {
			return
		}
	}
	t.Fatalf("%s with the database away: %v has no DEPENDENCY_UNAVAILABLE", what, err)
}

func waitHealth(t *testing.T, h healthpb.HealthClient, want healthpb.HealthCheckResponse_ServingStatus) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := h.Check(context.Background(), &healthpb.HealthCheckRequest{})
		if err == nil && resp.Status == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("health is %v (%v), want %v", resp.GetStatus(), err, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// storeService reads, writes, or answers without its database.
type storeService struct {
	db  *sqlstore.DB
	ctx context.Context // the client's, with a token
}

var storeDesc = grpc.ServiceDesc{
	ServiceName: "test.Store",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{
		storeMethod("Read", func(ctx context.Context, db *sqlstore.DB) error {
			var n int
			return db.Reads().QueryRow(ctx, "SELECT COUNT(*) FROM liaison_platform_version").Scan(&n)
		}),
		storeMethod("Write", func(ctx context.Context, db *sqlstore.DB) error {
			return db.Write(ctx, func(tx *sqlstore.Tx) error {
				_, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS outage_test (n INTEGER)")
				return err
			})
		}),
		storeMethod("Cached", func(context.Context, *sqlstore.DB) error { return nil }),
	},
}

func storeMethod(name string, do func(context.Context, *sqlstore.DB) error) grpc.MethodDesc {
	return grpc.MethodDesc{
		MethodName: name,
		Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := &wrapperspb.Int64Value{}
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{FullMethod: "/test.Store/" + name}
			return interceptor(ctx, in, info, func(ctx context.Context, _ any) (any, error) {
				return &wrapperspb.Int64Value{}, do(ctx, srv.(*storeService).db)
			})
		},
	}
}
