package main

import (
	"errors"
	"net/http"
	"time"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	profilecardv1 "github.com/liaisonhq/liaison/proto/liaison/profilecard/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// clients are the bench's connections to the stack. There is one per target,
// shared by every caller: that is how gRPC clients are meant to be used (a
// ClientConn multiplexes calls over HTTP/2), and the gateway's HTTP client
// keeps as many idle connections as there are callers, so none is ever
// re-dialled between calls.
type clients struct {
	policyConn  *grpc.ClientConn
	consentConn *grpc.ClientConn
	echoConn    *grpc.ClientConn
	cardsConn   *grpc.ClientConn
	policy      policyv1.PolicyServiceClient
	consent     consentv1.ConsentServiceClient
	cards       profilecardv1.ProfileCardServiceClient
	http        *http.Client
	// sim talks to the LinkedIn simulator as a browser would, except that
	// it stops at redirects: the bench reads the authorization code from
	// the Location itself.
	sim *http.Client
}

func dialStack(s *stack, callers int) (_ *clients, err error) {
	c := &clients{}
	defer func() {
		if err != nil {
			err = errors.Join(err, c.close())
		}
	}()
	dial := func(addr string) (*grpc.ClientConn, error) {
		return grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if c.policyConn, err = dial(s.policyAddr); err != nil {
		return nil, err
	}
	if c.consentConn, err = dial(s.consentAddr); err != nil {
		return nil, err
	}
	// The contact-sync bench runs without the echo.
	if s.echoAddr != "" {
		if c.echoConn, err = dial(s.echoAddr); err != nil {
			return nil, err
		}
	}
	// The contact-sync bench runs without profile cards.
	if s.profileCardAddr != "" {
		if c.cardsConn, err = dial(s.profileCardAddr); err != nil {
			return nil, err
		}
		c.cards = profilecardv1.NewProfileCardServiceClient(c.cardsConn)
	}
	c.policy = policyv1.NewPolicyServiceClient(c.policyConn)
	c.consent = consentv1.NewConsentServiceClient(c.consentConn)
	c.http = &http.Client{Transport: &http.Transport{
		MaxIdleConns: callers, MaxIdleConnsPerHost: callers, IdleConnTimeout: time.Minute,
	}}
	c.sim = &http.Client{
		Transport:     &http.Transport{IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
	return c, nil
}

// close ends every connection, before the servers are stopped so they have
// no calls to wait for.
func (c *clients) close() error {
	var errs []error
	for _, h := range []*http.Client{c.http, c.sim} {
		if h != nil {
			h.CloseIdleConnections()
		}
	}
	for _, conn := range []*grpc.ClientConn{c.policyConn, c.consentConn, c.echoConn, c.cardsConn} {
		if conn != nil {
			errs = append(errs, conn.Close())
		}
	}
	return errors.Join(errs...)
}
