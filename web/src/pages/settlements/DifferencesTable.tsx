// The classified differences, open (unexplained) first, each with its
// class, the server's explanation, expected, actual, impact and the order
// and lines behind it. A remainder nothing explains leads the table.
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReconDifference } from '../../api/finance';
import type { Money } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { isOpen, isZero, orderDifferences } from './recon';

export default function DifferencesTable({ differences, remainder }: { differences: ReconDifference[]; remainder: Money }) {
  const { t, i18n } = useTranslation('settlements');
  const money = (m: Money) => formatMoney(m.amount, m.currency, i18n.language);
  const rows = orderDifferences(differences);
  return (
    <>
      <Typography.Title level={5}>{t('diff.title', { count: differences.length })}</Typography.Title>
      {!isZero(remainder.amount) && (
        <Typography.Paragraph type="danger" data-testid="recon-unexplained">
          {t('diff.remainder', { amount: money(remainder) })}
        </Typography.Paragraph>
      )}
      <Table<ReconDifference>
        size="small"
        rowKey={(d) => d.class + '|' + d.subject + '|' + (d.type ?? '')}
        dataSource={rows}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        data-testid="recon-differences"
        columns={[
          {
            title: t('diff.state'),
            key: 'state',
            width: 90,
            render: (_: unknown, d) => (isOpen(d) ? <Tag color="red">{t('diff.open')}</Tag> : <Tag color="green">{t('diff.explained')}</Tag>),
          },
          { title: t('diff.class'), dataIndex: 'class', render: (c: string) => <Tag title={c}>{t(`class.${c}`, { defaultValue: c })}</Tag> },
          { title: t('diff.message'), dataIndex: 'message' },
          {
            title: t('diff.behind'),
            key: 'behind',
            render: (_: unknown, d) => (
              <>
                {d.order_id ? <Link to={`/orders?order=${d.order_id}`}>{d.order_ref || d.order_id}</Link> : d.order_ref}
                {d.line_keys.length > 0 && <Typography.Text type="secondary"> {t('diff.lines', { keys: d.line_keys.join(', ') })}</Typography.Text>}
              </>
            ),
          },
          { title: t('recon.expected'), key: 'e', align: 'right', render: (_: unknown, d) => money(d.expected) },
          { title: t('recon.actual'), key: 'a', align: 'right', render: (_: unknown, d) => money(d.actual) },
          { title: t('diff.impact'), key: 'i', align: 'right', render: (_: unknown, d) => money(d.impact) },
        ]}
      />
    </>
  );
}
