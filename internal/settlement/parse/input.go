package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
)

// Reports arrive as downloaded: the SP-API Reports document may be GZIP
// (compressionAlgorithm), and merchants forward files saved by Excel with a
// byte-order mark. Sniffing both here keeps every parser reading plain
// UTF-8 lines without the caller having to know.

const readBuffer = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// openInput returns r decompressed when it starts with the gzip magic
// bytes, with a leading UTF-8 BOM dropped.
func openInput(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, readBuffer)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("the file looks gzip-compressed but cannot be opened: %w", err)
		}
		br = bufio.NewReaderSize(zr, readBuffer)
	}
	if head, _ := br.Peek(3); bytes.Equal(head, utf8BOM) {
		_, _ = br.Discard(3)
	}
	return br, nil
}

// lineReader yields the file's lines without their line ending. The slice
// it returns is valid until the next call, so a line costs no allocation
// unless it is longer than the read buffer.
type lineReader struct {
	br   *bufio.Reader
	long []byte // assembles lines longer than the buffer
	n    int    // 1-based number of the line last returned
	ctx  context.Context
}

// maxLine bounds one line so a file without newlines cannot take all memory.
const maxLine = 16 << 20

// next returns the next line, io.EOF after the last one.
func (l *lineReader) next() ([]byte, error) {
	if l.n&4095 == 0 && l.ctx != nil {
		if err := l.ctx.Err(); err != nil {
			return nil, err
		}
	}
	line, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		line, err = l.readLong(line)
	}
	if err == io.EOF && len(line) > 0 {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	l.n++
	return trimEOL(line), nil
}

// readLong assembles a line that does not fit the buffer.
func (l *lineReader) readLong(first []byte) ([]byte, error) {
	l.long = append(l.long[:0], first...)
	for {
		more, err := l.br.ReadSlice('\n')
		l.long = append(l.long, more...)
		if len(l.long) > maxLine {
			return nil, fmt.Errorf("line %d is longer than %d bytes; is this really a settlement file?", l.n+1, maxLine)
		}
		if err != bufio.ErrBufferFull {
			return l.long, err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
