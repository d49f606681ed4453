package contactsync

import (
	"context"
	"errors"
	"strconv"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/platform/paging"
	contactsyncv1 "github.com/liaisonhq/liaison/proto/liaison/contactsync/v1"
	"github.com/liaisonhq/liaison/services/contactsync/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
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
// sync status, the contacts of both folders and the purge jobs.
func (s *Service) ExportUserContacts(ctx context.Context, req *contactsyncv1.ExportUserContactsRequest) (*contactsyncv1.ExportUserContactsResponse, error) {
	st, err := s.status(ctx, req.Tenant, req.User)
	if err != nil {
		return nil, err
	}
	resp := &contactsyncv1.ExportUserContactsResponse{Status: st}
	for _, folder := range []string{store.OwnFolder, store.LinkedInFolder} {
		v, err := s.view(ctx, req.Tenant, req.User, folder)
		if status.Code(err) == codes.NotFound {
			continue // a folder the user does not have
		}
		if err != nil {
			return nil, err
		}
		for after := ""; ; {
			page, err := s.store.Contacts(ctx, v, after, paging.MaxSize)
			if err != nil {
				return nil, err
			}
			resp.Contacts = append(resp.Contacts, page...)
			if len(page) < paging.MaxSize {
				break
			}
			after = page[len(page)-1].Id
		}
	}
	for before := int64(0); ; {
		jobs, err := s.store.PurgeJobs(ctx, req.Tenant, req.User, before, paging.MaxSize)
		if err != nil {
			return nil, err
		}
		resp.PurgeJobs = append(resp.PurgeJobs, jobs...)
		if len(jobs) < paging.MaxSize {
			break
		}
		before, _ = strconv.ParseInt(jobs[len(jobs)-1].Id, 10, 64)
	}
	return resp, nil
}
