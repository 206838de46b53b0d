// The movement ledger newest first (GET /api/v1/stock/movements), by the
// page's SKU and warehouse filters, a page at a time.
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { StockMovement, Warehouse } from '../../api/hub';
import type { Page } from '../../api/types';
import { formatTime } from '../../lib/time';

const kindColor: Record<string, string> = {
  receipt: 'green',
  adjustment: 'orange',
  transfer_out: 'purple',
  transfer_in: 'purple',
  release: 'blue',
  shipment: 'cyan',
  return: 'gold',
};

export default function MovementHistory(p: { warehouses: Warehouse[]; sku: string; warehouse: string; filters: ReactNode; version: number }) {
  const { t, i18n } = useTranslation('stock');
  const [items, setItems] = useState<StockMovement[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);

  const load = async (before: string) => {
    setLoading(true);
    try {
      const page = await api.get<Page<StockMovement>>('/api/v1/stock/movements', { sku: p.sku, warehouse: p.warehouse, before, limit: 100 });
      setItems((old) => (before ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // shown by the client
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [p.sku, p.warehouse, p.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const delta = (n: number) => (n === 0 ? '—' : <Typography.Text type={n < 0 ? 'danger' : 'success'}>{n > 0 ? `+${n}` : n}</Typography.Text>);
  const whName = (code: string) => p.warehouses.find((w) => w.code === code)?.name ?? code;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        {p.filters}
        <Button onClick={() => void load('')}>{t('common:refresh')}</Button>
      </Space>
      <Table<StockMovement>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        data-testid="stock-movements"
        columns={[
          { title: t('col.at'), dataIndex: 'at', render: (v: string) => formatTime(v, i18n.language), width: 180 },
          { title: t('col.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={kindColor[k]}>{t(`kind.${k}`, { defaultValue: k })}</Tag> },
          { title: t('col.sku'), dataIndex: 'sku' },
          { title: t('col.warehouse'), dataIndex: 'warehouse', render: whName },
          { title: t('col.onHandDelta'), dataIndex: 'on_hand_delta', align: 'right', render: delta },
          { title: t('col.reservedDelta'), dataIndex: 'reserved_delta', align: 'right', render: delta },
          { title: t('col.source'), dataIndex: 'source_key', render: (v: string, m) => <Typography.Text code>{m.reservation || v}</Typography.Text> },
        ]}
      />
      {next && (
        <Button block onClick={() => void load(next)} loading={loading}>
          {t('common:more')}
        </Button>
      )}
    </Space>
  );
}
