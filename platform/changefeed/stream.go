package changefeed

import (
	"context"
	"time"
)

// Stream sends a change log from revision from: what the log holds, then
// new entries as the hub reports commits. read returns up to a batch of
// entries after a revision and the revision of the last one; send gets
// each batch with the revision it reaches, and, after idle progress, an
// empty batch saying the log holds nothing newer for this reader up to that
// revision. Stream returns when ctx ends (nil) or read or send fails.
func Stream[T any](ctx context.Context, hub *Hub, from int64, progress time.Duration,
	read func(ctx context.Context, after int64) ([]T, int64, error),
	send func(batch []T, revision int64) error) error {
	last := from
	for {
		// Every revision up to the head has committed, so once the log
		// shows nothing newer for this reader, it is current up to there.
		head := hub.Head()
		batch, end, err := read(ctx, last)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if len(batch) > 0 {
			last = end
			if err := send(batch, last); err != nil {
				return err
			}
			continue
		}
		last = max(last, head)
		next, err := hub.Wait(ctx, last, progress)
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

// Follow runs Stream for an in-process consumer until ctx ends: handle gets
// every non-empty batch; a failure is logged by onError and the stream
// resumes after the last batch handled.
func Follow[T any](ctx context.Context, hub *Hub, from int64,
	read func(ctx context.Context, after int64) ([]T, int64, error),
	handle func(batch []T, revision int64) error, onError func(error)) {
	last := from
	for ctx.Err() == nil {
		err := Stream(ctx, hub, last, time.Minute, read, func(batch []T, revision int64) error {
			if len(batch) > 0 {
				if err := handle(batch, revision); err != nil {
					return err
				}
			}
			last = revision
			return nil
		})
		if err != nil {
			onError(err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}
