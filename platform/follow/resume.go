package follow

import (
	"context"
	"log/slog"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/changelog"
)

// keepFollowing runs stream until ctx ends, as a Follower and a Live both
// follow: at once again after a stream that outlived its token, through
// restart when the other service says the stream cannot resume (from is
// where to watch from after reading afresh), and after a capped, jittered
// pause after any other failure. stream says whether it handled anything
// before it failed.
func keepFollowing(ctx context.Context, name string, logger *slog.Logger,
	stream func(context.Context) (progressed bool, err error), restart func(ctx context.Context, from int64) error) {
	wait := newRetryPauses()
	for ctx.Err() == nil {
		progressed, err := stream(ctx)
		if ctx.Err() != nil {
			return
		}
		if progressed && apierror.IsTokenExpired(err) {
			// The stream outlived its token, as every long one does: the
			// next call carries a fresh token, so reconnect at once.
			continue
		}
		if from, ok := changelog.RestartPoint(err); ok {
			err = restart(ctx, from)
			progressed = err == nil
		}
		if progressed {
			wait.Reset() // the stream worked: this is a new failure
		}
		if err == nil {
			continue
		}
		pause := wait.NextBackOff()
		logger.WarnContext(ctx, "following stopped; resuming", "stream", name, "error", err, "in", pause)
		sleep(ctx, pause)
	}
}
