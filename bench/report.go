package main

import (
	"fmt"
	"io"
	"time"
)

// targetRatio is the goal: CheckAccess over gRPC at 16 callers
// reaches at least this share of the echo's throughput.
const targetRatio = 0.80

// printTable prints one row per target, with throughput as a ratio to the
// first row, the echo.
func printTable(w io.Writer, results []result) {
	echo := results[0].perSecond()
	fmt.Fprintf(w, "%-28s %12s %10s %10s %9s\n", "name", "calls/s", "p50", "p99", "vs echo")
	for _, r := range results {
		fmt.Fprintf(w, "%-28s %12.0f %10s %10s %8.2fx\n",
			r.name, r.perSecond(), ms(r.percentile(0.50)), ms(r.percentile(0.99)), r.perSecond()/echo)
	}
}

// printTarget prints the verdict on the target. Missing it is news, not an
// error: the exit code is kept for failures and wrong answers.
func printTarget(w io.Writer, callers int, echo, checkAccess result) {
	ratio := checkAccess.perSecond() / echo.perSecond()
	verdict := "PASS"
	if ratio < targetRatio {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "CheckAccess over gRPC at %d callers: %.2fx echo (target >= %.2fx): %s\n", callers, ratio, targetRatio, verdict)
}

// printProblems lists calls that failed or answered wrongly, and reports
// whether there were any.
func printProblems(w io.Writer, results []result) bool {
	bad := false
	for _, r := range results {
		if r.failed == 0 && r.wrong == 0 {
			continue
		}
		bad = true
		fmt.Fprintf(w, "%s: %d failed calls, %d wrong answers; first: %v\n", r.name, r.failed, r.wrong, r.firstErr)
	}
	return bad
}

// ms formats a latency in milliseconds with enough digits for sub-millisecond
// calls.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
}
