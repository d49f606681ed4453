package ctl

import (
	"context"
	"fmt"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var settingsColumns = []column[*policyv1.LinkedInSettings]{
	{"MODE", func(l *policyv1.LinkedInSettings) string { return enum(l.Mode) }},
	{"SELECTED GROUP", (*policyv1.LinkedInSettings).GetSelectedGroup},
	{"MAX CONSENT DIRECTION", func(l *policyv1.LinkedInSettings) string { return enum(l.MaxConsentDirection) }},
	{"AVAILABLE", func(l *policyv1.LinkedInSettings) string { return yesNo(l.Available) }},
	{"ETAG", (*policyv1.LinkedInSettings).GetEtag},
	{"UPDATED BY", (*policyv1.LinkedInSettings).GetUpdateActor},
	{"UPDATED", func(l *policyv1.LinkedInSettings) string { return when(l.UpdateTime) }},
}

var impactColumns = []column[*policyv1.PreviewLinkedInSettingsChangeResponse]{
	{"USERS", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string { return fmt.Sprint(r.TotalUsers) }},
	{"ALLOWED NOW", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string { return fmt.Sprint(r.AllowedNow) }},
	{"ALLOWED AFTER", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string { return fmt.Sprint(r.AllowedAfter) }},
	{"GAINING", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string {
		return withSample(r.UsersGaining, r.SampleGaining)
	}},
	{"LOSING", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string {
		return withSample(r.UsersLosing, r.SampleLosing)
	}},
	{"CONTACTS DELETED", func(r *policyv1.PreviewLinkedInSettingsChangeResponse) string {
		if !r.ContactsCounted {
			return "not counted"
		}
		return fmt.Sprint(r.ContactsDeleted)
	}},
}

// withSample is a count and the first few it counts.
func withSample(n int64, sample []string) string {
	if len(sample) == 0 {
		return fmt.Sprint(n)
	}
	more := ""
	if int64(len(sample)) < n {
		more = ", ..."
	}
	return fmt.Sprintf("%d (%s%s)", n, strings.Join(sample, ", "), more)
}

func linkedinCommand(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:   "linkedin",
		Short: "The tenant's LinkedIn account connections setting: Yes, Selected group or No",
	}
	c.AddCommand(&cobra.Command{
		Use:     "get",
		Short:   "Show the setting",
		Example: "  liaisonctl linkedin get -t contoso",
		Args:    args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			resp, err := p.GetLinkedInSettings(ctx, &policyv1.GetLinkedInSettingsRequest{Tenant: tenant})
			if err != nil {
				return err
			}
			return show(s, resp.Settings, []*policyv1.LinkedInSettings{resp.Settings}, settingsColumns)
		}),
	})

	var set settingsFlags
	setCmd := &cobra.Command{
		Use:   "set [--mode ENABLED|SELECTED_GROUP|DISABLED] [--group GROUP] [--max-direction DIRECTION]",
		Short: "Change the setting (see its impact first with linkedin preview)",
		Example: `  liaisonctl linkedin set --mode SELECTED_GROUP --group pilot
  liaisonctl linkedin set --mode DISABLED --etag 12     # only if nobody changed it since revision 12`,
		Args: args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			proposed, paths, err := set.settings()
			if err != nil {
				return err
			}
			if len(paths) == 0 {
				return usageErrorf("nothing to change: give --mode, --group or --max-direction")
			}
			if set.etag != "" {
				paths = append(paths, "etag")
			}
			resp, err := p.UpdateLinkedInSettings(ctx, &policyv1.UpdateLinkedInSettingsRequest{
				Tenant: tenant, Settings: proposed, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths},
			})
			if err != nil {
				return err
			}
			return show(s, resp.Settings, []*policyv1.LinkedInSettings{resp.Settings}, settingsColumns)
		}),
	}
	set.register(setCmd.Flags(), true)
	c.AddCommand(setCmd)

	var preview settingsFlags
	previewCmd := &cobra.Command{
		Use:     "preview [--mode MODE] [--group GROUP] [--max-direction DIRECTION]",
		Short:   "Show who would gain or lose access, and how many synced contacts would be deleted, before changing",
		Example: "  liaisonctl linkedin preview --mode SELECTED_GROUP --group pilot",
		Args:    args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			current, err := p.GetLinkedInSettings(ctx, &policyv1.GetLinkedInSettingsRequest{Tenant: tenant})
			if err != nil {
				return err
			}
			// The preview is of the whole setting: the fields not given
			// stay as they are.
			merged, err := preview.over(current.Settings)
			if err != nil {
				return err
			}
			resp, err := p.PreviewLinkedInSettingsChange(ctx, &policyv1.PreviewLinkedInSettingsChangeRequest{Tenant: tenant, Proposed: merged})
			if err != nil {
				return err
			}
			return show(s, resp, []*policyv1.PreviewLinkedInSettingsChangeResponse{resp}, impactColumns)
		}),
	}
	preview.register(previewCmd.Flags(), false)
	c.AddCommand(previewCmd)
	return c
}

// settingsFlags are the setting's fields as flags.
type settingsFlags struct {
	mode, group, direction, etag string
	flags                        *pflag.FlagSet
}

func (f *settingsFlags) register(fs *pflag.FlagSet, withEtag bool) {
	f.flags = fs
	fs.StringVar(&f.mode, "mode", "", "ENABLED (Yes), SELECTED_GROUP or DISABLED (No)")
	fs.StringVar(&f.group, "group", "", "the selected group's id (with SELECTED_GROUP)")
	fs.StringVar(&f.direction, "max-direction", "", "the widest consent users may give: BIDIRECTIONAL or LINKEDIN_TO_ORGANIZATION")
	if withEtag {
		fs.StringVar(&f.etag, "etag", "", "change only if the setting's etag is still this")
	}
}

// settings builds the proposed settings and the paths given.
func (f *settingsFlags) settings() (*policyv1.LinkedInSettings, []string, error) {
	mode, err := parseEnum[policyv1.LinkedInSettings_Mode]("--mode", f.mode, policyv1.LinkedInSettings_Mode_value, "")
	if err != nil {
		return nil, nil, err
	}
	direction, err := parseEnum[typev1.ConsentDirection]("--max-direction", f.direction, typev1.ConsentDirection_value, "")
	if err != nil {
		return nil, nil, err
	}
	var paths []string
	for _, p := range [][2]string{{"mode", "mode"}, {"group", "selected_group"}, {"max-direction", "max_consent_direction"}} {
		if f.flags.Changed(p[0]) {
			paths = append(paths, p[1])
		}
	}
	return &policyv1.LinkedInSettings{Mode: mode, SelectedGroup: f.group, MaxConsentDirection: direction, Etag: f.etag}, paths, nil
}

// over is current with the flags' fields in place of its own.
func (f *settingsFlags) over(current *policyv1.LinkedInSettings) (*policyv1.LinkedInSettings, error) {
	proposed, _, err := f.settings()
	if err != nil {
		return nil, err
	}
	merged := proto.Clone(current).(*policyv1.LinkedInSettings)
	if f.flags.Changed("mode") {
		merged.Mode = proposed.Mode
	}
	if f.flags.Changed("group") {
		merged.SelectedGroup = proposed.SelectedGroup
	}
	if f.flags.Changed("max-direction") {
		merged.MaxConsentDirection = proposed.MaxConsentDirection
	}
	return merged, nil
}
