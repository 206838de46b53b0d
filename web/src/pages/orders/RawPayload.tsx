import { useState } from 'react';
import { Button, Descriptions, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatTime } from '../../lib/time';

interface RawEvent {
  id: number;
  source: string;
  headers: Record<string, string>;
  order_key: string;
  outcome: string;
  outcome_message?: string;
  received_at: string;
}

/** RawPayload shows the kept inbound payload a version came from (admins: GET /api/v1/raw-events). */
export default function RawPayload({ id }: { id: number }) {
  const { t, i18n } = useTranslation('orders');
  const [open, setOpen] = useState(false);
  const [ev, setEv] = useState<RawEvent | null>(null);

  const show = async () => {
    setOpen(true);
    // The list pages by id (cursor = the id before), so this reads one.
    const page = await api.get<{ items: RawEvent[] }>('/api/v1/raw-events', { cursor: id - 1, limit: 1 });
    setEv(page.items.find((e) => e.id === id) ?? null);
  };

  return (
    <>
      <Button size="small" onClick={show}>
        {t('version.showRaw')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={`${t('version.raw')} #${id}`} width={720}>
        {!ev ? (
          <Spin />
        ) : (
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('raw.source')}>{ev.source}</Descriptions.Item>
            <Descriptions.Item label={t('raw.orderKey')}>{ev.order_key}</Descriptions.Item>
            <Descriptions.Item label={t('version.receivedAt')}>{formatTime(ev.received_at, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('raw.outcome')}>{ev.outcome || t('raw.accepted')}</Descriptions.Item>
            <Descriptions.Item label={t('raw.headers')}>
              <pre style={{ margin: 0, fontSize: 12 }}>{JSON.stringify(ev.headers, null, 2)}</pre>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Modal>
    </>
  );
}
