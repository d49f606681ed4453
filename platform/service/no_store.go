package service

import "context"

// NoStore is the store of a service that keeps nothing on disk: it is
// always reachable, so health follows the service alone.
type NoStore struct{}

// OpenNoStore is Definition.Open for a service without a database.
func OpenNoStore[S Settings](context.Context, S) (NoStore, error) { return NoStore{}, nil }

// Ping implements Store.
func (NoStore) Ping(context.Context) error { return nil }

// IsUnavailable implements Store: no error is the store's.
func (NoStore) IsUnavailable(error) bool { return false }

// Close implements Store.
func (NoStore) Close() error { return nil }
