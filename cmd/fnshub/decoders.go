package main

import (
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/app"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/httpapi"
	"github.com/fnshub/fnshub/internal/order/orderimport"
)

// decoders read kept payloads by source for replay, each with the rules its
// source applies when a payload arrives (docs/adr/0021).
func decoders(loc *time.Location) map[string]app.Decoder {
	return map[string]app.Decoder{"api": httpapi.DecodeOrder, "import": importDecoder(loc)}
}

// importDecoder reads an imported order's kept rows; times without a zone
// are read in loc, as the import read them.
func importDecoder(loc *time.Location) app.Decoder {
	return func(body []byte) (app.Input, error) {
		p, err := orderimport.ParseRaw(body, loc)
		if err != nil {
			return app.Input{}, fault.New(fault.Invalid, "rows_invalid", "%v", err)
		}
		if len(p.Errors) > 0 || len(p.Orders) != 1 {
			return app.Input{}, fault.New(fault.Invalid, "rows_invalid", "the kept rows do not read as one order: %s", firstRowError(p))
		}
		return importInput(p.Orders[0]), nil
	}
}

// importInput is an imported order as ingestion takes it.
func importInput(o orderimport.Order) app.Input {
	return app.Input{Order: o.Order, BuyerID: o.BuyerID, Contact: o.Contact, PaidTotal: o.PaidTotal, Source: "import", Raw: o.Raw}
}

func firstRowError(p orderimport.Parsed) string {
	if len(p.Errors) == 0 {
		return fmt.Sprintf("%d orders", len(p.Orders))
	}
	return p.Errors[0].String()
}
