package validate

// Revision checks a change-log revision a request names (min_revision,
// from_revision): 0 means "none", and no revision is negative.
func (r *Report) Revision(field string, value int64) {
	r.Check(value >= 0, field, "must not be negative (0 means none)")
}
