package contactsync

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/paging"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
)

// ListPurgeJobs lists a tenant's purge jobs, newest first.
func (s *Service) ListPurgeJobs(ctx context.Context, req *contactsyncv1.ListPurgeJobsRequest) (*contactsyncv1.ListPurgeJobsResponse, error) {
	after, limit, err := paging.Parse(req.PageSize, req.PageToken)
	if err != nil {
		return nil, err
	}
	before, err := paging.Revision(after)
	if err != nil {
		return nil, err
	}
	jobs, err := s.store.PurgeJobs(ctx, req.Tenant, "", before, limit)
	if err != nil {
		return nil, err
	}
	resp := &contactsyncv1.ListPurgeJobsResponse{Jobs: jobs}
	if n := len(jobs); n > 0 {
		resp.NextPageToken = paging.Next(n, limit, jobs[n-1].Id)
	}
	return resp, nil
}

// GetPurgeJob returns one purge job.
func (s *Service) GetPurgeJob(ctx context.Context, req *contactsyncv1.GetPurgeJobRequest) (*contactsyncv1.GetPurgeJobResponse, error) {
	id, _ := strconv.ParseInt(req.Job, 10, 64) // the rules allow 1 to 18 digits only
	job, err := s.store.PurgeJob(ctx, req.Tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apierror.NotFound("purge job", req.Job)
	}
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.GetPurgeJobResponse{Job: job}, nil
}

// CountSyncedContacts counts what purging some users would delete.
func (s *Service) CountSyncedContacts(ctx context.Context, req *contactsyncv1.CountSyncedContactsRequest) (*contactsyncv1.CountSyncedContactsResponse, error) {
	n, err := s.store.CountSynced(ctx, req.Tenant, req.Users)
	if err != nil {
		return nil, err
	}
	return &contactsyncv1.CountSyncedContactsResponse{Contacts: n}, nil
}

// ExportUserContacts gathers everything held about one user here: the
// sync status and the purge jobs, and every contact stored in both folders
// page by page, hidden ones awaiting a purge included (a page token is the
// folder and the id to go on after).
func (s *Service) ExportUserContacts(ctx context.Context, req *contactsyncv1.ExportUserContactsRequest) (*contactsyncv1.ExportUserContactsResponse, error) {
	after, limit, err := paging.Parse(cmp.Or(req.PageSize, paging.MaxSize), req.PageToken)
	if err != nil {
		return nil, err
	}
	folders := []string{store.OwnFolder, store.LinkedInFolder}
	afterFolder, afterID, _ := strings.Cut(after, "/")
	if after != "" && !slices.Contains(folders, afterFolder) {
		return nil, paging.InvalidToken()
	}
	st, err := s.status(ctx, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	resp := &contactsyncv1.ExportUserContactsResponse{Status: st}
	if resp.PurgeJobs, err = s.allPurgeJobs(ctx, req.Tenant, req.User); err != nil {
		return nil, err
	}
	for _, folder := range folders {
		if after != "" && folder != afterFolder {
			continue // the token is past this folder
		}
		after = ""
		// Everything stored, as it is: a LinkedIn folder hidden from the
		// user, its contacts awaiting their purge, is still held.
		v := store.View{Tenant: req.Tenant, User: req.User, Folder: folder}
		page, err := s.store.Contacts(ctx, v, afterID, limit-len(resp.Contacts))
		if err != nil {
			return nil, err
		}
		resp.Contacts = append(resp.Contacts, page...)
		if n := len(resp.Contacts); n == limit {
			resp.NextPageToken = paging.Next(n, limit, folder+"/"+resp.Contacts[n-1].Id)
			return resp, nil
		}
		afterID = ""
	}
	return resp, nil
}

// allPurgeJobs lists every purge job of one user, newest first.
func (s *Service) allPurgeJobs(ctx context.Context, tenant, user string) ([]*contactsyncv1.PurgeJob, error) {
	var all []*contactsyncv1.PurgeJob
	for before := int64(0); ; {
		jobs, err := s.store.PurgeJobs(ctx, tenant, user, before, paging.MaxSize)
		if err != nil {
			return nil, err
		}
		all = append(all, jobs...)
		if len(jobs) < paging.MaxSize {
			return all, nil
		}
		before, _ = strconv.ParseInt(jobs[len(jobs)-1].Id, 10, 64)
	}
}
