package consentweb

import (
	"context"
	"slices"
	"sync"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
)

// appURL is where the fake sends the browser after the OAuth callback, as the
// real service sends it to the redirect URI the connection started with.
const appURL = "https://app.contoso.example/settings"

// fakeConsent is a ConsentService for the gateway's consent routes. It
// remembers every request with its metadata.
//
// CompleteConnection refuses the state "forged", as the real service refuses
// an unknown, used or expired state, and otherwise redirects to appURL with
// the outcome: denied when LinkedIn sent an error, else connected.
//
// ListConnections answers only a TenantAdmin, whose token is "Bearer admin".
// It serves tenant contoso's report in the two pages of contosoReport; tenant
// flaky's first page says there is more, and its second page fails.
type fakeConsent struct {
	consentv1.UnimplementedConsentServiceServer
	mu    sync.Mutex
	calls []consentCall
}

// consentCall is a request the fake received.
type consentCall struct {
	req proto.Message
	md  metadata.MD
}

// StartConnection answers with a binding secret in its response headers,
// as the consent service does.
func (f *fakeConsent) StartConnection(ctx context.Context, req *consentv1.StartConnectionRequest) (*consentv1.StartConnectionResponse, error) {
	f.record(ctx, req)
	if err := grpc.SetHeader(ctx, metadata.Pairs(consentv1.BrowserBindingMetadata, "binding-secret")); err != nil {
		return nil, err
	}
	return &consentv1.StartConnectionResponse{AuthorizationUrl: "http://linkedin.test/oauth/v2/authorization?state=s-456"}, nil
}

func (f *fakeConsent) CompleteConnection(ctx context.Context, req *consentv1.CompleteConnectionRequest) (*consentv1.CompleteConnectionResponse, error) {
	f.record(ctx, req)
	if req.GetState() == "forged" {
		return nil, fakeError(codes.InvalidArgument, "state: is unknown, already used or expired", typev1.ErrorReason_FIELD_INVALID)
	}
	outcome, state := "connected", consentv1.ConnectionState_CONNECTED
	if req.GetError() != "" {
		outcome, state = "denied", consentv1.ConnectionState_NOT_CONNECTED
	}
	return &consentv1.CompleteConnectionResponse{
		RedirectUrl: appURL + "?linkedin=" + outcome,
		Connection:  &consentv1.Connection{Tenant: "contoso", User: "alice", State: state},
	}, nil
}

// contosoReport is tenant contoso's report, by page token.
var contosoReport = map[string]*consentv1.ListConnectionsResponse{
	"": {
		Connections: []*consentv1.Connection{
			connected("alice", "m-alice", typev1.ConsentDirection_BIDIRECTIONAL, "2026-03-01T09:30:00.250Z"),
			connected("bob", "m-bob", typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, "2026-03-02T10:00:00Z"),
		},
		NextPageToken: "after-bob", TotalConnected: 3, Bidirectional: 1, LinkedinToOrganization: 2,
	},
	"after-bob": {
		Connections: []*consentv1.Connection{
			connected("carol", "m-carol", typev1.ConsentDirection_LINKEDIN_TO_ORGANIZATION, "2026-03-03T11:15:00Z"),
		},
		TotalConnected: 3, Bidirectional: 1, LinkedinToOrganization: 2,
	},
}

func (f *fakeConsent) ListConnections(ctx context.Context, req *consentv1.ListConnectionsRequest) (*consentv1.ListConnectionsResponse, error) {
	md := f.record(ctx, req)
	if !slices.Equal(md.Get("authorization"), []string{"Bearer admin"}) {
		return nil, fakeError(codes.PermissionDenied, "TenantAdmin role required", typev1.ErrorReason_ROLE_REQUIRED)
	}
	switch req.GetTenant() {
	case "contoso":
		if page, ok := contosoReport[req.GetPageToken()]; ok {
			return page, nil
		}
		return nil, fakeError(codes.InvalidArgument, "page_token: unknown", typev1.ErrorReason_FIELD_INVALID)
	case "flaky":
		if req.GetPageToken() == "" {
			return &consentv1.ListConnectionsResponse{Connections: contosoReport[""].Connections, NextPageToken: "more"}, nil
		}
		return nil, fakeError(codes.Internal, "the store failed", typev1.ErrorReason_INTERNAL_FAULT)
	}
	return nil, fakeError(codes.NotFound, "no such tenant", typev1.ErrorReason_RESOURCE_NOT_FOUND)
}

func (f *fakeConsent) record(ctx context.Context, req proto.Message) metadata.MD {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, consentCall{req: req, md: md})
	return md
}

// received returns the requests so far, oldest first.
func (f *fakeConsent) received() []consentCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// connected is a connected user's row of the report, connected and last
// changed at the RFC 3339 time at.
func connected(user, member string, direction typev1.ConsentDirection, at string) *consentv1.Connection {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	return &consentv1.Connection{
		Tenant: "contoso", User: user, State: consentv1.ConnectionState_CONNECTED, MemberId: member, Direction: direction,
		ConnectTime: timestamppb.New(t), UpdateTime: timestamppb.New(t.Add(time.Hour)),
	}
}

// fakeError is an error in the services' shape: a code with an ErrorInfo.
func fakeError(code codes.Code, msg string, reason typev1.ErrorReason) error {
	st, err := status.New(code, msg).WithDetails(&errdetails.ErrorInfo{Reason: reason.String(), Domain: "liaison.dev"})
	if err != nil {
		panic(err)
	}
	return st.Err()
}
