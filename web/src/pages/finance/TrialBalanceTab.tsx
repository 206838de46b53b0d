// The trial balance at a day's end (or now): each account's debit and
// credit, totals per currency and whether they balance.
import { useState } from 'react';
import { DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { TrialBalance } from '../../api/hub';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { accountName } from './FinancePage';

type Line = TrialBalance['lines'][number];

export default function TrialBalanceTab({ entity, onAccount }: { entity: string; onAccount: (code: string) => void }) {
  const { t, i18n } = useTranslation('finance');
  const [at, setAt] = useState<Dayjs | null>(null);
  const day = at ? at.format('YYYY-MM-DD') : undefined;
  const tb = useLoad(() => api.get<TrialBalance>('/api/v1/ledger/trial-balance', { entity, at: day }), [entity, day]);
  const money = (m: { amount: string; currency: string }) => (m.amount.replace(/[0.]/g, '') === '' ? '' : formatMoney(m.amount, m.currency, i18n.language));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('trial.at')}</Typography.Text>
        <DatePicker value={at} onChange={setAt} allowClear placeholder={t('trial.now')} />
        {tb.data && <Typography.Text type="secondary">{t('trial.asOf', { at: formatTime(tb.data.at, i18n.language) })}</Typography.Text>}
      </Space>
      <Table<Line>
        size="small"
        rowKey={(l) => l.account + '|' + l.debit.currency}
        loading={tb.loading}
        dataSource={tb.data?.lines ?? []}
        pagination={false}
        data-testid="trial-balance"
        columns={[
          { title: t('col.account'), dataIndex: 'account', width: 100, render: (c: string) => <a onClick={() => onAccount(c)}>{c}</a> },
          { title: t('col.name'), key: 'name', render: (_: unknown, l) => accountName(l, i18n.language) },
          { title: t('col.debit'), key: 'debit', align: 'right', render: (_: unknown, l) => money(l.debit) },
          { title: t('col.credit'), key: 'credit', align: 'right', render: (_: unknown, l) => money(l.credit) },
        ]}
        summary={() =>
          (tb.data?.totals ?? []).map((s) => (
            <Table.Summary.Row key={s.debit.currency}>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Space>
                  <Typography.Text strong>{t('trial.total', { currency: s.debit.currency })}</Typography.Text>
                  <Tag color={s.balanced ? 'green' : 'red'} data-testid="trial-balanced">
                    {s.balanced ? t('trial.balanced') : t('trial.unbalanced')}
                  </Tag>
                </Space>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Typography.Text strong>{formatMoney(s.debit.amount, s.debit.currency, i18n.language)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong>{formatMoney(s.credit.amount, s.credit.currency, i18n.language)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ))
        }
      />
    </Space>
  );
}
