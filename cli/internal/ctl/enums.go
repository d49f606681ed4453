package ctl

import (
	"slices"
	"strings"
)

// parseEnum reads an enum flag by its value's name, in any case; empty is
// the zero value. values is the generated NAME_value map; prefix is the
// part of the names people need not type (e.g. "MODE_").
func parseEnum[E ~int32](flag, text string, values map[string]int32, prefix string) (E, error) {
	if text == "" {
		return 0, nil
	}
	name := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(text), "-", "_"))
	for _, candidate := range []string{name, prefix + name} {
		if v, ok := values[candidate]; ok && v != 0 {
			return E(v), nil
		}
	}
	return 0, usageErrorf("%s %q: want one of %s", flag, text, enumNames(values, prefix))
}

// enumNames lists an enum's names, the unspecified value aside.
func enumNames(values map[string]int32, prefix string) string {
	var names []string
	for name, v := range values {
		if v != 0 {
			names = append(names, strings.TrimPrefix(name, prefix))
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
