// Package pages reads a whole list of the API, page after page.
package pages

// All reads every page of a list: fetch gets one page and the token of
// the next ("" after the last). limit, when above 0, stops at that many
// items.
func All[T any](limit int, fetch func(token string) ([]T, string, error)) ([]T, error) {
	var all []T
	for token := ""; ; {
		items, next, err := fetch(token)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if limit > 0 && len(all) >= limit {
			return all[:limit], nil
		}
		if next == "" {
			return all, nil
		}
		token = next
	}
}
