package changelog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/changelog"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func testWaitFor(t *testing.T, url string) {
	// Two replicas of one service: each its own pool and log on one
	// database. The reader polls slowly, so only WaitFor's wake-up, or on
	// PostgreSQL the commit's notification, gets it there in time.
	writerDB, writer := openLog(t, url)
	_, reader := openLog(t, url)
	startLog(t, writer, changelog.Options{})
	startLog(t, reader, changelog.Options{Poll: time.Hour})

	rev := appendAt(t, writerDB, writer, "contoso", time.Now())
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := reader.WaitFor(ctx, rev); err != nil {
		t.Fatalf("WaitFor(%d) on the other replica: %v", rev, err)
	}
	if head := reader.Hub().Head(); head < rev {
		t.Fatalf("after WaitFor the replica is at %d, want at least %d", head, rev)
	}
	// A revision no write has made is a bad request, answered at once.
	if err := reader.WaitFor(ctx, rev+1000); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("WaitFor a future revision = %v, want InvalidArgument", err)
	}
}

// testWaitForNotReached checks the answer of a replica that cannot apply a
// committed revision in time: Unavailable REVISION_NOT_REACHED, naming the
// revision asked for and the one reached, before the caller's deadline; and
// that once it has applied it, the same call succeeds.
func testWaitForNotReached(t *testing.T, url string) {
	writerDB, writer := openLog(t, url)
	_, reader := openLog(t, url)
	startLog(t, writer, changelog.Options{})
	release := make(chan struct{})
	startLog(t, reader, changelog.Options{Apply: func(changelog.Entry) { <-release }})
	released := false
	unblock := func() {
		if !released {
			released = true
			close(release)
		}
	}
	t.Cleanup(unblock) // runs before the reader stops

	rev := appendAt(t, writerDB, writer, "contoso", time.Now())
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	err := reader.WaitFor(ctx, rev)
	if ctx.Err() != nil {
		t.Fatalf("WaitFor answered after the caller's deadline: %v", err)
	}
	info := errorInfo(t, err, codes.Unavailable)
	if info.Reason != typev1.ErrorReason_REVISION_NOT_REACHED.String() || info.Metadata["min_revision"] != itoa(rev) || info.Metadata["reached"] == "" {
		t.Fatalf("WaitFor a revision not yet applied: details %v, want REVISION_NOT_REACHED naming %d and the revision reached", info, rev)
	}

	unblock()
	ctx, cancel = context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := reader.WaitFor(ctx, rev); err != nil {
		t.Fatalf("WaitFor(%d) once applied = %v", rev, err)
	}
}

// testWaitForNegative checks that a negative revision is a bad request
// rather than "nothing to wait for".
func testWaitForNegative(t *testing.T, url string) {
	_, log := openLog(t, url)
	startLog(t, log, changelog.Options{})
	info := errorInfo(t, log.WaitFor(t.Context(), -1), codes.InvalidArgument)
	if info.Reason != typev1.ErrorReason_FIELD_INVALID.String() {
		t.Fatalf("WaitFor(-1): details %v, want FIELD_INVALID", info)
	}
}

// testNotifyWakesReplicas checks, on PostgreSQL, that a commit wakes
// another replica at once through LISTEN/NOTIFY: the replica polls hourly
// and nothing asks it to read, so only the notification brings it there.
func testNotifyWakesReplicas(t *testing.T, url string) {
	if !strings.HasPrefix(url, "postgres") {
		t.Fatalf("LISTEN/NOTIFY is PostgreSQL's: run this on PostgreSQL only, not %q", url)
	}
	writerDB, writer := openLog(t, url)
	_, reader := openLog(t, url)
	startLog(t, writer, changelog.Options{})
	startLog(t, reader, changelog.Options{Poll: time.Hour})
	// The first commit arrives once the replica listens (it reads what it
	// missed when it starts listening), so the second can arrive only by a
	// notification.
	for i := range 2 {
		rev := appendAt(t, writerDB, writer, "contoso", time.Now())
		reached, err := reader.Hub().Wait(t.Context(), rev-1, 5*time.Second)
		if err != nil || reached < rev {
			t.Fatalf("commit %d (revision %d): the other replica reached %d in 5s (%v)", i+1, rev, reached, err)
		}
	}
}

// errorInfo checks err has code and returns its ErrorInfo.
func errorInfo(t *testing.T, err error, code codes.Code) *errdetails.ErrorInfo {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != code {
		t.Fatalf("answered %v, want %v", err, code)
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info
		}
	}
	t.Fatalf("answered %v without an ErrorInfo", err)
	return nil
}
