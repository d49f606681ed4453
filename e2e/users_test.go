package e2e

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"testing"
)

func TestUsers(t *testing.T) {
	ten, admin := newTenant(t, "US")
	users := tenantPath(ten.ID) + "/users"
	dana := map[string]any{
		"id":          "dana",
		"email":       "dana@example.com",
		"displayName": "Dana Lee",
		"givenName":   "Dana",
		"surname":     "Lee",
		"jobTitle":    "Engineer",
		"department":  "R&D",
		"office":      "Dublin",
		"phones":      []map[string]any{{"type": "MOBILE", "number": "+353 1 555 0100"}},
	}

	var created user
	t.Run("create and get", func(t *testing.T) {
		admin.ok(t, "POST", users, dana, &created)
		if created.ID != "dana" || created.Email != "dana@example.com" || created.JobTitle != "Engineer" ||
			len(created.Phones) != 1 || created.Phones[0].Type != "MOBILE" || created.CreateTime == "" {
			t.Fatalf("created user = %+v, want the fields sent and a createTime", created)
		}
		var got user
		admin.ok(t, "GET", users+"/dana", nil, &got)
		if !reflect.DeepEqual(got, created) {
			t.Errorf("GET = %+v\nwant what POST answered: %+v", got, created)
		}
	})

	t.Run("PATCH changes only the fields in the body", func(t *testing.T) {
		var patched user
		admin.ok(t, "PATCH", users+"/dana", map[string]any{"jobTitle": "Staff engineer"}, &patched)
		want := created
		want.JobTitle = "Staff engineer"
		want.UpdateTime = patched.UpdateTime
		if !reflect.DeepEqual(patched, want) {
			t.Errorf("after PATCH {jobTitle} = %+v\nwant only jobTitle (and updateTime) changed: %+v", patched, want)
		}
		if patched.UpdateTime == created.UpdateTime {
			t.Errorf("updateTime did not change: %s", patched.UpdateTime)
		}
	})

	t.Run("PATCH assigns and clears a mailbox policy", func(t *testing.T) {
		admin.ok(t, "POST", tenantPath(ten.ID)+"/mailboxPolicies", map[string]any{"id": "Finance"}, nil)
		var assigned, cleared user
		admin.ok(t, "PATCH", users+"/dana", map[string]any{"mailboxPolicy": "Finance"}, &assigned)
		if assigned.MailboxPolicy != "Finance" || assigned.JobTitle != "Staff engineer" {
			t.Errorf("after assigning: %+v, want mailboxPolicy Finance and the rest unchanged", assigned)
		}
		admin.ok(t, "PATCH", users+"/dana", map[string]any{"mailboxPolicy": ""}, &cleared)
		if cleared.MailboxPolicy != "" {
			t.Errorf("after clearing: mailboxPolicy %q, want empty (follow the default)", cleared.MailboxPolicy)
		}
	})

	t.Run("list pages through every user in id order", func(t *testing.T) {
		var want []string
		for i := range 5 {
			want = append(want, fmt.Sprintf("user-%d", i))
		}
		createUsers(t, admin, ten.ID, want...)
		want = append(want, "dana")
		slices.Sort(want)

		var got []string
		token := ""
		for page := 1; ; page++ {
			if page > 10 {
				t.Fatalf("still paging after 10 pages of 2: %v", got)
			}
			var list userList
			admin.ok(t, "GET", users+"?pageSize=2&pageToken="+url.QueryEscape(token), nil, &list)
			if len(list.Users) > 2 {
				t.Fatalf("page %d has %d users, want at most pageSize 2", page, len(list.Users))
			}
			for _, u := range list.Users {
				got = append(got, u.ID)
			}
			if list.NextPageToken == "" {
				break
			}
			token = list.NextPageToken
		}
		if !slices.Equal(got, want) {
			t.Errorf("paged through %v, want %v", got, want)
		}
	})

	t.Run("delete", func(t *testing.T) {
		admin.ok(t, "DELETE", users+"/dana", nil, nil)
		admin.fails(t, "GET", users+"/dana", nil, notFound)
	})
}
