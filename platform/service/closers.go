package service

import (
	"errors"
	"io"
)

// Closers closes each in turn: what Build returns when a service holds
// several connections.
type Closers []io.Closer

// Close implements io.Closer.
func (c Closers) Close() error {
	var errs []error
	for _, x := range c {
		errs = append(errs, x.Close())
	}
	return errors.Join(errs...)
}
