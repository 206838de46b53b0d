package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/fnshub/fnshub/internal/store"
)

// Schema is what both engines' migrations must agree on: per table, each
// column's coarse type class and the column sets that are unique (primary
// keys, UNIQUE constraints, unique indexes; a partial one is marked).
type Schema map[string]Table

// Table is one table of a Schema.
type Table struct {
	Columns map[string]string // name → integer, text, blob, bool or real, and "not null"
	Unique  []string          // sorted "a,b" column sets; "a,b where" when partial
}

// ReadSchema reads db's schema: SQLite through its pragmas, PostgreSQL
// through pg_catalog in the current schema. The migration tool's own table
// is left out.
func ReadSchema(ctx context.Context, db *store.DB) (Schema, error) {
	var s Schema
	err := db.Read(ctx, func(tx *store.Tx) (err error) {
		if db.Engine() == store.Postgres {
			s, err = readPostgres(ctx, tx)
		} else {
			s, err = readSQLite(ctx, tx)
		}
		return err
	})
	for name, t := range s {
		slices.Sort(t.Unique)
		t.Unique = slices.Compact(t.Unique)
		s[name] = t
	}
	return s, err
}

// typeClass maps a declared type to the class both engines must share.
func typeClass(declared string) string {
	t := strings.ToLower(declared)
	switch {
	case strings.Contains(t, "int") || t == "serial" || t == "bigserial":
		return "integer"
	case strings.Contains(t, "char") || strings.Contains(t, "text") || strings.Contains(t, "clob"):
		return "text"
	case strings.Contains(t, "blob") || t == "bytea":
		return "blob"
	case strings.HasPrefix(t, "bool"):
		return "bool"
	case strings.Contains(t, "real") || strings.Contains(t, "floa") || strings.Contains(t, "doub"):
		return "real"
	}
	return t // numeric, json, timestamps …: compared as declared
}

// columnClass is a column's type class, "not null" appended when it is.
func columnClass(declared string, notNull bool) string {
	if notNull {
		return typeClass(declared) + " not null"
	}
	return typeClass(declared)
}

const gooseTable = "goose_db_version"

func readSQLite(ctx context.Context, tx *store.Tx) (Schema, error) {
	names, err := strings1(ctx, tx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> ?`, gooseTable)
	if err != nil {
		return nil, err
	}
	s := Schema{}
	for _, name := range names {
		t := Table{Columns: map[string]string{}}
		rows, err := tx.Query(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY pk`, name)
		if err != nil {
			return nil, err
		}
		var pk []string
		for rows.Next() {
			var col, typ string
			var notNull bool
			var inPK int
			if err := rows.Scan(&col, &typ, &notNull, &inPK); err != nil {
				rows.Close()
				return nil, err
			}
			t.Columns[col] = columnClass(typ, notNull || inPK > 0) // a key column is never NULL on PostgreSQL
			if inPK > 0 {
				pk = append(pk, col) // an INTEGER PRIMARY KEY has no index of its own
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if len(pk) > 0 {
			t.Unique = append(t.Unique, columnSet(pk, false))
		}
		if t.Unique, err = sqliteUniques(ctx, tx, name, t.Unique); err != nil {
			return nil, err
		}
		s[name] = t
	}
	return s, nil
}

func sqliteUniques(ctx context.Context, tx *store.Tx, table string, sets []string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT name, partial FROM pragma_index_list(?) WHERE "unique" = 1`, table)
	if err != nil {
		return nil, err
	}
	type index struct {
		name    string
		partial bool
	}
	var idx []index
	for rows.Next() {
		var i index
		if err := rows.Scan(&i.name, &i.partial); err != nil {
			rows.Close()
			return nil, err
		}
		idx = append(idx, i)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, i := range idx {
		cols, err := strings1(ctx, tx, `SELECT COALESCE(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno`, i.name)
		if err != nil {
			return nil, err
		}
		sets = append(sets, columnSet(cols, i.partial))
	}
	return sets, nil
}

func readPostgres(ctx context.Context, tx *store.Tx) (Schema, error) {
	rows, err := tx.Query(ctx, `SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> ?`, gooseTable)
	if err != nil {
		return nil, err
	}
	s := Schema{}
	for rows.Next() {
		var table, col, typ string
		var notNull bool
		if err := rows.Scan(&table, &col, &typ, &notNull); err != nil {
			rows.Close()
			return nil, err
		}
		if s[table].Columns == nil {
			s[table] = Table{Columns: map[string]string{}}
		}
		s[table].Columns[col] = columnClass(typ, notNull)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT t.relname, i.indexrelid::regclass::text, i.indpred IS NOT NULL,
			COALESCE(a.attname, '<expr>')
		FROM pg_index i
		JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
		CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos)
		LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
		WHERE i.indisunique AND t.relname <> ?
		ORDER BY 1, 2, k.pos`, gooseTable)
	if err != nil {
		return nil, err
	}
	type index struct {
		table   string
		partial bool
		cols    []string
	}
	byName := map[string]*index{}
	var order []string
	for rows.Next() {
		var table, name, col string
		var partial bool
		if err := rows.Scan(&table, &name, &partial, &col); err != nil {
			rows.Close()
			return nil, err
		}
		if byName[name] == nil {
			byName[name] = &index{table: table, partial: partial}
			order = append(order, name)
		}
		byName[name].cols = append(byName[name].cols, col)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, name := range order {
		i := byName[name]
		t := s[i.table]
		t.Unique = append(t.Unique, columnSet(i.cols, i.partial))
		s[i.table] = t
	}
	return s, nil
}

// columnSet is the sorted, comma-joined set of cols, marked when partial.
func columnSet(cols []string, partial bool) string {
	cols = slices.Sorted(slices.Values(cols))
	if partial {
		return strings.Join(cols, ",") + " where"
	}
	return strings.Join(cols, ",")
}

func strings1(ctx context.Context, tx *store.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DiffSchemas lists, one line each, every table, column, type class and
// unique column set that a has and b has not, or that differs.
func DiffSchemas(aName string, a Schema, bName string, b Schema) []string {
	var out []string
	for _, table := range slices.Sorted(maps.Keys(merged(a, b))) {
		ta, inA := a[table]
		tb, inB := b[table]
		switch {
		case !inA:
			out = append(out, fmt.Sprintf("table %s: only on %s", table, bName))
			continue
		case !inB:
			out = append(out, fmt.Sprintf("table %s: only on %s", table, aName))
			continue
		}
		for _, col := range slices.Sorted(maps.Keys(merged(ta.Columns, tb.Columns))) {
			ca, inA := ta.Columns[col]
			cb, inB := tb.Columns[col]
			switch {
			case !inA:
				out = append(out, fmt.Sprintf("column %s.%s: only on %s", table, col, bName))
			case !inB:
				out = append(out, fmt.Sprintf("column %s.%s: only on %s", table, col, aName))
			case ca != cb:
				out = append(out, fmt.Sprintf("column %s.%s: %s on %s, %s on %s", table, col, ca, aName, cb, bName))
			}
		}
		for _, u := range ta.Unique {
			if !slices.Contains(tb.Unique, u) {
				out = append(out, fmt.Sprintf("unique %s(%s): only on %s", table, u, aName))
			}
		}
		for _, u := range tb.Unique {
			if !slices.Contains(ta.Unique, u) {
				out = append(out, fmt.Sprintf("unique %s(%s): only on %s", table, u, bName))
			}
		}
	}
	return out
}

func merged[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
