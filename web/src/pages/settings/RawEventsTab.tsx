// 事件回放 (admins): the kept inbound payloads — every body the hub answered,
// refused ones too — by source, refusal and period, each openable as it
// arrived, and replayed through today's code (docs/adr/0021-raw-events-and-replay.md):
// the selected ones one request each, with progress, or a whole filtered
// range in one request; either way each payload's outcome is listed.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RawEvent, Replayed } from '../../api/hub';
import { BulkProgress, useBulk, type RowResult } from '../../components/BulkRunner';
import { addDays, formatTime, merchantZone } from '../../lib/time';
import RawPayload from '../orders/RawPayload';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The API replays at most this many payloads a call (app.MaxReplay). */
const maxReplay = 1000;

/** startOfDay is the first instant of a YYYY-MM-DD day in the merchant zone, as RFC 3339 (replay takes times, not days). */
function startOfDay(day: string): string {
  return dayjs.tz(`${day} 00:00:00`, merchantZone()).format();
}

type Params = { params: URLSearchParams; setParams: (p: URLSearchParams, o?: { replace: boolean }) => void };

export default function RawEventsTab({ params, setParams }: Params) {
  const { t, i18n } = useTranslation('settings');
  const bulk = useBulk();
  const [events, setEvents] = useState<RawEvent[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const q = { source: params.get('source'), refused: params.get('refused'), from: params.get('from'), to: params.get('to') };
  const key = JSON.stringify(q);
  const set = (k: string, v?: string | null) => {
    const p = new URLSearchParams(params);
    p.set('tab', 'raw');
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  };

  const load = async (cursor: string) => {
    setLoading(true);
    try {
      const page = await api.get<{ items: RawEvent[]; next_cursor: string }>('/api/v1/raw-events', { ...q, cursor, limit: 100 });
      setEvents((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch {
      // the client has shown the server's message
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    setSelected([]);
    void load('');
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const label = (id: number, source: string) => `#${id} · ${source}`;
  const result = (r: Replayed): RowResult => {
    const row = { key: String(r.id), label: label(r.id, r.source) };
    if (r.error) return { ...row, outcome: 'error', message: `${r.error.code}: ${r.error.message}` };
    const did = [t(`raw.effect.${r.effect}`, { defaultValue: r.effect ?? '' }), r.order_id ? t('raw.order', { id: r.order_id }) : ''];
    return { ...row, outcome: r.effect === 'duplicate' ? 'duplicate' : 'applied', message: did.filter(Boolean).join(' · ') };
  };
  const replayed = () => void load('');

  const replaySelected = async () => {
    const rows = events.filter((e) => selected.includes(e.id)).map((e) => ({ key: String(e.id), label: label(e.id, e.source) }));
    await bulk.start(t('raw.replaySelected'), rows, async (row, idem) => {
      const got = await api.post<{ items: Replayed[] }>('/api/v1/raw-events/replay', { ids: [Number(row.key)] }, { quiet: true, idempotencyKey: idem });
      const r = got.items[0];
      if (!r) return { outcome: 'error', message: t('raw.gone') };
      const { outcome, message } = result(r);
      return { outcome, message };
    });
    replayed();
  };

  const replayRange = () =>
    Modal.confirm({
      title: t('raw.rangeConfirmTitle'),
      content: t('raw.rangeConfirm', { source: q.source, max: maxReplay }),
      onOk: async () => {
        await bulk.report(t('raw.replayRange'), async () => {
          const body = {
            source: q.source ?? '',
            refused: q.refused === 'true',
            from: q.from ? startOfDay(q.from) : undefined,
            to: q.to ? startOfDay(addDays(q.to, 1)) : undefined,
            limit: maxReplay,
          };
          const got = await api.post<{ items: Replayed[] }>('/api/v1/raw-events/replay', body, { quiet: true });
          return got.items.map(result);
        });
        replayed();
      },
    });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('raw.help')} />
      <Space wrap>
        <Input.Search key={'s' + (q.source ?? '')} allowClear defaultValue={q.source ?? ''} placeholder={t('raw.sourceHint')} style={{ width: 220 }} onSearch={(v) => set('source', v.trim())} data-testid="raw-source" />
        <Select
          style={{ width: 160 }}
          value={q.refused ?? ''}
          onChange={(v) => set('refused', v)}
          options={[
            { value: '', label: t('raw.all') },
            { value: 'true', label: t('raw.refusedOnly') },
          ]}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={[q.from ? dayjs(q.from) : null, q.to ? dayjs(q.to) : null]}
          onChange={(v) => {
            const p = new URLSearchParams(params);
            p.set('tab', 'raw');
            for (const [k, d] of [['from', v?.[0]], ['to', v?.[1]]] as const) {
              if (d) p.set(k, d.format('YYYY-MM-DD'));
              else p.delete(k);
            }
            setParams(p, { replace: true });
          }}
        />
        <Button type="primary" disabled={selected.length === 0} onClick={() => void replaySelected()} data-testid="raw-replay-selected">
          {t('raw.replaySelectedN', { count: selected.length })}
        </Button>
        <Tooltip title={q.source ? undefined : t('raw.rangeNeedsSource')}>
          <Button disabled={!q.source} onClick={replayRange} data-testid="raw-replay-range">
            {t('raw.replayRange')}
          </Button>
        </Tooltip>
      </Space>
      <Table<RawEvent>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={events}
        pagination={false}
        data-testid="raw-events"
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('raw.receivedAt'), dataIndex: 'received_at', width: 180, render: (v: string) => formatTime(v, i18n.language) },
          { title: t('raw.source'), dataIndex: 'source' },
          { title: t('raw.orderKey'), dataIndex: 'order_key' },
          {
            title: t('raw.outcome'),
            dataIndex: 'outcome',
            render: (o: string, e) =>
              o ? (
                <Tooltip title={e.outcome_message}>
                  <Tag color="red">{o}</Tag>
                </Tooltip>
              ) : (
                <Tag color="green">{t('raw.accepted')}</Tag>
              ),
          },
          { title: t('common:actions'), key: 'open', render: (_: unknown, e) => <RawPayload id={e.id} /> },
        ]}
      />
      {next && (
        <Button block onClick={() => void load(next)} loading={loading}>
          {t('common:more')}
        </Button>
      )}
      <BulkProgress bulk={bulk} />
    </Space>
  );
}
