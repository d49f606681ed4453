package policy

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/liaisonhq/liaison/platform/apierror"
	typev1 "github.com/liaisonhq/liaison/proto/liaison/type/v1"
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

// groupFull refuses a member beyond the most a group may hold directly.
func groupFull(group string) error {
	return apierror.FailedPrecondition(typev1.ErrorReason_LIMIT_REACHED,
		fmt.Sprintf("group %s already has %d direct members, the most a group may have; add a nested group instead", group, maxGroupMembers),
		map[string]string{"group": group, "limit": strconv.Itoa(maxGroupMembers)})
}
