package job

// ShopCounts are one shop's jobs that failed: Retrying have another attempt
// scheduled, Discarded failed their last (the dead letters).
type ShopCounts struct {
	Retrying  int `json:"retrying"`
	Discarded int `json:"dead_letters"`
}
