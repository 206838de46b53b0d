// Where one payout's reconciliation stands: reconciled, N differences
// (open ones counted), or not yet — from the brief the payouts list
// carries for each payout (no read per row).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReconBrief } from '../../api/finance';
import { briefOpen, isZero } from './recon';

export default function ReconStatus({ brief }: { brief: ReconBrief | undefined }) {
  const { t } = useTranslation('settlements');
  if (!brief) return <Tag data-testid="recon-status">{t('status.notYet')}</Tag>;
  const open = briefOpen(brief.by_class);
  const remainder = !isZero(brief.remainder.amount);
  if (!brief.differences && !remainder) return <Tag color="green" data-testid="recon-status">{t('status.reconciled')}</Tag>;
  return (
    <Tag color={open || remainder ? 'red' : 'orange'} data-testid="recon-status">
      {t('status.differences', { count: brief.differences, open })}
    </Tag>
  );
}
