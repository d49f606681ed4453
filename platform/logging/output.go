package logging

import (
	"io"
	"sync"
	"time"
)

// A busy server logging a line per request (the gateway's access log)
// would make one write to stderr per line, each under the handler's lock:
// a system call per request, with every other request that logs meanwhile
// parked on the lock. While batching (Batch), lines below Warn wait in
// memory and go out together, at most an interval after the first of
// them; a line at Warn or above goes out at once, after those before it.

// batchBytes is how much may wait: past it, the line that fills the batch
// writes it out, so a slow stderr slows the loggers instead of filling
// memory.
const batchBytes = 64 << 10

// output is where a logger's lines go: straight to out, or, while batching,
// through a buffer.
type output struct {
	// writeMu keeps writes to out in order and one at a time.
	writeMu sync.Mutex
	out     io.Writer
	spare   []byte // the last batch's buffer, reused; under writeMu

	mu       sync.Mutex
	buf      []byte        // lines waiting
	interval time.Duration // batching when not 0
	pending  bool          // a write of buf is scheduled
}

// Write takes one whole line, as slog's handlers write them.
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	if o.interval == 0 {
		o.mu.Unlock()
		o.writeMu.Lock()
		defer o.writeMu.Unlock()
		return o.out.Write(p)
	}
	o.buf = append(o.buf, p...)
	full := len(o.buf) >= batchBytes
	if !full && !o.pending {
		o.pending = true
		time.AfterFunc(o.interval, o.flush)
	}
	o.mu.Unlock()
	if full {
		o.flush()
	}
	return len(p), nil
}

// flush writes out the lines waiting, if any.
func (o *output) flush() {
	o.writeMu.Lock()
	defer o.writeMu.Unlock()
	o.mu.Lock()
	batch := o.buf
	o.buf, o.pending = o.spare[:0], false
	o.mu.Unlock()
	if len(batch) > 0 {
		_, _ = o.out.Write(batch) // as slog's loggers do, a failed log write is dropped
	}
	o.spare = batch[:0]
}

// batch starts batching, or stops it (interval 0) once what waits is out.
func (o *output) batch(interval time.Duration) {
	o.writeMu.Lock()
	defer o.writeMu.Unlock()
	o.mu.Lock()
	o.interval = interval
	batch := o.buf
	o.buf = nil
	o.mu.Unlock()
	if len(batch) > 0 {
		_, _ = o.out.Write(batch)
	}
}
