package jsonapi

import (
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A field violation's reason was written empty; it is the error's reason
// unless the violation has its own.
func TestEveryFieldViolationHasAReason(t *testing.T) {
	fromService, err := status.New(codes.InvalidArgument, "invalid request").WithDetails(
		&errdetails.ErrorInfo{Reason: "FIELD_INVALID", Domain: ErrorDomain},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
			{Field: "user.email", Description: "is required"},
			{Field: "user.id", Description: "is taken", Reason: "ID_TAKEN"},
		}},
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		err  error
		want []string
	}{
		{InvalidField("pageSize", "must be a whole number"), []string{"FIELD_INVALID"}},
		{status.Error(codes.InvalidArgument, `unknown field "colour"`), []string{"FIELD_INVALID"}}, // from a decoder
		{fromService.Err(), []string{"FIELD_INVALID", "ID_TAKEN"}},
	} {
		_, body := handle(t, c.err)
		var got []string
		for _, d := range body.Details {
			violations, _ := d["fieldViolations"].([]any)
			for _, v := range violations {
				got = append(got, v.(map[string]any)["reason"].(string))
			}
		}
		if len(got) != len(c.want) || got[0] != c.want[0] || got[len(got)-1] != c.want[len(c.want)-1] {
			t.Errorf("%v: violation reasons %q, want %q", c.err, got, c.want)
		}
	}
}
