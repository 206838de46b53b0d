// The ad spend kept for the page's days, a row per channel, campaign and
// day as imported (GET /api/v1/profit/spend, in day order, a page of 100
// at a time), each amount in the currency it was imported in.
import { useEffect, useRef, useState } from 'react';
import { Button, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';

interface SpendKept {
  day: string;
  channel: string;
  campaign: string;
  amount: { amount: string; currency: string };
  imported_at: string;
}

/** SpendTable lists the spend of from..to; a change of tick (an import) reads it again from the start. */
export default function SpendTable({ from, to, tick }: { from: string; to: string; tick: number }) {
  const { t, i18n } = useTranslation('profit');
  const [items, setItems] = useState<SpendKept[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const load = async (cursor: string) => {
    const mine = ++seq.current; // a read that a newer one (other days, an import) overtook is dropped
    setLoading(true);
    try {
      const page = await api.get<Page<SpendKept>>('/api/v1/profit/spend', { from, to, cursor: cursor || undefined, limit: 100 });
      if (mine !== seq.current) return;
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // the client has shown the server's message
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
  }, [from, to, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<SpendKept>
        size="small"
        rowKey={(s) => `${s.day}|${s.channel}|${s.campaign}`}
        loading={loading}
        dataSource={items}
        pagination={false}
        data-testid="spend-rows"
        columns={[
          { title: t('group.day'), dataIndex: 'day' },
          { title: t('group.channel'), dataIndex: 'channel' },
          { title: t('group.campaign'), dataIndex: 'campaign' },
          { title: t('col.spend'), key: 'amount', align: 'right', render: (_: unknown, s) => formatMoney(s.amount.amount, s.amount.currency, i18n.language) },
          { title: t('spend.importedAt'), dataIndex: 'imported_at', render: (v: string) => formatTime(v, i18n.language) },
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
