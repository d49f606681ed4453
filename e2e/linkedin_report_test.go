package e2e

import (
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestLinkedInReport covers the admin's views of consent: the connections
// report in pages and as CSV, the ledger in pages, and who may read them.
func TestLinkedInReport(t *testing.T) {
	ten, admin := newTenant(t, "US")
	base := tenantPath(ten.ID)
	ann := newLinkedInUser(t, admin, ten.ID, "ann")
	ben := newLinkedInUser(t, admin, ten.ID, "ben")
	cal := newLinkedInUser(t, admin, ten.ID, "cal")
	connectLinkedIn(t, ann.caller, bidirectional)
	connectLinkedIn(t, ben.caller, linkedinToOrganization)
	connectLinkedIn(t, cal.caller, bidirectional)
	newLinkedInUser(t, admin, ten.ID, "dee") // never connects

	t.Run("report pages through connected users in id order", func(t *testing.T) {
		var got []string
		token := ""
		for page := 1; ; page++ {
			if page > 5 {
				t.Fatalf("still paging after 5 pages of 2: %v", got)
			}
			var report connectionReport
			admin.ok(t, "GET", base+"/linkedinConnections?pageSize=2&pageToken="+url.QueryEscape(token), nil, &report)
			if len(report.Connections) > 2 {
				t.Fatalf("page %d has %d connections, want at most pageSize 2", page, len(report.Connections))
			}
			// The counts are the whole tenant's on every page.
			if report.TotalConnected != 3 || report.Bidirectional != 2 || report.LinkedinToOrganization != 1 {
				t.Errorf("page %d counts total %d, both ways %d, LinkedIn to organization %d; want 3, 2, 1",
					page, report.TotalConnected, report.Bidirectional, report.LinkedinToOrganization)
			}
			for _, c := range report.Connections {
				got = append(got, c.User+" "+c.Direction)
			}
			if report.NextPageToken == "" {
				break
			}
			token = report.NextPageToken
		}
		want := []string{"ann BIDIRECTIONAL", "ben LINKEDIN_TO_ORGANIZATION", "cal BIDIRECTIONAL"}
		if !slices.Equal(got, want) {
			t.Errorf("paged through %q, want %q", got, want)
		}
	})

	t.Run("CSV holds every connected user whatever the page size", func(t *testing.T) {
		resp := admin.ok(t, "GET", base+"/linkedinConnections?format=csv&pageSize=1", nil, nil)
		if cd := resp.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
			t.Errorf("Content-Disposition = %q, want an attachment", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(string(resp.body))).ReadAll()
		if err != nil {
			t.Fatalf("not CSV (%v): %s", err, resp.body)
		}
		var got []string
		for _, row := range rows[1:] {
			got = append(got, row[0]+" "+row[2])
		}
		want := []string{"ann BIDIRECTIONAL", "ben LINKEDIN_TO_ORGANIZATION", "cal BIDIRECTIONAL"}
		if !slices.Equal(got, want) {
			t.Errorf("CSV rows %q, want %q", got, want)
		}
	})

	t.Run("ledger pages newest first", func(t *testing.T) {
		var got []string
		token := ""
		for page := 1; ; page++ {
			if page > 5 {
				t.Fatalf("still paging after 5 pages of 1: %v", got)
			}
			var list consentEventList
			admin.ok(t, "GET", base+"/consentEvents?pageSize=1&pageToken="+url.QueryEscape(token), nil, &list)
			if len(list.Events) > 1 {
				t.Fatalf("page %d has %d events, want at most pageSize 1", page, len(list.Events))
			}
			for _, e := range list.Events {
				got = append(got, e.User+" "+e.Kind)
			}
			if list.NextPageToken == "" {
				break
			}
			token = list.NextPageToken
		}
		want := []string{"cal GRANTED", "ben GRANTED", "ann GRANTED"}
		if !slices.Equal(got, want) {
			t.Errorf("paged through %q, want %q", got, want)
		}
	})

	t.Run("who may read them", func(t *testing.T) {
		contoso := as(t, "contoso", "admin", roleTenantAdmin)
		runBad(t, []badRequest{
			{"a user reads the report", ann.caller, "GET", base + "/linkedinConnections", nil, roleRequired},
			{"a user downloads the report", ann.caller, "GET", base + "/linkedinConnections?format=csv", nil, roleRequired},
			{"a user reads the ledger", ann.caller, "GET", base + "/consentEvents", nil, roleRequired},
			{"another tenant's admin reads the report", contoso, "GET", base + "/linkedinConnections", nil, notFound},
			{"another tenant's admin downloads the report", contoso, "GET", base + "/linkedinConnections?format=csv", nil, notFound},
			{"another tenant's admin reads the ledger", contoso, "GET", base + "/consentEvents", nil, notFound},
			{"an operator has no connection of their own", operator(t), "GET", myConnection, nil, roleRequired},
			{"no token reads the report", anonymous, "GET", base + "/linkedinConnections", nil, unauthenticated},
			{"no token reads my connection", anonymous, "GET", myConnection, nil, unauthenticated},
			{"no token connects", anonymous, "POST", myConnection + ":connect", map[string]any{"direction": bidirectional, "redirectUri": doneURL()}, unauthenticated},
			{"no token disconnects", anonymous, "POST", myConnection + ":disconnect", map[string]any{}, unauthenticated},
			{"a format other than CSV", admin, "GET", base + "/linkedinConnections?format=xml", nil, invalidField("format")},
		})
	})
}
