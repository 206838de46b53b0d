// A payout's lines, as the platform settled them, a page at a time.
import { useState } from 'react';
import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import type { PayoutLine, PayoutPage } from '../../api/finance';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

export default function PayoutLines({ id }: { id: number }) {
  const { t, i18n } = useTranslation('settlements');
  const [after, setAfter] = useState<string[]>(['']);
  const page = useGet<PayoutPage>(`/api/v1/settlements/payouts/${id}/lines`, { after: after[after.length - 1], limit: 100 });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<PayoutLine>
        size="small"
        rowKey="id"
        loading={page.loading}
        dataSource={page.data?.lines ?? []}
        pagination={false}
        data-testid="payout-lines"
        columns={[
          { title: t('line.row'), dataIndex: 'row', width: 60 },
          { title: t('line.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`kind.${k}`, { defaultValue: k })}</Tag> },
          { title: t('line.type'), dataIndex: 'type' },
          { title: t('line.order'), dataIndex: 'order_ref' },
          { title: t('line.sku'), dataIndex: 'sku' },
          { title: t('line.amount'), key: 'amount', align: 'right', render: (_: unknown, l) => formatMoney(l.amount.amount, l.amount.currency, i18n.language) },
          { title: t('line.posted'), key: 'posted', render: (_: unknown, l) => formatTime(l.posted_at, i18n.language) },
          { title: t('line.key'), dataIndex: 'key', ellipsis: true },
        ]}
      />
      <Space>
        <Button disabled={after.length < 2} onClick={() => setAfter(after.slice(0, -1))}>
          {t('line.prev')}
        </Button>
        <Button disabled={!page.data?.next_after} onClick={() => setAfter([...after, page.data!.next_after])}>
          {t('line.next')}
        </Button>
      </Space>
    </Space>
  );
}
