package kingdee

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The WebAPI's services, each served at {base}/{service}.common.kdsvc.
const (
	ServiceLogin = "Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser"
	ServiceSave  = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save"
	ServiceSub   = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Submit"
	ServiceAudit = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Audit"
	ServiceQuery = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery"
)

// FormVoucher is the general ledger voucher form.
const FormVoucher = "GL_VOUCHER"

// MsgSessionLost is what Kingdee answers a call whose login session has
// expired (MsgCode 1): log in again and repeat the call.
const MsgSessionLost = "会话信息已丢失，请重新登录"

// Number is a base-data reference: {"FNumber": "..."}.
type Number struct {
	FNumber string `json:"FNumber"`
}

// SaveRequest is the body of Save.
type SaveRequest struct {
	FormID string   `json:"formid"`
	Data   SaveData `json:"data"`
}

// SaveData is Save's data.
type SaveData struct {
	NeedUpDateFields      []string     `json:"NeedUpDateFields"`
	NeedReturnFields      []string     `json:"NeedReturnFields"`
	IsDeleteEntry         bool         `json:"IsDeleteEntry"`
	IsVerifyBaseDataField bool         `json:"IsVerifyBaseDataField"`
	IsAutoSubmitAndAudit  bool         `json:"IsAutoSubmitAndAudit"`
	Model                 VoucherModel `json:"Model"`
}

// VoucherModel is a GL_VOUCHER.
type VoucherModel struct {
	FVOUCHERID      int64        `json:"FVOUCHERID"` // 0: a new voucher
	FAccountBookID  Number       `json:"FAccountBookID"`
	FDate           string       `json:"FDate"`
	FVOUCHERGROUPID Number       `json:"FVOUCHERGROUPID"`
	FEntity         []EntryModel `json:"FEntity"`
}

// EntryModel is one voucher entry. Amounts are JSON numbers written from
// their exact decimal text.
type EntryModel struct {
	FEXPLANATION string            `json:"FEXPLANATION"`
	FACCOUNTID   Number            `json:"FACCOUNTID"`
	FCURRENCYID  *Number           `json:"FCURRENCYID,omitempty"`
	FDEBIT       json.Number       `json:"FDEBIT"`
	FCREDIT      json.Number       `json:"FCREDIT"`
	FDetailID    map[string]Number `json:"FDetailID,omitempty"`
}

// BillsRequest is the body of Submit and Audit.
type BillsRequest struct {
	FormID string    `json:"formid"`
	Data   BillsData `json:"data"`
}

// BillsData names the bills by internal id, comma-separated.
type BillsData struct {
	Numbers     []string `json:"Numbers"`
	Ids         string   `json:"Ids"`
	NetworkCtrl string   `json:"NetworkCtrl"`
}

// QueryRequest is the body of ExecuteBillQuery.
type QueryRequest struct {
	Data QueryData `json:"data"`
}

// QueryData selects rows of a form; the answer is a bare 2-D array of the
// FieldKeys' values, in order.
type QueryData struct {
	FormID       string `json:"FormId"`
	FieldKeys    string `json:"FieldKeys"`
	FilterString string `json:"FilterString"`
	OrderString  string `json:"OrderString"`
	TopRowCount  int    `json:"TopRowCount"`
	StartRow     int    `json:"StartRow"`
	Limit        int    `json:"Limit"`
}

// Envelope is every write service's answer. HTTP is 200 even on failure.
type Envelope struct {
	Result struct {
		ResponseStatus Status `json:"ResponseStatus"`
		ID             any    `json:"Id"`
		Number         string `json:"Number"`
	} `json:"Result"`
}

// Status says whether a call succeeded and why not.
type Status struct {
	ErrorCode      int           `json:"ErrorCode"`
	IsSuccess      bool          `json:"IsSuccess"`
	Errors         []StatusError `json:"Errors"`
	SuccessEntitys []Entity      `json:"SuccessEntitys"`
	MsgCode        int           `json:"MsgCode"`
}

// StatusError is one reason a call failed.
type StatusError struct {
	FieldName string `json:"FieldName"`
	Message   string `json:"Message"`
	DIndex    int    `json:"DIndex"`
}

// Entity is one bill a call succeeded for.
type Entity struct {
	ID     any    `json:"Id"`
	Number string `json:"Number"`
	DIndex int    `json:"DIndex"`
}

// LoginResult is ValidateUser's answer.
type LoginResult struct {
	LoginResultType int    `json:"LoginResultType"`
	Message         string `json:"Message"`
	KDSVCSessionID  string `json:"KDSVCSessionId"`
	IsSuccessByAPI  bool   `json:"IsSuccessByAPI"`
}

// Err is the status as an error, nil on success.
func (s Status) Err() error {
	if s.IsSuccess {
		return nil
	}
	var msgs []string
	for _, e := range s.Errors {
		m := e.Message
		if e.FieldName != "" {
			m = e.FieldName + ": " + m
		}
		msgs = append(msgs, m)
	}
	return &CallError{Code: s.ErrorCode, MsgCode: s.MsgCode, Message: strings.Join(msgs, "; ")}
}

// CallError is a call Kingdee answered with IsSuccess false.
type CallError struct {
	Code    int
	MsgCode int
	Message string
}

func (e *CallError) Error() string {
	return fmt.Sprintf("kingdee: refused (ErrorCode %d, MsgCode %d): %s", e.Code, e.MsgCode, e.Message)
}

// SessionLost reports whether the session expired: log in and repeat.
func (e *CallError) SessionLost() bool {
	return e.MsgCode == 1 || strings.Contains(e.Message, "会话信息已丢失")
}
