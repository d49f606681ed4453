package servertest

import (
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Ticker is a streaming service standing in for a Watch: Ticks takes a
// revision and sends every revision after it, one per Every, until the
// stream's context ends, when it returns nil as a Watch handler does.
// Streams counts the streams it has opened.
type Ticker struct {
	Every   time.Duration
	Streams func()
}

// TicksMethod is the full name of Ticker's method.
const TicksMethod = "/test.Ticker/Ticks"

// Register registers the ticker on s.
func (t *Ticker) Register(s *grpc.Server) { s.RegisterService(&tickerDesc, t) }

var tickerDesc = grpc.ServiceDesc{
	ServiceName: "test.Ticker",
	HandlerType: (*any)(nil),
	Streams: []grpc.StreamDesc{{
		StreamName: "Ticks", ServerStreams: true,
		Handler: func(srv any, stream grpc.ServerStream) error {
			t := srv.(*Ticker)
			from := &wrapperspb.Int64Value{}
			if err := stream.RecvMsg(from); err != nil {
				return err
			}
			if t.Streams != nil {
				t.Streams()
			}
			tick := time.NewTicker(t.Every)
			defer tick.Stop()
			for rev := from.Value + 1; ; rev++ {
				select {
				case <-stream.Context().Done():
					return nil
				case <-tick.C:
				}
				if err := stream.SendMsg(wrapperspb.Int64(rev)); err != nil {
					return err
				}
			}
		},
	}},
}

// TicksDesc describes Ticks to a client.
var TicksDesc = &grpc.StreamDesc{StreamName: "Ticks", ServerStreams: true}
