// Package launch runs the whole system as processes, from one table of its
// binaries: what each one is called and built from, what it needs set up
// before it serves, its flags, and whom it waits for. `make run`, the
// end-to-end suite and the benchmark all start the system from here, so
// adding a service is one entry in System.
package launch

import "path/filepath"

// Spec is one binary of the system.
type Spec struct {
	// Name names the binary (liaison-NAME), its log and its address.
	Name string
	// Module and Package are where it is built from, relative to the
	// repository's root and the module.
	Module, Package string
	// After are the binaries that must serve before this one starts.
	After []string
	// Setup are the subcommands run to completion first (migrate, seed).
	Setup func(e Env) [][]string
	// Serve are the arguments of its serve command.
	Serve func(e Env) []string
	// ReadyPath, when set, is an HTTP path that answers 200 once the binary
	// and everything it calls are ready; otherwise its ready file is enough.
	ReadyPath string
	// Service marks a gRPC service: it calls the others with a key pair of
	// its own, which is made and published before anything starts.
	Service bool
}

// System is every binary, in an order that starts each after those it
// waits for.
var System = []Spec{
	{
		Name: "linkedin-sim", Module: "services", Package: "./cmd/liaison-linkedin-sim",
		Serve: func(e Env) []string {
			// It approves at once for a known login_hint, so the connect
			// flow can be followed without a browser.
			return []string{"--http-addr=" + e.Addr("linkedin-sim"), "--auto-approve"}
		},
	},
	{
		Name: "policy", Module: "services", Service: true, Package: "./cmd/liaison-policy",
		Setup: func(e Env) [][]string {
			return [][]string{{"seed-demo", "--dev", "--database-url=" + e.Database("policy")}}
		},
		Serve: func(e Env) []string {
			// Its impact preview counts the contacts a change would
			// delete by asking contact-sync, which starts later.
			return append(e.serviceFlags("policy"), "--contact-sync-addr="+e.Addr("contact-sync"), "--consent-addr="+e.Addr("consent"))
		},
	},
	{
		Name: "consent", Module: "services", Service: true, Package: "./cmd/liaison-consent", After: []string{"policy", "linkedin-sim"},
		Setup: func(e Env) [][]string {
			return [][]string{{"migrate", "--dev", "--database-url=" + e.Database("consent")}}
		},
		Serve: func(e Env) []string {
			return append(e.serviceFlags("consent"),
				"--policy-addr="+e.Addr("policy"),
				"--linkedin-url="+e.URL("linkedin-sim"),
				"--callback-url="+e.URL("gateway")+"/v1/linkedin/callback",
				"--redirect-origins="+e.URL("gateway"),
				"--token-key-file="+e.File("consent-token.key"),
			)
		},
	},
	{
		Name: "contact-sync", Module: "services", Service: true, Package: "./cmd/liaison-contact-sync", After: []string{"policy", "consent", "linkedin-sim"},
		Setup: func(e Env) [][]string {
			return [][]string{{"migrate", "--dev", "--database-url=" + e.Database("contact-sync")}}
		},
		Serve: func(e Env) []string {
			return append(e.serviceFlags("contact-sync"),
				"--policy-addr="+e.Addr("policy"),
				"--consent-addr="+e.Addr("consent"),
				"--linkedin-api-url="+e.URL("linkedin-sim"),
			)
		},
	},
	{
		Name: "profile-card", Module: "services", Service: true, Package: "./cmd/liaison-profile-card",
		After: []string{"policy", "consent", "contact-sync", "linkedin-sim"},
		Serve: func(e Env) []string {
			return append(e.statelessServiceFlags("profile-card"),
				"--policy-addr="+e.Addr("policy"),
				"--consent-addr="+e.Addr("consent"),
				"--contact-sync-addr="+e.Addr("contact-sync"),
				"--linkedin-url="+e.URL("linkedin-sim"),
				"--connect-url="+e.URL("gateway")+"/#/me/connect",
			)
		},
	},
	{
		Name: "gateway", Module: "gateway", Package: "./cmd/liaison-gateway", After: []string{"policy", "consent", "contact-sync", "profile-card"},
		Serve: func(e Env) []string {
			return []string{"--dev", "--http-addr=" + e.Addr("gateway"),
				"--policy-addr=" + e.Addr("policy"), "--consent-addr=" + e.Addr("consent"),
				"--contact-sync-addr=" + e.Addr("contact-sync"), "--profile-card-addr=" + e.Addr("profile-card"),
				"--dev-key-file=" + e.File(DevKeyFile)}
		},
		ReadyPath: "/readyz",
	},
}

// The key files the launcher makes in the data folder: the dev identity's
// key pair, which the gateway signs dev tokens with and the services trust.
const (
	DevKeyFile       = "dev-key.pem"
	serviceKeysDir   = "service-keys"
	DevPublicKeyFile = "dev-key.pub.pem"
)

// Env is what a binary's arguments depend on: where its data goes and where
// the others listen.
type Env struct {
	dir       string
	addrs     map[string]string
	databases map[string]string
}

// Addr is the host:port the named binary listens on.
func (e Env) Addr(name string) string { return e.addrs[name] }

// URL is the named binary's base URL, as browsers and other binaries reach
// it.
func (e Env) URL(name string) string { return "http://" + e.addrs[name] }

// File is a file in the data folder.
func (e Env) File(name string) string { return filepath.Join(e.dir, name) }

// Database is the named service's database: the one given, or an embedded
// one in the data folder.
func (e Env) Database(name string) string {
	if url := e.databases[name]; url != "" {
		return url
	}
	return "sqlite:" + e.File(name+".db")
}

// serviceFlags are the serve flags every gRPC service with a database
// takes.
func (e Env) serviceFlags(name string) []string {
	return append(e.statelessServiceFlags(name), "--database-url="+e.Database(name))
}

// statelessServiceFlags are the serve flags every gRPC service takes.
func (e Env) statelessServiceFlags(name string) []string {
	return []string{"--dev", "--grpc-addr=" + e.Addr(name),
		"--auth-public-key-file=" + e.File(DevPublicKeyFile),
		// A key pair of its own; --dev publishes the public half where the
		// others look.
		"--service-key-file=" + e.File(name+"-service-key.pem"), "--trusted-service-keys=" + e.File(serviceKeysDir),
		// Nothing routes calls around a dev or test stack: stop at once.
		"--shutdown-drain=0"}
}
