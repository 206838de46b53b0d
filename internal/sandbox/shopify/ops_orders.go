package shopify

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Costs in points, after Shopify's rule: an object is 1, a connection is
// 2 + first × its node's cost.
const (
	lineCost  = 2
	orderCost = 10 + (2 + 25*lineCost) + (2 + 5*4)
)

func costOrders(vars json.RawMessage) float64 {
	var v struct {
		First int `json:"first"`
	}
	_ = json.Unmarshal(vars, &v)
	return float64(2 + v.First*orderCost)
}

var searchTerm = regexp.MustCompile(`updated_at:(>=|>|<=|<)'([^']*)'`)

// opOrders answers orders(first, after, query, sortKey: UPDATED_AT): the
// query's updated_at terms filter, the cursor is the last node's
// (updated_at, id).
func (s *Shop) opOrders(vars json.RawMessage) (any, error) {
	var v struct {
		First int     `json:"first"`
		After *string `json:"after"`
		Query string  `json:"query"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	if v.First < 1 || v.First > 250 {
		return nil, fmt.Errorf("first must be between 1 and 250")
	}
	keep, err := filter(v.Query)
	if err != nil {
		return nil, err
	}
	after := ""
	if v.After != nil {
		b, err := base64.RawURLEncoding.DecodeString(*v.After)
		if err != nil {
			return nil, fmt.Errorf("invalid cursor")
		}
		after = string(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var nodes []any
	next, last := false, ""
	for _, o := range s.sorted() {
		k := sortKey(o)
		if !keep(mustTime(o.UpdatedAt)) || (after != "" && k <= after) {
			continue
		}
		if len(nodes) == v.First {
			next = true
			break
		}
		nodes = append(nodes, s.node(o))
		last = base64.RawURLEncoding.EncodeToString([]byte(k))
	}
	return map[string]any{"orders": map[string]any{
		"pageInfo": map[string]any{"hasNextPage": next, "endCursor": nullable(last)},
		"nodes":    nonNil(nodes),
	}}, nil
}

// sortKey sorts as the orders do: zero-padded nanoseconds, then id. The
// cursor is its base64, opaque as Shopify's.
func sortKey(o *Order) string {
	return fmt.Sprintf("%020d:%020d", mustTime(o.UpdatedAt).UnixNano(), o.ID)
}

// filter reads the updated_at terms of a search query; other terms are
// refused, so a connector sending more than the simulator knows finds out.
func filter(q string) (func(time.Time) bool, error) {
	rest := strings.TrimSpace(searchTerm.ReplaceAllString(q, ""))
	if rest != "" {
		return nil, fmt.Errorf("the simulator's search knows only updated_at terms, not %q", rest)
	}
	var checks []func(time.Time) bool
	for _, m := range searchTerm.FindAllStringSubmatch(q, -1) {
		t, err := time.Parse(time.RFC3339Nano, m[2])
		if err != nil {
			return nil, fmt.Errorf("updated_at %q is not ISO-8601", m[2])
		}
		switch m[1] {
		case ">=":
			checks = append(checks, func(u time.Time) bool { return !u.Before(t) })
		case ">":
			checks = append(checks, func(u time.Time) bool { return u.After(t) })
		case "<=":
			checks = append(checks, func(u time.Time) bool { return !u.After(t) })
		case "<":
			checks = append(checks, func(u time.Time) bool { return u.Before(t) })
		}
	}
	return func(u time.Time) bool {
		for _, c := range checks {
			if !c(u) {
				return false
			}
		}
		return true
	}, nil
}

func (s *Shop) opOrder(vars json.RawMessage) (any, error) {
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[gidNumber(v.ID, "Order")]
	if o == nil {
		return map[string]any{"order": nil}, nil
	}
	return map[string]any{"order": s.node(o)}, nil
}

func (s *Shop) opOrderLines(vars json.RawMessage) (any, error) {
	var v struct {
		ID    string  `json:"id"`
		After *string `json:"after"`
	}
	if err := json.Unmarshal(vars, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orders[gidNumber(v.ID, "Order")]
	if o == nil {
		return map[string]any{"order": nil}, nil
	}
	from := 0
	if v.After != nil {
		from, _ = strconv.Atoi(*v.After)
	}
	return map[string]any{"order": map[string]any{"lineItems": lines(o, from)}}, nil
}

// node renders an order as the connector's OrderFields select it.
// GraphQL amounts are Decimal strings without trailing zeros ("12.5"), as
// Shopify writes them.
func (s *Shop) node(o *Order) map[string]any {
	n := map[string]any{
		"id": o.AdminGraphqlAPIID, "legacyResourceId": strconv.FormatInt(o.ID, 10), "name": o.Name,
		"createdAt": utc(o.CreatedAt), "updatedAt": utc(o.UpdatedAt), "processedAt": utc(o.ProcessedAt),
		"cancelledAt": nil, "displayFinancialStatus": strings.ToUpper(o.FinancialStatus),
		"currencyCode": o.Currency, "taxesIncluded": o.TaxesIncluded,
		"totalPriceSet": bag(o.TotalPrice, o.Currency), "customer": nil, "shippingAddress": nil,
		"lineItems": lines(o, 0),
	}
	if o.CancelledAt != nil {
		n["cancelledAt"] = utc(*o.CancelledAt)
	}
	if o.Customer != nil {
		n["customer"] = map[string]any{"id": gid("Customer", o.Customer.ID)}
	}
	if a := o.ShippingAddress; a != nil {
		n["shippingAddress"] = map[string]any{"name": a.Name, "firstName": a.FirstName, "lastName": a.LastName,
			"phone": a.Phone, "company": a.Company, "address1": a.Address1, "address2": a.Address2, "city": a.City,
			"province": a.Province, "zip": a.Zip, "countryCodeV2": a.CountryCode}
	}
	var ship []any
	for i, sl := range o.ShippingLines {
		if i == 5 {
			break
		}
		ship = append(ship, map[string]any{"discountedPriceSet": bag(sl.DiscountedPrice, o.Currency), "taxLines": taxes(sl.TaxLines, o.Currency)})
	}
	n["shippingLines"] = map[string]any{"pageInfo": map[string]any{"hasNextPage": len(o.ShippingLines) > 5}, "nodes": nonNil(ship)}
	return n
}

// lines is a page of 25 line items from index from; the cursor is the
// next index.
func lines(o *Order, from int) map[string]any {
	var nodes []any
	end := min(len(o.LineItems), from+25)
	for _, li := range o.LineItems[min(from, end):end] {
		n := map[string]any{"id": li.AdminGraphqlAPIID, "sku": li.SKU, "name": li.Name, "quantity": li.Quantity,
			"originalUnitPriceSet": bag(li.Price, o.Currency), "taxLines": taxes(li.TaxLines, o.Currency),
			"variant": nil, "product": nil}
		var allocs []any
		for _, a := range li.DiscountAllocations {
			allocs = append(allocs, map[string]any{"allocatedAmountSet": bag(a.Amount, o.Currency)})
		}
		n["discountAllocations"] = nonNil(allocs)
		if li.VariantID != nil {
			n["variant"] = map[string]any{"id": gid("ProductVariant", *li.VariantID)}
		}
		if li.ProductID != nil {
			n["product"] = map[string]any{"id": gid("Product", *li.ProductID)}
		}
		nodes = append(nodes, n)
	}
	next := end < len(o.LineItems)
	var cursor any
	if next {
		cursor = strconv.Itoa(end)
	}
	return map[string]any{"pageInfo": map[string]any{"hasNextPage": next, "endCursor": cursor}, "nodes": nonNil(nodes)}
}

func taxes(ts []TaxLine, cur string) []any {
	out := []any{}
	for _, t := range ts {
		out = append(out, map[string]any{"rate": t.Rate, "priceSet": bag(t.Price, cur)})
	}
	return out
}

// bag is a MoneyBag as the connector selects it: shop money only.
func bag(amount, cur string) map[string]any {
	return map[string]any{"shopMoney": map[string]any{"amount": decimal(amount), "currencyCode": cur}}
}

// decimal writes an amount as GraphQL's Decimal: "12.50" → "12.5",
// "10.00" → "10.0".
func decimal(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

func utc(s string) string { return mustTime(s).UTC().Format(time.RFC3339) }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// gidNumber reads the number of a GID of kind; 0 when it is not one.
func gidNumber(id, kind string) int64 {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, "gid://shopify/"+kind+"/"), 10, 64)
	if err != nil || !strings.HasPrefix(id, "gid://shopify/"+kind+"/") {
		return 0
	}
	return n
}
