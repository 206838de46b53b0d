package alipay

import (
	"archive/zip"
	"fmt"
	"io"
	"os"

	"github.com/fnshub/fnshub/internal/settlement/pull"
)

// checkZip opens the downloaded bill as a ZIP, which needs random access
// (its directory is at the end, so a download cut short does not open),
// and reads every member through, so that a damaged one fails its CRC
// here, as a download to fetch again, rather than in the import as a bad
// file. The members' unzipped total is held to the download's cap.
func checkZip(f *os.File, size int64, dl pull.Download) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fmt.Errorf("it is not a whole ZIP: %w", err)
	}
	limit := dl.Max
	if limit <= 0 {
		limit = pull.DefaultMaxFile
	}
	left := limit
	for _, m := range zr.File {
		n, err := readMember(m, left+1)
		if err != nil {
			return fmt.Errorf("member %q: %w", m.Name, err)
		}
		if left -= n; left < 0 {
			return dl.TooLarge()
		}
	}
	return nil
}

// readMember reads one member to its end, where zip checks its CRC.
func readMember(m *zip.File, limit int64) (int64, error) {
	rc, err := m.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.Copy(io.Discard, io.LimitReader(rc, limit))
}
