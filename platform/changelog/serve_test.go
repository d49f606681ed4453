package changelog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
)

// serveWatch watches log from, with nothing expected to be sent.
func serveWatch(t *testing.T, log *changelog.Log, from int64) error {
	return changelog.ServeWatch(t.Context(), log, changelog.Watch{From: from},
		func(_ context.Context, e []changelog.Entry) ([]changelog.Entry, error) { return e, nil },
		func([]changelog.Entry, int64) error { return errors.New("nothing may be sent") })
}

func testWatchExpired(t *testing.T, url string) {
	db, log := openLog(t, url)
	startLog(t, log, changelog.Options{Retention: -1})
	old := time.Now().Add(-30 * 24 * time.Hour)
	first := appendAt(t, db, log, "contoso", old)
	appendAt(t, db, log, "contoso", old)
	if _, err := log.Trim(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	info := errorInfo(t, serveWatch(t, log, 0), codes.OutOfRange)
	if info.Reason != typev1.ErrorReason_REVISION_EXPIRED.String() || info.Metadata["horizon"] != itoa(first) {
		t.Fatalf("Watch from 0 below the horizon: details %v, want REVISION_EXPIRED with horizon %d", info, first)
	}
}

// testWatchAhead checks that a Watch from beyond the head (a cursor kept
// against another database, say one restored from an older backup) is
// refused with the head to restart from, not left waiting for revisions
// that a different history will number, and that a negative one is refused.
func testWatchAhead(t *testing.T, url string) {
	db, log := openLog(t, url)
	startLog(t, log, changelog.Options{})
	head := appendAt(t, db, log, "contoso", time.Now())
	info := errorInfo(t, serveWatch(t, log, head+5), codes.InvalidArgument)
	if info.Reason != typev1.ErrorReason_FIELD_INVALID.String() || info.Metadata["head"] != itoa(head) {
		t.Fatalf("Watch from beyond the head: details %v, want FIELD_INVALID with head %d", info, head)
	}
	errorInfo(t, serveWatch(t, log, -1), codes.InvalidArgument)
}
