package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"google.golang.org/grpc/metadata"
)

// identity is who a token speaks for, in the gateway's /dev/token format.
type identity struct {
	Tenant string   `json:"tenant,omitempty"`
	User   string   `json:"user"`
	Roles  []string `json:"roles"`
}

// mintToken asks the gateway (in dev mode) for a token. The same token works
// against policy and consent directly: it is signed by the key they were
// told to trust.
func mintToken(ctx context.Context, client *http.Client, gatewayURL string, who identity) (string, error) {
	body, err := json.Marshal(who)
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, gatewayURL+"/dev/token", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("dev token for %s: %w", who.User, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("dev token for %s: %s: %s", who.User, resp.Status, data)
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.Token == "" {
		return "", fmt.Errorf("dev token for %s: unexpected answer %s", who.User, data)
	}
	return out.Token, nil
}

// credentials are the callers' tokens, made before measuring so minting
// costs nothing while measuring: caller c presents grpc[c] as gRPC metadata
// and http[c] as the Authorization header.
type credentials struct {
	grpc []context.Context
	http []string
}

// callerCredentials mints one token per concurrent caller, each a TenantAdmin
// of the bench tenant with its own subject (a TenantAdmin may read any user's
// access and consent), so no two callers share a token and the services'
// token caches hold as many tokens as there are callers.
func callerCredentials(ctx context.Context, client *http.Client, gatewayURL string, callers int) (credentials, error) {
	return mintCredentials(ctx, client, gatewayURL, callers, func(c int) identity {
		return identity{Tenant: benchTenant, User: fmt.Sprintf("bench-caller-%02d", c), Roles: []string{"TenantAdmin"}}
	})
}

// mintCredentials mints caller c's token as who(c), for each caller.
func mintCredentials(ctx context.Context, client *http.Client, gatewayURL string, callers int, who func(c int) identity) (credentials, error) {
	creds := credentials{grpc: make([]context.Context, callers), http: make([]string, callers)}
	for c := range callers {
		token, err := mintToken(ctx, client, gatewayURL, who(c))
		if err != nil {
			return credentials{}, err
		}
		creds.grpc[c] = withBearer(ctx, token)
		creds.http[c] = "Bearer " + token
	}
	return creds, nil
}

// withBearer returns ctx carrying token as gRPC authorization metadata.
func withBearer(ctx context.Context, token string) context.Context {
	return metadata.NewOutgoingContext(ctx, metadata.Pairs("authorization", "Bearer "+token))
}
