// A payout's reconciliation: the waterfall (sales → refunds → commission
// → fees → adjustments → payout) expected beside actual, what explains
// the gap, and the differences with the open ones first. A re-run posts
// the new run's entries and reverses the old ones (or says duplicate); the
// current run's entries open in the entry drawer.
import { useState } from 'react';
import { Alert, Button, Empty, Space, Statistic, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useReconciliation, type ReconcileResult } from '../../api/finance';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useEntryParam } from '../finance/entryParam';
import Waterfall from './Waterfall';
import DifferencesTable from './DifferencesTable';
import { isZero } from './recon';

export default function ReconciliationView({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation('settlements');
  const { user } = useSession();
  const rec = useReconciliation(id);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ReconcileResult | null>(null);
  const [, setEntry] = useEntryParam();
  const rerun = async () => {
    setBusy(true);
    try {
      const r = await api.post<ReconcileResult>(`/api/v1/settlements/payouts/${id}/reconcile`);
      setLast(r);
      rec.reload();
      onChanged();
    } catch {
      // the client has shown the server's message
    } finally {
      setBusy(false);
    }
  };
  const r = rec.data;
  const w = r?.waterfall;
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        {allows(can.bookkeepers, user?.role) && (
          <Button icon={<ReloadOutlined />} loading={busy} onClick={rerun} data-testid="recon-rerun">
            {r?.run ? t('recon.rerun') : t('recon.run')}
          </Button>
        )}
        {r?.run && (
          <Typography.Text type="secondary">
            {t('recon.runInfo', { id: r.run.id, rules: r.run.rules_version, at: formatTime(r.run.created_at, i18n.language), runs: r.runs.length })}
          </Typography.Text>
        )}
      </Space>
      {r?.run && r.run.entries.length > 0 && (
        <Space wrap data-testid="recon-entries">
          <Typography.Text type="secondary">{t('recon.entries')}</Typography.Text>
          {r.run.entries.map((e) => (
            <Typography.Link key={e} onClick={() => setEntry(e)} data-testid="recon-entry">
              #{e}
            </Typography.Link>
          ))}
        </Space>
      )}
      {last && (
        <Alert
          type={last.status === 'applied' ? 'success' : 'info'}
          showIcon
          closable
          data-testid="recon-result"
          message={last.status === 'applied' ? t('recon.applied', { run: last.run_id, posted: last.posted.length, reversed: last.reversed }) : t('recon.duplicate', { run: last.run_id })}
        />
      )}
      {r && !w && <Empty description={t('recon.never')} />}
      {w && (
        <>
          <Waterfall steps={w.steps} />
          <Space size="large" data-testid="recon-summary">
            <Statistic title={t('recon.explained')} value={money(w.explained)} />
            <Statistic title={t('recon.tolerated')} value={money(w.tolerated)} />
            <Statistic
              title={t('recon.remainder')}
              value={money(w.remainder)}
              valueStyle={{ color: isZero(w.remainder.amount) ? undefined : '#cf1322' }}
            />
          </Space>
          <DifferencesTable differences={r.differences} remainder={w.remainder} />
        </>
      )}
    </Space>
  );
}
