package catalogdb

import (
	"context"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/store"
)

// Bind returns the catalog.TxStore that reads inside tx, so a use case
// decides on the SKU as its transaction sees it.
func Bind(tx *store.Tx) catalog.TxStore { return bound{tx} }

type bound struct{ tx *store.Tx }

func (b bound) SKU(ctx context.Context, code string) (catalog.SKU, error) {
	return SKUTx(ctx, b.tx, code)
}
