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
