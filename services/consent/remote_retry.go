package consent

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
)

// How a clean-up is retried while LinkedIn fails: soon at first, so a blip
// costs seconds, then every few minutes at most, so an outage after it
// ends delays the steps little and costs LinkedIn one request per
// clean-up per interval while it lasts. After cleanupAttempts (more than a
// day and a half) the steps are given up as FAILED.
const (
	cleanupFirstRetry = time.Second
	cleanupMaxRetry   = 5 * time.Minute
	cleanupAttempts   = 600
)

// NextRetry is when a failed attempt is tried again: the interval doubles
// from cleanupFirstRetry up to cleanupMaxRetry, and up to half of it is
// taken off at random, so clean-ups queued together do not retry together.
func (w *cleanupWorker) NextRetry(job *river.Job[cleanupArgs]) time.Time {
	return time.Now().Add(cleanupBackoff(job.Attempt))
}

func cleanupBackoff(attempt int) time.Duration {
	interval := cleanupMaxRetry
	if attempt < 20 { // beyond it the shift would pass the cap anyway
		interval = min(cleanupFirstRetry<<max(attempt-1, 0), cleanupMaxRetry)
	}
	return interval - rand.N(interval/2+1)
}
