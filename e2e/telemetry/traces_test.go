// Package telemetry observes the running system as an operator would: one
// request followed through every process it touches (each exports its
// spans over OTLP to a collector the test runs, one trace id ties them),
// and every process's Prometheus metrics, the product's own among them.
package telemetry

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/e2e/internal/suite"
	"github.com/liaisonhq/liaison/platform/launch"
)

var (
	system *launch.Stack
	spans  *collector
	// metricsAddr is where each binary serves /metrics.
	metricsAddr = map[string]string{}
)

// TestMain starts the collector, then the system exporting every trace to
// it quickly (the SDK's batch delay, 200 ms, from its environment).
func TestMain(m *testing.M) {
	var err error
	if spans, err = startCollector(); err != nil {
		fmt.Fprintln(os.Stderr, "telemetry:", err)
		os.Exit(1)
	}
	flags := map[string][]string{}
	for _, spec := range launch.System {
		if metricsAddr[spec.Name], err = suite.FreeAddr(); err != nil {
			fmt.Fprintln(os.Stderr, "telemetry:", err)
			os.Exit(1)
		}
		flags[spec.Name] = []string{"--otlp-endpoint=" + spans.addr, "--trace-sample-ratio=1", "--metrics-addr=" + metricsAddr[spec.Name]}
	}
	os.Setenv("OTEL_BSP_SCHEDULE_DELAY", "200")
	code := suite.Run(m, suite.Options{Root: "../..", Flags: flags}, func(st *launch.Stack) error {
		system = st
		return nil
	})
	spans.srv.Stop()
	os.Exit(code)
}

// TestOneTraceAcrossAProfileCardLookup: a card for a connected alice goes
// gateway -> profile-card -> policy and consent -> LinkedIn (the
// simulator), and every hop's span carries the trace id the caller sent.
func TestOneTraceAcrossAProfileCardLookup(t *testing.T) {
	gateway := system.URL("gateway")
	admin := devToken(t, gateway, "admin", "TenantAdmin")
	alice := devToken(t, gateway, "alice")
	call(t, gateway, admin, "PATCH", "/v1/tenants/contoso/linkedinSettings", `{"mode":"ENABLED"}`, "")
	connect(t, gateway, alice)

	traceID := randomHex(16)
	parent := "00-" + traceID + "-" + randomHex(8) + "-01"
	// dana has never been looked up: the card reaches LinkedIn as well as
	// policy, consent and contact-sync.
	call(t, gateway, alice, "GET", "/v1/me/profileCards/dana@fabrikam.com", "", parent)

	want := []string{"liaison-gateway", "liaison-profile-card", "liaison-policy", "liaison-consent", "liaison-linkedin-sim"}
	deadline := time.Now().Add(15 * time.Second)
	var services []string
	for time.Now().Before(deadline) {
		services = services[:0]
		for _, s := range spans.trace(traceID) {
			if !slices.Contains(services, s.service) {
				services = append(services, s.service)
			}
		}
		if containsAll(services, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("trace %s reached %v, want every one of %v; spans: %+v", traceID, services, want, spans.trace(traceID))
}

// TestASyncJobIsTracedFromItsRequest: "Sync now" queues a job; the job's
// work, run later by the queue, starts a trace linked to the request's,
// in which the sync's calls (consent for the token, LinkedIn's feed) are.
func TestASyncJobIsTracedFromItsRequest(t *testing.T) {
	gateway := system.URL("gateway")
	bob := devToken(t, gateway, "bob")
	connect(t, gateway, bob)
	// Contact-sync learns of the consent from consent's stream and syncs
	// at once; "Sync now" queues a job of its own once that sync is over.
	for deadline := time.Now().Add(15 * time.Second); ; {
		status := string(call(t, gateway, bob, "GET", "/v1/me/contactSync", "", ""))
		if strings.Contains(status, `"IDLE"`) && strings.Contains(status, `"lastSuccessTime"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bob's first sync never ended: %s", status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	traceID := randomHex(16)
	call(t, gateway, bob, "POST", "/v1/me/contactSync:run", "{}", "00-"+traceID+"-"+randomHex(8)+"-01")

	want := []string{"liaison-contact-sync", "liaison-consent", "liaison-linkedin-sim"}
	deadline := time.Now().Add(15 * time.Second)
	var reached []string
	for time.Now().Before(deadline) {
		for _, job := range spans.linkedFrom(traceID, "river.work/contactsync.sync") {
			reached = reached[:0]
			for _, s := range spans.trace(job) {
				if !slices.Contains(reached, s.service) {
					reached = append(reached, s.service)
				}
			}
			if containsAll(reached, want) {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("no sync job linked to trace %s reached %v (the last reached %v); contact-sync's spans: %v", traceID, want, reached, spans.named("liaison-contact-sync"))
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func devToken(t *testing.T, gateway, user string, roles ...string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"tenant": "contoso", "user": user, "roles": roles})
	out := call(t, gateway, "", "POST", "/dev/token", string(body), "")
	var token struct{ Token string }
	if err := json.Unmarshal(out, &token); err != nil || token.Token == "" {
		t.Fatalf("dev token: %v %s", err, out)
	}
	return token.Token
}

// connect links alice's LinkedIn account as a browser would: start, let
// the simulator approve, and follow the callback with the binding cookie.
func connect(t *testing.T, gateway, token string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", gateway+"/v1/me/linkedinConnection:connect",
		strings.NewReader(`{"direction":"LINKEDIN_TO_ORGANIZATION","redirectUri":"`+gateway+`/done"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	var started struct{ AuthorizationURL string }
	if err := json.Unmarshal(body.Bytes(), &started); err != nil || started.AuthorizationURL == "" {
		t.Fatalf("starting the connection: %s %s", resp.Status, body.String())
	}
	cookies := resp.Cookies()
	approved, err := client.Get(started.AuthorizationURL)
	if err != nil {
		t.Fatal(err)
	}
	_ = approved.Body.Close()
	back, _ := http.NewRequest("GET", approved.Header.Get("Location"), nil)
	for _, c := range cookies {
		back.AddCookie(c)
	}
	done, err := client.Do(back)
	if err != nil {
		t.Fatal(err)
	}
	_ = done.Body.Close()
	if done.StatusCode != http.StatusFound || !strings.Contains(done.Header.Get("Location"), "linkedin=connected") {
		t.Fatalf("connecting: %s %s", done.Status, done.Header.Get("Location"))
	}
}

func call(t *testing.T, gateway, token, method, path, body, traceparent string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, gateway+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if traceparent != "" {
		req.Header.Set("traceparent", traceparent)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s %s", method, path, resp.Status, out.String())
	}
	return out.Bytes()
}
