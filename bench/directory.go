package main

import "fmt"

// The bench tenant's directory, decided up front so every answer can be
// checked: users u00000.. u09999, and groups g1 ⊃ g2 ⊃ g3 ⊃ g4 ⊃ g5.
// Every third user is a direct member of one of the five groups, spread
// evenly across the levels, so a decision for a member of g5 has to see
// through four levels of nesting to reach the selected group g1.
const (
	benchTenant   = "bench"
	selectedGroup = "g1"
	nestingDepth  = 5
)

// directory describes the seeded users and groups, and which users are
// connected to LinkedIn.
type directory struct {
	users int
	// connected is how many users to connect to LinkedIn (fewer when there
	// are not that many group members): the rest stay NOT_CONNECTED.
	connected int
}

// userID is the id of the i-th user.
func (d directory) userID(i int) string { return fmt.Sprintf("u%05d", i) }

// groupID is the id of the group at the given nesting level (1 is the top).
func (d directory) groupID(level int) string { return fmt.Sprintf("g%d", level) }

// groupOf returns the level of the group user i belongs to directly, or 0 when
// the user is in no group.
func (d directory) groupOf(i int) int {
	if i%3 != 0 {
		return 0
	}
	return (i/3)%nestingDepth + 1
}

// allowed is the decision expected for user i once the tenant's LinkedIn
// setting is SELECTED_GROUP with g1: members at any depth are allowed, nobody
// else is. The tenant keeps its default mailbox policy (contact sync on) and
// client policy (not configured), so capability and surface do not change it.
func (d directory) allowed(i int) bool { return d.groupOf(i) != 0 }

// members counts the users that are in some group.
func (d directory) members() int {
	n := 0
	for i := range d.users {
		if d.allowed(i) {
			n++
		}
	}
	return n
}

// connectStride is the distance between connected users: a multiple of
// three, so every one is a group member (policy lets only those connect),
// and wide enough to spread them over the whole directory.
func (d directory) connectStride() int {
	return 3 * max(1, d.users/(3*max(1, d.connected)))
}

// connectedUsers lists the users the bench connects to LinkedIn, in order.
func (d directory) connectedUsers() []int {
	var out []int
	for i := 0; i < d.users && len(out) < d.connected; i += d.connectStride() {
		out = append(out, i)
	}
	return out
}

// email is user i's address, in policy and as a verified email of the
// user's LinkedIn member.
func (d directory) email(i int) string { return d.userID(i) + "@bench.example" }
