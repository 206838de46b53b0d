package settlementdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/store"
)

// SaveMapping stores m as the next version of its name; versions are never
// changed, so an import names exactly what it was read with.
func (b bound) SaveMapping(ctx context.Context, m settlement.Mapping, by string, at time.Time) (settlement.StoredMapping, error) {
	doc, err := json.Marshal(m)
	if err != nil {
		return settlement.StoredMapping{}, fmt.Errorf("settlementdb: mapping %q: %w", m.Name, err)
	}
	var version int64
	if err := b.tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM settlement_mappings WHERE name = ?`, m.Name).Scan(&version); err != nil {
		return settlement.StoredMapping{}, fmt.Errorf("settlementdb: mapping %q: %w", m.Name, err)
	}
	at = at.UTC().Truncate(time.Microsecond)
	if _, err := b.tx.Exec(ctx, `INSERT INTO settlement_mappings (name, version, mapping, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
		m.Name, version, string(doc), at.UnixMicro(), by); err != nil {
		return settlement.StoredMapping{}, fmt.Errorf("settlementdb: save mapping %q: %w", m.Name, err)
	}
	return settlement.StoredMapping{Mapping: m, Version: version, CreatedAt: at, CreatedBy: by}, nil
}

// Mapping returns the newest version of the mapping called name.
func (b bound) Mapping(ctx context.Context, name string) (settlement.StoredMapping, error) {
	m, err := scanMapping(b.tx.QueryRow(ctx, `SELECT name, version, mapping, created_at, created_by FROM settlement_mappings
		WHERE name = ? ORDER BY version DESC LIMIT 1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fault.New(fault.NotFound, "mapping_not_found", "no settlement mapping called %q; save one first (fnshub settlement mapping save)", name)
	}
	return m, err
}

// Mappings returns the newest version of every mapping, by name.
func (b bound) Mappings(ctx context.Context) ([]settlement.StoredMapping, error) {
	rows, err := b.tx.Query(ctx, `SELECT m.name, m.version, m.mapping, m.created_at, m.created_by FROM settlement_mappings m
		WHERE m.version = (SELECT MAX(version) FROM settlement_mappings n WHERE n.name = m.name) ORDER BY m.name`)
	if err != nil {
		return nil, fmt.Errorf("settlementdb: mappings: %w", err)
	}
	defer rows.Close()
	var out []settlement.StoredMapping
	for rows.Next() {
		m, err := scanMapping(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMapping(r store.Scanner) (settlement.StoredMapping, error) {
	var m settlement.StoredMapping
	var doc string
	var at int64
	if err := r.Scan(&m.Name, &m.Version, &doc, &at, &m.CreatedBy); err != nil {
		return m, err
	}
	m.CreatedAt = fromMicros(at)
	name := m.Name
	if err := json.Unmarshal([]byte(doc), &m.Mapping); err != nil {
		return m, fmt.Errorf("settlementdb: mapping %q version %d: %w", name, m.Version, err)
	}
	m.Name = name
	return m, nil
}
