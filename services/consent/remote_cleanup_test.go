package consent

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/liaisonhq/liaison/platform/sealing"
	"github.com/liaisonhq/liaison/platform/sqlstore/sqlstoretest"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/consent/store"
	"github.com/liaisonhq/liaison/services/linkedin"
)

// rotatingNetwork is a network that refuses one access token and, on
// refresh, issues a new access token and a new refresh token, after which
// the old refresh token no longer works (the simulator, like LinkedIn, keeps
// the refresh token; some networks rotate it).
type rotatingNetwork struct {
	linkedin.Provider
	mu       sync.Mutex
	refused  string
	refresh  string // the refresh token the network accepts
	deleted  []string
	revoked  []string
	refreshN int
}

func (n *rotatingNetwork) DeleteImportedContacts(_ context.Context, access string) (int64, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if access == n.refused {
		return 0, linkedin.ErrUnauthorized
	}
	n.deleted = append(n.deleted, access)
	return 3, nil
}

func (n *rotatingNetwork) Refresh(_ context.Context, refresh string) (*linkedin.Token, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if refresh != n.refresh {
		return nil, linkedin.ErrInvalidGrant
	}
	n.refreshN++
	n.refresh = "rt-rotated"
	return &linkedin.Token{AccessToken: "at-fresh", RefreshToken: n.refresh, Expiry: time.Now().Add(time.Hour).Truncate(time.Microsecond)}, nil
}

func (n *rotatingNetwork) Revoke(_ context.Context, token string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.revoked = append(n.revoked, token)
	return nil
}

// newCleanupService is a service on a fresh store with network as LinkedIn,
// enough to work cleanups' steps (without the queue).
func newCleanupService(t *testing.T, network linkedin.Provider) *Service {
	t.Helper()
	key := make([]byte, sealing.KeySize)
	rand.Read(key)
	sealer, err := sealing.New(key)
	if err != nil {
		t.Fatal(err)
	}
	st := sqlstoretest.OpenStore(t, sqlstoretest.SQLiteURL(t, "consent.db"), store.Open)
	s := New(Options{Provider: network, Sealer: sealer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.store = st
	return s
}

// linkWith stores alice's link, both ways, with the tokens.
func linkWith(t *testing.T, s *Service, access, refresh string) *store.Link {
	t.Helper()
	now := time.Now().Truncate(time.Microsecond)
	link := &store.Link{
		Tenant: "contoso", User: "alice", MemberID: "m-alice", Direction: typev1.ConsentDirection_BIDIRECTIONAL,
		Scopes: linkedin.ScopesFor(typev1.ConsentDirection_BIDIRECTIONAL), TokenExpiry: now.Add(-time.Minute),
		EverBidirectional: true, ConnectTime: now, UpdateTime: now, Revision: 1,
	}
	link.AccessToken, link.RefreshToken = s.sealTokens("contoso", "alice", &linkedin.Token{AccessToken: access, RefreshToken: refresh})
	if err := s.store.Write(t.Context(), func(tx store.Tx) error { return tx.PutLink(t.Context(), link) }); err != nil {
		t.Fatal(err)
	}
	return link
}

func (s *Service) linkTokens(t *testing.T) (access, refresh string, link *store.Link) {
	t.Helper()
	link, err := s.store.GetLink(t.Context(), "contoso", "alice")
	if err != nil {
		t.Fatal(err)
	}
	access, refresh = s.openSealed("contoso", "alice", link.AccessToken, link.RefreshToken)
	return access, refresh, link
}

// A narrowing's deletion that has to refresh stores the refresh's tokens on
// the link it copied them from: with a network that rotates refresh tokens
// the link would otherwise hold one that no longer works. Nothing is
// revoked.
func TestNarrowingsRefreshGoesOnTheLink(t *testing.T) {
	network := &rotatingNetwork{refused: "at-old", refresh: "rt-old"}
	s := newCleanupService(t, network)
	link := linkWith(t, s, "at-old", "rt-old")
	c := s.newCleanup(link, 2)
	c.ContactsState = store.StepPending

	if err := s.cleanupSteps(t.Context(), c, "at-old", "rt-old"); err != nil {
		t.Fatal(err)
	}
	if c.ContactsState != store.StepDone || c.TokensState != store.StepNotNeeded || c.ContactsDeleted != 3 || c.Attempts != 1 {
		t.Fatalf("cleanup: contacts %v (%d deleted), tokens %v, %d attempts", c.ContactsState, c.ContactsDeleted, c.TokensState, c.Attempts)
	}
	if len(network.revoked) != 0 || network.refreshN != 1 || len(network.deleted) != 1 || network.deleted[0] != "at-fresh" {
		t.Fatalf("LinkedIn: revoked %d, refreshed %d times, deleted with %v", len(network.revoked), network.refreshN, network.deleted)
	}
	access, refresh, stored := s.linkTokens(t)
	if access != "at-fresh" || refresh != "rt-rotated" || !stored.TokenExpiry.After(time.Now()) {
		t.Fatalf("the link holds %q/%q expiring %v, want the refreshed tokens", access, refresh, stored.TokenExpiry)
	}
	if stored.Revision != link.Revision || stored.Direction != link.Direction || !stored.UpdateTime.Equal(link.UpdateTime) {
		t.Fatalf("a refresh changed the consent: %+v", stored)
	}
}

// A refresh over tokens the link no longer holds (a reconnection, or a
// revocation's tokens) leaves the link alone; a revocation revokes the
// refreshed grant with its refresh token.
func TestCleanupsRefreshLeavesOtherTokensAlone(t *testing.T) {
	network := &rotatingNetwork{refused: "at-old", refresh: "rt-old"}
	s := newCleanupService(t, network)
	old := linkWith(t, s, "at-old", "rt-old")
	c := s.newCleanup(old, 2)
	c.ContactsState, c.TokensState = store.StepPending, store.StepPending
	linkWith(t, s, "at-new", "rt-new") // reconnected meanwhile

	if err := s.cleanupSteps(t.Context(), c, "at-old", "rt-old"); err != nil {
		t.Fatal(err)
	}
	if c.ContactsState != store.StepDone || c.TokensState != store.StepDone {
		t.Fatalf("cleanup: contacts %v, tokens %v", c.ContactsState, c.TokensState)
	}
	if access, refresh, _ := s.linkTokens(t); access != "at-new" || refresh != "rt-new" {
		t.Fatalf("the link holds %q/%q, want the reconnection's tokens", access, refresh)
	}
	if len(network.revoked) != 1 || network.revoked[0] != "rt-rotated" {
		t.Fatalf("revoked %v, want the refreshed grant's refresh token", network.revoked)
	}
	if access, refresh := s.openSealed("contoso", "alice", c.AccessToken, c.RefreshToken); access != "at-fresh" || refresh != "rt-rotated" {
		t.Fatalf("the cleanup holds %q/%q, want the refreshed tokens", access, refresh)
	}
}
