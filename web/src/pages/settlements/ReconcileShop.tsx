// 对账全部: every payout of the chosen shop reconciled in one call, oldest
// deposit first (POST /api/v1/shops/{id}/settlement-reconcile). The answer
// lists each payout's outcome; a payout that failed midway is named with
// its error, the payouts before it booked. The list is reloaded after, so
// each row shows its new reconciliation.
import { useState } from 'react';
import { Alert, Button, Table, Tag } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { PayoutReconciled, ShopReconciliation } from '../../api/finance';

export function ReconcileShopButton({ shop, onDone }: { shop: string; onDone: (r: ShopReconciliation) => void }) {
  const { t } = useTranslation('settlements');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      onDone(await api.post<ShopReconciliation>(`/api/v1/shops/${encodeURIComponent(shop)}/settlement-reconcile`));
    } catch {
      // the client has shown the server's message (no payouts, unknown shop)
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<CheckCircleOutlined />} disabled={!shop} title={shop ? undefined : t('all.pickShop')} loading={busy} onClick={run} data-testid="reconcile-all">
      {t('all.run')}
    </Button>
  );
}

export function ReconcileShopResult({ result, onClose }: { result: ShopReconciliation; onClose: () => void }) {
  const { t } = useTranslation('settlements');
  const { totals, stopped } = result;
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={stopped ? 'warning' : 'success'}
      showIcon
      closable
      onClose={onClose}
      data-testid="reconcile-all-result"
      message={
        <span data-testid="reconcile-all-summary">
          {t('all.summary', { done: result.reconciled.length, of: result.payouts, applied: totals.applied, duplicate: totals.duplicate,
            posted: totals.posted, differences: totals.differences })}
        </span>
      }
      description={
        <>
          {stopped && (
            <Alert
              type="error"
              style={{ marginBottom: 8 }}
              data-testid="reconcile-all-stopped"
              message={t('all.stopped', { ref: stopped.ref })}
              description={`${stopped.error.message} (${stopped.error.code})`}
            />
          )}
          <Table<PayoutReconciled>
            size="small"
            rowKey="payout_id"
            pagination={false}
            dataSource={result.reconciled}
            data-testid="reconcile-all-payouts"
            columns={[
              { title: t('col.ref'), dataIndex: 'ref' },
              {
                title: t('all.outcome'),
                dataIndex: 'status',
                render: (s: PayoutReconciled['status']) => <Tag color={s === 'applied' ? 'blue' : undefined}>{t(`all.${s}`)}</Tag>,
              },
              { title: t('all.runCol'), dataIndex: 'run_id', render: (id: number) => `#${id}` },
              { title: t('all.posted'), key: 'posted', align: 'right', render: (_: unknown, p) => p.posted.length },
              { title: t('all.reversed'), dataIndex: 'reversed', align: 'right' },
              { title: t('all.differences'), dataIndex: 'differences', align: 'right' },
            ]}
          />
        </>
      }
    />
  );
}
