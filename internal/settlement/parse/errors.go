package parse

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fnshub/fnshub/internal/settlement"
)

// rowError builds the ParseError every parser returns for bad input.
func rowError(format string, row int, column, reason string, args ...any) *settlement.ParseError {
	return &settlement.ParseError{Format: format, Row: row, Column: column, Reason: fmt.Sprintf(reason, args...)}
}

// readError turns a failure to read the file (a broken gzip stream, an
// over-long line) into a ParseError at the row being read; a cancelled
// context is returned as is.
func readError(format string, row int, err error) error {
	var pe *settlement.ParseError
	switch {
	case errors.As(err, &pe):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return rowError(format, row, "", "the file ends in the middle of a compressed block: download it again")
	case isContextErr(err):
		return err
	}
	return rowError(format, row, "", "cannot read the file: %v", err)
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
