// Drill-down into one account: its balance and its postings over a period,
// by shop, channel and SKU — filtered by the server, so the whole history
// is reachable; the filters live in the URL, so a figure can link here.
import { useEffect, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Account, AccountBalance, LedgerMovement } from '../../api/hub';
import type { Page } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { accountName } from './FinancePage';

const dims = ['shop', 'channel', 'sku'] as const;

export default function AccountTab(p: {
  entity: string;
  accounts: Account[];
  params: URLSearchParams;
  set: (c: Record<string, string | undefined>) => void;
}) {
  const { t, i18n } = useTranslation('finance');
  const code = p.params.get('account') ?? '';
  const q = { entity: p.entity, shop: p.params.get('shop'), channel: p.params.get('channel'), sku: p.params.get('sku'), from: p.params.get('from'), to: p.params.get('to') };
  const key = JSON.stringify(q) + code;
  const balance = useLoad(
    () => (code ? api.get<AccountBalance>(`/api/v1/ledger/accounts/${encodeURIComponent(code)}/balance`, q) : Promise.resolve(undefined)),
    [key],
  );
  const [items, setItems] = useState<LedgerMovement[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const load = async (cursor: string) => {
    if (!code) return setItems([]);
    setLoading(true);
    try {
      const page = await api.get<Page<LedgerMovement>>(`/api/v1/ledger/accounts/${encodeURIComponent(code)}/movements`, { ...q, cursor, limit: 200 });
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // shown by the client
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);
  const from = q.from ? dayjs(q.from) : null;
  const to = q.to ? dayjs(q.to) : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          showSearch
          style={{ width: 280 }}
          placeholder={t('filter.pickAccount')}
          value={code || undefined}
          optionFilterProp="label"
          onChange={(v) => p.set({ account: v })}
          options={p.accounts.map((a) => ({ value: a.code, label: `${a.code} ${accountName(a, i18n.language)}` }))}
          data-testid="account-pick"
        />
        {dims.map((d) => (
          <Input.Search
            key={d + (q[d] ?? '')}
            allowClear
            defaultValue={q[d] ?? ''}
            placeholder={t(`filter.${d}`)}
            style={{ width: 150 }}
            onSearch={(v) => p.set({ [d]: v.trim() || undefined })}
          />
        ))}
        <DatePicker.RangePicker
          value={[from, to]}
          allowEmpty={[true, true]}
          onChange={(v) => p.set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
      </Space>
      {code && (
        <Space size="large" data-testid="account-balance">
          {(balance.data?.balances ?? []).map((b) => (
            <Statistic
              key={b.amount.currency + b.side}
              title={`${code} ${accountName(p.accounts.find((a) => a.code === code), i18n.language)} · ${t(`side.${b.side}`)}`}
              value={money(b.amount)}
            />
          ))}
          {balance.data && balance.data.balances.length === 0 && <Typography.Text type="secondary">{t('account.zero')}</Typography.Text>}
        </Space>
      )}
      {code ? (
        <Table<LedgerMovement>
          size="small"
          rowKey={(m) => `${m.entry}|${m.line}`}
          loading={loading}
          dataSource={items}
          pagination={{ defaultPageSize: 50 }}
          data-testid="account-movements"
          columns={[
            { title: '#', dataIndex: 'entry', width: 80 },
            { title: t('col.effective'), dataIndex: 'effective_at', width: 180, render: (v: string) => formatTime(v, i18n.language) },
            { title: t('col.description'), dataIndex: 'description' },
            { title: t('col.debit'), key: 'd', align: 'right', render: (_: unknown, m) => (m.side === 'debit' ? money(m.amount) : '') },
            { title: t('col.credit'), key: 'c', align: 'right', render: (_: unknown, m) => (m.side === 'credit' ? money(m.amount) : '') },
            { title: t('col.shop'), dataIndex: 'shop', render: (s: string) => (s ? <Tag>{s}</Tag> : '') },
            { title: t('col.channel'), dataIndex: 'channel' },
            { title: t('col.sku'), dataIndex: 'sku' },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('account.pick')}</Typography.Text>
      )}
      {next && (
        <Button block onClick={() => void load(next)} loading={loading}>
          {t('common:more')}
        </Button>
      )}
    </Space>
  );
}
