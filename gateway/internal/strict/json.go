package strict

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/liaisonhq/liaison/gateway/internal/jsonapi"
)

// checkJSON refuses a JSON body with text that is not Unicode (bytes that
// are not UTF-8, or a lone surrogate escape), naming the field that holds
// it, and a body with anything but white space after its one value. Syntax
// errors are left to the route's decoder, which reports them with the line
// and column.
//
// encoding/json would silently replace bad bytes, so the check walks the
// tokens and looks at the raw bytes of each (InputOffset tells where one
// ends), keeping the path of the field being read.
func checkJSON(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // no body: the route's defaults
	}
	// Nearly every body is one well-formed value of Unicode text, which
	// breaks no rule: json.Valid and a pass over the bytes say so without
	// the walk's allocations per token. Text inside a value is whole within
	// one token, so the whole body breaks a text rule only if a token does.
	if json.Valid(body) && textRule(body) == "" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var path fieldPath
	start := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // a syntax error: the decoder's to report
		}
		end := dec.InputOffset()
		if rule := textRule(body[start:end]); rule != "" {
			return jsonapi.InvalidField(path.name(tok, body[start:end]), rule)
		}
		start = end
		path.read(tok)
		if path.done() {
			break
		}
	}
	if rest := bytes.TrimSpace(body[start:]); len(rest) > 0 {
		return jsonapi.InvalidField("body", fmt.Sprintf("has data after its JSON value, at byte %d; send one JSON value", start))
	}
	return nil
}

// fieldPath follows where a token stream is: the object keys and array
// indexes from the top, such as user.phones[1].number.
type fieldPath struct {
	frames  []frame
	started bool
}

// frame is one open object or array.
type frame struct {
	array    bool
	key      string // the current key, in an object
	index    int    // the current index, in an array
	needsKey bool   // an object awaits its next key
}

// read moves past tok.
func (p *fieldPath) read(tok json.Token) {
	p.started = true
	switch tok {
	case json.Delim('{'):
		p.frames = append(p.frames, frame{needsKey: true})
		return
	case json.Delim('['):
		p.frames = append(p.frames, frame{array: true})
		return
	case json.Delim('}'), json.Delim(']'):
		p.frames = p.frames[:len(p.frames)-1]
	default:
		if top := p.top(); top != nil && top.needsKey {
			top.key, top.needsKey = tok.(string), false
			return
		}
	}
	p.valueDone()
}

// valueDone moves the enclosing object to its next key, or the enclosing
// array to its next index.
func (p *fieldPath) valueDone() {
	if top := p.top(); top != nil {
		if top.array {
			top.index++
		} else {
			top.needsKey = true
		}
	}
}

func (p *fieldPath) top() *frame {
	if len(p.frames) == 0 {
		return nil
	}
	return &p.frames[len(p.frames)-1]
}

// done reports whether the top-level value has been read whole.
func (p *fieldPath) done() bool { return p.started && len(p.frames) == 0 }

// name is the field tok, read from raw, belongs to: its value's path, or,
// for a key, the path of the field it names.
func (p *fieldPath) name(tok json.Token, raw []byte) string {
	var b bytes.Buffer
	for i, f := range p.frames {
		switch {
		case f.array:
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		case f.needsKey && i == len(p.frames)-1:
			if _, ok := tok.(string); ok { // the key itself is bad
				writeKey(&b, rawKey(raw))
			}
		default:
			writeKey(&b, f.key)
		}
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

func writeKey(b *bytes.Buffer, key string) {
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(jsonapi.Shorten(key))
}
