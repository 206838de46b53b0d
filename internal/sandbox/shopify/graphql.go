package shopify

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"time"
)

// operation is one query or mutation the simulator answers: its
// requested cost from the variables, and its data.
type operation struct {
	cost func(vars json.RawMessage) float64
	run  func(s *Shop, vars json.RawMessage) (any, error)
	// mutation: charged its requested cost whatever it returns, as
	// Shopify charges mutations; a query is charged what it returned.
	mutation bool
}

// operations are the connector's documents, by operation name.
var operations = map[string]operation{
	"Orders":                {costOrders, (*Shop).opOrders, false},
	"Order":                 {fixed(2 + orderCost), (*Shop).opOrder, false},
	"OrderLines":            {fixed(2 + 25*lineCost), (*Shop).opOrderLines, false},
	"VariantInventoryItem":  {fixed(2), (*Shop).opVariant, false},
	"VariantInventoryItems": {costVariants, (*Shop).opVariants, false},
	"PrimaryLocation":       {fixed(1), (*Shop).opLocation, false},
	"Available":             {fixed(3), (*Shop).opAvailable, false},
	"SetAvailable":          {fixed(10), (*Shop).opSetAvailable, true},
	"SetAvailableCompare":   {fixed(10), (*Shop).opSetAvailableCompare, true},
	"FulfillmentOrders":     {fixed(25), (*Shop).opFulfillmentOrders, false},
	"FulfillmentCreate":     {fixed(10), fulfil("fulfillmentCreate"), true},
	"FulfillmentCreateV2":   {fixed(10), fulfil("fulfillmentCreateV2"), true},
}

func fixed(c float64) func(json.RawMessage) float64 {
	return func(json.RawMessage) float64 { return c }
}

var opName = regexp.MustCompile(`^\s*(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)`)

// codedError is an operation's refusal of the whole request with
// Shopify's own error code (the others answer argumentLiteralsIncompatible).
type codedError struct{ code, message string }

func (e codedError) Error() string { return e.message }

// gqlError is a GraphQL error as Shopify writes it.
type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func (s *Shop) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Shopify-API-Version", r.PathValue("version"))
	if r.Header.Get("X-Shopify-Access-Token") != s.opt.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
		return
	}
	var req struct {
		Query         string          `json:"query"`
		OperationName string          `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || json.Unmarshal(body, &req) != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"errors": "Bad Request"})
		return
	}
	name := req.OperationName
	if m := opName.FindStringSubmatch(req.Query); name == "" && m != nil {
		name = m[1]
	}
	op, ok := operations[name]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []gqlError{{Message: "the simulator does not answer operation " + name,
			Extensions: map[string]any{"code": "undefinedOperation"}}}})
		return
	}
	if s.opt.BeforeOperation != nil {
		s.opt.BeforeOperation(name)
	}
	s.answer(w, op, req.Variables)
}

// answer charges the operation's cost to the bucket and runs it, or
// answers THROTTLED when the bucket cannot hold the cost.
func (s *Shop) answer(w http.ResponseWriter, op operation, vars json.RawMessage) {
	requested := op.cost(vars)
	s.mu.Lock()
	ok, status := s.bucket.take(requested, s.opt.Now())
	s.mu.Unlock()
	cost := map[string]any{"requestedQueryCost": requested, "actualQueryCost": nil, "throttleStatus": status}
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{
			"errors": []gqlError{{Message: "Throttled", Extensions: map[string]any{
				"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}},
			"extensions": map[string]any{"cost": cost},
		})
		return
	}
	data, err := op.run(s, vars)
	if err != nil {
		code := "argumentLiteralsIncompatible"
		var ce codedError
		if errors.As(err, &ce) {
			code = ce.code
		}
		writeJSON(w, http.StatusOK, map[string]any{"errors": []gqlError{{Message: err.Error(),
			Extensions: map[string]any{"code": code}}}, "extensions": map[string]any{"cost": cost}})
		return
	}
	// As Shopify does, the bucket is charged what was returned, not what
	// might have been: the difference is given back.
	actual := requested
	if !op.mutation {
		actual = min(actualCost(data), requested)
	}
	s.mu.Lock()
	status = s.bucket.refund(requested-actual, s.opt.Now())
	s.mu.Unlock()
	cost["actualQueryCost"], cost["throttleStatus"] = actual, status
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "extensions": map[string]any{"cost": cost}})
}

// actualCost prices an answer by Shopify's rule: an object is 1, a
// connection 2 plus its nodes, scalars nothing.
func actualCost(v any) float64 {
	switch x := v.(type) {
	case map[string]any:
		if nodes, ok := x["nodes"]; ok {
			return 2 + actualCost(nodes)
		}
		c := 1.0
		for _, f := range x {
			c += actualCost(f)
		}
		return c
	case []any:
		c := 0.0
		for _, e := range x {
			c += actualCost(e)
		}
		return c
	case []map[string]any:
		c := 0.0
		for _, e := range x {
			c += actualCost(e)
		}
		return c
	}
	return 0
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// bucket is Shopify's calculated-cost leaky bucket: it holds max points,
// refills rate points a second, and a query runs only when the bucket
// holds its requested cost.
type bucket struct {
	max, rate, available float64
	at                   time.Time
}

type throttleStatus struct {
	MaximumAvailable   float64 `json:"maximumAvailable"`
	CurrentlyAvailable float64 `json:"currentlyAvailable"`
	RestoreRate        float64 `json:"restoreRate"`
}

func (b *bucket) take(cost float64, now time.Time) (bool, throttleStatus) {
	if dt := now.Sub(b.at).Seconds(); dt > 0 {
		b.available = min(b.max, b.available+dt*b.rate)
	}
	b.at = now
	ok := b.available >= cost
	if ok {
		b.available -= cost
	}
	return ok, throttleStatus{MaximumAvailable: b.max, CurrentlyAvailable: b.available, RestoreRate: b.rate}
}

// refund gives back points charged for more than an answer held.
func (b *bucket) refund(points float64, now time.Time) throttleStatus {
	_, st := b.take(0, now)
	b.available = min(b.max, b.available+max(points, 0))
	st.CurrentlyAvailable = b.available
	return st
}

// Drain empties the cost bucket, so the next query is THROTTLED until it
// refills (with a fixed clock: until the clock moves).
func (s *Shop) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bucket.available, s.bucket.at = 0, s.opt.Now()
}
