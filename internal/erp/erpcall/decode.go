package erpcall

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/fnshub/fnshub/internal/money"
)

// MaxBody is the most of an ERP's answer a pusher reads: a voucher's
// answer is small, and a runaway one must not exhaust memory.
const MaxBody = 4 << 20

// ReadBody reads resp's body, up to MaxBody, and closes it. A body cut
// short is Transient: the call may have worked, and the look-up on the
// next attempt finds out.
func ReadBody(erpName string, resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, &Error{Kind: Transient, ERP: erpName, Status: resp.StatusCode, Message: "reading the answer: " + err.Error()}
	}
	if len(body) > MaxBody {
		return nil, &Error{Kind: Transient, ERP: erpName, Status: resp.StatusCode, Message: "answer larger than 4 MiB"}
	}
	return body, nil
}

// Decode unmarshals an ERP's JSON answer into v, keeping numbers exact
// (19-digit ids must not pass through float64). An answer that is not the
// JSON expected is Transient: a proxy's error page, a body cut short.
func Decode(erpName string, status int, body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return &Error{Kind: Transient, ERP: erpName, Status: status, Message: fmt.Sprintf("answer is not the JSON expected: %v", err)}
	}
	return nil
}

// Transport wraps a failure to get any answer (connection refused, reset,
// timeout) as Transient.
func Transport(erpName string, err error) error {
	return &Error{Kind: Transient, ERP: erpName, Message: err.Error()}
}

// Decimal writes an amount for an ERP's JSON: "0" for the zero Amount of
// the side a line does not use, else the exact decimal of its currency
// ("12.50"), written from minor units and never through float64.
func Decimal(a money.Amount) string {
	if a.IsZero() {
		return "0"
	}
	return a.String()
}
