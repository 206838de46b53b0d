package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/fnshub/fnshub/internal/fault"
	"github.com/fnshub/fnshub/internal/settlement"
	"github.com/fnshub/fnshub/internal/settlement/parse"
)

// Payouts lists stored payouts, newest first.
func (s *Settlements) Payouts(ctx context.Context, f settlement.PayoutFilter) (out []settlement.StoredPayout, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Settlements.Payouts(ctx, f); return err })
	return out, err
}

// Payout returns one stored payout and up to limit of its first lines.
func (s *Settlements) Payout(ctx context.Context, id int64, limit int) (p settlement.StoredPayout, lines []settlement.StoredLine, err error) {
	err = s.unit.Read(ctx, func(st Stores) error {
		if p, err = st.Settlements.Payout(ctx, id); err != nil {
			return err
		}
		lines, err = st.Settlements.Lines(ctx, id, 0, limit)
		return err
	})
	return p, lines, err
}

// Lines returns up to limit lines of a payout after the line after.
func (s *Settlements) Lines(ctx context.Context, payoutID, after int64, limit int) (out []settlement.StoredLine, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Settlements.Lines(ctx, payoutID, after, limit); return err })
	return out, err
}

// Imports lists recorded imports, newest first.
func (s *Settlements) Imports(ctx context.Context, f settlement.ImportFilter) (out []settlement.Import, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Settlements.Imports(ctx, f); return err })
	return out, err
}

// ShopsFor lists the shops whose settlements format name reads, for a
// command that may leave the shop out when there is one.
func (s *Settlements) ShopsFor(ctx context.Context, name string) ([]string, error) {
	f, err := s.Format(name)
	if err != nil {
		return nil, err
	}
	var out []string
	for after := ""; ; {
		page, err := s.shops.List(ctx, after, 500)
		if err != nil {
			return nil, err
		}
		for _, sh := range page {
			if fits(f, sh) {
				out = append(out, sh.ID)
			}
		}
		if len(page) < 500 {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// SaveMapping stores m as the newest version of its name; an import names
// it by name and reads the newest.
func (s *Settlements) SaveMapping(ctx context.Context, m settlement.Mapping, by string) (out settlement.StoredMapping, err error) {
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 100 || strings.TrimSpace(m.Name) != m.Name {
		return out, fault.Invalidf("name", "mapping_name_invalid", "name the mapping in 1 to 100 characters, without leading or trailing spaces")
	}
	if err := parse.ValidateMapping(m); err != nil {
		return out, err
	}
	err = s.unit.InTx(ctx, func(st Stores) error { out, err = st.Settlements.SaveMapping(ctx, m, by, s.now()); return err })
	return out, err
}

// Mapping returns the newest version of the mapping called name.
func (s *Settlements) Mapping(ctx context.Context, name string) (out settlement.StoredMapping, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Settlements.Mapping(ctx, name); return err })
	return out, err
}

// Mappings returns the newest version of every mapping.
func (s *Settlements) Mappings(ctx context.Context) (out []settlement.StoredMapping, err error) {
	err = s.unit.Read(ctx, func(st Stores) error { out, err = st.Settlements.Mappings(ctx); return err })
	return out, err
}
