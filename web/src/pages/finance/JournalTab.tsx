// The journal of one entity in posting order, a page at a time; filters work
// on what is loaded (load more to reach further). Each entry opens to
// its postings (EntryPostings, as the entry drawer shows them); its id
// opens the entry drawer.
import { useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Account } from '../../api/hub';
import type { Entry, Page } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { dayInZone, formatTime } from '../../lib/time';
import { accountName } from './FinancePage';
import EntryPostings from './EntryPostings';
import { useEntryParam } from './entryParam';
import { entryTotals, filterEntries, type JournalFilter } from './journal';

/** maxAutoPages bounds how far a linked period is loaded by itself (entries come in posting order). */
const maxAutoPages = 25;

export default function JournalTab({ entity, accounts, params }: { entity: string; accounts: Account[]; params: URLSearchParams }) {
  const { t, i18n } = useTranslation('finance');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [, openEntry] = useEntryParam();
  // A link may name a period, shop and channel (the dashboard's gross margin).
  const [f, setF] = useState<JournalFilter>(() => ({ shop: params.get('shop') || undefined, channel: params.get('channel') || undefined }));
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() => {
    const from = params.get('from'), to = params.get('to');
    return from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
  });

  // load reads a page; with a period to reach, it reads on until it is past
  // the period's end (entries come in posting order) or maxAutoPages.
  const load = async (cursor: string) => {
    setLoading(true);
    const until = range?.[1]?.format('YYYY-MM-DD');
    try {
      let c = cursor;
      for (let pages = 0; ; pages++) {
        const from = c; // the updater runs later, when c has moved on
        const page = await api.get<Page<Entry>>('/api/v1/ledger/entries', { entity, cursor: from, limit: 200 });
        setEntries((old) => (from ? [...old, ...page.items] : page.items));
        setNext(page.next_cursor);
        c = page.next_cursor;
        const last = page.items[page.items.length - 1];
        if (!until || !c || pages + 1 >= maxAutoPages || (last && dayInZone(new Date(last.effective_at)) > until)) break;
      }
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
        <Input allowClear placeholder={t('filter.shop')} defaultValue={f.shop} style={{ width: 140 }} onChange={(e) => setF({ ...f, shop: e.target.value.trim() || undefined })} />
        <Input allowClear placeholder={t('filter.channel')} defaultValue={f.channel} style={{ width: 120 }} onChange={(e) => setF({ ...f, channel: e.target.value.trim() || undefined })} />
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
          expandedRowRender: (e) => <EntryPostings postings={e.postings} accounts={accounts} />,
        }}
        columns={[
          {
            title: '#',
            dataIndex: 'id',
            width: 80,
            render: (id: number) => (
              <Typography.Link onClick={() => openEntry(id)} data-testid="journal-entry">
                {id}
              </Typography.Link>
            ),
          },
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
