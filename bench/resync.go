package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
)

// A no-change resync asks for a sync of every mailbox when nothing changed
// on the network, as each owner could (POST /v1/me/contactSync:run). Right
// after a sync it reads an empty delta; once the network's sync tokens have
// expired (the simulator runs with a short --sync-token-ttl), the network
// answers 410 and contact-sync lists every connection again, compares each
// with the contact it holds (by etag), and must write none.

// requestSyncs asks for a sync of every mailbox, with workers at once.
func (x *syncSession) requestSyncs(ctx context.Context) error {
	return forEach(ctx, len(x.boxes), x.workers, func(ctx context.Context, i int) error {
		return gatewayJSON(ctx, x.c.http, http.MethodPost, x.s.gatewayURL+"/v1/me/contactSync:run", x.tokens[i], "{}", nil)
	})
}

// resync asks for a sync of every mailbox and waits for them all.
func (x *syncSession) resync(ctx context.Context, what string) (syncRound, error) {
	start := time.Now()
	if err := x.requestSyncs(ctx); err != nil {
		return syncRound{}, err
	}
	return x.waitSynced(ctx, start, what)
}

// untouched checks a sample of mailboxes through their owners' eyes (GET
// /v1/me/contactFolders/linkedin/contacts): each holds the contacts
// expected, none updated at or after since. It returns how many contacts it
// read, and what it found wrong.
func (x *syncSession) untouched(ctx context.Context, since time.Time, sample int) (read int, wrong []string, err error) {
	step := max(1, len(x.boxes)/sample)
	for i := 0; i < len(x.boxes); i += step {
		n, newest, err := x.folder(ctx, i)
		if err != nil {
			return read, wrong, err
		}
		read += n
		if n != x.size.connections {
			wrong = append(wrong, fmt.Sprintf("%s holds %d contacts, want %d", x.boxes[i].user, n, x.size.connections))
		}
		if !newest.Before(since) {
			wrong = append(wrong, fmt.Sprintf("%s has a contact updated at %s, during the resync", x.boxes[i].user, newest.Format(time.RFC3339Nano)))
		}
	}
	return read, wrong, nil
}

// folder reads mailbox i's LinkedIn folder and returns its size and its
// newest update time.
func (x *syncSession) folder(ctx context.Context, i int) (n int, newest time.Time, err error) {
	for token := ""; ; {
		u := x.s.gatewayURL + "/v1/me/contactFolders/linkedin/contacts?pageSize=1000"
		if token != "" {
			u += "&pageToken=" + url.QueryEscape(token)
		}
		var page contactsyncv1.ListContactsResponse
		if err := gatewayJSON(ctx, x.c.http, http.MethodGet, u, x.tokens[i], "", &page); err != nil {
			return n, newest, err
		}
		for _, c := range page.Contacts {
			if t := c.UpdateTime.AsTime(); t.After(newest) {
				newest = t
			}
		}
		n += len(page.Contacts)
		if token = page.NextPageToken; token == "" {
			return n, newest, nil
		}
	}
}
