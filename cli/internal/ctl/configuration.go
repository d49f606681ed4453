package ctl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/cli/internal/tenantconfig"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func exportCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "export", Short: "Write a configuration as a document (configuration as code)"}
	c.AddCommand(&cobra.Command{
		Use:   "tenant [TENANT]",
		Short: "Write a tenant's whole configuration as a versioned YAML document (-o json for JSON)",
		Long: `Write a tenant's whole configuration: the LinkedIn setting, groups and their
members, mailbox policies and the mailboxes they apply to, and the client
policy, as a versioned document (apiVersion liaison.dev/v1, kind
TenantConfiguration; liaisonctl schema prints its JSON Schema). Lists are
in id order, so two exports of the same configuration are the same file but
for exportTime. Edit it and run liaisonctl apply -f to make the tenant match.`,
		Example: `  liaisonctl export tenant contoso > contoso.yaml`,
		Args:    args(cobra.MaximumNArgs(1)),
		RunE: run(s, func(ctx context.Context, a []string) error {
			tenant, err := tenantArg(s, a)
			if err != nil {
				return err
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			snapshot, err := tenantconfig.Read(ctx, p, tenant)
			if err != nil {
				return err
			}
			doc := snapshot.Document(time.Now())
			if s.flags.output == "json" {
				return s.printJSON(doc)
			}
			b, err := doc.Encode()
			if err != nil {
				return err
			}
			_, err = s.out.Write(b)
			return err
		}),
	})
	return c
}

func schemaCommand(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "schema",
		Short:   "Print the JSON Schema of the configuration document (for editors and CI checks)",
		Example: "  liaisonctl schema > tenant-configuration.schema.json",
		Args:    args(cobra.NoArgs),
		RunE: run(s, func(context.Context, []string) error {
			_, err := s.out.Write(tenantconfig.Schema)
			return err
		}),
	}
}

func applyCommand(s *session) *cobra.Command {
	var f struct {
		file                   string
		dryRun, yes, exitCodes bool
	}
	c := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "Make a tenant match a configuration document: show the plan, then apply it with etags",
		Long: `Make the tenant the document names match it. The document is checked
against its schema first; nothing is sent if it fails. Then the plan: what
will be created, changed and deleted, and the impact (who loses or gains
LinkedIn account connections, whose contact sync stops, how many synced
contacts will be purged). Then each change is made with the etag read for
the plan: a change someone made meanwhile is refused (exit 5) instead of
overwritten; plan again to see it. Applying a document twice changes
nothing the second time, and says so.

Asks before applying when run in a terminal; --yes does not ask.`,
		Example: `  liaisonctl apply -f contoso.yaml --dry-run
  liaisonctl apply -f contoso.yaml
  liaisonctl apply -f contoso.yaml --yes -o json     # in CI
  liaisonctl apply -f contoso.yaml --dry-run --exit-code || echo "drift: $?"`,
		Args: args(cobra.NoArgs),
		RunE: run(s, func(ctx context.Context, _ []string) error {
			doc, name, err := readDocument(s, f.file)
			if err != nil {
				return err
			}
			if s.flags.tenant != "" && s.flags.tenant != doc.Metadata.Tenant {
				return usageErrorf("%s is for tenant %q, not --tenant %q", name, doc.Metadata.Tenant, s.flags.tenant)
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			cs, err := s.contactSync()
			if err != nil {
				return err
			}
			snapshot, err := tenantconfig.Read(ctx, p, doc.Metadata.Tenant)
			if err != nil {
				return err
			}
			plan, err := tenantconfig.NewPlan(snapshot, doc)
			if err != nil {
				return invalidDocument(name, err)
			}
			plan.Assess(ctx, snapshot, doc, cs)
			outcome := applyOutcome{Plan: plan, DryRun: f.dryRun}
			if s.flags.output == "table" {
				printPlan(s.out, plan, name)
			}
			if len(plan.Steps) == 0 {
				return s.finish(outcome)
			}
			if f.dryRun {
				if err := s.finish(outcome); err != nil {
					return err
				}
				if f.exitCodes {
					return &exitError{ExitChanges}
				}
				return nil
			}
			if !f.yes && s.interactiveInput() {
				if ok, err := confirm(s, fmt.Sprintf("Apply %s to tenant %s?", plural(len(plan.Steps), "change"), plan.Tenant)); err != nil || !ok {
					if err == nil {
						s.say("Nothing was changed.")
					}
					return err
				}
			}
			applied, err := plan.Apply(ctx, p, snapshot, func(step *tenantconfig.Step, done bool, err error) {
				if done && err == nil && s.flags.output == "table" {
					fmt.Fprintf(s.out, "  %s %s: done\n", sign(step.Action), step.Resource)
				}
			})
			outcome.Applied = applied
			if err != nil {
				fmt.Fprintf(s.errOut, "liaisonctl: stopped after %d of %d changes; the rest were not made. Plan again (apply --dry-run) to see where the tenant stands.\n", applied, len(plan.Steps))
				if s.flags.output != "table" {
					_ = s.finish(outcome)
				}
				return err
			}
			return s.finish(outcome)
		}),
	}
	c.Flags().StringVarP(&f.file, "filename", "f", "", "the document (YAML or JSON); - reads standard input")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "show the plan only")
	c.Flags().BoolVarP(&f.yes, "yes", "y", false, "apply without asking")
	c.Flags().BoolVar(&f.exitCodes, "exit-code", false, fmt.Sprintf("with --dry-run, exit %d when the plan has changes (drift checks)", ExitChanges))
	_ = c.MarkFlagRequired("filename")
	_ = c.MarkFlagFilename("filename", "yaml", "yml", "json")
	return c
}

