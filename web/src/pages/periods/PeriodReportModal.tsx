// A period's close report: entries, late items, what is not reconciled,
// and its trial balance.
import { Descriptions, Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import type { PeriodReport } from '../../api/finance';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

type Row = PeriodReport['trial_balance'][number];

export default function PeriodReportModal({ entity, period, onClose }: { entity: string; period: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('periods');
  const r = useGet<PeriodReport>(period ? `/api/v1/periods/${period}/report` : null, { entity }).data;
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  return (
    <Modal open={period !== null} onCancel={onClose} footer={null} width={800} title={t('reportTitle', { period })} destroyOnHidden>
      {r && r.period === period && (
        <div data-testid="period-report-body">
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('col.status')}>{t(`status.${r.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('span')}>{`${formatTime(r.start, i18n.language)} ~ ${formatTime(r.end, i18n.language)}`}</Descriptions.Item>
            <Descriptions.Item label={t('entries')}>{r.entries}</Descriptions.Item>
            <Descriptions.Item label={t('late')}>{r.late_items}</Descriptions.Item>
            <Descriptions.Item label={t('unreconciled')}>{r.reconciliation.unreconciled_payouts}</Descriptions.Item>
            <Descriptions.Item label={t('openDiffs')}>{r.reconciliation.open_differences.map(money).join(' · ') || '—'}</Descriptions.Item>
          </Descriptions>
          <Table<Row>
            size="small"
            rowKey={(l) => l.account + '|' + l.currency}
            pagination={false}
            dataSource={r.trial_balance}
            columns={[
              { title: t('account'), dataIndex: 'account' },
              { title: t('debit'), key: 'd', align: 'right', render: (_: unknown, l) => money(l.debit) },
              { title: t('credit'), key: 'c', align: 'right', render: (_: unknown, l) => money(l.credit) },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
