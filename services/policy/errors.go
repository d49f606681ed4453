package policy

import (
	"errors"

	"github.com/liaisonhq/liaison/platform/apierror"
	"github.com/liaisonhq/liaison/services/policy/store"
)

// storeError maps a store error about the resource kind/id to the API error;
// other errors pass on, to be hidden as Internal by the server.
func storeError(err error, kind, id string) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return apierror.NotFound(kind, id)
	case errors.Is(err, store.ErrAlreadyExists):
		return apierror.AlreadyExists(kind, id)
	default:
		return err
	}
}

// mustExist keeps only the error of a lookup, for references that must exist.
func mustExist[T any](_ T, err error) error { return err }

// orInvalid reports a reference to nothing as an invalid field; other errors
// (the store failing) pass on.
func orInvalid(err error, field, rule string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apierror.InvalidField(field, rule)
	}
	return err
}
