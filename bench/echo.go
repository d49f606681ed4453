package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The echo is the baseline: a plain grpc-go unary call that does nothing but
// decode a small message and send it back. No interceptors, no stats
// handler, no auth. Whatever CheckAccess costs beyond it is ours.
//
// The service is declared by hand with a well-known message type, so the
// bench needs no protos or generated code of its own.
const echoMethod = "/liaison.bench.v1.Echo/Echo"

var echoService = grpc.ServiceDesc{
	ServiceName: "liaison.bench.v1.Echo",
	HandlerType: (*any)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Echo", Handler: echoHandler}},
	Metadata:    "bench/echo.go",
}

func echoHandler(srv any, ctx context.Context, decode func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
	in := new(wrapperspb.StringValue)
	if err := decode(in); err != nil {
		return nil, err
	}
	echo := func(context.Context, any) (any, error) { return in, nil }
	if interceptor == nil {
		return echo(ctx, in)
	}
	return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: echoMethod}, echo)
}

// echoServerCommand is the hidden subcommand the bench re-executes itself
// with, so the echo server runs in its own process exactly like policy does.
const echoServerCommand = "echo-server"

// runEchoServer serves the echo until SIGTERM or SIGINT.
func runEchoServer(args []string) error {
	fs := flag.NewFlagSet(echoServerCommand, flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	readyFile := fs.String("ready-file", "", "write the bound address here once serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := grpc.NewServer()
	srv.RegisterService(&echoService, struct{}{})

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.GracefulStop()
	}()
	// The listener is bound already, so clients can connect as soon as the
	// file appears, even if Serve has not started accepting yet.
	if *readyFile != "" {
		if err := os.WriteFile(*readyFile, []byte(lis.Addr().String()), 0o644); err != nil {
			return fmt.Errorf("ready file: %w", err)
		}
	}
	return srv.Serve(lis)
}
