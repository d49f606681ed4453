package telemetry

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTheDashboardShowsWhatTheProcessesMeasure: every metric the Grafana
// dashboard (deploy/observability) queries is one some process serves,
// once the system has done each kind of work (a purge included).
func TestTheDashboardShowsWhatTheProcessesMeasure(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/observability/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dashboard struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dashboard); err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`\b(liaison|rpc_server|http_server|river)_[a-z_]+`)
	queried := map[string]string{} // metric -> panel
	for _, p := range dashboard.Panels {
		for _, target := range p.Targets {
			for _, m := range name.FindAllString(target.Expr, -1) {
				queried[m] = p.Title
			}
		}
	}
	if len(queried) < 10 {
		t.Fatalf("the dashboard queries %d metrics: %v", len(queried), queried)
	}

	// Work of every kind: a connection and sync (carol), card lookups, and
	// a disconnect, which purges her synced contacts.
	gateway := system.URL("gateway")
	carol := devToken(t, gateway, "carol")
	connect(t, gateway, carol)
	call(t, gateway, carol, "GET", "/v1/me/profileCards/frank@adatum.example", "", "")
	call(t, gateway, carol, "GET", "/v1/me/profileCards/frank@adatum.example", "", "")
	waitFor(t, "carol's first sync", func() bool {
		status := string(call(t, gateway, carol, "GET", "/v1/me/contactSync", "", ""))
		return strings.Contains(status, `"IDLE"`) && strings.Contains(status, `"lastSuccessTime"`)
	})
	call(t, gateway, carol, "POST", "/v1/me/linkedinConnection:disconnect", "{}", "")

	waitFor(t, "every metric the dashboard queries", func() bool {
		var served []string
		for _, addr := range metricsAddr {
			served = append(served, scrape(t, addr))
		}
		all := strings.Join(served, "\n")
		missing := []string{}
		for m := range queried {
			if !strings.Contains(all, "\n"+m+"{") && !strings.Contains(all, "\n"+m+" ") {
				missing = append(missing, m)
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			t.Logf("not served yet: %v", missing)
		}
		return len(missing) == 0
	})
}

func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !done(); {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20s", what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
