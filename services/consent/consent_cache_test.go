package consent

import (
	"strconv"
	"testing"

	consentv1 "github.com/liaisonhq/liaison/proto/liaison/consent/v1"
)

func TestCacheDropsAnswersOvertakenByAChange(t *testing.T) {
	c := newConsentCache()
	stale := &consentv1.GetConsentResponse{State: consentv1.ConnectionState_NOT_CONNECTED}
	_, gen := c.get("contoso", "alice")
	c.forget("contoso", "alice", 5) // a grant commits while the answer is read
	c.put("contoso", "alice", gen, stale)
	if got, _ := c.get("contoso", "alice"); got != nil {
		t.Fatal("an answer read before a change was kept")
	}
	_, gen = c.get("contoso", "alice")
	fresh := &consentv1.GetConsentResponse{State: consentv1.ConnectionState_CONNECTED, Revision: 5}
	c.put("contoso", "alice", gen, fresh)
	if got, _ := c.get("contoso", "alice"); got != fresh {
		t.Fatal("a current answer was not kept")
	}
	c.forget("contoso", "alice", 5) // the same change, seen again by the ledger's follower
	if got, _ := c.get("contoso", "alice"); got != fresh {
		t.Fatal("a second notice of a change already seen dropped the newer answer")
	}
	c.forget("contoso", "alice", 6)
	if got, _ := c.get("contoso", "alice"); got != nil {
		t.Fatal("forget left the answer")
	}
}

func TestCacheStaysBounded(t *testing.T) {
	c := newConsentCache()
	answer := &consentv1.GetConsentResponse{}
	for i := range maxCachedConsents + 10 {
		user := strconv.Itoa(i)
		_, gen := c.get("t", user)
		c.put("t", user, gen, answer)
	}
	if n := len(c.answers); n != maxCachedConsents {
		t.Fatalf("cache holds %d answers, want the bound %d", n, maxCachedConsents)
	}
}
