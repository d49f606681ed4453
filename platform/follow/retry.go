package follow

import (
	"time"

	"github.com/cenkalti/backoff/v5"
)

// MaxBackoff caps the wait before following resumes after a failure, so a
// long outage of the other service does not delay its first change after
// recovery by more than this.
const MaxBackoff = 5 * time.Second

// newRetryPauses gives the pauses between attempts to follow: from about
// 200ms, growing by half each failure, each taken at random within ±half
// of its interval (so replicas of several services recovering together do
// not call at once), and never over MaxBackoff. The interval stops growing
// at two thirds of the cap, so the random spread stays whole below it.
func newRetryPauses() *cappedPauses {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = 200 * time.Millisecond
	b.RandomizationFactor = 0.5
	b.MaxInterval = MaxBackoff * 2 / 3
	return &cappedPauses{b}
}

// cappedPauses holds MaxBackoff even if the library's rounding passes it.
type cappedPauses struct{ *backoff.ExponentialBackOff }

func (p *cappedPauses) NextBackOff() time.Duration {
	return min(p.ExponentialBackOff.NextBackOff(), MaxBackoff)
}
