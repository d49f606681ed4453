package main

import "testing"

// The expected decisions are only as good as the directory they come from:
// every level of the nesting must hold users, or the bench would not test
// the nesting at all.
func TestDirectorySpreadsMembersOverEveryLevel(t *testing.T) {
	d := directory{users: 10000}
	perLevel := map[int]int{}
	for i := range d.users {
		perLevel[d.groupOf(i)]++
	}
	for level := 1; level <= nestingDepth; level++ {
		if perLevel[level] < 600 {
			t.Errorf("level %d holds %d users, want about 667", level, perLevel[level])
		}
	}
	if got := d.members(); got != 3334 || perLevel[0] != d.users-got {
		t.Errorf("members() = %d, users in no group %d", got, perLevel[0])
	}
}

func TestAskCoversEveryUserAndPair(t *testing.T) {
	d := directory{users: 1000}
	const callers = 16
	users := map[int]bool{}
	pairs := map[question]bool{}
	for c := range callers {
		for n := range d.users/callers + 1 {
			q := d.ask(callers, c, n)
			users[q.user] = true
			pairs[question{capability: q.capability, surface: q.surface}] = true
		}
	}
	if len(users) != d.users {
		t.Errorf("asked about %d users, want all %d", len(users), d.users)
	}
	if len(pairs) != len(capabilities)*len(surfaces) {
		t.Errorf("asked %d capability and surface pairs, want %d", len(pairs), len(capabilities)*len(surfaces))
	}
}

func TestConnectedUsersAreSpreadGroupMembers(t *testing.T) {
	d := directory{users: 10000, connected: 50}
	got := d.connectedUsers()
	if len(got) != 50 {
		t.Fatalf("connected %d users, want 50", len(got))
	}
	for _, i := range got {
		if i >= d.users || !d.allowed(i) {
			t.Errorf("user %d is connected but may not connect (or does not exist)", i)
		}
	}
	if last := got[len(got)-1]; last < d.users*9/10 {
		t.Errorf("connected users end at %d: not spread over the %d users", last, d.users)
	}
	levels := map[int]bool{}
	for _, i := range got {
		levels[d.groupOf(i)] = true
	}
	if len(levels) != nestingDepth {
		t.Errorf("connected users sit at %d nesting levels, want all %d", len(levels), nestingDepth)
	}
	// Fewer group members than asked for: all of them, and no more.
	small := directory{users: 10, connected: 50}
	if got := small.connectedUsers(); len(got) != small.members() {
		t.Errorf("with 10 users connected %v, want all %d members", got, small.members())
	}
}
