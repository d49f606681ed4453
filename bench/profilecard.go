package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"

	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
)

// The profile-card targets: a connected user of the bench tenant looks up
// other connected users (LinkedIn members who show their profile), so a
// warm lookup's every answer is SHOWN; a cold lookup asks about an email
// never asked before, which nobody verified at LinkedIn, so it is NO_MATCH
// after a call to consent (the viewer's token) and to the simulator.

// viewers are the connected users the callers look people up as: caller c
// is the c-th connected user (round the list), with its credentials.
type viewers struct {
	credentials
	// people are the emails looked up warm: every connected user's.
	people []string
}

// viewerCredentials mints a token for each caller's viewer: connected users,
// who may see LinkedIn data (they are group members and consented).
func viewerCredentials(ctx context.Context, client *http.Client, gatewayURL string, callers int, dir directory, made links) (viewers, error) {
	users := make([]int, 0, len(made))
	for u := range made {
		users = append(users, u)
	}
	if len(users) == 0 {
		return viewers{}, fmt.Errorf("no connected users to look people up as")
	}
	slices.Sort(users)
	creds, err := mintCredentials(ctx, client, gatewayURL, callers, func(c int) identity {
		return identity{Tenant: benchTenant, User: dir.userID(users[c%len(users)]), Roles: []string{"User"}}
	})
	if err != nil {
		return viewers{}, err
	}
	v := viewers{credentials: creds}
	for _, u := range users {
		v.people = append(v.people, dir.email(u))
	}
	return v, nil
}

// person is caller c's n-th person to look up, warm.
func (v viewers) person(c, n int) string { return v.people[(n*len(v.grpc)+c)%len(v.people)] }

// grpcCardCall looks a person up over gRPC; the card must show LinkedIn.
func grpcCardCall(client profilecardv1.ProfileCardServiceClient, v viewers) call {
	return func(c, n int) error {
		target := v.person(c, n)
		resp, err := client.GetProfileCard(v.grpc[c], &profilecardv1.GetProfileCardRequest{Target: target})
		if err != nil {
			return err
		}
		return wantCardState(target, resp.GetCard().GetLinkedin().GetState().String(), "SHOWN")
	}
}

// grpcColdCardCall looks up an email never asked about before.
func grpcColdCardCall(client profilecardv1.ProfileCardServiceClient, v viewers) call {
	return func(c, n int) error {
		target := fmt.Sprintf("cold-%d-%d@nowhere.example", c, n)
		resp, err := client.GetProfileCard(v.grpc[c], &profilecardv1.GetProfileCardRequest{Target: target})
		if err != nil {
			return err
		}
		return wantCardState(target, resp.GetCard().GetLinkedin().GetState().String(), "NO_MATCH")
	}
}

// httpCardCall looks a person up through the gateway's JSON.
func httpCardCall(ctx context.Context, client *http.Client, gatewayURL string, v viewers) call {
	return func(c, n int) error {
		target := v.person(c, n)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, gatewayURL+"/v1/me/profileCards/"+url.PathEscape(target), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", v.http[c])
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET profile card of %s: %d %s", target, resp.StatusCode, body)
		}
		var card struct {
			LinkedIn struct {
				State string `json:"state"`
			} `json:"linkedin"`
		}
		if err := json.Unmarshal(body, &card); err != nil {
			return err
		}
		return wantCardState(target, card.LinkedIn.State, "SHOWN")
	}
}

func wantCardState(target, got, want string) error {
	if got != want {
		return fmt.Errorf("%w: the card of %s says %s, want %s", errWrongAnswer, target, got, want)
	}
	return nil
}
