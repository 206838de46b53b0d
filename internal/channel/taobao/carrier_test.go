package taobao

import "testing"

func TestCompanyCode_MapsFnshubCodesAndPassesOthers(t *testing.T) {
	for in, want := range map[string]string{"SF": "SF", "yunda": "YUNDA", "JD": "JD", "HTKY": "HTKY", "": ""} {
		if got := companyCode(in); got != want {
			t.Errorf("companyCode(%q) = %q, want %q", in, got, want)
		}
	}
}
