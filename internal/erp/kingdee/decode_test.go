package kingdee

import (
	"encoding/json"
	"testing"
)

// FuzzDecode feeds Kingdee's answers, real-shaped and broken, to what
// reads them: it must never panic, and an answer it accepts as a query's
// rows must give rows addRow takes or refuses with an error.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"Result":{"ResponseStatus":{"ErrorCode":500,"IsSuccess":false,"Errors":[{"FieldName":"FDate","Message":"期间已结账","DIndex":0}],"MsgCode":0}}}`,
		`{"Result":{"ResponseStatus":{"IsSuccess":true,"SuccessEntitys":[{"Id":100123,"Number":"","DIndex":0}]},"Id":100123,"Number":""}}`,
		`[[100123,"FNS-1-5 sale","C"],[100124,"FNS-1-6 sale","A"]]`,
		`[[{"Result":{"ResponseStatus":{"ErrorCode":500,"IsSuccess":false,"Errors":[{"Message":"会话信息已丢失，请重新登录"}],"MsgCode":1}}}]]`,
		`[]`, `[[]]`, `[["x"]]`, `{"Result":{"Id":"abc"}}`, `null`, `[[1e300,"",""]]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var env Envelope
		errEnv := decode(ServiceSave, data, &env)
		if errEnv == nil {
			if _, err := idOf(env.Result.ID); err != nil && env.Result.ID != nil {
				_ = err // an odd id is refused by the caller, not a panic
			}
		}
		var rows [][]any
		if decode(ServiceQuery, data, &rows) == nil {
			held := map[string]found{}
			for _, row := range rows {
				_ = addRow(held, row)
			}
		}
		var lr LoginResult
		_ = decode(ServiceLogin, data, &lr)
		_ = json.Valid(data)
	})
}
