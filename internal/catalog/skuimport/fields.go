package skuimport

import (
	"errors"

	"github.com/fnshub/fnshub/internal/fault"
)

func fieldOf(err error) string {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}
