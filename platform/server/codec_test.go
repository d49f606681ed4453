package server_test

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth/authtest"
	"github.com/liaisonhq/liaison/platform/server/servertest"
	"github.com/liaisonhq/liaison/platform/validate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
)

// TestUndecodableRequestsAreBadInput sends bytes the proto codec refuses:
// each must answer InvalidArgument naming the field where it can, never
// grpc-go's Internal "failed to unmarshal".
func TestUndecodableRequestsAreBadInput(t *testing.T) {
	issuer := authtest.NewIssuer(t)
	running := servertest.Start(t, servertest.Service{
		Auth: issuer.Config, Rules: validate.Rules{},
		Register: func(s *grpc.Server) { s.RegisterService(&echoDesc, nil); s.RegisterService(&nestedDesc, nil) },
		Ready:    func(context.Context, *sync.WaitGroup) error { return nil },
	})
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+issuer.User("contoso", "alice"))
	str := func(num protowire.Number, s string) []byte {
		return protowire.AppendString(protowire.AppendTag(nil, num, protowire.BytesType), s)
	}
	msg := func(num protowire.Number, parts ...[]byte) []byte {
		var inner []byte
		for _, p := range parts {
			inner = append(inner, p...)
		}
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), inner)
	}
	cases := []struct {
		name, method string
		body         []byte
		field        string // "" when no field can be named
	}{
		{"invalid UTF-8", "/test.Echo/Echo", str(1, "alice\xff"), "service"},
		{"NUL is valid UTF-8 and decodes", "/test.Echo/Echo", str(1, "a\x00b"), "-"},
		{"string cut short", "/test.Echo/Echo", []byte{0x0a, 0x05, 'a'}, "service"},
		{"broken tag", "/test.Echo/Echo", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, ""},
		{"invalid UTF-8 deep in a list", "/test.Nested/Call",
			append(msg(1, str(1, "ok")), msg(1, str(1, "ok"), str(2, "bad\xc3"))...), "field_violations[1].description"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := running.Conn.Invoke(ctx, c.method, c.body, new([]byte), grpc.ForceCodecV2(rawCodec{}))
			if c.field == "-" {
				if err != nil {
					t.Fatalf("a decodable request answered %v", err)
				}
				return
			}
			wantBadField(t, err, c.field)
		})
	}

	t.Run("stream request", func(t *testing.T) {
		desc := &grpc.StreamDesc{StreamName: "Watch", ServerStreams: true}
		stream, err := running.Conn.NewStream(ctx, desc, "/grpc.health.v1.Health/Watch", grpc.ForceCodecV2(rawCodec{}))
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.SendMsg(str(1, "\xff")); err != nil {
			t.Fatal(err)
		}
		_ = stream.CloseSend()
		if err := stream.RecvMsg(new([]byte)); err == io.EOF {
			t.Fatal("stream ended without an error")
		} else {
			wantBadField(t, err, "service")
		}
	})
}

func wantBadField(t *testing.T, err error, field string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("answered %v %q, want InvalidArgument", st.Code(), st.Message())
	}
	var named []string
	var reason string
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.FieldViolations {
				named = append(named, v.Field)
			}
		case *errdetails.ErrorInfo:
			reason = d.Reason
		}
	}
	if reason != "FIELD_INVALID" {
		t.Errorf("ErrorInfo reason %q, want FIELD_INVALID", reason)
	}
	switch {
	case field == "" && len(named) > 0:
		t.Errorf("BadRequest names %q; the request as a whole is broken", named)
	case field != "" && (len(named) != 1 || named[0] != field):
		t.Errorf("BadRequest names %q, want %q (message %q)", named, field, st.Message())
	}
}

// rawCodec sends bytes as they are, to play a client whose encoder is broken.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(v.([]byte))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }

// nestedDesc takes a request with a list of messages holding strings, to
// see a fault named by its path.
var nestedDesc = grpc.ServiceDesc{
	ServiceName: "test.Nested",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Call",
		Handler: func(_ any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := &errdetails.BadRequest{}
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{FullMethod: "/test.Nested/Call"}
			return interceptor(ctx, in, info, func(context.Context, any) (any, error) { return &errdetails.BadRequest{}, nil })
		},
	}},
}
