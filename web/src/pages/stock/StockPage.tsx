// 库存: the SKU × warehouse grid (on hand, reserved, available) beside what
// each shop is shown (published), the movement history, and the stock
// keepers' receipts, adjustments and transfers.
import { useMemo, useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Items, Shop, StockLevel, StockPromise, Warehouse } from '../../api/hub';
import { allows, can } from '../../auth/roles';
import { useSession } from '../../auth/session';
import { useLoad } from '../../lib/useLoad';
import MovementHistory from './MovementHistory';
import StockForms, { type StockAction } from './StockForms';
import { pivot, type GridRow } from './grid';

export default function StockPage() {
  const { t } = useTranslation('stock');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'levels';
  const [action, setAction] = useState<StockAction | null>(null);
  // version rises with each change made here, so the history reloads too.
  const [version, setVersion] = useState(0);

  const whs = useLoad(() => api.get<Items<Warehouse>>('/api/v1/warehouses').then((r) => r.items), []);
  const grid = useLoad(async () => {
    const [levels, shops] = await Promise.all([
      api.get<Items<StockLevel>>('/api/v1/stock').then((r) => r.items),
      api.get<Items<Shop>>('/api/v1/shops').then((r) => r.items.filter((s) => s.active)),
    ]);
    const promised = await Promise.all(
      shops.map((s) => api.get<Items<StockPromise>>('/api/v1/stock/available', { shop: s.id }).then((r) => [s.id, r.items] as const)),
    );
    const bySku = new Map<string, Record<string, number>>();
    for (const [shop, items] of promised) {
      for (const p of items) (bySku.get(p.sku) ?? bySku.set(p.sku, {}).get(p.sku)!)[shop] = p.published;
    }
    return { rows: pivot(levels, bySku), shops };
  }, []);

  const sku = params.get('sku') ?? '';
  const wh = params.get('warehouse') ?? '';
  const setFilter = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const rows = useMemo(
    () => (grid.data?.rows ?? []).filter((r) => (!sku || r.sku.toLowerCase().includes(sku.toLowerCase())) && (!wh || r.byWarehouse[wh])),
    [grid.data, sku, wh],
  );
  const shownWarehouses = (whs.data ?? []).filter((w) => !wh || w.code === wh);
  const levelColumns = (of: (r: GridRow) => { on_hand: number; reserved: number; available: number } | undefined, key: string, sortable = false) => [
    { title: t('col.onHand'), key: key + '-oh', align: 'right' as const, render: (_: unknown, r: GridRow) => of(r)?.on_hand ?? '—' },
    { title: t('col.reserved'), key: key + '-rs', align: 'right' as const, render: (_: unknown, r: GridRow) => of(r)?.reserved ?? '—' },
    {
      title: t('col.available'),
      key: key + '-av',
      align: 'right' as const,
      sorter: sortable ? (a: GridRow, b: GridRow) => a.total.available - b.total.available : undefined,
      render: (_: unknown, r: GridRow) => {
        const n = of(r)?.available;
        return n === undefined ? '—' : <Typography.Text type={n <= 0 ? 'danger' : undefined}>{n}</Typography.Text>;
      },
    },
  ];
  const keeper = allows(can.stockKeepers, user?.role);

  const filters = (
    <Space wrap>
      <Input.Search
        allowClear
        placeholder={t('filter.sku')}
        key={sku}
        defaultValue={sku}
        onSearch={(v) => setFilter('sku', v.trim())}
        style={{ width: 220 }}
        data-testid="stock-sku-filter"
      />
      <Select
        allowClear
        placeholder={t('filter.warehouse')}
        value={wh || undefined}
        onChange={(v) => setFilter('warehouse', v ?? '')}
        style={{ width: 180 }}
        options={(whs.data ?? []).map((w) => ({ value: w.code, label: `${w.name} (${w.code})` }))}
      />
    </Space>
  );

  return (
    <Card
      title={t('title')}
      extra={
        keeper && (
          <Space>
            <Button type="primary" onClick={() => setAction('receipt')} data-testid="stock-receive">
              {t('action.receipt')}
            </Button>
            <Button onClick={() => setAction('adjustment')}>{t('action.adjustment')}</Button>
            <Button onClick={() => setAction('transfer')}>{t('action.transfer')}</Button>
          </Space>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setFilter('tab', k === 'levels' ? '' : k)}
        items={[
          {
            key: 'levels',
            label: t('tab.levels'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  {filters}
                  <Button onClick={grid.reload}>{t('common:refresh')}</Button>
                </Space>
                <Table<GridRow>
                  size="small"
                  rowKey="sku"
                  loading={grid.loading}
                  dataSource={rows}
                  data-testid="stock-grid"
                  scroll={{ x: 'max-content' }}
                  pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (n) => t('rows', { count: n }) }}
                  bordered
                  columns={[
                    {
                      title: t('col.sku'),
                      dataIndex: 'sku',
                      fixed: 'left',
                      sorter: (a, b) => a.sku.localeCompare(b.sku),
                      // A SKU opens its movement history.
                      render: (code: string) => <a onClick={() => setParams(new URLSearchParams({ ...Object.fromEntries(params), tab: 'movements', sku: code }), { replace: true })}>{code}</a>,
                    },
                    ...shownWarehouses.map((w) => ({
                      title: w.name,
                      key: 'wh-' + w.code,
                      children: levelColumns((r: GridRow) => r.byWarehouse[w.code], 'wh-' + w.code),
                    })),
                    ...(wh ? [] : [{ title: t('col.total'), key: 'total', children: levelColumns((r: GridRow) => r.total, 'total', true) }]),
                    {
                      title: t('col.published'),
                      key: 'published',
                      children: (grid.data?.shops ?? []).map((s) => ({
                        title: s.name || s.id,
                        key: 'pub-' + s.id,
                        align: 'right' as const,
                        render: (_: unknown, r: GridRow) => r.published[s.id] ?? '—',
                      })),
                    },
                  ]}
                />
                <Typography.Text type="secondary">{t('publishedNote')}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'movements',
            label: t('tab.movements'),
            children: <MovementHistory warehouses={whs.data ?? []} sku={sku} warehouse={wh} filters={filters} version={version} />,
          },
        ]}
      />
      <StockForms
        action={action}
        warehouses={whs.data ?? []}
        onClose={() => setAction(null)}
        onDone={() => {
          grid.reload();
          setVersion((v) => v + 1);
        }}
      />
    </Card>
  );
}
