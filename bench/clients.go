package main

import (
	"errors"
	"net/http"
	"time"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// clients are the bench's connections to the stack. There is one per target,
// shared by every caller: that is how gRPC clients are meant to be used (a
// ClientConn multiplexes calls over HTTP/2), and the gateway's HTTP client
// keeps as many idle connections as there are callers, so none is ever
// re-dialled between calls.
type clients struct {
	policyConn *grpc.ClientConn
	echoConn   *grpc.ClientConn
	policy     policyv1.PolicyServiceClient
	http       *http.Client
}

func dialStack(s *stack, callers int) (*clients, error) {
	policyConn, err := grpc.NewClient(s.policyAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	echoConn, err := grpc.NewClient(s.echoAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		policyConn.Close()
		return nil, err
	}
	return &clients{
		policyConn: policyConn,
		echoConn:   echoConn,
		policy:     policyv1.NewPolicyServiceClient(policyConn),
		http: &http.Client{Transport: &http.Transport{
			MaxIdleConns: callers, MaxIdleConnsPerHost: callers, IdleConnTimeout: time.Minute,
		}},
	}, nil
}

// close ends every connection, before the servers are stopped so they have
// no calls to wait for.
func (c *clients) close() error {
	c.http.CloseIdleConnections()
	return errors.Join(c.policyConn.Close(), c.echoConn.Close())
}
