package changelog

import (
	"strconv"

	"github.com/liaisonhq/liaison/platform/apierror"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The metadata keys of ServeWatch's two refusals that send a watcher to
// read afresh: the revision to watch from afterwards.
const (
	horizonKey = "horizon" // OutOfRange REVISION_EXPIRED: the oldest kept
	headKey    = "head"    // InvalidArgument: the newest committed
)

// RestartPoint recognises, in the error of another service's Watch, the two
// refusals that mean "read afresh, then watch from here": OutOfRange
// REVISION_EXPIRED (the cursor is behind the retention horizon; watch from
// the horizon) and InvalidArgument naming a head (the cursor is ahead of
// every committed revision, as after the watched database was restored
// from a backup; watch from its head). It reads them as ServeWatch writes
// them, so the two cannot drift apart.
func RestartPoint(err error) (int64, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return 0, false
	}
	var key string
	switch st.Code() {
	case codes.OutOfRange:
		key = horizonKey
	case codes.InvalidArgument:
		key = headKey
	default:
		return 0, false
	}
	for _, d := range st.Details() {
		info, ok := d.(*errdetails.ErrorInfo)
		if !ok || info.Domain != apierror.Domain {
			continue
		}
		if key == horizonKey && info.Reason != typev1.ErrorReason_REVISION_EXPIRED.String() {
			continue
		}
		from, err := strconv.ParseInt(info.Metadata[key], 10, 64)
		return from, err == nil && from >= 0
	}
	return 0, false
}
