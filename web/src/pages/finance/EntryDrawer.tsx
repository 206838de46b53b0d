// One ledger entry in a drawer, read from GET /api/v1/ledger/entries/{id}:
// its time in the merchant zone, description, source key, the entry it
// reverses or that reversed it, and its postings. Pages that name entries
// (the journal, an order's profit, a payout's reconciliation run) open it
// instead of linking to the JSON. The entry is the page's ?entry= (see
// entryParam.ts): each such page renders the drawer once, at its top, so
// the param opens it whatever nested drawer named the entry.
import { Descriptions, Drawer, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import type { Account, Items } from '../../api/hub';
import type { Entry } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import EntryPostings from './EntryPostings';
import { useEntryParam } from './entryParam';
import { entryTotals } from './journal';

export default function EntryDrawer() {
  const { t, i18n } = useTranslation('finance');
  const [id, setId] = useEntryParam();
  const got = useGet<Entry>(id === null ? null : `/api/v1/ledger/entries/${id}`);
  const accounts = useGet<Items<Account>>(id === null ? null : '/api/v1/ledger/accounts', undefined, true).data?.items ?? [];
  // A read of another id keeps the last entry until it lands: show only the one asked for.
  const e = got.data && got.data.id === id ? got.data : undefined;
  return (
    <Drawer open={id !== null} onClose={() => setId(null)} width={900} title={t('entry.title', { id: id ?? '' })} destroyOnHidden data-testid="entry-drawer">
      {got.error ? <Empty description={String((got.error as Error).message)} /> : null}
      {!e && !got.error && <Spin />}
      {e && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="entry-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="#">{e.id}</Descriptions.Item>
            <Descriptions.Item label={t('col.effective')}>{formatTime(e.effective_at, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('col.description')} span={2}>
              {e.description}
            </Descriptions.Item>
            <Descriptions.Item label={t('entry.sourceKey')} span={2}>
              <Typography.Text code>{e.source_key}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('col.amount')}>
              {entryTotals(e).map((m) => (
                <div key={m.currency}>{formatMoney(m.amount, m.currency, i18n.language)}</div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('entry.postedAt')}>{formatTime(e.posted_at, i18n.language)}</Descriptions.Item>
            {e.reverses ? (
              <Descriptions.Item label={t('entry.reverses')} span={2}>
                <Tag color="orange">
                  <Typography.Link onClick={() => setId(e.reverses!)} data-testid="entry-reverses">
                    #{e.reverses}
                  </Typography.Link>
                </Tag>
              </Descriptions.Item>
            ) : null}
            {e.reversed_by ? (
              <Descriptions.Item label={t('entry.reversedBy')} span={2}>
                <Tag color="red">
                  <Typography.Link onClick={() => setId(e.reversed_by!)} data-testid="entry-reversed-by">
                    #{e.reversed_by}
                  </Typography.Link>
                </Tag>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <EntryPostings postings={e.postings} accounts={accounts} testid="entry-postings" />
        </Space>
      )}
    </Drawer>
  );
}
