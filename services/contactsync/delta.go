package contactsync

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/paging"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// A delta token is a folder's change number, marked with its kind and
// folder and the folder's generation: "sync:linkedin:42:17" or
// "page:contacts:7:0", base64url. It names a position in the caller's own
// mailbox only, so it needs no secret.
const (
	syncTokenKind = "sync"
	pageTokenKind = "page"
)

func deltaToken(kind, folder string, seq, gen int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + folder + ":" +
		strconv.FormatInt(seq, 10) + ":" + strconv.FormatInt(gen, 10)))
}

// parseDeltaToken reads a token of kind for folder: its change number and
// generation.
func parseDeltaToken(field, kind, folder, token string) (seq, gen int64, err error) {
	invalid := apierror.InvalidField(field, "must be the "+field+" of an earlier delta of this folder")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 4 || parts[0] != kind || parts[1] != folder {
		return 0, 0, invalid
	}
	seq, err = strconv.ParseInt(parts[2], 10, 64)
	if err != nil || seq < 0 {
		return 0, 0, invalid
	}
	gen, err = strconv.ParseInt(parts[3], 10, 64)
	if err != nil || gen < 0 || (gen != 0 && folder != store.LinkedInFolder) {
		return 0, 0, invalid
	}
	return seq, gen, nil
}

// generation is the folder's generation in mailbox m: for the "linkedin"
// folder, its horizon, which each purge moves. A token of an earlier
// generation is expired even when its change number is not below the
// horizon: its holder may have contacts the purge deleted, which leave no
// tombstone. The user's own folder has one generation, 0.
func generation(folder string, m *store.Mailbox) int64 {
	if m == nil || folder != store.LinkedInFolder {
		return 0
	}
	return m.LinkedInHorizon
}

// DeltaContacts lists a folder's changes since a sync token, page by page,
// as Microsoft Graph's contacts delta does.
func (s *Service) DeltaContacts(ctx context.Context, req *contactsyncv1.DeltaContactsRequest) (*contactsyncv1.DeltaContactsResponse, error) {
	tenant, user := caller(ctx)
	var after, gen int64
	var err error
	switch {
	case req.PageToken != "":
		after, gen, err = parseDeltaToken("page_token", pageTokenKind, req.Folder, req.PageToken)
	case req.SyncToken != "":
		after, gen, err = parseDeltaToken("sync_token", syncTokenKind, req.Folder, req.SyncToken)
	}
	if err != nil {
		return nil, err
	}
	// One read of the mailbox serves the folder's view, the token's checks
	// and the bound of the changes read.
	m, err := s.store.Mailbox(ctx, tenant, user)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	v, err := folderView(m, tenant, user, req.Folder)
	if err != nil {
		return nil, err
	}
	if m != nil && (req.SyncToken != "" || req.PageToken != "") {
		horizon := m.TrimmedSeq
		if req.Folder == store.LinkedInFolder {
			horizon = max(horizon, m.LinkedInHorizon)
		}
		if after < horizon || gen != generation(req.Folder, m) {
			return nil, apierror.FailedPrecondition(typev1.ErrorReason_SYNC_TOKEN_EXPIRED,
				"the token is older than the deletions this folder keeps; start again without a token", nil)
		}
		if after > m.Seq {
			field := "sync_token"
			if req.PageToken != "" {
				field = "page_token"
			}
			return nil, apierror.InvalidField(field, "is ahead of this folder's changes: start again without a token")
		}
	}
	limit := int(req.PageSize)
	if limit == 0 {
		limit = paging.DefaultSize
	}
	// Only changes the mailbox had numbered when it was read: the delta's
	// two reads then see the same ones, and the token says where it ends.
	var upTo int64
	if m != nil {
		upTo = m.Seq
	}
	changes, err := s.store.Changes(ctx, v, after, upTo, limit)
	if err != nil {
		return nil, err
	}
	resp := &contactsyncv1.DeltaContactsResponse{}
	last := after
	for _, ch := range changes {
		if ch.Contact != nil {
			resp.Contacts = append(resp.Contacts, ch.Contact)
		} else {
			resp.Deleted = append(resp.Deleted, ch.DeletedID)
		}
		last = ch.Seq
	}
	if err := s.link(ctx, tenant, user, resp.Contacts); err != nil {
		return nil, err
	}
	if len(changes) == limit {
		resp.NextPageToken = deltaToken(pageTokenKind, req.Folder, last, generation(req.Folder, m))
		return resp, nil
	}
	last = max(last, upTo)
	resp.SyncToken = deltaToken(syncTokenKind, req.Folder, last, generation(req.Folder, m))
	return resp, nil
}
