package pull

import (
	"io"
	"os"
)

// Spool is a downloaded settlement file in a temporary file of its own
// (fnshub-pull-<source>-*), which the source removes once the hub has
// imported it, or failed to.
type Spool struct {
	f    *os.File
	size int64
}

func newSpool(dir, source string) (*Spool, error) {
	f, err := os.CreateTemp(dir, "fnshub-pull-"+source+"-*")
	if err != nil {
		return nil, err
	}
	return &Spool{f: f}, nil
}

// File is the file, open for reading at its start after Download.Get.
func (s *Spool) File() *os.File { return s.f }

// Size is the file's length in bytes.
func (s *Spool) Size() int64 { return s.size }

// Remove closes the file and deletes it; a second Remove does nothing.
func (s *Spool) Remove() {
	_ = s.f.Close()
	_ = os.Remove(s.f.Name())
}

// reset empties the file for an attempt that starts again.
func (s *Spool) reset() error {
	s.size = 0
	if err := s.f.Truncate(0); err != nil {
		return err
	}
	_, err := s.f.Seek(0, io.SeekStart)
	return err
}
