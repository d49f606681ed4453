package pages

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

// list is 7 items served 3 to a page.
func list(token string) ([]int, string, error) {
	start := 0
	if token != "" {
		start, _ = strconv.Atoi(token)
	}
	end := min(start+3, 7)
	items := []int{}
	for i := start; i < end; i++ {
		items = append(items, i)
	}
	next := ""
	if end < 7 {
		next = strconv.Itoa(end)
	}
	return items, next, nil
}

func TestAllFollowsEveryPageUpToTheLimit(t *testing.T) {
	for limit, want := range map[int][]int{0: {0, 1, 2, 3, 4, 5, 6}, 4: {0, 1, 2, 3}, 3: {0, 1, 2}, 100: {0, 1, 2, 3, 4, 5, 6}} {
		got, err := All(limit, list)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("All(%d) = %v, %v; want %v", limit, got, err, want)
		}
	}
	broken := errors.New("page 2 failed")
	_, err := All(0, func(token string) ([]int, string, error) {
		if token != "" {
			return nil, "", broken
		}
		return list(token)
	})
	if !errors.Is(err, broken) {
		t.Errorf("a failing page: %v", err)
	}
}
