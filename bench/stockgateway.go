package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The stock gateway is the gateway's baseline as the echo is the services':
// grpc-gateway with its defaults in front of the echo, one route whose
// handler is what protoc-gen-grpc-gateway writes for a unary method with a
// body (see any *.pb.gw.go), and nothing else: no log, no request ids, no
// tracing, no checks. Whatever the gateway costs beyond it is ours.

// stockGatewayCommand is the hidden subcommand the bench re-executes itself
// with, so the stock gateway runs in its own process like the gateway.
const stockGatewayCommand = "stock-gateway"

// stockEchoPath is the stock gateway's one route: POST a JSON string, get
// it back.
const stockEchoPath = "/v1/echo"

// runStockGateway serves the stock gateway in front of the echo at
// -echo-addr until SIGTERM or SIGINT.
func runStockGateway(args []string) error {
	fs := flag.NewFlagSet(stockGatewayCommand, flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	echoAddr := fs.String("echo-addr", "", "the echo's gRPC address")
	readyFile := fs.String("ready-file", "", "write the bound address here once serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	conn, err := grpc.NewClient(*echoAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	mux := runtime.NewServeMux()
	if err := mux.HandlePath(http.MethodPost, stockEchoPath, stockEchoHandler(mux, conn)); err != nil {
		return err
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	if *readyFile != "" {
		if err := os.WriteFile(*readyFile, []byte(lis.Addr().String()), 0o644); err != nil {
			return fmt.Errorf("ready file: %w", err)
		}
	}
	if err := srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// stockEchoHandler is the generated handler of a unary method with body
// "*", written out for the echo, whose service has no protos.
func stockEchoHandler(mux *runtime.ServeMux, conn *grpc.ClientConn) runtime.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request, _ map[string]string) {
		ctx, cancel := context.WithCancel(req.Context())
		defer cancel()
		inboundMarshaler, outboundMarshaler := runtime.MarshalerForRequest(mux, req)
		annotatedContext, err := runtime.AnnotateContext(ctx, mux, req, echoMethod, runtime.WithHTTPPathPattern(stockEchoPath))
		if err != nil {
			runtime.HTTPError(ctx, mux, outboundMarshaler, w, req, err)
			return
		}
		var (
			protoReq wrapperspb.StringValue
			md       runtime.ServerMetadata
		)
		if err := inboundMarshaler.NewDecoder(req.Body).Decode(&protoReq); err != nil && !errors.Is(err, io.EOF) {
			runtime.HTTPError(annotatedContext, mux, outboundMarshaler, w, req, status.Errorf(codes.InvalidArgument, "%v", err))
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		resp := new(wrapperspb.StringValue)
		err = conn.Invoke(annotatedContext, echoMethod, &protoReq, resp, grpc.Header(&md.HeaderMD), grpc.Trailer(&md.TrailerMD))
		annotatedContext = runtime.NewServerMetadataContext(annotatedContext, md)
		if err != nil {
			runtime.HTTPError(annotatedContext, mux, outboundMarshaler, w, req, err)
			return
		}
		runtime.ForwardResponseMessage(annotatedContext, mux, outboundMarshaler, w, req, resp, mux.GetForwardResponseOptions()...)
	}
}
