package ctl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/cobra"
)

func devTokenCommand(s *session) *cobra.Command {
	var req struct {
		user  string
		roles []string
		save  bool
	}
	c := &cobra.Command{
		Use:   "dev-token --user USER [--role ROLE]...",
		Short: "Get a token from the gateway's dev identity (dev mode only: make run)",
		Long: `Get a token from the gateway's dev identity (POST /dev/token), which exists
only when the gateway runs in dev mode, as ` + "`make run`" + ` starts it. Roles:
TenantAdmin (a tenant's admin), Operator (every tenant), User (the default).
The token is printed, or kept in the config file with --save.`,
		Example: `  liaisonctl dev-token --tenant contoso --user admin --role TenantAdmin --save
  export LIAISON_TOKEN=$(liaisonctl dev-token --user ops --role Operator)`,
		Args: args(cobra.NoArgs),
		RunE: run(s, func(ctx context.Context, _ []string) error {
			token, err := fetchDevToken(ctx, s.settings.Gateway, s.settings.Tenant, req.user, req.roles)
			if err != nil {
				return err
			}
			if !req.save {
				_, err := fmt.Fprintln(s.out, token)
				return err
			}
			if err := s.saveCredentials(Credentials{Token: token}); err != nil {
				return err
			}
			fmt.Fprintf(s.errOut, "token for %s saved in %s\n", req.user, s.configFile)
			return nil
		}),
	}
	c.Flags().StringVar(&req.user, "user", "", "the user the token is for (required)")
	c.Flags().StringArrayVar(&req.roles, "role", nil, "a role: TenantAdmin, Operator or User; repeat for more")
	c.Flags().BoolVar(&req.save, "save", false, "keep the token in the config file instead of printing it")
	_ = c.MarkFlagRequired("user")
	_ = c.RegisterFlagCompletionFunc("role", cobra.FixedCompletions([]string{"TenantAdmin", "Operator", "User"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// fetchDevToken asks the gateway's dev identity for a token.
func fetchDevToken(ctx context.Context, gateway, tenant, user string, roles []string) (string, error) {
	body, err := json.Marshal(map[string]any{"tenant": tenant, "user": user, "roles": roles})
	if err != nil {
		return "", err
	}
	url := strings.TrimSuffix(gateway, "/") + "/dev/token"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", usageErrorf("--gateway %q: %v", gateway, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("the gateway at %s did not answer: %w", gateway, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode == http.StatusNotFound {
		return "", fmt.Errorf("the gateway at %s has no dev identity: it runs outside dev mode (use liaisonctl login)", gateway)
	}
	var answer struct {
		Token string `json:"token"`
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &answer); err != nil || resp.StatusCode != http.StatusOK || answer.Token == "" {
		msg := answer.Message
		if msg == "" {
			msg = answer.Error.Message
		}
		if msg == "" {
			msg = strings.TrimSpace(string(b))
		}
		return "", fmt.Errorf("the gateway refused a dev token (%s): %s", resp.Status, msg)
	}
	return answer.Token, nil
}
