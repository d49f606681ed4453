package ctl

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"golang.org/x/term"
	"google.golang.org/grpc"
)

// session is one run of liaisonctl: its streams, settings and
// connections.
type session struct {
	in          io.Reader
	out, errOut io.Writer
	// flags are the global flags as given.
	flags globalFlags
	// configFile is the config file's path; settings are what it, the
	// environment and the flags say.
	configFile string
	settings   Settings
	// requestID goes with every call of this run, so a failure can be
	// found in the services' logs and the audit log.
	requestID string

	mu    sync.Mutex
	conns map[string]*grpc.ClientConn
}

// globalFlags are the flags every command takes.
type globalFlags struct {
	config      string
	policy      string
	consent     string
	contactSync string
	gateway     string
	tenant      string
	token       string
	output      string
	timeout     time.Duration
	tls         TLSSettings
}

func newSession(in io.Reader, out, errOut io.Writer) *session {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &session{in: in, out: out, errOut: errOut, requestID: "liaisonctl-" + hex.EncodeToString(b), conns: map[string]*grpc.ClientConn{}}
}

// load reads the settings: the file, then the environment, then flags.
func (s *session) load() error {
	path, err := configPath(s.flags.config)
	if err != nil {
		return err
	}
	s.configFile = path
	if s.settings, err = loadSettings(path); err != nil {
		return err
	}
	if s.settings.Credentials.Token != "" {
		if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
			fmt.Fprintf(s.errOut, "liaisonctl: warning: %s holds a token and others may read it (chmod 600 it)\n", path)
		}
	}
	s.settings.environment()
	f := s.flags
	override(&s.settings.Policy, f.policy)
	override(&s.settings.Consent, f.consent)
	override(&s.settings.ContactSync, f.contactSync)
	override(&s.settings.Gateway, f.gateway)
	override(&s.settings.Tenant, f.tenant)
	override(&s.settings.TLS.CA, f.tls.CA)
	override(&s.settings.TLS.Cert, f.tls.Cert)
	override(&s.settings.TLS.Key, f.tls.Key)
	override(&s.settings.TLS.ServerName, f.tls.ServerName)
	s.settings.TLS.Plaintext = s.settings.TLS.Plaintext || f.tls.Plaintext
	if f.token != "" {
		s.settings.Credentials = Credentials{Token: f.token}
	}
	switch s.flags.output {
	case "table", "json", "yaml":
	default:
		return usageErrorf("--output %q: want table, json or yaml", s.flags.output)
	}
	return nil
}

func override(field *string, flag string) {
	if flag != "" {
		*field = flag
	}
}

// tenant is the tenant a command acts on.
func (s *session) tenant() (string, error) {
	if s.settings.Tenant == "" {
		return "", usageErrorf("no tenant: pass --tenant, set LIAISON_TENANT, or `liaisonctl config set tenant ID`")
	}
	return s.settings.Tenant, nil
}

// conn is the (one, shared) connection to a service.
func (s *session) conn(name, addr string) (*grpc.ClientConn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.conns[name]; ok {
		return c, nil
	}
	if addr == "" {
		return nil, usageErrorf("no address for the %s service: set --%s-addr or %s in the config file", name, name, name)
	}
	c, err := s.dial(addr)
	if err != nil {
		return nil, err
	}
	s.conns[name] = c
	return c, nil
}

func (s *session) policy() (policyv1.PolicyServiceClient, error) {
	c, err := s.conn("policy", s.settings.Policy)
	if err != nil {
		return nil, err
	}
	return policyv1.NewPolicyServiceClient(c), nil
}

func (s *session) consent() (consentv1.ConsentServiceClient, error) {
	c, err := s.conn("consent", s.settings.Consent)
	if err != nil {
		return nil, err
	}
	return consentv1.NewConsentServiceClient(c), nil
}

func (s *session) contactSync() (contactsyncv1.ContactSyncServiceClient, error) {
	c, err := s.conn("contact-sync", s.settings.ContactSync)
	if err != nil {
		return nil, err
	}
	return contactsyncv1.NewContactSyncServiceClient(c), nil
}

// close closes the connections.
func (s *session) close() {
	for _, c := range s.conns {
		c.Close()
	}
}

// withTimeout bounds ctx by timeout, when above 0.
func withTimeout(parent context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout <= 0 {
		return context.WithCancel(parent)
	}
	return context.WithTimeout(parent, timeout)
}

// interactive reports whether people watch stderr (a terminal), for
// progress bars.
func (s *session) interactive() bool {
	f, ok := s.errOut.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
