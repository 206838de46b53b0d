package yonyou

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/fnshub/fnshub/internal/money"
)

type voucherIn struct {
	SrcSystemCode   string `json:"srcSystemCode"`
	AccbookCode     string `json:"accbookCode"`
	VoucherTypeCode string `json:"voucherTypeCode"`
	MakeTime        string `json:"makeTime"`
	Bodies          []struct {
		Description    string      `json:"description"`
		AccsubjectCode string      `json:"accsubjectCode"`
		DebitOriginal  json.Number `json:"debitOriginal"`
		DebitOrg       json.Number `json:"debitOrg"`
		CreditOriginal json.Number `json:"creditOriginal"`
		CreditOrg      json.Number `json:"creditOrg"`
	} `json:"bodies"`
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		reply(w, "999", "请求参数格式错误", nil)
		return false
	}
	return true
}

func (s *Server) addVoucher(w http.ResponseWriter, r *http.Request) {
	var in voucherIn
	if !decode(w, r, &in) {
		return
	}
	v, msg := s.build(in)
	if msg != "" {
		reply(w, "999", msg, nil)
		return
	}
	refused, lost := s.creates.Next()
	s.mu.Lock()
	defer s.mu.Unlock()
	if refused {
		reply(w, "999", "会计期间"+v.Period+"已结账，不能保存凭证", nil)
		return
	}
	for _, old := range s.vouchers {
		if old.Period == v.Period {
			v.BillCode = max(v.BillCode, old.BillCode)
		}
	}
	v.BillCode++
	v.ID = strconv.FormatInt(2000000000000000000+int64(len(s.vouchers)+1), 10) // YonBIP ids are 19 digits
	s.vouchers = append(s.vouchers, v)
	if lost {
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
		return
	}
	reply(w, "200", "操作成功", map[string]any{"id": v.ID, "billCode": v.BillCode})
}

// build checks a voucher as the general ledger does: its book, a known
// type, known accounts, one side per line with 原币 = 本币, debits =
// credits.
func (s *Server) build(in voucherIn) (*Voucher, string) {
	if in.AccbookCode != s.opt.AccbookCode {
		return nil, "账簿[" + in.AccbookCode + "]不存在"
	}
	if in.VoucherTypeCode != "1" {
		return nil, "凭证类型[" + in.VoucherTypeCode + "]不存在"
	}
	if len(in.MakeTime) != 10 || len(in.Bodies) < 2 {
		return nil, "制单日期或分录不能为空"
	}
	v := &Voucher{Period: in.MakeTime[:7], MakeTime: in.MakeTime}
	debit, credit := money.Zero("CNY"), money.Zero("CNY")
	for i, b := range in.Bodies {
		row := "第" + strconv.Itoa(i+1) + "行"
		if !slices.Contains(s.opt.Accounts, b.AccsubjectCode) {
			return nil, row + "科目[" + b.AccsubjectCode + "]不存在"
		}
		if b.DebitOriginal != b.DebitOrg || b.CreditOriginal != b.CreditOrg {
			return nil, row + "原币与本币金额不一致"
		}
		d, errD := amount(b.DebitOriginal)
		c, errC := amount(b.CreditOriginal)
		if errD != nil || errC != nil || d.IsZero() == c.IsZero() {
			return nil, row + "借贷不能同时填写，也不能同时为空"
		}
		debit, _ = debit.Add(d)
		credit, _ = credit.Add(c)
		v.Lines = append(v.Lines, Line{Description: b.Description, AccsubjectCode: b.AccsubjectCode,
			DebitOriginal: string(b.DebitOriginal), DebitOrg: string(b.DebitOrg), CreditOriginal: string(b.CreditOriginal), CreditOrg: string(b.CreditOrg)})
	}
	if debit != credit {
		return nil, "借贷不平衡：借方合计" + debit.String() + "，贷方合计" + credit.String()
	}
	return v, ""
}

func amount(n json.Number) (money.Amount, error) {
	if n == "" {
		return money.Zero("CNY"), nil
	}
	return money.Parse(string(n), "CNY")
}

type queryIn struct {
	Pager struct {
		PageIndex int `json:"pageIndex"`
		PageSize  int `json:"pageSize"`
	} `json:"pager"`
	AccbookCode string `json:"accbookCode"`
	PeriodStart string `json:"periodStart"`
	PeriodEnd   string `json:"periodEnd"`
}

func (s *Server) queryVouchers(w http.ResponseWriter, r *http.Request) {
	var in queryIn
	if !decode(w, r, &in) {
		return
	}
	if in.AccbookCode != s.opt.AccbookCode {
		reply(w, "999", "账簿["+in.AccbookCode+"]不存在", nil)
		return
	}
	if in.Pager.PageIndex < 1 || in.Pager.PageSize < 1 || in.Pager.PageSize > 500 {
		reply(w, "999", "分页参数错误", nil)
		return
	}
	var match []map[string]any
	for _, v := range s.Vouchers() {
		if (in.PeriodStart == "" || v.Period >= in.PeriodStart) && (in.PeriodEnd == "" || v.Period <= in.PeriodEnd) {
			match = append(match, map[string]any{
				"header": map[string]any{"id": v.ID, "billCode": v.BillCode, "period": v.Period, "accbookCode": s.opt.AccbookCode, "voucherStatus": "01"},
				"body":   v.Lines,
			})
		}
	}
	from := min((in.Pager.PageIndex-1)*in.Pager.PageSize, len(match))
	to := min(from+in.Pager.PageSize, len(match))
	page := match[from:to]
	if page == nil {
		page = []map[string]any{}
	}
	reply(w, "200", "操作成功", map[string]any{"pageIndex": in.Pager.PageIndex, "pageSize": in.Pager.PageSize,
		"recordCount": len(match), "recordList": page})
}
