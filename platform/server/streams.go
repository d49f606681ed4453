package server

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/auth"
)

// DefaultMaxStreams is how many streams one caller may hold open at once
// when Options.MaxStreamsPerCaller is 0: a few browser tabs or replicas of a
// following service, well short of exhausting the server.
const DefaultMaxStreams = 16

// errTokenExpired ends a stream whose caller's token has expired.
var errTokenExpired = errors.New("the caller's token expired")

// streams caps the streams each authenticated caller holds open at once,
// and ends each stream when its caller's token expires: a stream must not
// outlive the credential that opened it. A service renews its token and
// reconnects (platform/follow resumes where it stopped).
type streams struct {
	max int

	mu   sync.Mutex
	open map[caller]int
}

// caller is who holds streams: a subject within its tenant.
type caller struct{ tenant, subject string }

func newStreams(max int) *streams {
	if max == 0 {
		max = DefaultMaxStreams
	}
	return &streams{max: max, open: map[caller]int{}}
}

// start admits a stream of the caller in ctx, or refuses it with
// ResourceExhausted, LIMIT_REACHED. The stream's context ends when the
// caller's token expires; end releases the stream. Calls without a caller
// (health, reflection, methods with their own credential) are not counted.
func (s *streams) start(ctx context.Context) (_ context.Context, end func(), _ error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return ctx, func() {}, nil
	}
	who := caller{p.Tenant, p.Subject}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open[who] >= s.max {
		return nil, nil, apierror.ResourceExhausted(fmt.Sprintf("a caller may hold %d streams open at once; close one first", s.max), s.max)
	}
	s.open[who]++
	cancel := context.CancelFunc(func() {})
	if !p.Expiry.IsZero() {
		ctx, cancel = context.WithDeadlineCause(ctx, p.Expiry, errTokenExpired)
	}
	return ctx, func() {
		cancel()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.open[who]--; s.open[who] == 0 {
			delete(s.open, who)
		}
	}, nil
}

// ended is the error a stream ends with: TokenExpired when its caller's
// token expired, whatever the handler made of its context ending.
func ended(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errTokenExpired) {
		return apierror.TokenExpired()
	}
	return err
}
