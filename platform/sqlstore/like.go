package sqlstore

import "strings"

// likeEscaper escapes the characters LIKE gives a meaning to.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikeEscape makes s match only itself inside a LIKE pattern written with
// ESCAPE '\' (the same on SQLite and PostgreSQL): its %, _ and \ are
// characters, not wildcards.
func LikeEscape(s string) string { return likeEscaper.Replace(s) }
