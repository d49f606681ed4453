package consentweb

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/liaisonhq/liaison/gateway/internal/apitest"
	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

var asAdmin = http.Header{"Authorization": {"Bearer admin"}, "X-Request-Id": {"req-csv"}}

func TestConnectionsCSVJoinsAllPages(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)

	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso/linkedinConnections?format=csv", "", asAdmin)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, body %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="linkedin-connections-contoso.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	want := "user,memberId,direction,connectTime,updateTime\n" +
		"alice,m-alice,BIDIRECTIONAL,2026-03-01T09:30:00Z,2026-03-01T10:30:00Z\n" +
		"bob,m-bob,LINKEDIN_TO_ORGANIZATION,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z\n" +
		"carol,m-carol,LINKEDIN_TO_ORGANIZATION,2026-03-03T11:15:00Z,2026-03-03T12:15:00Z\n"
	if string(body) != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}

	calls := b.consent.received()
	if len(calls) != 2 {
		t.Fatalf("the service got %d calls, want one per page (2)", len(calls))
	}
	for i, token := range []string{"", "after-bob"} {
		req, _ := calls[i].req.(*consentv1.ListConnectionsRequest)
		if req.GetTenant() != "contoso" || req.GetPageSize() != 1000 || req.GetPageToken() != token {
			t.Errorf("call %d: %v, want tenant contoso, page size 1000, page token %q", i, req, token)
		}
		md := calls[i].md
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer admin" {
			t.Errorf("call %d: authorization metadata = %q", i, got)
		}
		if got := md.Get("x-request-id"); len(got) != 1 || got[0] != "req-csv" {
			t.Errorf("call %d: x-request-id metadata = %q", i, got)
		}
	}
}

func TestConnectionsWithoutFormatAreJSON(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)

	resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso/linkedinConnections", "", asAdmin)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q, body %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var page struct {
		Connections   []map[string]any
		NextPageToken string
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Connections) != 2 || page.NextPageToken != "after-bob" {
		t.Errorf("want the first page as JSON, got %s", body)
	}
}

func TestConnectionsCSVErrorsAreJSON(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)

	for _, c := range []struct {
		name, query string
		header      http.Header
		status      int
		reason      string
		field       string
	}{
		{"not an admin", "format=csv", http.Header{"Authorization": {"Bearer alice"}}, http.StatusForbidden, "ROLE_REQUIRED", ""},
		{"unknown format", "format=xml", asAdmin, http.StatusBadRequest, "FIELD_INVALID", "format"},
		{"empty format", "format=", asAdmin, http.StatusBadRequest, "FIELD_INVALID", "format"},
	} {
		resp, body := apitest.Do(t, "GET", gw.URL+"/v1/tenants/contoso/linkedinConnections?"+c.query, "", c.header)
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: status %d, content type %q, want %d JSON (body %s)", c.name, resp.StatusCode, resp.Header.Get("Content-Type"), c.status, body)
			continue
		}
		if _, reason, field := apitest.ParseError(t, body); reason != c.reason || field != c.field {
			t.Errorf("%s: reason %q, field %q, want %q, %q (body %s)", c.name, reason, field, c.reason, c.field, body)
		}
	}
}

func TestConnectionsCSVFailingLaterPageBreaksTheDownload(t *testing.T) {
	b := startBackend(t)
	gw := startGateway(t, b.addr)

	req, err := http.NewRequest("GET", gw.URL+"/v1/tenants/flaky/linkedinConnections?format=csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = asAdmin.Clone()
	resp, err := apitest.NoRedirects.Do(req)
	if err == nil {
		var body []byte
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Fatalf("status %d and a whole body %q: want the download to break", resp.StatusCode, body)
		}
	}
}
