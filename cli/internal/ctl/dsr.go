package ctl

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/liaisonhq/liaison/cli/internal/archive"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
)

var erasureColumns = []column[*policyv1.ErasureReceipt]{
	{"SERVICE", (*policyv1.ErasureReceipt).GetService},
	{"STATE", func(r *policyv1.ErasureReceipt) string { return enum(r.State) }},
	{"DETAIL", (*policyv1.ErasureReceipt).GetDetail},
}

func dsrCommand(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:   "dsr",
		Short: "Data-subject requests: export everything held about a person, or erase them everywhere (TenantAdmin)",
	}
	var file string
	exportCmd := &cobra.Command{
		Use:   "export [TENANT/]USER -f ARCHIVE.zip",
		Short: "Export everything held about a user, across every service, as a zip archive with a manifest (GDPR art. 15, 20)",
		Long: `Export everything Liaison holds about one user: the directory entry and
memberships, the audit entries about or by them (policy), the LinkedIn
connection, consent ledger and LinkedIn's clean-up steps (consent), and both
contact folders, the sync status and purge jobs (contact-sync). The archive
holds one JSON file per part and manifest.json, which lists each file with
its size, item count and SHA-256, and the secrets held (LinkedIn tokens are
listed as present, never exported). The export is recorded in the audit log.`,
		Example: `  liaisonctl dsr export alice -f alice.zip
  liaisonctl dsr export contoso/alice -f alice.zip`,
		Args:        args(cobra.ExactArgs(1)),
		Annotations: map[string]string{longRunning: "true"},
		RunE: run(s, func(ctx context.Context, a []string) error {
			tenant, user, err := subject(s, a[0])
			if err != nil {
				return err
			}
			if file == "" {
				return usageErrorf("--file is required: where to write the archive (- for standard output)")
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			// The archive's file is made before the export is asked for
			// (and audited), so a place that cannot be written fails first.
			exportTo := func(w io.Writer) (*archive.Manifest, error) {
				stream, err := p.ExportUserData(ctx, &policyv1.ExportUserDataRequest{Tenant: tenant, User: user})
				if err != nil {
					return nil, err
				}
				export := archive.NewExport()
				for {
					part, err := stream.Recv()
					if err == io.EOF {
						return export.Write(w)
					}
					if err != nil {
						return nil, err
					}
					if err := export.Add(part); err != nil {
						return nil, err
					}
				}
			}
			var manifest *archive.Manifest
			if file == "-" {
				manifest, err = exportTo(s.out)
			} else {
				manifest, err = writePrivately(file, exportTo)
			}
			if err != nil {
				return err
			}
			if file != "-" {
				fmt.Fprintf(s.errOut, "exported %s/%s to %s: %s\n", tenant, user, file, manifest.Describe())
			}
			return nil
		}),
	}
	exportCmd.Flags().StringVarP(&file, "file", "f", "", "the archive to write (- for standard output); written readable by you only")
	c.AddCommand(exportCmd)

	var erase struct{ yes, noWait bool }
	eraseCmd := &cobra.Command{
		Use:   "erase [TENANT/]USER",
		Short: "Erase a user everywhere: disconnect, purge contacts, delete the directory entry, pseudonymise the logs (GDPR art. 17)",
		Long: `Erase one user everywhere, for good: consent disconnects them at once
(LinkedIn's clean-up steps follow), policy deletes their directory entry and
memberships, contact-sync deletes both their contact folders, sync state and
purge jobs, and the audit log and consent ledger keep every event with a
pseudonym in place of the person. The erasure is durable: once accepted it
goes on across restarts until done. It prints a receipt per service.

Disable the person at your identity provider first: a token they still hold
could write again.`,
		Example: `  liaisonctl dsr erase alice
  liaisonctl dsr erase contoso/alice --yes -o json`,
		Args:        args(cobra.ExactArgs(1)),
		Annotations: map[string]string{longRunning: "true"},
		RunE: run(s, func(ctx context.Context, a []string) error {
			tenant, user, err := subject(s, a[0])
			if err != nil {
				return err
			}
			if !erase.yes {
				// An erasure cannot be undone: a script says so with --yes.
				if !s.interactiveInput() {
					return usageErrorf("erasing cannot be undone: pass --yes to erase without a terminal to ask in")
				}
				if ok, err := confirm(s, fmt.Sprintf("Erase %s of tenant %s everywhere? This cannot be undone.", user, tenant)); err != nil || !ok {
					if err == nil {
						s.say("Nothing was erased.")
					}
					return err
				}
			}
			p, err := s.policy()
			if err != nil {
				return err
			}
			resp, err := p.EraseUserData(ctx, &policyv1.EraseUserDataRequest{Tenant: tenant, User: user})
			if err != nil {
				return err
			}
			e := resp.Erasure
			if !erase.noWait {
				if e, err = waitForErasure(ctx, s, p, e); err != nil {
					return err
				}
			}
			return showErasure(s, e)
		}),
	}
	eraseCmd.Flags().BoolVarP(&erase.yes, "yes", "y", false, "erase without asking")
	eraseCmd.Flags().BoolVar(&erase.noWait, "no-wait", false, "answer at once with the erasure under way (follow it with dsr status)")
	c.AddCommand(eraseCmd)

	c.AddCommand(&cobra.Command{
		Use:     "status ERASURE",
		Short:   "Show an erasure and its receipts",
		Example: "  liaisonctl dsr status 5f0c3a9e1d2b4c6a8e7f9a0b1c2d3e4f",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.GetErasure(ctx, &policyv1.GetErasureRequest{Tenant: tenant, Erasure: a[0]})
			if err != nil {
				return err
			}
			return showErasure(s, resp.Erasure)
		}),
	})
	return c
}

// subject reads [TENANT/]USER.
func subject(s *session, arg string) (tenant, user string, err error) {
	if t, u, ok := strings.Cut(arg, "/"); ok {
		return t, u, nil
	}
	tenant, err = s.tenant()
	return tenant, arg, err
}

// erasurePoll is how often a wait asks how an erasure stands.
const erasurePoll = 500 * time.Millisecond

// waitForErasure follows an erasure until done, saying on stderr what
// each service is at when it changes.
func waitForErasure(ctx context.Context, s *session, p policyv1.PolicyServiceClient, e *policyv1.Erasure) (*policyv1.Erasure, error) {
	last := ""
	for e.State != policyv1.Erasure_DONE {
		if now := receiptsLine(e); now != last {
			fmt.Fprintf(s.errOut, "erasure %s: %s\n", e.Id, now)
			last = now
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("erasure %s is still under way (liaisonctl dsr status %s follows it): %w", e.Id, e.Id, ctx.Err())
		case <-time.After(erasurePoll):
		}
		resp, err := p.GetErasure(ctx, &policyv1.GetErasureRequest{Tenant: e.Tenant, Erasure: e.Id})
		if err != nil {
			return nil, err
		}
		e = resp.Erasure
	}
	return e, nil
}

func receiptsLine(e *policyv1.Erasure) string {
	var parts []string
	for _, r := range e.Receipts {
		parts = append(parts, r.Service+" "+enum(r.State))
	}
	return strings.Join(parts, ", ")
}

// showErasure prints an erasure: for people, its state and a receipt per
// service.
func showErasure(s *session, e *policyv1.Erasure) error {
	if s.flags.output != "table" {
		return s.printMessage(e)
	}
	fmt.Fprintf(s.out, "Erasure %s: %s; the person is now %s in the audit log and the consent ledger.\n", e.Id, enum(e.State), e.Pseudonym)
	return show(s, e, e.Receipts, erasureColumns)
}
