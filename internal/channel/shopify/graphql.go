package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/fnshub/fnshub/internal/channel"
)

// The client is written by hand over encoding/json: the connector sends
// eight fixed documents (queries.go), each decoded into a small struct of
// its own, so a code generator (genqlient) would add a schema download and
// a build step to save very little. ADR 0031 says more.

type request struct {
	Query         string `json:"query"`
	OperationName string `json:"operationName"`
	Variables     any    `json:"variables,omitempty"`
}

// call sends one GraphQL operation and decodes its data into out.
// Errors: the kinds of classify; Unavailable when data does not decode.
func (c *Connector) call(ctx context.Context, op, doc string, vars, out any) error {
	body, err := json.Marshal(request{Query: doc, OperationName: op, Variables: vars})
	if err != nil {
		return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "cannot encode " + op, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Message: "bad endpoint", Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Shopify-Access-Token", c.token)
	resp, err := c.http.Do(ctx, req, classify)
	if err != nil {
		return err
	}
	return decodeData(op, resp.Body, out)
}

// decodeData reads the data member of an answer classify accepted.
func decodeData(op string, body []byte, out any) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Message: op + ": answer is not JSON", Err: err}
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return &channel.Error{Kind: channel.Unavailable, Platform: "shopify", Message: op + ": unexpected answer shape", Err: err}
	}
	return nil
}

// userError is a mutation's refusal: the request reached Shopify and was
// turned down, so retrying it unchanged does not help.
type userError struct {
	Code    string   `json:"code"`
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

func rejected(op string, ue []userError) error {
	u := ue[0]
	return &channel.Error{Kind: channel.Rejected, Platform: "shopify", Code: u.Code, Message: op + ": " + clip(u.Message)}
}
