package netsuite_test

import (
	"errors"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
)

func asErr(err error, e **erpcall.Error) bool { return errors.As(err, e) }
