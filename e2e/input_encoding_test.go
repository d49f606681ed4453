package e2e

import (
	"context"
	"net/url"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
)

// TestControlCharactersAreRefused sends names, ids, emails and URLs with
// characters they must not hold through the gateway: each is refused with
// 400 naming the field (before, PostgreSQL answered 500 for a NUL and
// SQLite stored it).
func TestControlCharactersAreRefused(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	createUsers(t, admin, ten.ID, "u1")
	newUser := func(field, value string) map[string]any {
		u := map[string]any{"id": "x1", "email": "x1@example.com", "displayName": "X"}
		u[field] = value
		return u
	}
	runBad(t, []badRequest{
		{"NUL in a display name", admin, "POST", base + "/users", newUser("displayName", "X\u0000Y"), invalidField("user.display_name")},
		{"newline in a surname", admin, "POST", base + "/users", newUser("surname", "Smith\nAdmin"), invalidField("user.surname")},
		{"tab in a job title", admin, "POST", base + "/users", newUser("jobTitle", "CEO\t"), invalidField("user.job_title")},
		{"C1 control in an office", admin, "POST", base + "/users", newUser("office", "HQ\u0085"), invalidField("user.office")},
		{"bidi override in a given name", admin, "POST", base + "/users", newUser("givenName", "\u202enimda"), invalidField("user.given_name")},
		{"NUL in an email", admin, "POST", base + "/users", newUser("email", "x1@example.com\u0000"), invalidField("user.email")},
		{"NUL in an id", admin, "POST", base + "/users", newUser("id", "x\u00001"), invalidField("user.id")},
		{"NUL in a phone number", admin, "POST", base + "/users",
			map[string]any{"id": "x1", "email": "x1@example.com", "displayName": "X", "phones": []map[string]any{{"number": "+1\u0000555"}}},
			invalidField("user.phones[0].number")},
		{"NUL in a user id in the path", admin, "GET", base + "/users/" + url.PathEscape("u1\x00"), nil, invalidField("user")},
		{"NUL in a PATCH of a department", admin, "PATCH", base + "/users/u1", map[string]any{"department": "R\u0000D"},
			invalidField("user.department")},
		{"newline in a group description", admin, "POST", base + "/groups",
			map[string]any{"id": "g1", "displayName": "G", "type": "SECURITY", "description": "one\ntwo"}, invalidField("group.description")},
		{"NUL in a group member", admin, "POST", base + "/groups/g0/members", map[string]any{"member": "users/u\u00001"}, invalidField("member")},
		{"NUL in a tenant name", operator(t), "POST", "/v1/tenants",
			map[string]any{"id": "nul-name", "displayName": "Nul\u0000", "cloud": "PUBLIC", "dataLocation": "US"}, invalidField("tenant.display_name")},
	})
	var users userList
	admin.ok(t, "GET", base+"/users", nil, &users)
	if len(users.Users) != 1 {
		t.Errorf("users after the refusals: %+v, want u1 alone", users.Users)
	}

	t.Run("redirect URIs", func(t *testing.T) {
		_, _, u := connectFixture(t)
		for name, uri := range map[string]string{
			"NUL":              doneURL() + "?x=\u0000",
			"a space":          doneURL() + "/a b",
			"raw non-ASCII":    doneURL() + "/café",
			"a line separator": doneURL() + "/\u2028",
		} {
			t.Run(name, func(t *testing.T) {
				u.fails(t, "POST", myConnection+":connect", map[string]any{"direction": bidirectional, "redirectUri": uri},
					invalidField("redirect_uri"))
			})
		}
	})
}

