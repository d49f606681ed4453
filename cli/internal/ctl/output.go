package ctl

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"
	"sigs.k8s.io/yaml"
)

// column is one column of a table: its header and how a row shows it.
type column[T any] struct {
	header string
	value  func(T) string
}

// show prints a command's answer: rows of a table for people, or whole
// for scripts (-o json: the API's JSON, -o yaml: the same as YAML).
func show[T any](s *session, whole proto.Message, rows []T, columns []column[T]) error {
	if s.flags.output != "table" {
		return s.printMessage(whole)
	}
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, headerLine(columns))
	for _, r := range rows {
		fmt.Fprintln(tw, rowLine(r, columns))
	}
	return tw.Flush()
}

// headerLine is a table's headers, tab-separated.
func headerLine[T any](columns []column[T]) string {
	headers := make([]string, len(columns))
	for i, c := range columns {
		headers[i] = c.header
	}
	return strings.Join(headers, "\t")
}

// rowLine is one row's cells, tab-separated.
func rowLine[T any](row T, columns []column[T]) string {
	cells := make([]string, len(columns))
	for i, c := range columns {
		cells[i] = cell(c.value(row))
	}
	return strings.Join(cells, "\t")
}

// cell keeps a table's rows on one line each, whatever a value holds.
func cell(v string) string {
	if v == "" {
		return "-"
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, v)
}

// printMessage prints m as JSON or YAML, as -o asks.
func (s *session) printMessage(m proto.Message) error {
	b, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(m)
	if err != nil {
		return err
	}
	return s.writeJSON(b)
}

// printJSON prints a value that is not a message as JSON or YAML.
func (s *session) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return s.writeJSON(b)
}

// writeJSON writes a JSON document, as YAML for -o yaml.
func (s *session) writeJSON(b []byte) error {
	if s.flags.output == "yaml" {
		y, err := yaml.JSONToYAML(b)
		if err != nil {
			return err
		}
		_, err = s.out.Write(y)
		return err
	}
	_, err := fmt.Fprintf(s.out, "%s\n", b)
	return err
}

// printLine prints m on one line of JSON: a stream's messages, one per
// line (NDJSON), for -o json; YAML documents for -o yaml.
func (s *session) printLine(m proto.Message) error {
	b, err := protojson.Marshal(m)
	if err != nil {
		return err
	}
	if s.flags.output == "yaml" {
		if b, err = yaml.JSONToYAML(b); err != nil {
			return err
		}
		_, err = fmt.Fprintf(s.out, "---\n%s", b)
		return err
	}
	_, err = fmt.Fprintf(s.out, "%s\n", b)
	return err
}

// say prints a line for people; scripts (-o json|yaml) read the messages
// instead, so it goes to stderr then.
func (s *session) say(format string, args ...any) {
	w := s.out
	if s.flags.output != "table" {
		w = s.errOut
	}
	fmt.Fprintf(w, format+"\n", args...)
}

// when shows a time in the local zone to the second; "-" when unset.
func when(t *timestamppb.Timestamp) string {
	if t == nil {
		return ""
	}
	return t.AsTime().Local().Format(time.DateTime)
}

// enum shows an enum value by name, without its type's prefix.
func enum(e protoreflect.Enum) string {
	d := e.Descriptor().Values().ByNumber(e.Number())
	if d == nil || e.Number() == 0 {
		return ""
	}
	return string(d.Name())
}

// yesNo shows a bool.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// streamHeader starts a stream's table (for -o table).
func streamHeader[T any](s *session, columns []column[T]) {
	if s.flags.output != "table" {
		return
	}
	fmt.Fprintln(s.out, headerLine(columns))
}

// streamRow prints one message of a stream as it comes: a table row
// (tab-separated, since later rows cannot realign earlier ones), or one
// line of JSON or a YAML document.
func streamRow[T proto.Message](s *session, row T, columns []column[T]) error {
	if s.flags.output != "table" {
		return s.printLine(row)
	}
	_, err := fmt.Fprintln(s.out, rowLine(row, columns))
	return err
}
