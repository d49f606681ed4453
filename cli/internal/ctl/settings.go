package ctl

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Settings say where the services are and who calls them. They come from
// the config file, then the environment, then flags: the later wins.
type Settings struct {
	// The services' gRPC addresses (host:port).
	Policy      string `json:"policy,omitempty"`
	Consent     string `json:"consent,omitempty"`
	ContactSync string `json:"contactSync,omitempty"`
	// Gateway is the gateway's base URL, for dev-token.
	Gateway string `json:"gateway,omitempty"`
	// Tenant is the tenant commands act on when --tenant is not given.
	Tenant string `json:"tenant,omitempty"`
	// TLS: the services' CA, this client's certificate for mutual TLS,
	// and plaintext to turn TLS off (loopback addresses never use TLS
	// unless a CA is set).
	TLS TLSSettings `json:"tls,omitzero"`
	// Login is the OpenID Connect provider `liaisonctl login` signs in
	// with.
	Login LoginSettings `json:"login,omitzero"`
	// Credentials are the token saved by login or dev-token --save.
	Credentials Credentials `json:"credentials,omitzero"`
}

// TLSSettings are the transport's settings.
type TLSSettings struct {
	CA         string `json:"ca,omitempty"`
	Cert       string `json:"cert,omitempty"`
	Key        string `json:"key,omitempty"`
	ServerName string `json:"serverName,omitempty"`
	Plaintext  bool   `json:"plaintext,omitempty"`
}

// LoginSettings name the OpenID Connect provider and this client there.
type LoginSettings struct {
	Issuer   string   `json:"issuer,omitempty"`
	ClientID string   `json:"clientId,omitempty"`
	Scopes   []string `json:"scopes,omitempty"`
	// Audience is sent as the audience parameter, for providers that
	// issue access tokens per API.
	Audience string `json:"audience,omitempty"`
}

// Credentials are a saved bearer token, and what renews it.
type Credentials struct {
	Token        string    `json:"token,omitempty"`
	RefreshToken string    `json:"refreshToken,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

// The defaults are the addresses `make run` uses.
var defaultSettings = Settings{
	Policy:      "localhost:9101",
	Consent:     "localhost:9102",
	ContactSync: "localhost:9103",
	Gateway:     "http://localhost:8080",
	Login:       LoginSettings{ClientID: "liaisonctl", Scopes: []string{"openid", "profile", "email", "offline_access"}},
}

// configPath is where the config file is: --config, then
// $LIAISONCTL_CONFIG, then liaisonctl/config.yaml in the user's config
// folder.
func configPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("LIAISONCTL_CONFIG"); env != "" {
		return env, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no config folder (set --config or LIAISONCTL_CONFIG): %w", err)
	}
	return filepath.Join(dir, "liaisonctl", "config.yaml"), nil
}

// loadSettings reads the config file over the defaults; a missing file
// leaves the defaults. Unknown keys are an error, so a typo is not ignored.
func loadSettings(path string) (Settings, error) {
	s := defaultSettings
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := yaml.UnmarshalStrict(b, &s); err != nil {
		return s, usageErrorf("config file %s: %v", path, err)
	}
	return s, nil
}

// saveSettings writes the config file readable by its owner only: it may
// hold a token.
func saveSettings(path string, s Settings) error {
	b, err := yaml.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	_, err = writePrivately(path, func(w io.Writer) (int, error) { return w.Write(b) })
	return err
}

// environment applies the LIAISON_* variables a script may set.
func (s *Settings) environment() {
	for name, field := range map[string]*string{
		"LIAISON_POLICY_ADDR":       &s.Policy,
		"LIAISON_CONSENT_ADDR":      &s.Consent,
		"LIAISON_CONTACT_SYNC_ADDR": &s.ContactSync,
		"LIAISON_GATEWAY_URL":       &s.Gateway,
		"LIAISON_TENANT":            &s.Tenant,
	} {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			*field = v
		}
	}
	if v := strings.TrimSpace(os.Getenv("LIAISON_TOKEN")); v != "" {
		s.Credentials = Credentials{Token: v}
	}
}
