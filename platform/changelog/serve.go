package changelog

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/platform/apierror"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc/codes"
)

// Watch tuning: the most entries per message, and how often an idle stream
// gets a progress notice (which also tells the consumer the stream lives).
const (
	WatchBatch    = 500
	WatchProgress = 30 * time.Second
)

// Watch says what a Watch RPC asked for.
type Watch struct {
	// From: entries after this revision.
	From int64
	// Tenant: one tenant's entries, or every tenant's when empty.
	Tenant string
	// Progress is how often an idle stream hears of progress;
	// WatchProgress when 0.
	Progress time.Duration
}

// ServeWatch is every service's Watch RPC: it sends the log after w.From,
// then new entries as this replica applies them. expand turns a batch of
// entries into the service's messages (the entries themselves, or the rows
// they point at); send gets each batch with the revision it reaches, and,
// when the stream has been idle, an empty batch saying nothing newer exists
// for this watcher up to that revision. It returns when ctx ends or the
// service shuts down (nil), when expand or send fails, or with OutOfRange
// REVISION_EXPIRED when the watcher is, or falls, behind the retention
// horizon: it missed changes and must read afresh. A From newer than every
// committed revision (the watcher's cursor belongs to another database, say
// one restored from a backup) is InvalidArgument with the head in the
// metadata: the watcher must read afresh too, or it would miss every change
// up to its cursor.
func ServeWatch[T any](ctx context.Context, l *Log, w Watch,
	expand func(context.Context, []Entry) ([]T, error), send func(batch []T, revision int64) error) error {
	hub := l.Hub()
	if hub == nil {
		return apierror.Unavailable("the change log (starting)")
	}
	if w.Progress == 0 {
		w.Progress = WatchProgress
	}
	if err := checkRevision("from_revision", w.From); err != nil {
		return err
	}
	if w.From > hub.Head() {
		if err := l.checkNotAhead(ctx, w.From); err != nil {
			return err
		}
	}
	last := w.From
	for {
		// Every revision up to the head is applied, so once the log shows
		// nothing newer for this watcher, it is current up to there.
		head := hub.Head()
		entries, err := l.After(ctx, last, w.Tenant, WatchBatch)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return expiredError(err)
		}
		if len(entries) > 0 {
			batch, err := expand(ctx, entries)
			if err != nil {
				return err
			}
			last = Last(entries, last)
			if err := send(batch, last); err != nil {
				return err
			}
			continue
		}
		last = max(last, head)
		next, err := hub.Wait(ctx, last, w.Progress)
		if err != nil {
			return nil
		}
		if next <= last {
			if err := send(nil, last); err != nil {
				return err
			}
		}
	}
}

// checkNotAhead refuses a watch from a revision newer than the log's head.
func (l *Log) checkNotAhead(ctx context.Context, from int64) error {
	head, err := l.Head(ctx)
	if err != nil || from <= head {
		return err
	}
	e := apierror.InvalidField("from_revision", fmt.Sprintf("is newer than every committed revision (the newest is %d): read the current state again, then watch from %d", head, head))
	e.Metadata = map[string]string{headKey: strconv.FormatInt(head, 10)}
	return e
}

// expiredError is the API's answer to a read behind the horizon: OutOfRange
// with reason REVISION_EXPIRED and the oldest revision to watch from after a
// fresh read. Other errors pass as they are.
func expiredError(err error) error {
	var expired *ErrExpired
	if !errors.As(err, &expired) {
		return err
	}
	return &apierror.Error{
		Code: codes.OutOfRange, Reason: typev1.ErrorReason_REVISION_EXPIRED,
		Message: "the change log no longer holds changes this old: read the current state again, then watch from a revision at or after " +
			strconv.FormatInt(expired.Horizon, 10),
		Metadata: map[string]string{horizonKey: strconv.FormatInt(expired.Horizon, 10)},
	}
}
