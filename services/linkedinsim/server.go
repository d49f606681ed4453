package linkedinsim

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Sim is the simulator: its state and its HTTP API.
type Sim struct {
	settings Settings
	logger   *slog.Logger
	now      func() time.Time
	clients  map[string]*client
	net      *network
	events   *memberEvents
	grants   *grants
	sealer   *tokenSealer
	limiter  *rateLimiter
	faults   *faultInjector
}

// Option changes how New builds a Sim.
type Option func(*Sim)

// WithClock makes the simulator read the time from now: tests move it to
// expire codes, tokens and sync tokens without waiting.
func WithClock(now func() time.Time) Option { return func(s *Sim) { s.now = now } }

// WithAcknowledgement changes how an admin change waits for the member-event
// subscribers (see acknowledge.go): those that polled within active are
// waited for, at most timeout. Tests shorten the 2-second timeout.
func WithAcknowledgement(active, timeout time.Duration) Option {
	return func(s *Sim) { s.events.active, s.events.ackTimeout = active, timeout }
}

// New builds a simulator, seeded with the demo network when settings.Seed.
func New(settings Settings, logger *slog.Logger, opts ...Option) (*Sim, error) {
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	clients, err := parseClients(settings.Clients)
	if err != nil {
		return nil, err
	}
	s := &Sim{settings: settings, logger: logger, now: time.Now, clients: clients}
	// The options may set the clock, which the feed reads through s.now.
	s.events = newMemberEvents(func() time.Time { return s.now() })
	for _, opt := range opts {
		opt(s)
	}
	s.net = newNetwork(s.events)
	s.grants = newGrants(s.now, settings.TokenTTL, settings.RefreshTTL)
	s.sealer = newTokenSealer()
	s.limiter = newRateLimiter(settings.RateLimit, s.now)
	s.faults = newFaultInjector()
	if settings.Seed {
		s.net.seedDemo()
	}
	return s, nil
}

// reset returns the simulator to its state after New.
func (s *Sim) reset() {
	s.net.reset()
	if s.settings.Seed {
		s.net.seedDemo()
	}
	s.grants.reset()
	s.limiter.reset()
	s.faults.set(Faults{})
}

// Handler returns the simulator's HTTP API: the public API that plays
// LinkedIn (faults apply to it), the admin API under /sim/ (whose changes
// wait for the member-event subscribers), and /healthz.
func (s *Sim) Handler() http.Handler {
	public := http.NewServeMux()
	public.HandleFunc("GET /oauth/v2/authorization", s.authorizePage)
	public.HandleFunc("POST /oauth/v2/authorization", s.authorizeDecision)
	public.HandleFunc("POST /oauth/v2/accessToken", s.accessToken)
	public.HandleFunc("POST /oauth/v2/revoke", s.revoke)
	public.HandleFunc("GET /v2/userinfo", s.asMember(s.userinfo, ScopeOpenID))
	public.HandleFunc("GET /v2/me", s.asMember(s.me, ScopeProfile))
	public.HandleFunc("GET /v2/people", s.asMember(s.people, ScopeProfile))
	public.HandleFunc("GET /v2/connections", s.asMember(s.listConnections, ScopeNetwork))
	public.HandleFunc("GET /v2/memberEvents", s.memberEventsFeed)
	public.HandleFunc("GET /v2/contactImports", s.asMember(s.listContacts, ScopeReadContactImports, ScopeWriteContactImports))
	public.HandleFunc("POST /v2/contactImports", s.asMember(s.uploadContacts, ScopeWriteContactImports))
	public.HandleFunc("DELETE /v2/contactImports", s.asMember(s.deleteContacts, ScopeWriteContactImports))
	public.HandleFunc("/", notFound)

	admin := http.NewServeMux()
	admin.HandleFunc("POST /sim/members", s.adminCreateMember)
	admin.HandleFunc("GET /sim/members", s.adminListMembers)
	admin.HandleFunc("GET /sim/members/{id}", s.adminGetMember)
	admin.HandleFunc("PATCH /sim/members/{id}", s.adminUpdateMember)
	admin.HandleFunc("DELETE /sim/members/{id}", s.adminDeleteMember)
	admin.HandleFunc("GET /sim/members/{id}/contactImports", s.adminContactImports)
	admin.HandleFunc("POST /sim/members/{id}/contactImports", s.adminImportContacts)
	admin.HandleFunc("POST /sim/connections", s.adminConnect)
	admin.HandleFunc("DELETE /sim/connections/{a}/{b}", s.adminDisconnect)
	admin.HandleFunc("GET /sim/faults", s.adminGetFaults)
	admin.HandleFunc("PUT /sim/faults", s.adminSetFaults)
	admin.HandleFunc("DELETE /sim/faults", s.adminClearFaults)
	admin.HandleFunc("GET /sim/tokens/{memberId}", s.adminTokens)
	admin.HandleFunc("POST /sim/generate", s.adminGenerate)
	admin.HandleFunc("POST /sim/reset", s.adminReset)
	admin.HandleFunc("/sim/", notFound)

	root := http.NewServeMux()
	root.Handle("/", s.faults.wrap(public))
	root.Handle("/sim/", s.awaitAcknowledgement(admin))
	// Health is neither public API nor admin: injected faults must not make
	// an orchestrator restart the simulator.
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	return s.logRequests(root)
}

// notFound answers paths (or methods) the simulator does not serve, in the
// same JSON shape as every other error.
func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, errNotFound, "%s", fmt.Sprintf("no endpoint %s %s", r.Method, r.URL.Path))
}
