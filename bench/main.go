// Command bench measures policy's CheckAccess, over gRPC and through the
// JSON gateway, and consent's GetConsent over gRPC against a plain grpc-go
// echo, on a seeded 10,000-user tenant whose selected group is nested five
// deep and of whose users some are connected to LinkedIn (through consent's
// OAuth flow against the LinkedIn simulator). It builds and starts the real
// binaries, so it measures what ships. `make bench` runs it.
//
// The gateway has a baseline of its own beside the echo: a stock
// grpc-gateway in front of the echo (stockgateway.go). After measuring, a
// CPU profile of the gateway under the same load names the functions its
// time goes to (gatewayprofile.go).
//
// Every server runs in its own process and every client in this one, for the
// echo as for the services, so the ratios compare like with like. Exit
// status 1 means a call failed or an answer was wrong; missing a throughput
// target is reported, not treated as an error.
//
// With -contacts it measures contact-sync instead (see contactsync.go):
// `make bench-contacts` runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/liaisonhq/liaison/platform/launch"
)

// options are the bench's flags.
type options struct {
	root        string
	load        load
	users       int
	connected   int
	seedWorkers int
	// gatewayProfile is how long the gateway's CPU profile is taken (0:
	// none), and gatewayProfileOut where the raw profile is kept, if
	// anywhere.
	gatewayProfile    time.Duration
	gatewayProfileOut string
	// contacts runs the contact-sync bench instead, with sync's flags.
	contacts  bool
	sync      syncOptions
	databases string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == echoServerCommand {
		if err := runEchoServer(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "echo server:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == stockGatewayCommand {
		if err := runStockGateway(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "stock gateway:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.StringVar(&o.root, "root", "..", "the repository root, holding services/ and gateway/")
	flag.IntVar(&o.load.callers, "callers", 16, "concurrent callers per target")
	flag.DurationVar(&o.load.duration, "duration", 5*time.Second, "measured time per target")
	flag.DurationVar(&o.load.warmup, "warmup", time.Second, "unmeasured time per target before measuring (longer if the callers need it to ask about every user once)")
	flag.IntVar(&o.load.rounds, "rounds", 5, "turns the measured time of each target is split into, taken in rotation")
	flag.IntVar(&o.users, "users", 10000, "users in the bench tenant")
	flag.IntVar(&o.connected, "connected", 50, "users connected to LinkedIn before measuring (group members, spread over the directory)")
	flag.IntVar(&o.seedWorkers, "seed-workers", 8, "concurrent callers while seeding")
	flag.DurationVar(&o.gatewayProfile, "gateway-profile", 10*time.Second, "after measuring, how long to take a CPU profile of the gateway alone under the same load, whole seconds (0: none)")
	flag.StringVar(&o.gatewayProfileOut, "gateway-profile-out", "", "keep the gateway's raw CPU profile in this file, for go tool pprof")
	flag.BoolVar(&o.contacts, "contacts", false, "measure contact-sync (initial sync, no-change resync, purge, peak RSS) instead of CheckAccess and GetConsent")
	flag.IntVar(&o.sync.size.mailboxes, "sync-mailboxes", 2000, "with -contacts: mailboxes synced")
	flag.IntVar(&o.sync.size.connections, "sync-connections", 500, "with -contacts: LinkedIn connections of each mailbox's owner")
	flag.IntVar(&o.sync.rssConnections, "sync-rss-connections", 100, "with -contacts: connections each of a smaller pass first, whose peak RSS is compared (0: none)")
	flag.StringVar(&o.databases, "sync-databases", "sqlite,postgres", "with -contacts: contact-sync's databases, a pass each (postgres: a throwaway cluster from scripts/pg-test-cluster)")
	flag.IntVar(&o.sync.pageSize, "sync-page-size", 100, "with -contacts: connections per page of the simulator's feed (its default), and rows per transaction of the raw insert loop")
	flag.IntVar(&o.sync.workers, "sync-workers", 8, "with -contacts: contact-sync's --workers (its default)")
	flag.Float64Var(&o.sync.tenantRate, "sync-tenant-rate", 0, "with -contacts: contact-sync's --tenant-rate, calls to LinkedIn per tenant and second (0: unbounded)")
	flag.DurationVar(&o.sync.timeout, "sync-timeout", 30*time.Minute, "with -contacts: the longest wait for one phase")
	flag.Parse()
	if o.load.callers < 1 || o.load.rounds < 1 || o.users < 1 || o.connected < 0 || o.seedWorkers < 1 || o.load.duration <= 0 || o.load.warmup < 0 {
		fmt.Fprintln(os.Stderr, "bench: -callers, -rounds, -users, -seed-workers and -duration must be positive, -connected and -warmup not negative")
		os.Exit(2)
	}
	if o.gatewayProfile < 0 || o.gatewayProfile%time.Second != 0 {
		fmt.Fprintln(os.Stderr, "bench: -gateway-profile must be whole seconds, or 0 for none")
		os.Exit(2)
	}
	o.sync.seedWorkers = o.seedWorkers
	if o.contacts {
		var err error
		if o.sync.databases, err = parseDatabases(o.databases); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		if o.sync.size.mailboxes < 1 || o.sync.size.connections < 1 || o.sync.rssConnections < 0 || o.sync.pageSize < 1 ||
			o.sync.workers < 1 || o.sync.tenantRate < 0 || o.sync.timeout <= 0 {
			fmt.Fprintln(os.Stderr, "bench: -sync-mailboxes, -sync-connections, -sync-page-size, -sync-workers and -sync-timeout must be positive, -sync-rss-connections and -sync-tenant-rate not negative")
			os.Exit(2)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	if o.contacts {
		err = runContactSync(ctx, o.root, o.sync)
	} else {
		err = run(ctx, o)
	}
	if ctx.Err() != nil {
		// Whatever failed, it failed because the run was stopped.
		err = errors.New("interrupted")
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// errIncorrect reports that calls failed or answered wrongly; the details
// are printed already.
var errIncorrect = errors.New("some calls failed or answered wrongly")

func run(ctx context.Context, o options) (err error) {
	tmp, err := os.MkdirTemp("", "liaison-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	began := time.Now()
	fmt.Printf("building policy, consent, the LinkedIn simulator and the gateway from %s ...\n", o.root)
	bin := filepath.Join(tmp, "bin")
	if err := launch.Build(ctx, o.root, bin); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	s, err := startStack(ctx, tmp, bin, self)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.stop()) }()
	fmt.Printf("built and started policy (gRPC %s), consent (gRPC %s), the LinkedIn simulator (%s), gateway (%s)\n",
		s.policyAddr, s.consentAddr, s.simURL, s.gatewayURL)
	fmt.Printf("and echo (gRPC %s) with a stock grpc-gateway in front of it (%s) in %.1fs\n", s.echoAddr, s.stockURL, time.Since(began).Seconds())

	c, err := dialStack(s, o.load.callers)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, c.close()) }()
	dir := directory{users: o.users, connected: o.connected}
	o.load.warmCalls = (dir.users + o.load.callers - 1) / o.load.callers

	if err := seedTenant(ctx, c, s.gatewayURL, dir, o.seedWorkers); err != nil {
		return err
	}
	made, err := connectUsers(ctx, c, s, dir, o.seedWorkers)
	if err != nil {
		return err
	}
	creds, err := callerCredentials(ctx, c.http, s.gatewayURL, o.load.callers)
	if err != nil {
		return err
	}

	cardViewers, err := viewerCredentials(ctx, c.http, s.gatewayURL, o.load.callers, dir, made)
	if err != nil {
		return err
	}

	printSetup(os.Stdout, o.load, dir.users)
	fmt.Println("measuring ...")
	tally := make([]consentTally, o.load.callers)
	throughGateway := httpCheckCall(ctx, c.http, s.gatewayURL, creds.http, dir)
	const (
		echo = iota
		checkGRPC
		consentGRPC
		stockGateway
		checkGateway
		cardGRPC
		cardGateway
		cardCold
	)
	cardServers := []string{"profile-card", "policy", "consent"}
	results := o.load.measure(ctx, []target{
		echo:         {"echo (gRPC)", echoCall(c.echoConn, creds.grpc, dir), s.pids("echo")},
		checkGRPC:    {"CheckAccess (gRPC)", grpcCheckCall(c.policy, creds.grpc, dir), s.pids("policy")},
		consentGRPC:  {"GetConsent (gRPC)", grpcConsentCall(c.consent, creds.grpc, dir, made, tally), s.pids("consent")},
		stockGateway: {"echo (stock gateway JSON)", stockEchoCall(ctx, c.http, s.stockURL, creds.http, dir), s.pids("stock-gateway", "echo")},
		checkGateway: {"CheckAccess (gateway JSON)", throughGateway, s.pids("gateway", "policy")},
		cardGRPC:     {"profile card warm (gRPC)", grpcCardCall(c.cards, cardViewers), s.pids(cardServers...)},
		cardGateway:  {"profile card warm (gw JSON)", httpCardCall(ctx, c.http, s.gatewayURL, cardViewers), s.pids(append(cardServers, "gateway")...)},
		cardCold:     {"profile card cold (gRPC)", grpcColdCardCall(c.cards, cardViewers), s.pids(append(cardServers, "linkedin-sim")...)},
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}

	fmt.Println()
	printTable(os.Stdout, results)
	fmt.Println()
	printTarget(os.Stdout, "CheckAccess over gRPC", o.load.callers, results[echo], results[checkGRPC], targetRatio)
	printTarget(os.Stdout, "GetConsent over gRPC", o.load.callers, results[echo], results[consentGRPC], targetRatio)
	printTarget(os.Stdout, "CheckAccess through the gateway", o.load.callers, results[echo], results[checkGateway], gatewayTargetRatio)
	printReference(os.Stdout, "echo through a stock grpc-gateway", o.load.callers, results[echo], results[stockGateway])
	printTarget(os.Stdout, "A warm profile card over gRPC", o.load.callers, results[echo], results[cardGRPC], cardTargetRatio)
	printTarget(os.Stdout, "A warm profile card through the gateway", o.load.callers, results[echo], results[cardGateway], gatewayTargetRatio)
	printCold(os.Stdout, o.load.callers, results[cardCold])

	// The latency of one lookup alone: one caller, nothing else running.
	alone := o.load
	alone.callers, alone.warmCalls = 1, len(cardViewers.people)
	one := alone.measure(ctx, []target{{"profile card warm, 1 caller", grpcCardCall(c.cards, cardViewers), s.pids(cardServers...)}})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	printLatencyTarget(os.Stdout, "A warm profile card over gRPC", one[0], cardLatencyTarget)
	results = append(results, one...)
	printConsentTally(os.Stdout, tally, made)
	bad := printChecks(os.Stdout, results)

	if o.gatewayProfile > 0 {
		fmt.Println("\nprofiling the gateway ...")
		gp, err := o.load.profileGateway(ctx, s.gatewayDebugURL, s.PID("gateway"), throughGateway, o.gatewayProfile, o.gatewayProfileOut)
		if err != nil {
			return err
		}
		if err := printProfile(os.Stdout, gp); err != nil {
			return err
		}
	}

	fmt.Println("\nmeasuring how fast a change reaches another replica ...")
	admin, err := mintToken(ctx, c.http, s.gatewayURL, identity{Tenant: "contoso", User: "admin", Roles: []string{"TenantAdmin"}})
	if err != nil {
		return err
	}
	latencies, err := measureReplicas(ctx, o.root, tmp, bin, admin)
	if err != nil {
		return err
	}
	printReplicas(os.Stdout, latencies)
	fmt.Printf("Total time %.1fs.\n", time.Since(began).Seconds())
	if bad {
		return errIncorrect
	}
	return nil
}
