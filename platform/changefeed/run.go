package changefeed

import (
	"context"
	"log/slog"
	"time"
)

// PollInterval bounds how late a change another replica commits reaches
// this one; changes committed here are seen at once.
const PollInterval = time.Second

// Run starts a service's change feed at the store's current head: a hub
// that polls the store for other replicas' commits, closes when ctx ends
// (ending the service's watch streams), and hands every committed entry,
// local or not, to each, so the service can drop what it cached.
func Run[T any](ctx context.Context, logger *slog.Logger, head func(context.Context) (int64, error),
	read func(context.Context, int64) ([]T, int64, error), each func(T)) (*Hub, error) {
	start, err := head(ctx)
	if err != nil {
		return nil, err
	}
	hub := NewHub(start)
	hub.CloseWhenDone(ctx)
	go hub.Poll(ctx, PollInterval, head)
	go Follow(ctx, hub, start, read,
		func(batch []T, _ int64) error {
			for _, entry := range batch {
				each(entry)
			}
			return nil
		},
		func(err error) { logger.WarnContext(ctx, "following the change log failed", "error", err) })
	return hub, nil
}
