package sqlstore

import (
	"database/sql"
	"errors"
)

// The errors every store returns for a missing row and a taken key; each
// store exports them under its own name, so callers need not know SQL.
var (
	ErrNotFound      = errors.New("not found")
	ErrAlreadyExists = errors.New("already exists")
)

// NotFound turns sql.ErrNoRows into ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Conflict turns a unique or primary key violation into ErrAlreadyExists.
func Conflict(err error) error {
	if IsUniqueViolation(err) {
		return ErrAlreadyExists
	}
	return err
}

// Affected is ErrNotFound when a statement changed no row.
func Affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
