package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// question is one access check: a user, a capability, a surface.
type question struct {
	user       int
	capability policyv1.Capability
	surface    policyv1.Surface
}

var (
	capabilities = []policyv1.Capability{policyv1.Capability_ACCOUNT_CONNECTION, policyv1.Capability_CONTACT_SYNC}
	surfaces     = []policyv1.Surface{policyv1.Surface_WEB, policyv1.Surface_DESKTOP}
)

// ask picks caller c's n-th question. Callers walk disjoint slices of the
// users, and each caller cycles through every capability and surface pair,
// so all users and all four pairs are asked about during a run.
func (d directory) ask(callers, c, n int) question {
	return question{
		user:       (n*callers + c) % d.users,
		capability: capabilities[n%len(capabilities)],
		surface:    surfaces[(n/len(capabilities))%len(surfaces)],
	}
}

// echoCall is the baseline. It sends the caller's authorization metadata
// too, although the echo ignores it, so both gRPC targets put the same
// headers on the wire and differ only in the work done on the server.
func echoCall(conn *grpc.ClientConn, callerCtx []context.Context, dir directory) call {
	return func(c, n int) error {
		in := wrapperspb.String(dir.userID(dir.ask(len(callerCtx), c, n).user))
		out := new(wrapperspb.StringValue)
		if err := conn.Invoke(callerCtx[c], echoMethod, in, out); err != nil {
			return err
		}
		if out.GetValue() != in.GetValue() {
			return fmt.Errorf("%w: echo of %q came back as %q", errWrongAnswer, in.GetValue(), out.GetValue())
		}
		return nil
	}
}

// grpcCheckCall asks policy directly, as a service in the mesh would.
func grpcCheckCall(client policyv1.PolicyServiceClient, callerCtx []context.Context, dir directory) call {
	return func(c, n int) error {
		q := dir.ask(len(callerCtx), c, n)
		resp, err := client.CheckAccess(callerCtx[c], &policyv1.CheckAccessRequest{
			Tenant: benchTenant, User: dir.userID(q.user), Capability: q.capability, Surface: q.surface,
		})
		if err != nil {
			return err
		}
		return dir.check(q, resp.GetAllowed(), resp.GetReason().String())
	}
}

// grpcConsentCall asks consent whether a user has connected, as the
// profile card does, about the same users in the same order as CheckAccess.
// Each caller counts its answers by state in tally[caller].
func grpcConsentCall(client consentv1.ConsentServiceClient, callerCtx []context.Context, dir directory, made links, tally []consentTally) call {
	return func(c, n int) error {
		user := dir.ask(len(callerCtx), c, n).user
		resp, err := client.GetConsent(callerCtx[c], &consentv1.GetConsentRequest{Tenant: benchTenant, User: dir.userID(user)})
		if err != nil {
			return err
		}
		tally[c].add(resp.GetState())
		return made.check(dir, user, resp)
	}
}

// consentTally is one caller's count of GetConsent answers by state, so the
// report can show both states were asked about. It fills a cache line, so
// callers counting at once never share one.
type consentTally struct {
	connected, notConnected int
	_                       [48]byte
}

func (t *consentTally) add(state consentv1.ConnectionState) {
	switch state {
	case consentv1.ConnectionState_CONNECTED:
		t.connected++
	case consentv1.ConnectionState_NOT_CONNECTED:
		t.notConnected++
	}
}

// check compares a GetConsent answer with the connection the bench made
// for the user, or its absence.
func (m links) check(dir directory, user int, got *consentv1.GetConsentResponse) error {
	want, connected := m[user]
	switch {
	case !connected:
		if got.GetState() != consentv1.ConnectionState_NOT_CONNECTED || got.GetMemberId() != "" ||
			got.GetDirection() != typev1.ConsentDirection_CONSENT_DIRECTION_UNSPECIFIED {
			return fmt.Errorf("%w: GetConsent %s: %s %q %s, want NOT_CONNECTED",
				errWrongAnswer, dir.userID(user), got.GetState(), got.GetMemberId(), got.GetDirection())
		}
	case got.GetState() != consentv1.ConnectionState_CONNECTED || got.GetMemberId() != want.memberID ||
		got.GetDirection() != want.direction || got.GetRevision() < want.revision:
		return fmt.Errorf("%w: GetConsent %s: %s %q %s at revision %d, want CONNECTED %q %s at revision %d or later",
			errWrongAnswer, dir.userID(user), got.GetState(), got.GetMemberId(), got.GetDirection(), got.GetRevision(),
			want.memberID, want.direction, want.revision)
	}
	return nil
}

// httpCheckCall asks through the gateway's JSON API, as a browser or a
// script would.
func httpCheckCall(ctx context.Context, client *http.Client, gatewayURL string, callerBearer []string, dir directory) call {
	// Four possible bodies: made once, not per call.
	bodies := map[question][]byte{}
	for _, capability := range capabilities {
		for _, surface := range surfaces {
			body, _ := json.Marshal(map[string]string{"capability": capability.String(), "surface": surface.String()})
			bodies[question{capability: capability, surface: surface}] = body
		}
	}
	return func(c, n int) error {
		q := dir.ask(len(callerBearer), c, n)
		url := gatewayURL + "/v1/tenants/" + benchTenant + "/users/" + dir.userID(q.user) + ":checkAccess"
		data, err := postJSON(ctx, client, url, callerBearer[c], bodies[question{capability: q.capability, surface: q.surface}])
		if err != nil {
			return err
		}
		var decision struct {
			Allowed bool   `json:"allowed"`
			Reason  string `json:"reason"`
		}
		if err := json.Unmarshal(data, &decision); err != nil {
			return fmt.Errorf("POST %s: %w", url, err)
		}
		return dir.check(q, decision.Allowed, decision.Reason)
	}
}

// stockEchoCall is the gateway's baseline: the echo through a stock
// grpc-gateway (stockgateway.go), with the same headers as httpCheckCall
// and a body of about the same size. A StringValue's JSON is a bare string.
func stockEchoCall(ctx context.Context, client *http.Client, stockURL string, callerBearer []string, dir directory) call {
	return func(c, n int) error {
		in := dir.userID(dir.ask(len(callerBearer), c, n).user)
		body, _ := json.Marshal(in)
		data, err := postJSON(ctx, client, stockURL+stockEchoPath, callerBearer[c], body)
		if err != nil {
			return err
		}
		var out string
		if err := json.Unmarshal(data, &out); err != nil {
			return fmt.Errorf("POST %s: %w", stockEchoPath, err)
		}
		if out != in {
			return fmt.Errorf("%w: echo of %q came back as %q", errWrongAnswer, in, out)
		}
		return nil
	}
}

// postJSON POSTs a JSON body with an Authorization header and returns the
// answer's body; an answer other than 200 is an error carrying it.
func postJSON(ctx context.Context, client *http.Client, url, authorization string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", authorization)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	// Reading to the end lets the connection go back to the pool.
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("POST %s: %s: %s", url, resp.Status, data)
	}
	return data, nil
}

// check compares a decision with the one expected for the question.
func (d directory) check(q question, allowed bool, reason string) error {
	if want := d.allowed(q.user); allowed != want {
		return fmt.Errorf("%w: %s %s on %s: allowed=%v (%s), want allowed=%v",
			errWrongAnswer, d.userID(q.user), q.capability, q.surface, allowed, reason, want)
	}
	return nil
}
