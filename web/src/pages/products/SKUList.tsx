// SKUs (or bundles, with their components), a page of the catalog at a
// time in code order, filtered within what is loaded.
import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SKU } from '../../api/hub';
import type { Page } from '../../api/types';
import { formatRate } from '../../lib/money';
import { formatTime } from '../../lib/time';

export default function SKUList({ bundles }: { bundles: boolean }) {
  const { t, i18n } = useTranslation('products');
  const [items, setItems] = useState<SKU[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [q, setQ] = useState('');
  const path = bundles ? '/api/v1/bundles' : '/api/v1/skus';

  const load = async (cursor: string) => {
    setLoading(true);
    try {
      const page = await api.get<Page<SKU>>(path, { cursor, limit: 500 });
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // shown by the client
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [path]); // eslint-disable-line react-hooks/exhaustive-deps

  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return s ? items.filter((x) => x.code.toLowerCase().includes(s) || x.name.toLowerCase().includes(s) || (x.barcode ?? '').includes(s)) : items;
  }, [items, q]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Input.Search allowClear placeholder={t('filter.sku')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 260 }} />
        <Button onClick={() => void load('')}>{t('common:refresh')}</Button>
      </Space>
      <Table<SKU>
        size="small"
        rowKey="code"
        loading={loading}
        dataSource={shown}
        data-testid={bundles ? 'bundle-list' : 'sku-list'}
        pagination={{ defaultPageSize: 50, showTotal: (n) => t('rows', { count: n }) }}
        columns={[
          { title: t('col.code'), dataIndex: 'code' },
          { title: t('col.name'), dataIndex: 'name' },
          { title: t('col.product'), dataIndex: 'product' },
          ...(bundles
            ? [
                {
                  title: t('col.components'),
                  key: 'components',
                  render: (_: unknown, s: SKU) => (
                    <Space size={[4, 4]} wrap>
                      {(s.components ?? []).map((c) => (
                        <Tag key={c.sku}>
                          {c.sku} × {c.quantity}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]
            : [
                { title: t('col.barcode'), dataIndex: 'barcode' },
                { title: t('col.spec'), dataIndex: 'spec' },
                { title: t('col.unit'), dataIndex: 'unit' },
              ]),
          { title: t('col.taxRate'), dataIndex: 'tax_rate', align: 'right', render: (r: string) => formatRate(r) },
          { title: t('col.created'), dataIndex: 'created_at', render: (v: string) => formatTime(v, i18n.language) },
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