// TestUndecodableRequestsOverGRPC plays a client whose encoder is broken:
// a string that is not UTF-8, or bytes that are not protobuf, sent straight
// to each service must answer InvalidArgument naming the field where it
// can (before, grpc-go answered Internal "failed to unmarshal").
func TestUndecodableRequestsOverGRPC(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin := withBearer(ctx, signToken(t, sut.devKey, validClaims("contoso", "admin", roleTenantAdmin)))
	alice := withBearer(ctx, signToken(t, sut.devKey, validClaims("contoso", "alice")))
	policy, consent := dialPolicy(t), grpcConn(t, sut.consentAddr)
	cases := []struct {
		name   string
		conn   *grpc.ClientConn
		ctx    context.Context
		method string
		body   []byte
		field  string // "" when no field can be named
	}{
		{"invalid UTF-8 in a display name", policy, admin, "/liaison.policy.v1.PolicyService/CreateUser",
			concat(pbString(1, "contoso"), pbMessage(2, pbString(1, "x1"), pbString(2, "x1@example.com"), pbString(3, "Bad\xffName"))),
			"user.display_name"},
		{"invalid UTF-8 in a phone number", policy, admin, "/liaison.policy.v1.PolicyService/CreateUser",
			concat(pbString(1, "contoso"), pbMessage(2, pbString(1, "x1"), pbMessage(9, pbString(2, "+1")), pbMessage(9, pbString(2, "\xc3")))),
			"user.phones[1].number"},
		{"invalid UTF-8 in a batch of user ids", policy, admin, "/liaison.policy.v1.PolicyService/BatchCheckAccess",
			concat(pbString(1, "contoso"), pbString(2, "alice"), pbString(2, "b\xe2\x82ob")), "users[1]"},
		{"a string cut short", policy, admin, "/liaison.policy.v1.PolicyService/GetTenant", []byte{0x0a, 0x40, 'c'}, "tenant"},
		{"bytes that are not protobuf", policy, admin, "/liaison.policy.v1.PolicyService/GetTenant",
			[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, ""},
		{"invalid UTF-8 in a redirect URI", consent, alice, "/liaison.consent.v1.ConsentService/StartConnection",
			concat([]byte{0x08, 0x01}, pbString(2, "http://localhost/\xff")), "redirect_uri"},
		{"invalid UTF-8 in a consent question", consent, admin, "/liaison.consent.v1.ConsentService/GetConsent",
			concat(pbString(1, "contoso"), pbString(2, "al\xffice")), "user"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.conn.Invoke(c.ctx, c.method, c.body, new([]byte), grpc.ForceCodecV2(rawCodec{}))
			wantGRPCInvalid(t, err, c.field)
		})
	}

	t.Run("a stream request", func(t *testing.T) {
		stream, err := policy.NewStream(admin, &grpc.StreamDesc{ServerStreams: true}, "/liaison.policy.v1.PolicyService/Watch",
			grpc.ForceCodecV2(rawCodec{}))
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.SendMsg(pbString(2, "contoso\xff")); err != nil {
			t.Fatal(err)
		}
		_ = stream.CloseSend()
		wantGRPCInvalid(t, stream.RecvMsg(new([]byte)), "tenant")
	})
}

// wantGRPCInvalid checks err is InvalidArgument with FIELD_INVALID, whose
// BadRequest names field, or has none when field is "".
func wantGRPCInvalid(t *testing.T, err error, field string) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument {
		t.Fatalf("answered %v %q, want InvalidArgument", st.Code(), st.Message())
	}
	var reason string
	var fields []string
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			reason = d.Reason
		case *errdetails.BadRequest:
			for _, v := range d.FieldViolations {
				fields = append(fields, v.Field)
			}
		}
	}
	if reason != "FIELD_INVALID" {
		t.Errorf("ErrorInfo reason %q, want FIELD_INVALID", reason)
	}
	if want := []string{field}; field == "" && len(fields) > 0 || field != "" && (len(fields) != 1 || fields[0] != field) {
		t.Errorf("BadRequest names %q, want %q (message %q)", fields, want, st.Message())
	}
}

// grpcConn opens a gRPC connection straight to a service.
func grpcConn(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// rawCodec sends bytes as they are and hands back what it receives.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(v.([]byte))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }

// pbString is a length-delimited protobuf field holding s as it is, valid
// UTF-8 or not (a real encoder refuses to write invalid UTF-8). Fields and
// values here are short: one byte each for the tag and the length.
func pbString(field byte, s string) []byte {
	return append([]byte{field<<3 | 2, byte(len(s))}, s...)
}

// pbMessage is a message field made of parts.
func pbMessage(field byte, parts ...[]byte) []byte { return pbString(field, string(concat(parts...))) }

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
