package servicetest

import (
	"path/filepath"
	"testing"

	"github.com/liaisonhq/liaison/platform/auth"
)

// ServiceAuth is trust as the named service's own auth settings: its key
// lives beside the trusted keys folder, where authtest.Issuer's
// ServiceKey(name) keeps it, so the two are the same key.
func ServiceAuth(trust auth.Config, name string) auth.Config {
	cfg := trust
	cfg.ServiceName = name
	cfg.ServiceKeyFile = filepath.Join(filepath.Dir(trust.TrustedServiceKeys), name+"-service-key.pem")
	return cfg
}

// PublishServiceKey makes the named service's key, unless made already,
// and publishes its public half in trust's trusted keys folder. Call it
// before starting the services it calls, as a deployment publishes every
// key before starting anything: a verifier reads a key published after it
// started only on a miss, at most once a second, so a second service new
// to it within that second is refused.
func PublishServiceKey(t testing.TB, trust auth.Config, name string) {
	t.Helper()
	if trust.TrustedServiceKeys == "" {
		t.Fatalf("servicetest: the trust settings name no trusted service keys folder (publishing %s's key)", name)
	}
	if _, err := auth.ServiceKey(ServiceAuth(trust, name), true); err != nil {
		t.Fatal(err)
	}
}
