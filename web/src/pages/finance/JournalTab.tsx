// The journal of one entity in posting order, a page at a time; filters work
// on what is loaded (load more to reach further). Each entry opens to
// its postings.
import { useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Account } from '../../api/hub';
import type { Entry, Page, Posting } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { dayInZone, formatTime } from '../../lib/time';
import { accountName } from './FinancePage';
import { entryTotals, filterEntries, type JournalFilter } from './journal';

export default function JournalTab({ entity, accounts }: { entity: string; accounts: Account[] }) {
  const { t, i18n } = useTranslation('finance');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [f, setF] = useState<JournalFilter>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);

  const load = async (cursor: string) => {
    setLoading(true);
    try {
      const page = await api.get<Page<Entry>>('/api/v1/ledger/entries', { entity, cursor, limit: 200 });
      setEntries((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // shown by the client
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [entity]); // eslint-disable-line react-hooks/exhaustive-deps

  const filter = { ...f, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const shown = useMemo(() => filterEntries(entries, filter, (s) => dayInZone(new Date(s))), [entries, f, range]); // eslint-disable-line react-hooks/exhaustive-deps
  const name = (code: string) => accountName(accounts.find((a) => a.code === code), i18n.language);
  const money = (m: { amount: string; currency: string }) => formatMoney(m.amount, m.currency, i18n.language);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          showSearch
          placeholder={t('filter.account')}
          style={{ width: 240 }}
          value={f.account}
          onChange={(v) => setF({ ...f, account: v })}
          optionFilterProp="label"
          options={accounts.map((a) => ({ value: a.code, label: `${a.code} ${accountName(a, i18n.language)}` }))}
        />
        <Input.Search allowClear placeholder={t('filter.text')} style={{ width: 220 }} onSearch={(v) => setF({ ...f, text: v })} />
        <Input allowClear placeholder={t('filter.shop')} style={{ width: 140 }} onChange={(e) => setF({ ...f, shop: e.target.value.trim() || undefined })} />
        <Input allowClear placeholder={t('filter.sku')} style={{ width: 140 }} onChange={(e) => setF({ ...f, sku: e.target.value.trim() || undefined })} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} />
        <Button onClick={() => void load('')}>{t('common:refresh')}</Button>
      </Space>
      <Typography.Text type="secondary">{t('journal.loaded', { shown: shown.length, loaded: entries.length })}</Typography.Text>
      <Table<Entry>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={shown}
        data-testid="journal"
        pagination={{ defaultPageSize: 50, showSizeChanger: true }}
        expandable={{
          expandedRowRender: (e) => (
            <Table<Posting>
              size="small"
              rowKey={(_, i) => String(i)}
              dataSource={e.postings}
              pagination={false}
              columns={[
                { title: t('col.account'), dataIndex: 'account', render: (c: string) => `${c} ${name(c)}` },
                { title: t('col.debit'), key: 'd', align: 'right', render: (_: unknown, p) => (p.side === 'debit' ? money(p.amount) : '') },
                { title: t('col.credit'), key: 'c', align: 'right', render: (_: unknown, p) => (p.side === 'credit' ? money(p.amount) : '') },
                { title: t('col.shop'), dataIndex: 'shop' },
                { title: t('col.channel'), dataIndex: 'channel' },
                { title: t('col.sku'), dataIndex: 'sku' },
              ]}
            />
          ),
        }}
        columns={[
          { title: '#', dataIndex: 'id', width: 80 },
          { title: t('col.effective'), dataIndex: 'effective_at', width: 180, render: (v: string) => formatTime(v, i18n.language) },
          {
            title: t('col.description'),
            dataIndex: 'description',
            render: (d: string, e) => (
              <Space>
                {d}
                {e.reverses ? <Tag color="orange">{t('journal.reverses', { id: e.reverses })}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('col.amount'),
            key: 'amount',
            align: 'right',
            render: (_: unknown, e) => entryTotals(e).map((m) => <div key={m.currency}>{money(m)}</div>),
          },
          { title: t('col.source'), dataIndex: 'source_key', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
        ]}
      />
      {next && (
        <Button block onClick={() => void load(next)} loading={loading}>
          {t('common:more')}
        </Button>
      )}
    </Space>
  );
}