// applyOutcome is apply's answer for scripts (-o json|yaml).
type applyOutcome struct {
	*tenantconfig.Plan
	DryRun  bool `json:"dryRun"`
	Applied int  `json:"applied"`
}

// finish ends apply: the outcome for scripts, a summary line for people.
func (s *session) finish(o applyOutcome) error {
	if s.flags.output != "table" {
		return s.printJSON(o)
	}
	switch {
	case len(o.Steps) == 0:
		fmt.Fprintf(s.out, "No changes: tenant %s already matches the document.\n", o.Tenant)
	case o.DryRun:
		fmt.Fprintln(s.out, "Dry run: nothing was changed.")
	default:
		fmt.Fprintf(s.out, "Applied %s to tenant %s.\n", plural(o.Applied, "change"), o.Tenant)
	}
	return nil
}

// readDocument reads and checks the document at path ("-": stdin).
func readDocument(s *session, path string) (*tenantconfig.Document, string, error) {
	var b []byte
	var err error
	name := path
	if path == "-" {
		name = "standard input"
		b, err = io.ReadAll(io.LimitReader(s.in, maxDocument+1))
	} else {
		b, err = readLimited(path)
	}
	if err != nil {
		return nil, name, usageErrorf("%s: %v", name, err)
	}
	if len(b) > maxDocument {
		return nil, name, usageErrorf("%s is over %d MiB", name, maxDocument>>20)
	}
	doc, err := tenantconfig.Decode(b)
	if err != nil {
		return nil, name, invalidDocument(name, err)
	}
	return doc, name, nil
}

// maxDocument bounds a configuration document: a tenant with 10,000 groups
// of many members fits with room.
const maxDocument = 64 << 20

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxDocument+1))
}

// invalidDocument is a document that breaks the schema or the rules: a
// usage error naming each problem.
func invalidDocument(name string, err error) error {
	var invalid *tenantconfig.InvalidError
	if errors.As(err, &invalid) {
		return usageErrorf("%s is not a valid tenant configuration:\n  %s", name, strings.Join(invalid.Problems, "\n  "))
	}
	return usageErrorf("%s: %v", name, err)
}

// printPlan writes the plan for people.
func printPlan(w io.Writer, p *tenantconfig.Plan, name string) {
	if len(p.Steps) == 0 {
		return
	}
	fmt.Fprintf(w, "Plan for tenant %s (from %s):\n", p.Tenant, name)
	for _, step := range p.Steps {
		line := fmt.Sprintf("  %s %s %s", sign(step.Action), step.Action, step.Resource)
		if len(step.Details) > 0 {
			line += ": " + strings.Join(step.Details, "; ")
		}
		fmt.Fprintln(w, line)
	}
	i := p.Impact
	fmt.Fprintln(w, "\nImpact:")
	fmt.Fprintf(w, "  %s lose LinkedIn account connections%s\n", people(len(i.UsersLosing)), names(i.UsersLosing))
	fmt.Fprintf(w, "  %s gain LinkedIn account connections%s\n", people(len(i.UsersGaining)), names(i.UsersGaining))
	if len(i.ContactSyncStopped) > 0 {
		fmt.Fprintf(w, "  %s lose LinkedIn contact sync by mailbox policy%s\n", people(len(i.ContactSyncStopped)), names(i.ContactSyncStopped))
	}
	if i.ContactsCounted {
		fmt.Fprintf(w, "  %d synced LinkedIn contacts will be purged\n", i.ContactsPurged)
	} else {
		fmt.Fprintf(w, "  synced LinkedIn contacts to purge: not counted (%s)\n", i.CountError)
	}
	create, change, del := p.Counts()
	fmt.Fprintf(w, "\n%s: %d to create, %d to change, %d to delete.\n", plural(len(p.Steps), "change"), create, change, del)
}

func sign(a tenantconfig.Action) string {
	switch a {
	case tenantconfig.Create:
		return "+"
	case tenantconfig.Delete:
		return "-"
	}
	return "~"
}

// plural is a count of things, e.g. "1 change", "2 changes".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func people(n int) string {
	if n == 1 {
		return "1 user would"
	}
	return fmt.Sprintf("%d users would", n)
}

// names lists the first few names.
func names(ids []string) string {
	const shown = 10
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > shown {
		return fmt.Sprintf(": %s, and %d more", strings.Join(ids[:shown], ", "), len(ids)-shown)
	}
	return ": " + strings.Join(ids, ", ")
}

// interactiveInput reports whether a person types on stdin.
func (s *session) interactiveInput() bool {
	f, ok := s.in.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// confirm asks a yes/no question on stderr.
func confirm(s *session, question string) (bool, error) {
	fmt.Fprintf(s.errOut, "%s [y/N] ", question)
	answer, err := bufio.NewReader(s.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes", nil
}
