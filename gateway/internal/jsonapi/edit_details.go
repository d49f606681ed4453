package jsonapi

import (
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// editDetails applies edit to each detail of p. Only details of types this
// binary knows reach the writer (knownDetails), so each can be decoded.
func editDetails(p *spb.Status, edit func(proto.Message)) {
	for i, d := range p.Details {
		m, err := d.UnmarshalNew()
		if err != nil {
			continue
		}
		edit(m)
		if a, err := anypb.New(m); err == nil {
			p.Details[i] = a
		}
	}
}
