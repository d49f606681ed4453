package ctl

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

// settableKeys are the config file's keys `config set` changes; the token
// is kept by login and dev-token --save only.
var settableKeys = map[string]func(*Settings, string) error{
	"policy":         func(s *Settings, v string) error { s.Policy = v; return nil },
	"consent":        func(s *Settings, v string) error { s.Consent = v; return nil },
	"contactSync":    func(s *Settings, v string) error { s.ContactSync = v; return nil },
	"gateway":        func(s *Settings, v string) error { s.Gateway = v; return nil },
	"tenant":         func(s *Settings, v string) error { s.Tenant = v; return nil },
	"tls.ca":         func(s *Settings, v string) error { s.TLS.CA = v; return nil },
	"tls.cert":       func(s *Settings, v string) error { s.TLS.Cert = v; return nil },
	"tls.key":        func(s *Settings, v string) error { s.TLS.Key = v; return nil },
	"tls.serverName": func(s *Settings, v string) error { s.TLS.ServerName = v; return nil },
	"login.issuer":   func(s *Settings, v string) error { s.Login.Issuer = v; return nil },
	"login.clientId": func(s *Settings, v string) error { s.Login.ClientID = v; return nil },
	"login.audience": func(s *Settings, v string) error { s.Login.Audience = v; return nil },
	"login.scopes":   func(s *Settings, v string) error { s.Login.Scopes = strings.Fields(v); return nil },
	"tls.plaintext": func(s *Settings, v string) error {
		b, err := strconv.ParseBool(v)
		s.TLS.Plaintext = b
		return err
	},
}

func configCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "config", Short: "The config file: where the services are, the tenant, TLS, the provider"}
	c.AddCommand(&cobra.Command{
		Use:     "view",
		Short:   "Show the settings in effect (file, environment and flags), tokens hidden",
		Example: "  liaisonctl config view",
		Args:    args(cobra.NoArgs),
		RunE: run(s, func(context.Context, []string) error {
			shown := s.settings
			for _, secret := range []*string{&shown.Credentials.Token, &shown.Credentials.RefreshToken} {
				if *secret != "" {
					*secret = "(hidden)"
				}
			}
			b, err := yaml.Marshal(shown)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "# %s\n%s", s.configFile, b)
			return nil
		}),
	})
	keys := make([]string, 0, len(settableKeys))
	for k := range settableKeys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	c.AddCommand(&cobra.Command{
		Use:       "set KEY VALUE",
		Short:     "Change one setting in the config file; keys: " + strings.Join(keys, ", "),
		Example:   "  liaisonctl config set tenant contoso\n  liaisonctl config set policy policy.liaison.svc:9101",
		Args:      args(cobra.ExactArgs(2)),
		ValidArgs: keys,
		RunE: run(s, func(_ context.Context, a []string) error {
			set, ok := settableKeys[a[0]]
			if !ok {
				return usageErrorf("config set %q: want one of %s", a[0], strings.Join(keys, ", "))
			}
			file, err := loadSettings(s.configFile)
			if err != nil {
				return err
			}
			if err := set(&file, a[1]); err != nil {
				return usageErrorf("config set %s %q: %v", a[0], a[1], err)
			}
			if err := saveSettings(s.configFile, file); err != nil {
				return err
			}
			fmt.Fprintf(s.errOut, "%s set in %s\n", a[0], s.configFile)
			return nil
		}),
	})
	c.AddCommand(&cobra.Command{
		Use:   "logout",
		Short: "Forget the saved token",
		Args:  args(cobra.NoArgs),
		RunE: run(s, func(context.Context, []string) error {
			if err := s.saveCredentials(Credentials{}); err != nil {
				return err
			}
			fmt.Fprintf(s.errOut, "token removed from %s\n", s.configFile)
			return nil
		}),
	})
	return c
}
