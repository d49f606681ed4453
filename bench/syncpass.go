package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/liaisonhq/liaison/platform/launch"
)

// syncTokenTTL is the simulator's sync token lifetime in the contact-sync
// bench: longer than any one mailbox's listing takes, short enough that the
// bench can wait for every token of the first sync to expire, which makes
// the no-change resync a full listing.
const syncTokenTTL = 30 * time.Second

// contactSampleSize is how many mailboxes' contacts are read after the
// full no-change resync, to check none was updated.
const contactSampleSize = 10

// syncSession is one pass's running system, clients and tenant.
type syncSession struct {
	s       *stack
	c       *clients
	size    syncSize
	workers int
	timeout time.Duration // of each wait
	boxes   []mailbox
	admin   string   // a TenantAdmin token of the tenant
	tokens  []string // each mailbox owner's token
}

// syncPass is one run of the contact-sync bench: one database, one size.
type syncPass struct {
	database string
	size     syncSize
	setup    setupTimes
	raw      rawResult
	initial  syncRound
	// peakRSS is contact-sync's during the initial sync; sinceStart says
	// the mark could not be reset and covers the process's whole life.
	peakRSS    int64
	sinceStart bool
	// syncCPU is the CPU time contact-sync used during the initial sync,
	// when known: per contact, it moves less with the neighbours' load
	// than the rate does.
	syncCPU    time.Duration
	syncCPUOK  bool
	full, none syncRound // the no-change resyncs: a full listing, an empty delta
	sampled    int       // contacts read after the full resync
	untouched  []string  // what the sample found wrong
	purge      purgeResult
}

// runSyncPass sets up the system for one pass in dir and runs it: the raw
// insert loop, the initial sync, the no-change resyncs and the purge.
func runSyncPass(ctx context.Context, o syncOptions, bin, dir string, database string, pg *pgCluster, size syncSize, n int) (p syncPass, err error) {
	p = syncPass{database: database, size: size}
	fmt.Printf("\n== contact sync on %s: %d mailboxes x %d connections = %d contacts ==\n", database, size.mailboxes, size.connections, size.contacts())
	rawURL, databases := "sqlite:"+filepath.Join(dir, "raw.db"), map[string]string(nil) // contact-sync's own: launch's default
	if database == postgres {
		if rawURL, err = pg.createDatabase(ctx, fmt.Sprintf("raw_%d", n)); err != nil {
			return p, err
		}
		url, err := pg.createDatabase(ctx, fmt.Sprintf("contactsync_%d", n))
		if err != nil {
			return p, err
		}
		databases = map[string]string{"contact-sync": url}
	}

	fmt.Printf("  raw insert loop: %d rows in transactions of %d ...\n", size.contacts(), o.pageSize)
	if p.raw, err = rawInsertLoop(ctx, rawURL, size, o.pageSize); err != nil {
		return p, err
	}
	fmt.Printf("  raw insert loop: %.1fs, %.0f rows/s (rows of %.0f bytes); load %s\n", p.raw.elapsed.Seconds(), p.raw.perSecond(),
		p.raw.rowBytes, loadAverage())

	began := time.Now()
	s, err := startSyncStack(dir, bin, databases, o)
	if err != nil {
		return p, err
	}
	defer func() { err = errors.Join(err, s.stop()) }()
	c, err := dialStack(s, o.seedWorkers)
	if err != nil {
		return p, err
	}
	defer func() { err = errors.Join(err, c.close()) }()
	p.setup.stack = time.Since(began)
	x := &syncSession{s: s, c: c, size: size, workers: o.seedWorkers, timeout: o.timeout}
	if err := x.setUp(ctx, &p.setup); err != nil {
		return p, err
	}
	fmt.Printf("  setup: %.1fs: stack %.1fs, network %.1fs, tenant and users %.1fs, %d OAuth connections %.1fs (%d workers), contact-sync aware %.1fs\n",
		p.setup.total().Seconds(), p.setup.stack.Seconds(), p.setup.network.Seconds(), p.setup.tenant.Seconds(),
		len(x.boxes), p.setup.connect.Seconds(), x.workers, p.setup.known.Seconds())

	if err := p.initialSync(ctx, x); err != nil {
		return p, err
	}
	if err := p.noChangeResyncs(ctx, x); err != nil {
		return p, err
	}
	fmt.Println("  purge: setting the tenant's LinkedIn setting to No ...")
	if p.purge, err = x.purgeAll(ctx); err != nil {
		return p, err
	}
	fmt.Printf("  purge: %d contacts in %.1fs (%d jobs, %.1f jobs/s); load %s\n", p.purge.last.deleted, p.purge.elapsed.Seconds(),
		p.purge.last.jobs, p.purge.jobsPerSecond(), loadAverage())
	return p, nil
}

