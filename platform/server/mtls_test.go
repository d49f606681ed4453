package server_test

import (
	"context"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/mtls/mtlstest"
	"github.com/liaisonhq/liaison/platform/server"
)

// TestMutualTLSAndTheHealthPort: under mutual TLS, a caller with a
// certificate of the authority is answered and a plaintext one is not;
// the health-only port answers health in plaintext (the kubelet's probes)
// and nothing else.
func TestMutualTLSAndTheHealthPort(t *testing.T) {
	ca := mtlstest.NewAuthority(t, "liaison-ca")
	serverTLS, err := ca.Issue(t, t.TempDir(), "policy").ServerCredentials()
	if err != nil {
		t.Fatal(err)
	}
	clientTLS, err := ca.Issue(t, t.TempDir(), "consent").ClientCredentials()
	if err != nil {
		t.Fatal(err)
	}
	healthAddr := freeAddr(t)
	issuer := authtest.NewIssuer(t)
	srv, addr := newServer(t, issuer, func(o *server.Options) { o.Creds, o.HealthAddr = serverTLS, healthAddr })
	srv.GRPC().RegisterService(&echoDesc, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(context.Context) error { return nil }) }()
	defer func() { cancel(); <-done }()

	health := func(addr string, creds credentials.TransportCredentials) (healthpb.HealthCheckResponse_ServingStatus, error) {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		return resp.GetStatus(), err
	}
	eventually := func(what string, f func() error) {
		t.Helper()
		var err error
		for range 50 {
			if err = f(); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: %v", what, err)
	}
	eventually("health under mutual TLS", func() error {
		status, err := health(addr, clientTLS)
		if err == nil && status != healthpb.HealthCheckResponse_SERVING {
			return errStatus(status)
		}
		return err
	})
	eventually("health on the plaintext health port", func() error {
		status, err := health(healthAddr, insecure.NewCredentials())
		if err == nil && status != healthpb.HealthCheckResponse_SERVING {
			return errStatus(status)
		}
		return err
	})
	if _, err := health(addr, insecure.NewCredentials()); err == nil {
		t.Error("a plaintext caller was answered under mutual TLS")
	}
	// The health port serves health alone.
	conn, err := grpc.NewClient(healthAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Invoke(context.Background(), "/test.Echo/Echo", &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
	if err == nil {
		t.Error("the health port answered another service's call")
	}
}

type errStatus healthpb.HealthCheckResponse_ServingStatus

func (e errStatus) Error() string { return healthpb.HealthCheckResponse_ServingStatus(e).String() }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
