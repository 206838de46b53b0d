package app

// SetPageSize makes uc read the ledger n postings at a time, so that a
// test proves the reports read every page.
func (uc *ARAP) SetPageSize(n int) { uc.page = n }