// initialSync switches contact sync on, which makes every mailbox eligible
// and queues its first sync, and waits until all are synced, with
// contact-sync's peak RSS reset at the start.
func (p *syncPass) initialSync(ctx context.Context, x *syncSession) (err error) {
	pid := x.s.PID("contact-sync")
	if err := resetPeakRSS(pid); err != nil {
		p.sinceStart = true
	}
	fmt.Println("  initial sync: switching contact sync on ...")
	cpu, cpuErr := processCPU(pid)
	start := time.Now()
	if err := x.setContactSync(ctx, true); err != nil {
		return err
	}
	if p.initial, err = x.waitSynced(ctx, start, "initial sync"); err != nil {
		return err
	}
	if p.peakRSS, err = peakRSS(pid); err != nil {
		return err
	}
	// A little more than the sync's: the process's CPU time until the
	// bench noticed the end, polls answered included.
	if after, err := processCPU(pid); err == nil && cpuErr == nil {
		p.syncCPU, p.syncCPUOK = after-cpu, true
	}
	fmt.Printf("  initial sync: %d contacts in %.1fs, %.0f contacts/s (%.0f mailboxes/s), contact-sync CPU %s/contact; peak RSS %s; load %s\n",
		p.initial.contacts, p.initial.elapsed.Seconds(), p.initial.perSecond(), x.perSecond(p.initial), p.cpuPerContact(),
		mib(p.peakRSS), loadAverage())
	return nil
}

// cpuPerContact is contact-sync's CPU time per contact of the initial sync.
func (p *syncPass) cpuPerContact() string {
	if !p.syncCPUOK || p.initial.contacts == 0 {
		return "n/a"
	}
	return us(p.syncCPU / time.Duration(p.initial.contacts))
}

// noChangeResyncs resyncs every mailbox twice with nothing changed: once
// with every sync token expired (a full listing), then at once (an empty
// delta).
func (p *syncPass) noChangeResyncs(ctx context.Context, x *syncSession) (err error) {
	expired := p.initial.last.Add(syncTokenTTL + 1500*time.Millisecond)
	fmt.Printf("  no-change resync (full listing): waiting %.0fs for the sync tokens to expire ...\n", time.Until(expired).Seconds())
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Until(expired)):
	}
	start := time.Now()
	if p.full, err = x.resync(ctx, "no-change resync (full listing)"); err != nil {
		return err
	}
	if p.sampled, p.untouched, err = x.untouched(ctx, start, contactSampleSize); err != nil {
		return err
	}
	fmt.Printf("  no-change resync (full listing): %.1fs (%.0f mailboxes/s), %d contacts written; %d contacts of %d mailboxes read back, none newer: %v; load %s\n",
		p.full.elapsed.Seconds(), x.perSecond(p.full), p.full.written(), p.sampled, contactSampleSize, len(p.untouched) == 0, loadAverage())
	if p.none, err = x.resync(ctx, "no-change resync (empty delta)"); err != nil {
		return err
	}
	fmt.Printf("  no-change resync (empty delta): %.1fs (%.0f mailboxes/s), %d contacts written; load %s\n",
		p.none.elapsed.Seconds(), x.perSecond(p.none), p.none.written(), loadAverage())
	return nil
}

func (r syncRound) perSecond() float64 { return float64(r.contacts) / r.elapsed.Seconds() }

// perSecond is the mailboxes a round synced per second.
func (x *syncSession) perSecond(r syncRound) float64 {
	return float64(len(x.boxes)) / r.elapsed.Seconds()
}

// startSyncStack starts the system for the contact-sync bench in dir, with
// contact-sync's database at databases["contact-sync"] (embedded SQLite when
// nil): the simulator pages its feed by o.pageSize and lets sync tokens
// expire after syncTokenTTL; contact-sync runs o.workers syncs at once,
// paced per tenant at o.tenantRate calls a second (unbounded at 0); the
// gateway's rate limits are off, as in the access bench.
func startSyncStack(dir, bin string, databases map[string]string, o syncOptions) (*stack, error) {
	grace := "--shutdown-grace=3s"
	rate, burst := o.tenantRate, max(1, int(o.tenantRate))
	if rate <= 0 {
		rate, burst = 1e9, 1000
	}
	st, err := launch.Start(launch.Options{BinDir: bin, Dir: dir, Databases: databases, Flags: map[string][]string{
		"policy": {grace}, "consent": {grace},
		"linkedin-sim": {grace, "--page-size=" + strconv.Itoa(o.pageSize), "--sync-token-ttl=" + syncTokenTTL.String()},
		"contact-sync": {grace, "--workers=" + strconv.Itoa(o.workers),
			"--tenant-rate=" + strconv.FormatFloat(rate, 'g', -1, 64), "--tenant-burst=" + strconv.Itoa(burst)},
		"gateway": {grace, "--rate-per-caller=0", "--rate-per-address=0"},
	}})
	if err != nil {
		return nil, err
	}
	return &stack{Stack: st, policyAddr: st.Addr("policy"), consentAddr: st.Addr("consent"),
		simURL: st.URL("linkedin-sim"), gatewayURL: st.URL("gateway")}, nil
}
