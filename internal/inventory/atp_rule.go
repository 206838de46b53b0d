package inventory

import (
	"time"

	"github.com/fnshub/fnshub/internal/fault"
)

// RuleKind says how a shop's part of a SKU's available stock is decided
// (ADR 10). The kinds apply in this order: fixed, then share, then cap.
type RuleKind string

const (
	RuleFixed RuleKind = "fixed" // exactly Quantity units, taken before any other rule
	RuleShare RuleKind = "share" // ShareBP/10000 of what the fixed rules leave
	RuleCap   RuleKind = "cap"   // an even part of what fixed and share rules leave, at most Quantity
)

const (
	// AnySKU as a rule's SKU makes it the shop's default for every SKU
	// without a rule of its own.
	AnySKU = "*"
	// FullShare is 100% in basis points.
	FullShare = 10_000
	// MaxQuantity bounds rule and safety-stock quantities, so sums over
	// many shops stay far from int64 overflow.
	MaxQuantity = 1_000_000_000_000
)

// Rule is how much of one SKU (or, with SKU "*", of every SKU without its
// own rule) one shop may publish. Quantity is for fixed and cap rules,
// ShareBP (basis points, 2500 = 25%) for share rules; the other is 0.
type Rule struct {
	Shop      string    `json:"shop"`
	SKU       string    `json:"sku"`
	Kind      RuleKind  `json:"kind"`
	Quantity  int64     `json:"quantity"`
	ShareBP   int64     `json:"share_bp"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SafetyStock is how many units of a SKU are never published to any shop,
// whatever the rules: a buffer against counting errors and channel lag.
type SafetyStock struct {
	SKU       string    `json:"sku"`
	Quantity  int64     `json:"quantity"`
	UpdatedAt time.Time `json:"updated_at"`
}

// validate checks a rule: a known kind, and the one value that kind uses.
func (r Rule) validate() error {
	if err := validShop(r.Shop); err != nil {
		return err
	}
	if err := validRuleSKU(r.SKU); err != nil {
		return err
	}
	switch r.Kind {
	case RuleFixed, RuleCap:
		if r.Quantity < 0 || r.Quantity > MaxQuantity || r.ShareBP != 0 {
			return fault.Invalidf("quantity", "rule_quantity_invalid",
				"a %s rule needs quantity 0 to %d (and no share_bp), not quantity %d", r.Kind, int64(MaxQuantity), r.Quantity)
		}
	case RuleShare:
		if r.ShareBP < 0 || r.ShareBP > FullShare || r.Quantity != 0 {
			return fault.Invalidf("share_bp", "rule_share_invalid",
				"a share rule needs share_bp 0 to 10000 basis points (2500 = 25%%, and no quantity), not share_bp %d", r.ShareBP)
		}
	default:
		return fault.Invalidf("kind", "rule_kind_invalid", "kind must be fixed, share or cap, not %q", r.Kind)
	}
	return nil
}

func validShop(shop string) error {
	if shop == "" || len(shop) > 64 {
		return fault.Invalidf("shop", "shop_invalid", "name the shop in 1 to 64 characters, e.g. shop=tmall-flagship")
	}
	return nil
}

func validRuleSKU(sku string) error {
	if sku == "" || len(sku) > 64 {
		return fault.Invalidf("sku", "sku_invalid", "sku must be 1 to 64 characters, or \"*\" for the shop's default")
	}
	return nil
}
