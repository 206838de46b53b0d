// One payout: its header, its lines (paged by the API's after cursor) and
// its reconciliation, in a drawer over the payouts list.
import { Descriptions, Drawer, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import type { PayoutPage } from '../../api/finance';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import PayoutLines from './PayoutLines';
import ReconciliationView from './ReconciliationView';

interface Props {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}

export default function PayoutDrawer({ id, onClose, onChanged }: Props) {
  const { t, i18n } = useTranslation('settlements');
  const page = useGet<PayoutPage>(id === null ? null : `/api/v1/settlements/payouts/${id}`, { limit: 1 });
  const p = page.data?.payout;
  return (
    <Drawer open={id !== null} onClose={onClose} width={1100} title={p ? t('detail.title', { ref: p.ref, shop: p.shop }) : ''} destroyOnHidden>
      {p && (
        <>
          <Descriptions size="small" column={3} data-testid="payout-detail">
            <Descriptions.Item label={t('col.platform')}>{p.platform}</Descriptions.Item>
            <Descriptions.Item label={t('detail.format')}>{p.format}</Descriptions.Item>
            <Descriptions.Item label={t('col.amount')}>{p.total ? formatMoney(p.total.amount, p.total.currency, i18n.language) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('col.deposit')}>{formatTime(p.deposit_at, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.imported')}>{formatTime(p.imported_at, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('col.lines')}>{p.lines}</Descriptions.Item>
          </Descriptions>
          <Tabs
            defaultActiveKey="recon"
            items={[
              { key: 'recon', label: t('detail.recon'), children: <ReconciliationView id={p.id} onChanged={onChanged} /> },
              { key: 'lines', label: t('detail.lines'), children: <PayoutLines id={p.id} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
