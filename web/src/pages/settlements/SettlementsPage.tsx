// 平台结算: the platforms' payouts — shop, platform, period, amount and
// where their reconciliation stands — an import of a settlement file, and
// a payout's detail (its lines and its reconciliation) in a drawer, and
// the chosen shop's payouts reconciled all at once.
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePayouts, type Payout, type ShopReconciliation } from '../../api/finance';
import { useShops } from '../../api/hooks';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import ImportSettlement from './ImportSettlement';
import PayoutDrawer from './PayoutDrawer';
import EntryDrawer from '../finance/EntryDrawer';
import ReconStatus from './ReconStatus';
import { ReconcileShopButton, ReconcileShopResult } from './ReconcileShop';

export default function SettlementsPage() {
  const { t, i18n } = useTranslation('settlements');
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const shop = params.get('shop') ?? '';
  const open = params.get('payout');
  const [importing, setImporting] = useState(false);
  const [reconciled, setReconciled] = useState<ShopReconciliation | null>(null);
  const shops = useShops();
  const payouts = usePayouts(shop);
  const set = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };
  const day = (s: string | null) => (s ? formatTime(s, i18n.language).slice(0, 10) : '—');
  return (
    <Card
      title={t('title')}
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 220 }}
            placeholder={t('allShops')}
            data-testid="settlements-shop"
            value={shop || undefined}
            onChange={(v) => (set('shop', v ?? null), setReconciled(null))}
            options={shops.map((s) => ({ value: s.id, label: s.name }))}
          />
          {allows(can.bookkeepers, user?.role) && (
            <ReconcileShopButton shop={shop} onDone={(r) => (setReconciled(r), payouts.reload())} />
          )}
          {allows(can.bookkeepers, user?.role) && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="settlement-import-open">
              {t('import.open')}
            </Button>
          )}
        </Space>
      }
    >
      {reconciled && <ReconcileShopResult result={reconciled} onClose={() => setReconciled(null)} />}
      <Table<Payout>
        size="small"
        rowKey="id"
        loading={payouts.loading}
        dataSource={payouts.data?.items ?? []}
        data-testid="payouts"
        onRow={(p) => ({ onClick: () => set('payout', String(p.id)), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('col.ref'), dataIndex: 'ref', render: (r: string) => <a>{r}</a> },
          { title: t('col.shop'), dataIndex: 'shop' },
          { title: t('col.platform'), dataIndex: 'platform', render: (p: string) => <Tag>{p}</Tag> },
          { title: t('col.period'), key: 'period', render: (_: unknown, p) => `${day(p.start)} ~ ${day(p.end)}` },
          { title: t('col.deposit'), key: 'deposit', render: (_: unknown, p) => day(p.deposit_at) },
          {
            title: t('col.amount'),
            key: 'amount',
            align: 'right',
            render: (_: unknown, p) => (p.total ? formatMoney(p.total.amount, p.total.currency, i18n.language) : '—'),
          },
          { title: t('col.lines'), dataIndex: 'lines', align: 'right' },
          { title: t('col.recon'), key: 'recon', render: (_: unknown, p) => <ReconStatus brief={p.reconciliation} /> },
        ]}
      />
      <ImportSettlement
        open={importing}
        shops={shops}
        onClose={() => setImporting(false)}
        onImported={() => payouts.reload()}
      />
      <PayoutDrawer id={open ? Number(open) : null} onClose={() => set('payout', null)} onChanged={() => payouts.reload()} />
      <EntryDrawer />
    </Card>
  );
}
