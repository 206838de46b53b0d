// The postings of one ledger entry: account (code and name), debit or
// credit in the posting's own currency, and the dimensions (shop, channel,
// SKU, the business record behind it). The journal's expanded row and the
// entry drawer show the same table.
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/hub';
import type { Posting } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { accountName, postingSource } from './journal';

export default function EntryPostings({ postings, accounts, testid }: { postings: Posting[]; accounts: Account[]; testid?: string }) {
  const { t, i18n } = useTranslation('finance');
  const name = (code: string) => accountName(accounts.find((a) => a.code === code), i18n.language);
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  return (
    <Table<Posting>
      size="small"
      rowKey={(_, i) => String(i)}
      dataSource={postings}
      pagination={false}
      data-testid={testid}
      columns={[
        { title: t('col.account'), dataIndex: 'account', render: (c: string) => `${c} ${name(c)}`.trim() },
        { title: t('col.debit'), key: 'd', align: 'right', render: (_: unknown, p) => (p.side === 'debit' ? money(p.amount) : '') },
        { title: t('col.credit'), key: 'c', align: 'right', render: (_: unknown, p) => (p.side === 'credit' ? money(p.amount) : '') },
        { title: t('col.shop'), dataIndex: 'shop' },
        { title: t('col.channel'), dataIndex: 'channel' },
        { title: t('col.sku'), dataIndex: 'sku' },
        {
          title: t('col.source'),
          key: 'src',
          render: (_: unknown, p) => {
            const s = postingSource(p);
            return s ? <Typography.Text code>{s}</Typography.Text> : '';
          },
        },
      ]}
    />
  );
}
