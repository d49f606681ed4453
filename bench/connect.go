package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// returnPath is where on the gateway a finished connection sends the user's
// browser: consent allows the gateway's origin. Nothing is ever sent there.
const returnPath = "/done"

// link is a connection the bench made: what GetConsent must answer for the
// user from then on.
type link struct {
	memberID  string
	direction typev1.ConsentDirection
	revision  int64 // of the grant; answers may carry a later one
}

// links are the connections the bench made, by user; every other user is
// NOT_CONNECTED.
type links map[int]link

// connectUsers connects dir.connectedUsers() to LinkedIn the way a user
// does, through consent's OAuth flow against the simulator, and says how
// long it took.
func connectUsers(ctx context.Context, c *clients, s *stack, dir directory, workers int) (links, error) {
	users := dir.connectedUsers()
	made := make([]link, len(users))
	start := time.Now()
	err := forEach(ctx, len(users), workers, func(ctx context.Context, k int) (err error) {
		made[k], err = connectUser(ctx, c, s, dir, users[k], directionOf(k))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("connecting users to LinkedIn: %w", err)
	}
	out := links{}
	both := 0
	for k, i := range users {
		out[i] = made[k]
		if made[k].direction == typev1.ConsentDirection_BIDIRECTIONAL {
			both++
		}
	}
	fmt.Printf("connected %d users to LinkedIn members through the OAuth flow (%d one way, %d both ways) in %.1fs; %d users not connected\n",
		len(out), len(out)-both, both, time.Since(start).Seconds(), dir.users-len(out))
	return out, nil
}

// directionOf is the direction the k-th connected user consents to:
// alternately one way and both ways, so answers carry both.
func directionOf(k int) typev1.ConsentDirection {
	if k%2 == 0 {
		return typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION
	}
	return typev1.ConsentDirection_BIDIRECTIONAL
}

// connectUser gives user i a LinkedIn member with the user's email, then
// connects them (connectMember).
func connectUser(ctx context.Context, c *clients, s *stack, dir directory, i int, direction typev1.ConsentDirection) (link, error) {
	memberID, err := createMember(ctx, c.sim, s.simURL, dir.email(i), dir.userID(i))
	if err != nil {
		return link{}, err
	}
	return connectMember(ctx, c, s, benchTenant, dir.userID(i), memberID, direction)
}

// connectMember connects a user of tenant to the simulator's member whose
// verified email is the user's: StartConnection as the user, the
// authorization URL on the simulator, CompleteConnection.
func connectMember(ctx context.Context, c *clients, s *stack, tenant, user, memberID string, direction typev1.ConsentDirection) (link, error) {
	token, err := mintToken(ctx, c.http, s.gatewayURL, identity{Tenant: tenant, User: user, Roles: []string{"User"}})
	if err != nil {
		return link{}, err
	}
	var header metadata.MD
	started, err := c.consent.StartConnection(withBearer(ctx, token), &consentv1.StartConnectionRequest{
		Direction: direction, RedirectUri: s.gatewayURL + returnPath,
	}, grpc.Header(&header))
	if err != nil {
		return link{}, fmt.Errorf("StartConnection as %s: %w", user, err)
	}
	// The simulator approves at once for a known login_hint; the code and
	// state come back in its redirect, which the bench reads instead of the
	// gateway's callback.
	code, state, err := authorize(ctx, c.sim, started.GetAuthorizationUrl())
	if err != nil {
		return link{}, fmt.Errorf("authorizing %s: %w", user, err)
	}
	// The state is the credential here: no token, as from the browser, which
	// brings back the binding secret the start handed it (the gateway's
	// cookie).
	browser := metadata.AppendToOutgoingContext(ctx, consentv1.BrowserBindingMetadata,
		strings.Join(header.Get(consentv1.BrowserBindingMetadata), ""))
	done, err := c.consent.CompleteConnection(browser, &consentv1.CompleteConnectionRequest{Code: code, State: state})
	if err != nil {
		return link{}, fmt.Errorf("CompleteConnection for %s: %w", user, err)
	}
	conn := done.GetConnection()
	if conn.GetState() != consentv1.ConnectionState_CONNECTED || conn.GetMemberId() != memberID ||
		conn.GetDirection() != direction || conn.GetUser() != user {
		return link{}, fmt.Errorf("CompleteConnection for %s answered %v, want %s CONNECTED to %s %s",
			user, conn, user, memberID, direction)
	}
	return link{memberID: memberID, direction: direction, revision: conn.GetRevision()}, nil
}

// createMember adds a member with the given verified email to the
// simulator's network and returns its id.
func createMember(ctx context.Context, client *http.Client, simURL, email, lastName string) (string, error) {
	body, err := json.Marshal(map[string]any{"verifiedEmails": []string{email}, "firstName": "Bench", "lastName": lastName})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, simURL+"/sim/members", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("create member %s: %w", email, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("create member %s: %s: %s", email, resp.Status, data)
	}
	var member struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &member); err != nil || member.ID == "" {
		return "", fmt.Errorf("create member %s: unexpected answer %s", email, data)
	}
	return member.ID, nil
}

// authorize opens the authorization URL as the user's browser would and
// returns the code and state the simulator redirects back with.
func authorize(ctx context.Context, client *http.Client, authorizationURL string) (code, state string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authorizationURL, nil)
	if err != nil {
		return "", "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusFound {
		return "", "", fmt.Errorf("GET %s: %s, want 302 (is the simulator auto-approving?): %.300s", authorizationURL, resp.Status, data)
	}
	location := resp.Header.Get("Location")
	// The gateway's callback, which consent registered with LinkedIn; the
	// bench completes the connection itself instead of visiting it.
	if !strings.Contains(location, "/v1/linkedin/callback?") {
		return "", "", fmt.Errorf("redirected to %q, want the gateway's /v1/linkedin/callback", location)
	}
	back, err := url.Parse(location)
	if err != nil {
		return "", "", fmt.Errorf("redirect %q: %w", location, err)
	}
	q := back.Query()
	if e := q.Get("error"); e != "" {
		return "", "", fmt.Errorf("LinkedIn refused: %s: %s", e, q.Get("error_description"))
	}
	if q.Get("code") == "" || q.Get("state") == "" {
		return "", "", fmt.Errorf("redirect %q carries no code or state", location)
	}
	return q.Get("code"), q.Get("state"), nil
}
