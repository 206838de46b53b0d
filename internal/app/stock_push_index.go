package app

import (
	"context"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/shop"
)

// listingKey names one listing of one shop.
type listingKey struct{ Shop, ItemID, SKUID string }

// pushIndex is which listings each SKU's stock feeds: listings of the SKU
// itself and of the bundles it is a component of, for the shops whose
// platform takes stock.
type pushIndex struct {
	bySKU      map[string][]listingKey
	byShop     map[string][]listingKey
	listings   map[listingKey]catalog.Listing
	shops      map[string]shop.Shop
	components map[string][]catalog.Component // bundle → its components
}

// loadPushIndex reads every pushing shop's listings and every bundle.
func loadPushIndex(ctx context.Context, cat *catalog.Service, shops *shop.Service, conns Connectors) (*pushIndex, error) {
	x := &pushIndex{bySKU: map[string][]listingKey{}, byShop: map[string][]listingKey{}, listings: map[listingKey]catalog.Listing{}, shops: map[string]shop.Shop{},
		components: map[string][]catalog.Component{}}
	if err := x.loadBundles(ctx, cat); err != nil {
		return nil, err
	}
	after := ""
	for {
		page, err := shops.List(ctx, after, 500)
		if err != nil || len(page) == 0 {
			return x, err
		}
		for _, sh := range page {
			if _, ok := conns.Puller(sh); !ok || !sh.Active {
				continue
			}
			if err := x.addShop(ctx, cat, sh); err != nil {
				return nil, err
			}
		}
		after = page[len(page)-1].ID
	}
}

func (x *pushIndex) loadBundles(ctx context.Context, cat *catalog.Service) error {
	after := ""
	for {
		page, err := cat.Bundles(ctx, after, 1000)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, b := range page {
			x.components[b.Code] = b.Components
		}
		after = page[len(page)-1].Code
	}
}

func (x *pushIndex) addShop(ctx context.Context, cat *catalog.Service, sh shop.Shop) error {
	ls, err := cat.Listings(ctx, sh.Channel, sh.ID)
	if err != nil {
		return err
	}
	x.shops[sh.ID] = sh
	for _, l := range ls {
		k := listingKey{sh.ID, l.ExternalItemID, l.ExternalSKUID}
		x.listings[k] = l
		x.byShop[sh.ID] = append(x.byShop[sh.ID], k)
		x.bySKU[l.SKU] = append(x.bySKU[l.SKU], k)
		for _, c := range x.components[l.SKU] {
			x.bySKU[c.SKU] = append(x.bySKU[c.SKU], k)
		}
	}
	return nil
}

// target is what listing l may show, given what its shop may publish of
// each SKU: a bundle shows as many as its scarcest component makes.
func (x *pushIndex) target(l catalog.Listing, published map[string]int64) int64 {
	comps := x.components[l.SKU]
	if len(comps) == 0 {
		return published[l.SKU]
	}
	n := int64(-1)
	for _, c := range comps {
		if k := published[c.SKU] / c.Quantity; n < 0 || k < n {
			n = k
		}
	}
	return max(n, 0)
}
