package apitest

import "github.com/getkin/kin-openapi/openapi3filter"

// The validator knows no decoder for Excel workbooks (the degraded mode's
// shipping sheet, docs/adr/0034); it reads them as the opaque files they are.
func init() {
	openapi3filter.RegisterBodyDecoder("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", openapi3filter.FileBodyDecoder)
}
