package httplog

import "net/http"

// Recorder notes what the access log (and httpmetrics) says of an answer:
// its status and the bytes of its body. It replaces httpsnoop's wrapper, which builds a
// writer of the same interfaces as the one it wraps for every request; the
// handlers behind it use none but Flush, and http.ResponseController finds
// the others through Unwrap.
type Recorder struct {
	http.ResponseWriter
	code        int   // the first final status written; 200 unless one is
	wroteHeader bool  // a final status or a byte of the body has gone out
	written     int64 // bytes of the body written
}

// NewRecorder wraps w; the status is 200 until a handler writes another.
func NewRecorder(w http.ResponseWriter) *Recorder {
	return &Recorder{ResponseWriter: w, code: http.StatusOK}
}

// Status is the final status written, 200 when none was.
func (r *Recorder) Status() int { return r.code }

func (r *Recorder) WriteHeader(code int) {
	r.ResponseWriter.WriteHeader(code)
	// 1xx answers are informational: the final status comes after.
	if !r.wroteHeader && (code < 100 || code > 199) {
		r.code, r.wroteHeader = code, true
	}
}

func (r *Recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.written += int64(n)
	r.wroteHeader = true
	return n, err
}

// Flush sends what is buffered, if the writer underneath can.
func (r *Recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
