package linkedin

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// The grant's life at the network's OAuth endpoints: ask for it, redeem
// the code, refresh the access token, revoke it all. The oauth2 library
// speaks the protocol; this file maps its results and errors to ours.

// AuthorizationURL implements Provider.
func (l *Client) AuthorizationURL(state, codeChallenge, redirectURL string, scopes []string, loginHint string) string {
	opts := []oauth2.AuthCodeOption{
		// The caller derived the challenge with NewPKCE and keeps the
		// verifier; the library's S256ChallengeOption would need the
		// verifier here.
		oauth2.SetAuthURLParam("code_challenge", codeChallenge),
		oauth2.SetAuthURLParam("code_challenge_method", "S256"),
	}
	if loginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", loginHint))
	}
	return l.oauthConfig(redirectURL, scopes).AuthCodeURL(state, opts...)
}

// Exchange implements Provider.
func (l *Client) Exchange(ctx context.Context, code, codeVerifier, redirectURL string) (*Token, error) {
	const op = "exchange code"
	tok, err := l.oauthConfig(redirectURL, nil).Exchange(l.oauthContext(ctx), code, oauth2.VerifierOption(codeVerifier))
	if err != nil {
		return nil, tokenEndpointError(ctx, op, err)
	}
	return tokenFrom(tok), nil
}

// Refresh implements Provider.
func (l *Client) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	const op = "refresh token"
	// Asking for no scopes keeps those granted (RFC 6749 section 6).
	src := l.oauthConfig("", nil).TokenSource(l.oauthContext(ctx), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	if err != nil {
		return nil, tokenEndpointError(ctx, op, err)
	}
	return tokenFrom(tok), nil
}

// Revoke implements Provider. The oauth2 library has no revocation, so this
// posts the RFC 7009 request itself, with the client's credentials in the
// form as LinkedIn expects.
func (l *Client) Revoke(ctx context.Context, token string) error {
	const op = "revoke token"
	form := url.Values{"client_id": {l.clientID}, "client_secret": {l.clientSecret}, "token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.authBase+"/oauth/v2/revoke", strings.NewReader(form.Encode()))
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return l.send(op, req, nil)
}

// tokenFrom converts the library's token to ours.
func tokenFrom(t *oauth2.Token) *Token {
	tok := &Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry}
	if scope, ok := t.Extra("scope").(string); ok {
		// RFC 6749 separates scopes with spaces; LinkedIn has been seen to
		// use commas. Accept both.
		tok.Scopes = strings.FieldsFunc(scope, func(r rune) bool { return r == ' ' || r == ',' })
	}
	return tok
}

// tokenEndpointError classifies an error from the oauth2 library. It does
// not keep the library's error when the network answered: that error's
// text may quote the answer's body.
func tokenEndpointError(ctx context.Context, op string, err error) error {
	if re, ok := errors.AsType[*oauth2.RetrieveError](err); ok && re.Response != nil {
		var kind error
		if re.ErrorCode == "invalid_grant" {
			kind = ErrInvalidGrant
		}
		// Failures that are not OAuth's own (a 503 from the API gateway)
		// explain themselves in "message", which the library does not read.
		var eb errorBody
		_ = json.Unmarshal(re.Body, &eb)
		return statusError(op, re.Response, re.ErrorCode, cmp.Or(re.ErrorDescription, eb.Message), kind)
	}
	// The library returns the HTTP client's error as is when no answer
	// came: connection refused, timeout, and the like.
	if _, ok := errors.AsType[*url.Error](err); ok {
		return transportError(ctx, op, err)
	}
	return &Error{Op: op, Err: err}
}
