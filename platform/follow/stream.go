package follow

import "google.golang.org/grpc"

// Receive is a Watch call's result as Follower.Watch returns it: the
// stream's Recv, or the call's error. Pass it the call itself:
//
//	Watch: func(ctx context.Context, from int64) (func() (*policyv1.WatchResponse, error), error) {
//		return follow.Receive(client.Watch(ctx, &policyv1.WatchRequest{FromRevision: from}))
//	},
func Receive[M any](stream grpc.ServerStreamingClient[M], err error) (func() (*M, error), error) {
	if err != nil {
		return nil, err
	}
	return stream.Recv, nil
}
