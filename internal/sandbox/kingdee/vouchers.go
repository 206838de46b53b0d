package kingdee

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	kd "github.com/fnshub/fnshub/internal/erp/kingdee"
)

// refusal is Kingdee's failure envelope (HTTP 200).
func refusal(code, msgCode int, field, msg string) map[string]any {
	return map[string]any{"Result": map[string]any{"ResponseStatus": map[string]any{
		"ErrorCode": code, "IsSuccess": false, "MsgCode": msgCode, "SuccessEntitys": []any{}, "SuccessMessages": []any{},
		"Errors": []map[string]any{{"FieldName": field, "Message": msg, "DIndex": 0}}}}}
}

func success(id int64) map[string]any {
	return map[string]any{"Result": map[string]any{
		"ResponseStatus": map[string]any{"IsSuccess": true, "Errors": []any{}, "MsgCode": 0,
			"SuccessEntitys": []map[string]any{{"Id": id, "Number": "", "DIndex": 0}}, "SuccessMessages": []any{}},
		"Id": id, "Number": "", "NeedReturnData": []map[string]any{{"FVOUCHERID": id}}}}
}

// save is Save: the voucher checked (book, accounts, balance) and stored
// with status A, unless this save is one FailSave named.
func (s *Server) save(body []byte) any {
	var req kd.SaveRequest
	if err := json.Unmarshal(body, &req); err != nil || req.FormID != kd.FormVoucher {
		return refusal(500, 0, "formid", "请求数据格式不正确")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	if s.failSaves[s.saves] {
		delete(s.failSaves, s.saves)
		return refusal(500, 0, "FDate", "凭证日期所在期间已结账")
	}
	v, env := s.check(req.Data.Model)
	if env != nil {
		return env
	}
	v.ID, v.Status = s.nextID, "A"
	s.nextID++
	s.vouchers = append(s.vouchers, v)
	return success(v.ID)
}

func (s *Server) check(m kd.VoucherModel) (*Voucher, any) {
	if !slices.Contains(s.opt.Books, m.FAccountBookID.FNumber) {
		return nil, refusal(500, 0, "FAccountBookID", "账簿 "+m.FAccountBookID.FNumber+" 不存在")
	}
	if len(m.FEntity) < 2 {
		return nil, refusal(500, 0, "FEntity", "凭证至少需要两条分录")
	}
	v := &Voucher{Book: m.FAccountBookID.FNumber, Date: m.FDate, Group: m.FVOUCHERGROUPID.FNumber}
	var debit, credit decimal.Decimal
	for i, e := range m.FEntity {
		if len(s.opt.Accounts) > 0 && !slices.Contains(s.opt.Accounts, e.FACCOUNTID.FNumber) {
			return nil, refusal(500, 0, "FACCOUNTID", "第"+itoa(int64(i+1))+"行分录科目 "+e.FACCOUNTID.FNumber+" 不存在")
		}
		d, err1 := decimal.NewFromString(string(e.FDEBIT))
		c, err2 := decimal.NewFromString(string(e.FCREDIT))
		if err1 != nil || err2 != nil {
			return nil, refusal(500, 0, "FDEBIT", "金额格式不正确")
		}
		debit, credit = debit.Add(d), credit.Add(c)
		entry := Entry{Explanation: e.FEXPLANATION, Account: e.FACCOUNTID.FNumber, Debit: d.StringFixed(2), Credit: c.StringFixed(2)}
		if e.FCURRENCYID != nil {
			entry.Currency = e.FCURRENCYID.FNumber
		}
		for k, n := range e.FDetailID {
			if entry.Detail == nil {
				entry.Detail = map[string]string{}
			}
			entry.Detail[k] = n.FNumber
		}
		v.Entries = append(v.Entries, entry)
	}
	if !debit.Equal(credit) {
		return nil, refusal(500, 0, "FEntity", "借贷不平衡")
	}
	return v, nil
}

// advance is Submit (A→B) and Audit (B→C) of the vouchers named by Ids.
func (s *Server) advance(body []byte, from, to, verb string) any {
	var req kd.BillsRequest
	if err := json.Unmarshal(body, &req); err != nil || req.FormID != kd.FormVoucher {
		return refusal(500, 0, "formid", "请求数据格式不正确")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var last int64
	for _, raw := range strings.Split(req.Data.Ids, ",") {
		id, _ := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		v := s.byID(id)
		switch {
		case v == nil:
			return refusal(500, 0, "Ids", "单据 "+raw+" 不存在")
		case v.Status != from:
			return refusal(500, 0, "", "单据 "+raw+" 当前状态不允许"+verb)
		}
		v.Status, last = to, id
	}
	return success(last)
}

func (s *Server) byID(id int64) *Voucher {
	for _, v := range s.vouchers {
		if v.ID == id {
			return v
		}
	}
	return nil
}

var (
	likeTerm = regexp.MustCompile(`FEXPLANATION like '((?:[^']|'')*) %'`)
	bookTerm = regexp.MustCompile(`FAccountBookID\.FNumber = '((?:[^']|'')*)'`)
)

// query is ExecuteBillQuery over GL_VOUCHER entries: the filters the
// pusher sends (book, explanation prefixes), a bare 2-D array back.
func (s *Server) query(body []byte) any {
	var req kd.QueryRequest
	if err := json.Unmarshal(body, &req); err != nil || req.Data.FormID != kd.FormVoucher {
		return [][]any{{refusal(500, 0, "FormId", "表单不存在")}}
	}
	keys := strings.Split(req.Data.FieldKeys, ",")
	var prefixes []string
	for _, m := range likeTerm.FindAllStringSubmatch(req.Data.FilterString, -1) {
		prefixes = append(prefixes, strings.ReplaceAll(m[1], "''", "'")+" ")
	}
	book := ""
	if m := bookTerm.FindStringSubmatch(req.Data.FilterString); m != nil {
		book = m[1]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := [][]any{}
	for _, v := range s.vouchers {
		for _, e := range v.Entries {
			if (book == "" || v.Book == book) && matches(e.Explanation, prefixes) {
				rows = append(rows, cells(keys, v, e))
			}
		}
	}
	start, limit := req.Data.StartRow, req.Data.Limit
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	if start > len(rows) {
		start = len(rows)
	}
	return rows[start:min(start+limit, len(rows))]
}

func matches(expl string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(expl, p) {
			return true
		}
	}
	return false
}

func cells(keys []string, v *Voucher, e Entry) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		switch strings.ToUpper(strings.TrimSpace(k)) {
		case "FVOUCHERID":
			out[i] = v.ID
		case "FEXPLANATION":
			out[i] = e.Explanation
		case "FDOCUMENTSTATUS":
			out[i] = v.Status
		case "FDATE":
			out[i] = v.Date + "T00:00:00"
		case "FACCOUNTID.FNUMBER":
			out[i] = e.Account
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
