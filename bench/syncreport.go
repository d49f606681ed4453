package main

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// The targets for contact sync. Missing one is news, not an error:
// the exit code is kept for wrong counts.
const (
	targetSQLiteRate = 100_000 // contacts/s of the initial sync on SQLite
	targetRawRatio   = 0.5     // of the raw insert loop's rows/s
	targetPurge      = 60 * time.Second
)

// printSyncSetup says how the numbers are made.
func printSyncSetup(w io.Writer, o syncOptions) {
	rate := "unbounded (the bench measures contact-sync, not the pacing of LinkedIn calls)"
	if o.tenantRate > 0 {
		rate = fmt.Sprintf("%g calls/s", o.tenantRate)
	}
	fmt.Fprintf(w, "\nContact sync: %d mailboxes x %d connections on %v; every pass on a system started afresh.\n",
		o.size.mailboxes, o.size.connections, o.databases)
	fmt.Fprintf(w, "Simulator: feed pages of %d, sync tokens expire after %v. contact-sync: %d sync workers, tenant rate %s.\n",
		o.pageSize, syncTokenTTL, o.workers, rate)
	fmt.Fprintf(w, "Machine: %d CPUs, %s; every server in its own process. Policy and consent use SQLite in every pass.\n",
		runtime.NumCPU(), runtime.Version())
}

// printSyncResults prints the passes' numbers beside the targets, and
// reports whether any count was wrong.
func printSyncResults(w io.Writer, o syncOptions, passes []syncPass) (bad bool) {
	fmt.Fprintf(w, "%-9s %-11s %8s %11s %11s %6s %11s %10s %15s %15s %8s\n",
		"database", "size", "setup", "sync/s", "raw rows/s", "ratio", "CPU/contact", "peak RSS", "resync full", "resync delta", "purge")
	for _, p := range passes {
		fmt.Fprintf(w, "%-9s %-11s %7.1fs %11.0f %11.0f %5.2fx %11s %10s %15s %15s %7.1fs\n",
			p.database, fmt.Sprintf("%dx%d", p.size.mailboxes, p.size.connections), p.setup.total().Seconds(),
			p.initial.perSecond(), p.raw.perSecond(), p.initial.perSecond()/p.raw.perSecond(), p.cpuPerContact(), mib(p.peakRSS),
			fmt.Sprintf("%.1fs/%d rows", p.full.elapsed.Seconds(), p.full.written()),
			fmt.Sprintf("%.1fs/%d rows", p.none.elapsed.Seconds(), p.none.written()), p.purge.elapsed.Seconds())
	}
	fmt.Fprintln(w)
	for _, p := range passes {
		if p.size != o.size {
			continue
		}
		what := fmt.Sprintf("%s, %dx%d", p.database, p.size.mailboxes, p.size.connections)
		if p.database == sqlite {
			fmt.Fprintf(w, "%s: initial sync %.0f contacts/s (target >= %d): %s\n", what, p.initial.perSecond(), targetSQLiteRate,
				verdict(p.initial.perSecond() >= targetSQLiteRate))
		}
		ratio := p.initial.perSecond() / p.raw.perSecond()
		fmt.Fprintf(w, "%s: initial sync %.2fx the raw insert loop (target >= %.2fx): %s\n", what, ratio, targetRawRatio, verdict(ratio >= targetRawRatio))
		for _, r := range []struct {
			name  string
			round syncRound
		}{{"full listing", p.full}, {"empty delta", p.none}} {
			fmt.Fprintf(w, "%s: no-change resync (%s): %d contacts written in %.1fs (target 0): %s\n",
				what, r.name, r.round.written(), r.round.elapsed.Seconds(), verdict(r.round.written() == 0))
		}
		fmt.Fprintf(w, "%s: purge of %d contacts in %.1fs (target < %v): %s\n", what, p.purge.last.deleted, p.purge.elapsed.Seconds(),
			targetPurge, verdict(p.purge.elapsed < targetPurge))
	}
	printRSS(w, passes)
	return printSyncChecks(w, passes)
}

// printRSS compares contact-sync's peak RSS during the initial sync across
// the sizes run on each database.
func printRSS(w io.Writer, passes []syncPass) {
	for i, small := range passes {
		for _, big := range passes[i+1:] {
			if big.database != small.database || big.size.contacts() <= small.size.contacts() {
				continue
			}
			grow := float64(big.peakRSS-small.peakRSS) / float64(big.size.contacts()-small.size.contacts())
			fmt.Fprintf(w, "%s: contact-sync's peak RSS during the initial sync: %s at %d contacts, %s at %d (%.2fx for %.1fx the contacts; %+.1f bytes per added contact)\n",
				small.database, mib(small.peakRSS), small.size.contacts(), mib(big.peakRSS), big.size.contacts(),
				float64(big.peakRSS)/float64(small.peakRSS), float64(big.size.contacts())/float64(small.size.contacts()), grow)
		}
	}
	for _, p := range passes {
		if p.sinceStart {
			fmt.Fprintf(w, "(%s, %dx%d: the peak RSS could not be reset before the sync; it covers the process's whole life)\n",
				p.database, p.size.mailboxes, p.size.connections)
		}
	}
}

// printSyncChecks lists wrong counts: a mailbox synced with other than its
// connections, a resync that changed a contact the sample read back, a
// purge that failed or left contacts. It reports whether there were any.
func printSyncChecks(w io.Writer, passes []syncPass) (bad bool) {
	for _, p := range passes {
		what := fmt.Sprintf("%s, %dx%d", p.database, p.size.mailboxes, p.size.connections)
		var wrong []string
		for _, r := range []syncRound{p.initial, p.full, p.none} {
			wrong = append(wrong, r.wrong...)
		}
		wrong = append(wrong, p.untouched...)
		wrong = append(wrong, p.purge.failed...)
		if p.purge.last.deleted != p.size.contacts() || p.purge.last.total != p.size.contacts() {
			wrong = append(wrong, fmt.Sprintf("the purge deleted %d of %d contacts, want %d", p.purge.last.deleted, p.purge.last.total, p.size.contacts()))
		}
		if len(wrong) > 0 {
			bad = true
			fmt.Fprintf(w, "  %s: %d wrong, first: %s\n", what, len(wrong), wrong[0])
		}
	}
	fmt.Fprintf(w, "Correctness: every mailbox's contact count after each sync, %d contacts read back after the full resync, the purge's counts: %s.\n",
		sampledContacts(passes), map[bool]string{false: "all as expected", true: "WRONG (above)"}[bad])
	return bad
}

func sampledContacts(passes []syncPass) int {
	n := 0
	for _, p := range passes {
		n += p.sampled
	}
	return n
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
