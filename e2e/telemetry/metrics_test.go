package telemetry

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTheProductIsMeasured: after a connection, a sync and card lookups,
// each process's /metrics holds RED per RPC or route and the product's
// own measures: consent grants by direction, contacts synced and sync lag,
// the card cache's lookups, each change log's revision and each follower's.
func TestTheProductIsMeasured(t *testing.T) {
	gateway := system.URL("gateway")
	alice := devToken(t, gateway, "alice")
	// A connection (which sets off a sync) and two lookups of one person
	// (a miss, then a hit).
	connect(t, gateway, alice)
	call(t, gateway, alice, "GET", "/v1/me/profileCards/erin@northwind.example", "", "")
	call(t, gateway, alice, "GET", "/v1/me/profileCards/erin@northwind.example", "", "")

	want := map[string][]string{
		"gateway":      {`http_server_request_duration_seconds_count{.*http_route="/v1/me/profileCards/{target}"`},
		"policy":       {`rpc_server_call_duration_seconds_count{.*rpc_method="liaison.policy.v1.PolicyService/`, `liaison_changelog_revision `},
		"consent":      {`liaison_consent_grants_total{direction="LINKEDIN_TO_ORGANIZATION"`, `liaison_follow_revision{.*stream="policy"`},
		"contact-sync": {`liaison_contacts_synced_total{change="added"`, `liaison_sync_lag_seconds_count`, `liaison_follow_revision{.*stream="consent"`},
		"profile-card": {`liaison_profilecard_cache_lookups_total{.*result="hit"`, `liaison_profilecard_cache_lookups_total{.*result="miss"`},
	}
	deadline := time.Now().Add(15 * time.Second)
	for service, patterns := range want {
		for _, pattern := range patterns {
			re := regexp.MustCompile(pattern)
			for {
				scraped := scrape(t, metricsAddr[service])
				if re.MatchString(scraped) {
					break
				}
				if time.Now().After(deadline) {
					t.Errorf("%s's /metrics has nothing matching %s; it has:\n%s", service, pattern, lines(scraped, "liaison_"))
					break
				}
				time.Sleep(250 * time.Millisecond)
			}
		}
	}
}

func scrape(t *testing.T, addr string) string {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func lines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
