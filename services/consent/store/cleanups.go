package store

import "time"

// StepState is where a remote step is: the values of
// liaison.consent.v1.RemoteStep.State, plus StepNotNeeded.
type StepState int32

// Step states.
const (
	StepNotNeeded StepState = 0
	StepPending   StepState = 1
	StepDone      StepState = 2
	StepFailed    StepState = 3
)

// Cleanup is what remains to do at LinkedIn after a revocation: delete the
// contacts it imported from the organization, then revoke the tokens; or
// after a narrowing to LinkedIn -> organization only: delete the contacts,
// with the tokens the link keeps (TokensState StepNotNeeded).
type Cleanup struct {
	ID       int64
	Tenant   string
	User     string
	MemberID string
	// Revision is the ledger revision of the revocation or narrowing.
	Revision        int64
	ContactsState   StepState
	ContactsDeleted int64
	TokensState     StepState
	// Attempts counts every time LinkedIn was asked, over all steps.
	Attempts  int32
	LastError string
	// AccessToken and RefreshToken are sealed, as the link held them (or
	// as a refresh during a step renewed them); nil once no step needs
	// them.
	AccessToken  []byte
	RefreshToken []byte
	CreateTime   time.Time
	UpdateTime   time.Time
}

// Pending reports whether a step is still to do.
func (c *Cleanup) Pending() bool {
	return c.ContactsState == StepPending || c.TokensState == StepPending
}
