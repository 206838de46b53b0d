// 发票: invoices by status; a requested one is issued (its 发票号码 and
// date entered after the tax system issued it) or rejected with a reason;
// the requested ones export as the sheet the tax system imports.
import { useState } from 'react';
import { App, Button, Card, Segmented, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { download } from '../../api/client';
import { useGet, useShops } from '../../api/hooks';
import type { Invoice } from '../../api/finance';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import InvoiceActions from './InvoiceActions';

const statuses = ['requested', 'issued', 'rejected', 'cancelled'] as const;
const statusColor: Record<string, string> = { requested: 'orange', issued: 'green', rejected: 'red', cancelled: 'default' };

export default function InvoicesPage() {
  const { t, i18n } = useTranslation('invoices');
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'requested';
  const shops = useShops();
  const list = useGet<{ items: Invoice[] }>('/api/v1/invoices', { status, limit: 500 });
  const [exporting, setExporting] = useState(false);
  const desk = allows(can.bookkeepers, user?.role);
  const exportSheet = async () => {
    setExporting(true);
    try {
      message.success(t('exported', { name: await download('/api/v1/invoices/export.xlsx') }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Card
      title={t('title')}
      extra={
        desk && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportSheet} data-testid="invoice-export">
            {t('export')}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => setParams({ status: String(v) }, { replace: true })}
          options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          data-testid="invoice-status"
        />
      </Space>
      <Table<Invoice>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        data-testid="invoices"
        columns={[
          { title: t('col.id'), dataIndex: 'id', width: 70 },
          { title: t('col.shop'), dataIndex: 'shop', render: (s: string) => shops.find((x) => x.id === s)?.name ?? s },
          { title: t('col.order'), dataIndex: 'order_id' },
          { title: t('col.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'red' ? 'red' : 'blue'}>{t(`kind.${k}`)}</Tag> },
          { title: t('col.title'), key: 'title', render: (_: unknown, v) => `${v.title}${v.tax_no ? ' · ' + v.tax_no : ''}` },
          { title: t('col.amount'), key: 'amount', align: 'right', render: (_: unknown, v) => formatMoney(v.amount.amount, v.amount.currency, i18n.language) },
          { title: t('col.status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColor[s]}>{t(`status.${s}`)}</Tag> },
          { title: t('col.number'), key: 'number', render: (_: unknown, v) => (v.number ? `${v.number} · ${v.issued_on}` : v.reason) },
          { title: t('col.created'), dataIndex: 'created_at', render: (c: string) => formatTime(c, i18n.language) },
          {
            title: '',
            key: 'act',
            render: (_: unknown, v) => (desk && v.status === 'requested' ? <InvoiceActions invoice={v} onDone={list.reload} /> : null),
          },
        ]}
      />
    </Card>
  );
}
