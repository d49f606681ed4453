package linkedinsim

import (
	"net/http"
)

// feedResponse is one page of GET /v2/connections.
type feedResponse struct {
	// FullListing is true when the pages list every current connection:
	// the client replaces what it holds instead of applying deltas.
	FullListing bool `json:"fullListing"`
	// Upserts are connections to add or update.
	Upserts []Connection `json:"upserts"`
	// Tombstones are the member ids of connections to remove.
	Tombstones []string `json:"tombstones"`
	// NextPageToken, when set, fetches the next page of this listing.
	NextPageToken string `json:"nextPageToken,omitempty"`
	// SyncToken, on the last page, fetches the changes after this listing.
	SyncToken string `json:"syncToken,omitempty"`
}

// listConnections serves GET /v2/connections: without a token, a full
// listing; with ?syncToken=, the changes since it; with ?pageToken=, the next
// page of either. The last page carries the sync token for next time.
func (s *Sim) listConnections(w http.ResponseWriter, r *http.Request, caller principal) {
	q := r.URL.Query()
	syncToken, pageToken := q.Get("syncToken"), q.Get("pageToken")
	if syncToken != "" && pageToken != "" {
		writeError(w, http.StatusBadRequest, errInvalidRequest, "give syncToken or pageToken, not both")
		return
	}
	now := s.now()
	epoch, head := s.net.feedHead(caller.memberID)
	win := feedWindow{memberID: caller.memberID, epoch: epoch, full: true, upTo: head, limit: s.settings.PageSize}
	if syncToken != "" || pageToken != "" {
		kind, token := kindSync, syncToken
		if pageToken != "" {
			kind, token = kindPage, pageToken
		}
		c, err := s.sealer.open(token, kind)
		switch {
		case err != nil:
			writeError(w, http.StatusBadRequest, errInvalidSyncToken, "%s: %v; start a full resync without syncToken", kind+"Token", err)
			return
		case c.Member != caller.memberID:
			writeError(w, http.StatusBadRequest, errInvalidSyncToken, "the %sToken was issued for another member", kind)
			return
		case c.expired(now, s.settings.SyncTokenTTL):
			writeError(w, http.StatusGone, errSyncTokenExpired,
				"the %sToken is older than %s; start a full resync without syncToken", kind, s.settings.SyncTokenTTL)
			return
		}
		win.epoch = c.Epoch
		if kind == kindSync {
			win.full, win.from = false, c.Pos
		} else {
			win.full, win.from, win.upTo, win.after = c.Full, c.From, c.Pos, c.After
		}
	}
	page, err := s.net.readFeed(win)
	if err != nil {
		writeFailure(w, err)
		return
	}
	resp := feedResponse{FullListing: win.full, Upserts: page.upserts, Tombstones: page.tombstones}
	next := cursor{Member: caller.memberID, Epoch: win.epoch, Issued: now.Unix(), Pos: win.upTo}
	if page.more {
		next.Kind, next.From, next.Full, next.After = kindPage, win.from, win.full, page.last
		resp.NextPageToken = s.sealer.seal(next)
	} else {
		next.Kind = kindSync
		resp.SyncToken = s.sealer.seal(next)
	}
	writeJSON(w, http.StatusOK, resp)
}
