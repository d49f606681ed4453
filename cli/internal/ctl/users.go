package ctl

import (
	"context"
	"github.com/liaisonhq/liaison/cli/internal/pages"
	"strings"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var userColumns = []column[*policyv1.User]{
	{"ID", (*policyv1.User).GetId},
	{"EMAIL", (*policyv1.User).GetEmail},
	{"NAME", (*policyv1.User).GetDisplayName},
	{"TITLE", (*policyv1.User).GetJobTitle},
	{"DEPARTMENT", (*policyv1.User).GetDepartment},
	{"MANAGER", (*policyv1.User).GetManager},
	{"MAILBOX POLICY", (*policyv1.User).GetMailboxPolicy},
}

func usersCommand(s *session) *cobra.Command {
	c := &cobra.Command{Use: "users", Aliases: []string{"user"}, Short: "The tenant's directory: users"}
	var list struct {
		query string
		limit int
	}
	listCmd := &cobra.Command{
		Use:   "list",
		Short: "List users, by id",
		Example: `  liaisonctl users list
  liaisonctl users list --query wong -o json`,
		Args: args(cobra.NoArgs),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, _ []string) error {
			users, err := pages.All(list.limit, func(token string) ([]*policyv1.User, string, error) {
				resp, err := p.ListUsers(ctx, &policyv1.ListUsersRequest{Tenant: tenant, PageSize: pageSize, PageToken: token, Query: list.query})
				return resp.GetUsers(), resp.GetNextPageToken(), err
			})
			if err != nil {
				return err
			}
			return show(s, &policyv1.ListUsersResponse{Users: users}, users, userColumns)
		}),
	}
	listCmd.Flags().StringVarP(&list.query, "query", "q", "", "only users whose id, email or name contains this")
	listCmd.Flags().IntVar(&list.limit, "limit", 0, "at most this many (0: all)")
	c.AddCommand(listCmd)

	c.AddCommand(&cobra.Command{
		Use:     "get USER",
		Short:   "Show a user",
		Example: "  liaisonctl users get alice -o yaml",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			resp, err := p.GetUser(ctx, &policyv1.GetUserRequest{Tenant: tenant, User: a[0]})
			if err != nil {
				return err
			}
			return show(s, resp.User, []*policyv1.User{resp.User}, userColumns)
		}),
	})

	var create userFlags
	createCmd := &cobra.Command{
		Use:     "create USER --email EMAIL --name NAME",
		Short:   "Add a user to the directory",
		Example: "  liaisonctl users create erin --email erin@contoso.com --name 'Erin Cho' --title Engineer --phone mobile:+1-555-0100",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			user, _, err := create.user(a[0], nil)
			if err != nil {
				return err
			}
			resp, err := p.CreateUser(ctx, &policyv1.CreateUserRequest{Tenant: tenant, User: user})
			if err != nil {
				return err
			}
			return show(s, resp.User, []*policyv1.User{resp.User}, userColumns)
		}),
	}
	create.register(createCmd.Flags())
	c.AddCommand(createCmd)

	var update userFlags
	var updateCmd *cobra.Command
	updateCmd = &cobra.Command{
		Use:   "update USER [--FIELD VALUE]...",
		Short: "Change a user: only the fields given change",
		Example: `  liaisonctl users update alice --title 'Principal Engineer'
  liaisonctl users update carol --manager alice`,
		Args: args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			user, paths, err := update.user(a[0], updateCmd.Flags())
			if err != nil {
				return err
			}
			if len(paths) == 0 {
				return usageErrorf("nothing to change: give at least one field flag (see --help)")
			}
			resp, err := p.UpdateUser(ctx, &policyv1.UpdateUserRequest{Tenant: tenant, User: user, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
			if err != nil {
				return err
			}
			return show(s, resp.User, []*policyv1.User{resp.User}, userColumns)
		}),
	}
	update.register(updateCmd.Flags())
	c.AddCommand(updateCmd)

	c.AddCommand(&cobra.Command{
		Use:     "delete USER",
		Short:   "Remove a user from the directory (to erase everything held about a person, use dsr erase)",
		Example: "  liaisonctl users delete erin",
		Args:    args(cobra.ExactArgs(1)),
		RunE: runPolicy(s, func(ctx context.Context, tenant string, p policyv1.PolicyServiceClient, a []string) error {
			if _, err := p.DeleteUser(ctx, &policyv1.DeleteUserRequest{Tenant: tenant, User: a[0]}); err != nil {
				return err
			}
			s.say("user %s deleted", a[0])
			return nil
		}),
	})
	return c
}

// userFlags are a user's fields as flags.
type userFlags struct {
	email, name, given, surname, title, department, office, manager, mailboxPolicy string
	phones                                                                         []string
}

// userFields pair each flag with its field in the API.
var userFields = []struct{ flag, field, usage string }{
	{"email", "email", "email address"},
	{"name", "display_name", "display name"},
	{"given-name", "given_name", "given name"},
	{"surname", "surname", "surname"},
	{"title", "job_title", "job title"},
	{"department", "department", "department"},
	{"office", "office", "office"},
	{"manager", "manager", "the manager's user id"},
	{"mailbox-policy", "mailbox_policy", "mailbox policy id (empty: the tenant's default)"},
	{"phone", "phones", "phone as TYPE:NUMBER (business, mobile, home); repeat for more"},
}

func (u *userFlags) register(f *pflag.FlagSet) {
	targets := []*string{&u.email, &u.name, &u.given, &u.surname, &u.title, &u.department, &u.office, &u.manager, &u.mailboxPolicy}
	for i, t := range targets {
		f.StringVar(t, userFields[i].flag, "", userFields[i].usage)
	}
	f.StringArrayVar(&u.phones, "phone", nil, userFields[len(userFields)-1].usage)
}

// user builds the user id with the flags' fields, and the field paths of
// the flags that were given (all of them when changed is nil).
func (u *userFlags) user(id string, changed *pflag.FlagSet) (*policyv1.User, []string, error) {
	user := &policyv1.User{
		Id: id, Email: u.email, DisplayName: u.name, GivenName: u.given, Surname: u.surname, JobTitle: u.title,
		Department: u.department, Office: u.office, Manager: u.manager, MailboxPolicy: u.mailboxPolicy,
	}
	for _, p := range u.phones {
		kind, number, ok := strings.Cut(p, ":")
		if !ok {
			return nil, nil, usageErrorf("--phone %q: want TYPE:NUMBER, e.g. mobile:+1-555-0100", p)
		}
		t, err := parseEnum[policyv1.PhoneNumber_Type]("--phone", kind, policyv1.PhoneNumber_Type_value, "")
		if err != nil {
			return nil, nil, err
		}
		user.Phones = append(user.Phones, &policyv1.PhoneNumber{Type: t, Number: number})
	}
	var paths []string
	for _, f := range userFields {
		if changed != nil && changed.Changed(f.flag) {
			paths = append(paths, f.field)
		}
	}
	return user, paths, nil
}
