// Package ctl is liaisonctl: a command line for everything an admin or an
// operator does with Liaison, as a thin client of the services' public
// gRPC API.
package ctl

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

// Main runs liaisonctl with args and returns its exit code.
func Main(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	s := newSession(in, out, errOut)
	defer s.close()
	root := newRoot(s)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err != nil {
		reportError(errOut, err, s.requestID)
	}
	return exitCode(err)
}

func newRoot(s *session) *cobra.Command {
	root := &cobra.Command{
		Use:   "liaisonctl",
		Short: "Manage Liaison: tenants, the directory, LinkedIn settings, policies, consent, contact sync",
		Long: `liaisonctl manages Liaison from the command line, through the services' gRPC API.

Settings come from the config file (liaisonctl config view shows them), then
LIAISON_* environment variables, then flags. By default it talks to the
services ` + "`make run`" + ` starts on this machine.`,
		Example: `  # in dev, get a token for the demo admin and keep it in the config file
  liaisonctl dev-token --tenant contoso --user admin --role TenantAdmin --save
  liaisonctl linkedin get
  liaisonctl linkedin set --mode SELECTED_GROUP --group pilot
  liaisonctl export tenant contoso > contoso.yaml`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return s.load()
		},
	}
	f := root.PersistentFlags()
	f.StringVar(&s.flags.config, "config", "", "config file (default: $LIAISONCTL_CONFIG, or liaisonctl/config.yaml in your config folder)")
	f.StringVar(&s.flags.policy, "policy-addr", "", "policy service's gRPC address (host:port)")
	f.StringVar(&s.flags.consent, "consent-addr", "", "consent service's gRPC address")
	f.StringVar(&s.flags.contactSync, "contact-sync-addr", "", "contact-sync service's gRPC address")
	f.StringVar(&s.flags.gateway, "gateway", "", "the gateway's URL (for dev-token)")
	f.StringVarP(&s.flags.tenant, "tenant", "t", "", "tenant to act on (default: the config file's, or $LIAISON_TENANT)")
	f.StringVar(&s.flags.token, "token", "", "bearer token (default: $LIAISON_TOKEN, or the one login saved)")
	f.StringVarP(&s.flags.output, "output", "o", "table", "output format: table, json or yaml")
	f.DurationVar(&s.flags.timeout, "timeout", 30*time.Second, "time limit of the whole command (0: none)")
	f.StringVar(&s.flags.tls.CA, "tls-ca", "", "CA certificate (PEM) the services' certificates are checked against")
	f.StringVar(&s.flags.tls.Cert, "tls-cert", "", "client certificate (PEM), for mutual TLS")
	f.StringVar(&s.flags.tls.Key, "tls-key", "", "client key (PEM), for mutual TLS")
	f.StringVar(&s.flags.tls.ServerName, "tls-server-name", "", "name the services' certificates must carry, when not the address's host")
	f.BoolVar(&s.flags.tls.Plaintext, "plaintext", false, "no TLS, even to a remote address (tokens then cross the network in the clear)")
	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json", "yaml"}, cobra.ShellCompDirectiveNoFileComp))

	root.AddGroup(
		&cobra.Group{ID: "admin", Title: "Administration:"},
		&cobra.Group{ID: "code", Title: "Configuration as code:"},
		&cobra.Group{ID: "observe", Title: "Observation:"},
		&cobra.Group{ID: "session", Title: "Sign-in and settings:"},
	)
	for _, c := range []*cobra.Command{
		tenantsCommand(s), usersCommand(s), groupsCommand(s), linkedinCommand(s),
		mailboxPoliciesCommand(s), clientPolicyCommand(s), accessCommand(s),
	} {
		c.GroupID = "admin"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{exportCommand(s), applyCommand(s), schemaCommand(s)} {
		c.GroupID = "code"
		root.AddCommand(c)
	}
	privacy := dsrCommand(s)
	privacy.GroupID = "admin"
	root.AddCommand(privacy)
	for _, c := range []*cobra.Command{auditCommand(s), consentCommand(s), syncCommand(s), purgeJobsCommand(s), watchCommand(s)} {
		c.GroupID = "observe"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{loginCommand(s), devTokenCommand(s), configCommand(s)} {
		c.GroupID = "session"
		root.AddCommand(c)
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err.Error()} })
	return root
}

// longRunning marks a command that runs until it is done or interrupted
// (watch, waits): --timeout bounds it only when given.
const longRunning = "long-running"

// run wraps a command's work: its context is bounded by --timeout, and ends
// on Ctrl-C.
func run(s *session, fn func(ctx context.Context, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		parent, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		timeout := s.flags.timeout
		if cmd.Annotations[longRunning] != "" && !cmd.Flags().Changed("timeout") {
			timeout = 0
		}
		ctx, cancel := withTimeout(parent, timeout)
		defer cancel()
		return fn(ctx, args)
	}
}

// runFor is run for a command that calls one service about the session's
// tenant: fn gets the tenant and the service's client.
func runFor[C any](s *session, client func() (C, error), fn func(ctx context.Context, tenant string, c C, args []string) error) func(*cobra.Command, []string) error {
	return run(s, func(ctx context.Context, args []string) error {
		tenant, err := s.tenant()
		if err != nil {
			return err
		}
		c, err := client()
		if err != nil {
			return err
		}
		return fn(ctx, tenant, c, args)
	})
}

func runPolicy(s *session, fn func(context.Context, string, policyv1.PolicyServiceClient, []string) error) func(*cobra.Command, []string) error {
	return runFor(s, s.policy, fn)
}

func runConsent(s *session, fn func(context.Context, string, consentv1.ConsentServiceClient, []string) error) func(*cobra.Command, []string) error {
	return runFor(s, s.consent, fn)
}

func runContactSync(s *session, fn func(context.Context, string, contactsyncv1.ContactSyncServiceClient, []string) error) func(*cobra.Command, []string) error {
	return runFor(s, s.contactSync, fn)
}

// args checks a command's arguments, as a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return &usageError{err.Error() + " (see " + cmd.CommandPath() + " --help)"}
		}
		return nil
	}
}
