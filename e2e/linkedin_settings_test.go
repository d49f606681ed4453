package e2e

import (
	"slices"
	"testing"
)

func TestLinkedInSettingsDefaults(t *testing.T) {
	// The default depends on where the tenant's mailboxes are hosted.
	for location, mode := range map[string]string{"US": "ENABLED", "DE": "DISABLED", "FR": "DISABLED"} {
		t.Run("data location "+location, func(t *testing.T) {
			ten, admin := newTenant(t, location)
			s := getSettings(t, admin, ten.ID)
			want := linkedinSettings{
				Mode:                      mode,
				MaxConsentDirection:       "BIDIRECTIONAL",
				ModeSource:                "DEFAULT",
				MaxConsentDirectionSource: "DEFAULT",
				Available:                 true,
				Etag:                      s.Etag,
				UpdateTime:                s.UpdateTime,
			}
			if s != want {
				t.Errorf("settings = %+v\nwant %+v", s, want)
			}
			if s.Etag == "" {
				t.Error("settings have no etag")
			}
		})
	}
}

func TestLinkedInSettingsUpdate(t *testing.T) {
	ten, admin := newTenant(t, "US")
	createGroup(t, admin, ten.ID, "pilot")
	read := getSettings(t, admin, ten.ID)

	updated := patchSettings(t, admin, ten.ID, map[string]any{
		"mode": "SELECTED_GROUP", "selectedGroup": "pilot", "etag": read.Etag,
	})
	want := linkedinSettings{
		Mode:                      "SELECTED_GROUP",
		SelectedGroup:             "pilot",
		MaxConsentDirection:       "BIDIRECTIONAL",
		ModeSource:                "ADMIN",
		MaxConsentDirectionSource: "DEFAULT", // not in the body, so still the default
		Available:                 true,
		Etag:                      updated.Etag,
		UpdateActor:               "admin",
		UpdateTime:                updated.UpdateTime,
	}
	if updated != want {
		t.Errorf("after PATCH = %+v\nwant %+v", updated, want)
	}
	if updated.Etag == read.Etag {
		t.Errorf("etag stayed %q across a change", updated.Etag)
	}
	if got := getSettings(t, admin, ten.ID); got != updated {
		t.Errorf("GET after PATCH = %+v\nwant what PATCH answered: %+v", got, updated)
	}
}

func TestLinkedInSettingsPreview(t *testing.T) {
	// Six users; pilot holds u1 directly and u2 through pilot-core.
	ten, admin := newTenant(t, "US")
	createUsers(t, admin, ten.ID, "u1", "u2", "u3", "u4", "u5", "u6")
	createGroup(t, admin, ten.ID, "pilot-core", "users/u2")
	createGroup(t, admin, ten.ID, "pilot", "users/u1", "groups/pilot-core")
	previewPath := tenantPath(ten.ID) + "/linkedinSettings:preview"
	before := getSettings(t, admin, ten.ID)

	t.Run("from everyone to the pilot group", func(t *testing.T) {
		var p preview
		admin.ok(t, "POST", previewPath, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"}, &p)
		want := preview{TotalUsers: 6, AllowedNow: 6, AllowedAfter: 2, UsersGaining: 0, UsersLosing: 4,
			SampleGaining: []string{}, SampleLosing: []string{"u3", "u4", "u5", "u6"}}
		wantPreview(t, p, want)
	})

	t.Run("from everyone to nobody", func(t *testing.T) {
		var p preview
		admin.ok(t, "POST", previewPath, map[string]any{"mode": "DISABLED"}, &p)
		want := preview{TotalUsers: 6, AllowedNow: 6, AllowedAfter: 0, UsersGaining: 0, UsersLosing: 6,
			SampleGaining: []string{}, SampleLosing: []string{"u1", "u2", "u3", "u4", "u5", "u6"}}
		wantPreview(t, p, want)
	})

	t.Run("preview changes nothing", func(t *testing.T) {
		if after := getSettings(t, admin, ten.ID); after != before {
			t.Errorf("settings after previews = %+v\nwant unchanged %+v", after, before)
		}
	})

	t.Run("from the pilot group back to everyone", func(t *testing.T) {
		patchSettings(t, admin, ten.ID, map[string]any{"mode": "SELECTED_GROUP", "selectedGroup": "pilot"})
		var p preview
		admin.ok(t, "POST", previewPath, map[string]any{"mode": "ENABLED"}, &p)
		want := preview{TotalUsers: 6, AllowedNow: 2, AllowedAfter: 6, UsersGaining: 4, UsersLosing: 0,
			SampleGaining: []string{"u3", "u4", "u5", "u6"}, SampleLosing: []string{}}
		wantPreview(t, p, want)
	})
}

func wantPreview(t *testing.T, got, want preview) {
	t.Helper()
	if got.TotalUsers != want.TotalUsers || got.AllowedNow != want.AllowedNow || got.AllowedAfter != want.AllowedAfter ||
		got.UsersGaining != want.UsersGaining || got.UsersLosing != want.UsersLosing ||
		!slices.Equal(got.SampleGaining, want.SampleGaining) || !slices.Equal(got.SampleLosing, want.SampleLosing) {
		t.Errorf("preview = %+v\nwant %+v", got, want)
	}
}
