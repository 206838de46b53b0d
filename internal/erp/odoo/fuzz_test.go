package odoo_test

import (
	"testing"

	"github.com/fnshub/fnshub/internal/erp/erpcall"
	"github.com/fnshub/fnshub/internal/erp/odoo"
)

// FuzzDecodeError feeds Odoo's error decoder any status and body: it must
// never panic and always class the failure.
func FuzzDecodeError(f *testing.F) {
	f.Add(401, []byte(`{"name":"werkzeug.exceptions.Unauthorized","message":"Invalid apikey","arguments":["Invalid apikey",401],"context":{},"debug":"x"}`))
	f.Add(422, []byte(`{"name":"odoo.exceptions.UserError","message":"The entry is not balanced."}`))
	f.Add(500, []byte(`{"message":`))
	f.Add(200, []byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := odoo.DecodeError(status, body)
		if err == nil {
			t.Fatal("no error for a failed call")
		}
		if k := erpcall.KindOf(err); k != erpcall.Transient && k != erpcall.Refused && k != erpcall.Auth {
			t.Fatalf("kind %v", k)
		}
		if len(err.Error()) > 700 {
			t.Fatalf("message not bounded: %d bytes", len(err.Error()))
		}
	})
}

// FuzzDecodeMoves feeds search_read's answer decoder any body.
func FuzzDecodeMoves(f *testing.F) {
	f.Add([]byte(`[{"id":7,"name":"MISC/2026/11/0007","ref":"FNS-1-7","state":"posted"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte(`[{"id":1e400}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var moves []odoo.Move
		if err := erpcall.Decode("odoo", 200, body, &moves); err != nil && erpcall.KindOf(err) != erpcall.Transient {
			t.Fatalf("a bad answer should be Transient: %v", err)
		}
	})
}
