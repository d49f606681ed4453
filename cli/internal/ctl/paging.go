package ctl

// pageSize is how many items each page asks for when a command reads a
// whole list.
const pageSize = 200

// auditPageSize is the audit log's largest page (its events are large).
const auditPageSize = 100
