package linkedin_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/services/linkedin"
	"github.com/liaisonhq/liaison/services/linkedinsim"
)

func TestMemberEvents(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(nil)
	ctx := t.Context()
	if status := s.call(http.MethodPatch, "/sim/members/m-dana", "", map[string]bool{"visibleInMicrosoftApps": false}, nil); status != http.StatusOK {
		t.Fatalf("hiding dana: status %d", status)
	}

	first, err := p.MemberEvents(ctx, "cards", 0, 0)
	if err != nil {
		t.Fatalf("MemberEvents: %v", err)
	}
	last := first.Events[len(first.Events)-1]
	if last.Seq != first.Head || last.MemberID != "m-dana" || last.Visible ||
		!slices.Equal(last.Emails, []string{"dana@fabrikam.com"}) || last.Time.IsZero() {
		t.Fatalf("the newest event = %+v (head %d), want dana hiding", last, first.Head)
	}

	// A long poll wakes on the next change, and the change answers only
	// once the subscriber polls past it.
	woke := make(chan *linkedin.MemberEvents, 1)
	failed := make(chan error, 1)
	go func() {
		got, err := p.MemberEvents(ctx, "cards", first.Head, 30*time.Second)
		if err == nil {
			_, err = p.MemberEvents(ctx, "cards", got.Head, 0) // handled: acknowledge
		}
		if err != nil {
			failed <- err
			return
		}
		woke <- got
	}()
	if status := s.call(http.MethodPatch, "/sim/members/m-dana", "", map[string][]string{"verifiedEmails": {"dana.ruiz@fabrikam.com"}}, nil); status != http.StatusOK {
		t.Fatalf("changing dana's email: status %d", status)
	}
	select {
	case got := <-woke:
		if len(got.Events) != 1 || !slices.Equal(got.Events[0].Emails, []string{"dana.ruiz@fabrikam.com", "dana@fabrikam.com"}) {
			t.Errorf("the long poll answered %+v, want dana's new and old email", got)
		}
	case err := <-failed:
		t.Fatalf("MemberEvents: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the long poll did not answer")
	}

	_, err = p.MemberEvents(ctx, "cards", first.Head+100, 0)
	assertKind(t, err, linkedin.ErrEventsExpired)
	if perr := asError(t, err); perr.StatusCode != http.StatusGone {
		t.Errorf("error = %+v, want 410", perr)
	}
	_, err = p.MemberEvents(ctx, "cards", -1, 0)
	assertKind(t, err, nil) // a bad request, not an expired position
}

// TestMemberEventsOutlastTheTimeout: the long poll may take longer than
// the client's timeout, which then bounds only the rest of the call.
func TestMemberEventsOutlastTheTimeout(t *testing.T) {
	s := startSim(t, nil)
	p := s.provider(func(c *linkedin.Config) { c.Timeout = 50 * time.Millisecond })
	head, err := p.MemberEvents(t.Context(), "cards", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.MemberEvents(t.Context(), "cards", head.Head, 300*time.Millisecond)
	if err != nil || len(got.Events) != 0 || got.Head != head.Head {
		t.Fatalf("a quiet long poll = %+v, %v; want no events and no error", got, err)
	}

	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done() // until the client hangs up
	}))
	t.Cleanup(stalled.Close)
	_, err = newProvider(t, stalled.URL, func(c *linkedin.Config) { c.Timeout = 50 * time.Millisecond }).
		MemberEvents(t.Context(), "cards", 0, 100*time.Millisecond)
	assertKind(t, err, linkedin.ErrUnavailable)
}

func TestMemberEventsNeedTheClientsCredentials(t *testing.T) {
	s := startSim(t, nil)
	wrong := s.provider(func(c *linkedin.Config) { c.ClientSecret = "not-the-secret" })
	_, err := wrong.MemberEvents(t.Context(), "cards", 0, 0)
	assertKind(t, err, nil) // a misconfigured client, not a refused member token
	assertNoSecret(t, err, "not-the-secret")
	if perr := asError(t, err); perr.StatusCode != http.StatusUnauthorized {
		t.Errorf("error = %+v, want 401", perr)
	}

	apiOnly, err := linkedin.NewAPI(s.url, linkedin.Config{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = apiOnly.MemberEvents(t.Context(), "cards", 0, 0)
	if err == nil || !strings.Contains(err.Error(), "ClientID") || errors.Is(err, linkedin.ErrUnavailable) {
		t.Errorf("MemberEvents without credentials: error = %v, want one naming ClientID", err)
	}
	withThem, err := linkedin.NewAPI(s.url, linkedin.Config{ClientID: devClient, ClientSecret: devSecret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := withThem.MemberEvents(t.Context(), "cards", 0, 0); err != nil {
		t.Errorf("NewAPI with credentials: MemberEvents: %v", err)
	}

	s.setFaults(linkedinsim.Faults{ErrorRate: 1, Paths: "/v2/memberEvents"})
	_, err = withThem.MemberEvents(t.Context(), "cards", 0, 0)
	assertKind(t, err, linkedin.ErrUnavailable)
}
