package main

import (
	"bytes"
	"io"
	"os"
)

// spoolMemory is how much a spool keeps in memory; past it, it moves what it
// holds to a temporary file and writes on there.
const spoolMemory = 1 << 20

// spool records bytes, in memory up to a limit and in a temporary file past
// it, to read them back any number of times. It records -replay-stdin's
// input and -hold-stdout's output. The zero spool is not usable: use
// newSpool.
type spool struct {
	limit int
	mem   bytes.Buffer
	file  *os.File // nil until the memory limit is passed
	err   error    // the first write error
}

// newSpool returns an empty spool keeping at most limit bytes in memory.
func newSpool(limit int) *spool { return &spool{limit: limit} }

// Write records p. Past the memory limit it creates the temporary file; an
// error doing so, or writing to it, is kept and returned by later writes.
func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && s.mem.Len()+len(p) > s.limit {
		f, err := os.CreateTemp("", "again-spool-")
		if err != nil {
			s.err = err
			return 0, err
		}
		_ = os.Remove(f.Name()) // unlinked at once: nothing to clean up
		if _, err := f.Write(s.mem.Bytes()); err != nil {
			_ = f.Close()
			s.err = err
			return 0, err
		}
		s.file = f
		s.mem = bytes.Buffer{}
	}
	if s.file != nil {
		n, err := s.file.Write(p)
		if err != nil {
			s.err = err
		}
		return n, err
	}
	return s.mem.Write(p)
}

// spilled reports whether the spool has moved to a temporary file.
func (s *spool) spilled() bool { return s.file != nil }

// Len returns how many bytes the spool holds.
func (s *spool) Len() int64 {
	if s.file != nil {
		fi, err := s.file.Stat()
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	return int64(s.mem.Len())
}

// WriteTo writes everything recorded to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return io.Copy(w, bytes.NewReader(s.mem.Bytes()))
	}
	return io.Copy(w, io.NewSectionReader(s.file, 0, s.Len()))
}

// open returns a file reading the recording from its start: a new
// descriptor of the temporary file, or a pipe fed from memory. The caller
// closes it; stop ends the feeding early.
func (s *spool) open() (f *os.File, stop func(), err error) {
	if s.file != nil {
		f, err := os.Open("/proc/self/fd/" + itoa(int(s.file.Fd())))
		if err != nil { // no /proc: share the descriptor's offset instead
			return s.reopenShared()
		}
		return f, func() {}, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	data := s.mem.Bytes()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = pw.Write(data) // EPIPE or ErrClosed when the command stops reading
		_ = pw.Close()
	}()
	return pr, func() { _ = pw.Close(); <-done }, nil
}

// reopenShared returns a pipe fed from the temporary file, for systems
// without /proc.
func (s *spool) reopenShared() (*os.File, func(), error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	src := io.NewSectionReader(s.file, 0, s.Len())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(pw, src)
		_ = pw.Close()
	}()
	return pr, func() { _ = pw.Close(); <-done }, nil
}

// Close removes the recording.
func (s *spool) Close() error {
	s.mem = bytes.Buffer{}
	if s.file != nil {
		return s.file.Close()
	}
	return nil
}
