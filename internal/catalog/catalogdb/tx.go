package catalogdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fnshub/fnshub/internal/catalog"
	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/store"
)

// SKUTx returns one SKU with its components inside the caller's
// transaction, for a use case that decides on it (internal/app: stock only
// of SKUs that can be stocked). Errors: NotFound.
func SKUTx(ctx context.Context, tx *store.Tx, code string) (catalog.SKU, error) {
	sku, err := scanSKU(tx.QueryRow(ctx, `SELECT `+skuColumns+` FROM skus WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.SKU{}, fault.New(fault.NotFound, "sku_not_found", "SKU %s does not exist", code)
	}
	if err == nil {
		sku.Components, err = components(ctx, tx, code)
	}
	if err != nil {
		return catalog.SKU{}, fmt.Errorf("catalogdb: SKU %s: %w", code, err)
	}
	return sku, nil
}
