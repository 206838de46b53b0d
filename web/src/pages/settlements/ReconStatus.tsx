// Where one payout's reconciliation stands: reconciled, N differences
// (open ones counted), or not yet. Read per row: the payouts list does not
// carry it, and a page of payouts is small.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useReconciliation } from '../../api/finance';
import { isOpen, isZero } from './recon';

export default function ReconStatus({ payout }: { payout: number }) {
  const { t } = useTranslation('settlements');
  const r = useReconciliation(payout).data;
  if (!r) return null;
  if (!r.run) return <Tag data-testid="recon-status">{t('status.notYet')}</Tag>;
  const open = r.differences.filter(isOpen).length;
  const remainder = r.waterfall && !isZero(r.waterfall.remainder.amount);
  if (!r.differences.length && !remainder) return <Tag color="green" data-testid="recon-status">{t('status.reconciled')}</Tag>;
  return (
    <Tag color={open || remainder ? 'red' : 'orange'} data-testid="recon-status">
      {t('status.differences', { count: r.differences.length, open })}
    </Tag>
  );
}
