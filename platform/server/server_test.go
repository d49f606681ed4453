package server_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// TestHealthFollowsTheLifecycle checks NOT_SERVING while the store is not
// ready (and calls refused with Unavailable), SERVING once it is, and
// NOT_SERVING from the start of shutdown while in-flight calls finish.
func TestHealthFollowsTheLifecycle(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	// The open health watch holds shutdown until the grace ends.
	srv, addr := newServer(t, issuer, func(o *server.Options) { o.Grace = 300 * time.Millisecond })
	srv.GRPC().RegisterService(&echoDesc, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- srv.Run(ctx, func(ctx context.Context) error { <-release; return nil })
	}()

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	health := healthpb.NewHealthClient(conn)
	if got := check(t, health); got != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("before ready: %v", got)
	}
	// Any other call is refused with Unavailable, before authentication.
	err = conn.Invoke(context.Background(), "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("a call before ready: %v, want Unavailable", err)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)

	for check(t, health) != healthpb.HealthCheckResponse_SERVING {
		if time.Now().After(deadline) {
			t.Fatal("never SERVING after ready")
		}
		time.Sleep(10 * time.Millisecond)
	}
	watch, err := health.Watch(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if first, err := watch.Recv(); err != nil || first.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("watch first = %v, %v", first, err)
	}
	cancel()
	if next, err := watch.Recv(); err != nil || next.Status != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("at shutdown the health watch says %v, %v; want NOT_SERVING", next, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
}

func check(t *testing.T, h healthpb.HealthClient) healthpb.HealthCheckResponse_ServingStatus {
	t.Helper()
	resp, err := h.Check(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Status
}

func TestPanicsBecomeInternalErrors(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	running := servertest.Start(t, servertest.Service{
		Auth: issuer.Config, Rules: validate.Rules{},
		Register: func(s *grpc.Server) { s.RegisterService(&echoDesc, nil) },
		Ready:    func(context.Context, *sync.WaitGroup) error { return nil },
	})
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+issuer.User("contoso", "alice"))
	err := running.Conn.Invoke(ctx, "/test.Echo/Echo", &healthpb.HealthCheckRequest{Service: "panic"}, &healthpb.HealthCheckResponse{})
	if st := status.Convert(err); st.Code() != codes.Internal || !strings.HasPrefix(st.Message(), "internal error (request id ") {
		t.Fatalf("a panicking handler answered %v %q", st.Code(), st.Message())
	}
	if err := running.Conn.Invoke(ctx, "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{}); err != nil {
		t.Fatalf("the server did not survive the panic: %v", err)
	}
	noToken := running.Conn.Invoke(context.Background(), "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
	if status.Code(noToken) != codes.Unauthenticated {
		t.Fatalf("a call without a token: %v", noToken)
	}
}

// echoDesc is a one-method service standing in for a real one.
var echoDesc = grpc.ServiceDesc{
	ServiceName: "test.Echo",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Echo",
		Handler: func(_ any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := &healthpb.HealthCheckRequest{}
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{FullMethod: "/test.Echo/Echo"}
			return interceptor(ctx, in, info, func(context.Context, any) (any, error) {
				if in.Service == "panic" {
					panic("a bug in a handler")
				}
				return &healthpb.HealthCheckResponse{}, nil
			})
		},
	}},
}
