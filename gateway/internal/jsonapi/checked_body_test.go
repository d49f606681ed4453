package jsonapi

import (
	"errors"
	"io"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	policyv1 "github.com/liaisonhq/liaison/proto/liaison/policy/v1"
)

// A checked body decodes to the same message, or fails with the same
// error, as grpc-gateway's JSONPb decoding the same bytes; and then reads as
// its end.
func TestCheckedBodyDecodesAsJSONPb(t *testing.T) {
	m := Marshaler().(marshaler)
	for _, body := range []string{
		`{"capability":"ACCOUNT_CONNECTION","surface":"WEB"}`,
		"\n\t {\"capability\": \"CONTACT_SYNC\"}  \r\n",
		`{}`,
		"  \n {\"colour\": 1}",            // unknown field: the error's position is the value's
		`{"capability": "NO_SUCH_THING"}`, // bad enum
		`{"capability": 7, "capability": 8}`,
		`[1, 2]`,
		`{"surface": "WEB"} {"surface": "WEB"}`, // not one value: JSONPb's way
		`{"surface": `,                          // a syntax error: JSONPb's way
	} {
		want := &policyv1.CheckAccessRequest{}
		wantErr := m.JSONPb.NewDecoder(strings.NewReader(body)).Decode(want)
		got := &policyv1.CheckAccessRequest{}
		b := NewCheckedBody([]byte(body))
		gotErr := m.NewDecoder(b).Decode(got)
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Errorf("%q: error %v, want %v", body, gotErr, wantErr)
		}
		if !proto.Equal(got, want) {
			t.Errorf("%q: decoded %v, want %v", body, got, want)
		}
		if wantErr == nil {
			if err := m.NewDecoder(b).Decode(&policyv1.CheckAccessRequest{}); !errors.Is(err, io.EOF) {
				t.Errorf("%q: decoding again: %v, want EOF", body, err)
			}
		}
	}
}

// A message is written as protojson writes it, as JSONPb would.
func TestMarshalIsJSONPbs(t *testing.T) {
	m := Marshaler().(marshaler)
	msg := &policyv1.CheckAccessResponse{Allowed: true, Reason: policyv1.AccessReason_ALLOWED, Message: "yes", Revision: 3}
	got, err := m.Marshal(msg)
	want, wantErr := m.JSONPb.Marshal(msg)
	if err != nil || wantErr != nil || string(got) != string(want) {
		t.Errorf("%s (%v), want %s (%v)", got, err, want, wantErr)
	}
}
