package orderimport

import (
	"fmt"
	"strings"
	"time"
)

// column is one column the format knows: its English name first, then the
// names a merchant's own sheet may use.
type column struct {
	names  []string
	secret bool // personal data: never quoted in an error, never copied to Raw
}

// columns lists every column. Names are matched case-insensitively, with
// spaces and '-' read as '_'.
var columns = []column{
	{names: []string{"channel", "渠道", "平台"}},
	{names: []string{"shop", "店铺", "店铺编码"}},
	{names: []string{"external_id", "订单号", "订单编号", "平台订单号"}},
	{names: []string{"version", "版本", "版本号"}},
	{names: []string{"status", "状态", "订单状态"}},
	{names: []string{"currency", "币种", "货币"}},
	{names: []string{"buyer_id", "买家", "买家id", "买家账号"}, secret: true},
	{names: []string{"sku", "商家编码", "sku编码"}},
	{names: []string{"external_item_id", "商品id", "平台商品id"}},
	{names: []string{"external_sku_id", "skuid", "平台skuid"}},
	{names: []string{"title", "商品名称", "商品标题", "标题"}},
	{names: []string{"quantity", "数量"}},
	{names: []string{"unit_price", "单价"}},
	{names: []string{"line_discount", "商品优惠", "行优惠"}},
	{names: []string{"shipping_fee", "运费"}},
	{names: []string{"order_discount", "优惠", "订单优惠"}},
	{names: []string{"paid_total", "实付金额", "实付"}},
	{names: []string{"receiver", "收货人", "收件人"}, secret: true},
	{names: []string{"phone", "手机", "手机号", "电话", "联系电话"}, secret: true},
	{names: []string{"province", "省", "省份"}},
	{names: []string{"city", "市", "城市"}},
	{names: []string{"district", "区", "区县"}},
	{names: []string{"address", "详细地址", "地址"}, secret: true},
	{names: []string{"fulfillment", "配送方式", "发货方式"}},
	{names: []string{"created_at", "下单时间", "创建时间"}},
	{names: []string{"paid_at", "付款时间", "支付时间"}},
}

// required columns; a line also needs sku or external_item_id.
var required = []string{"channel", "shop", "external_id", "quantity", "unit_price", "created_at"}

// byName maps every accepted (normalised) name to the column's English name.
var byName = func() map[string]string {
	m := map[string]string{}
	for _, c := range columns {
		for _, n := range c.names {
			m[normalise(n)] = c.names[0]
		}
	}
	return m
}()

var secret = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range columns {
		m[c.names[0]] = c.secret
	}
	return m
}()

func normalise(name string) string {
	name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(name)
}

// layout is what the header says: where each column is, and how the file
// names it.
type layout struct {
	idx   map[string]int    // English name → cell index
	names map[string]string // English name → the header as written
	width int               // cells in the header
	loc   *time.Location
}

func header(h []string, loc *time.Location) (*layout, []RowError) {
	for len(h) > 0 && normalise(h[len(h)-1]) == "" {
		h = h[:len(h)-1] // trailing empty header cells, as some exporters write
	}
	s := &layout{idx: map[string]int{}, names: map[string]string{}, width: len(h), loc: loc}
	var errs []RowError
	for i, raw := range h {
		written := strings.TrimSpace(strings.TrimPrefix(raw, "\ufeff"))
		col, known := byName[normalise(raw)]
		_, dup := s.idx[col]
		switch {
		case written == "":
			errs = append(errs, RowError{Row: 1, Column: fmt.Sprintf("%d", i+1), Reason: "the column has no name; name it or delete it"})
		case !known:
			errs = append(errs, RowError{Row: 1, Column: written, Reason: "unknown column; use " + columnList()})
		case dup:
			errs = append(errs, RowError{Row: 1, Column: written, Reason: fmt.Sprintf("the same column as %s; keep one of them", s.names[col])})
		default:
			s.idx[col], s.names[col] = i, written
		}
	}
	for _, col := range required {
		if _, ok := s.idx[col]; !ok {
			errs = append(errs, RowError{Row: 1, Column: col, Reason: "required column is missing (" + strings.Join(namesOf(col), " or ") + ")"})
		}
	}
	_, sku := s.idx["sku"]
	_, item := s.idx["external_item_id"]
	if !sku && !item {
		errs = append(errs, RowError{Row: 1, Column: "sku", Reason: "name each line's SKU: add a column sku (商家编码), or external_item_id (商品id) to map the channel's items"})
	}
	return s, errs
}

func namesOf(col string) []string {
	for _, c := range columns {
		if c.names[0] == col {
			return c.names
		}
	}
	return []string{col}
}

func columnList() string {
	en := make([]string, len(columns))
	zh := make([]string, len(columns))
	for i, c := range columns {
		en[i], zh[i] = c.names[0], c.names[1]
	}
	return strings.Join(en, ", ") + " (or " + strings.Join(zh, ", ") + ")"
}

// cell returns the trimmed cell of col in rec, "" when absent.
func (s *layout) cell(rec []string, col string) string {
	if i, ok := s.idx[col]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// name is how the file names col, or col's English name if it has no such column.
func (s *layout) name(col string) string {
	if n, ok := s.names[col]; ok {
		return n
	}
	return col
}
