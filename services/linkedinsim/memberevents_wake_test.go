package linkedinsim

import (
	"testing"
	"time"
)

// TestLongPollWakesOnAppend proves the wake-up itself: the poll is known
// to be waiting (it registered its subscriber, which closes acked, in the
// same critical section in which it picks the channel it waits on) before
// the event is appended, and it waits 30 seconds unless woken.
func TestLongPollWakesOnAppend(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	l := newMemberEvents(func() time.Time { return now })
	l.add("m-alice", true, []string{"alice@contoso.com"}, nil)

	l.mu.Lock()
	registered := l.acked
	l.mu.Unlock()
	type result struct {
		page memberEventPage
		err  error
	}
	answered := make(chan result, 1)
	go func() {
		page, err := l.poll(nil, "cards", 1, maxMemberEventsWait)
		answered <- result{page, err}
	}()
	select {
	case <-registered:
	case <-time.After(10 * time.Second):
		t.Fatal("the poll never registered")
	}

	l.add("m-alice", false, []string{"alice@contoso.com"}, nil)
	select {
	case r := <-answered:
		if r.err != nil || len(r.page.Events) != 1 || r.page.Events[0].Seq != 2 || r.page.Head != 2 {
			t.Fatalf("the woken poll answered %+v, %v; want event 2", r.page, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the append did not wake the long poll")
	}
}

// TestCloseEndsLongPolls: on shutdown a waiting poll answers at once.
func TestCloseEndsLongPolls(t *testing.T) {
	l := newMemberEvents(time.Now)
	answered := make(chan memberEventPage, 1)
	go func() {
		page, _ := l.poll(nil, "cards", 0, maxMemberEventsWait)
		answered <- page
	}()
	l.close()
	select {
	case page := <-answered:
		if len(page.Events) != 0 {
			t.Errorf("answered %+v, want no events", page)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("close did not end the long poll")
	}
}
