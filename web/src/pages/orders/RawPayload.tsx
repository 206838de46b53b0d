import { useState } from 'react';
import { Alert, Button, Descriptions, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { formatTime } from '../../lib/time';

interface RawPayloadJSON {
  id: number;
  source: string;
  headers: Record<string, string>;
  order_key: string;
  outcome: string;
  outcome_message?: string;
  received_at: string;
  body: unknown;
}

/** RawPayload shows the inbound payload a version came from, as it arrived (admins: GET /api/v1/raw-events/{id}). */
export default function RawPayload({ id }: { id: number }) {
  const { t, i18n } = useTranslation('orders');
  const [open, setOpen] = useState(false);
  const [ev, setEv] = useState<RawPayloadJSON | null>(null);
  const [error, setError] = useState('');

  const show = async () => {
    setOpen(true);
    setError('');
    try {
      setEv(await api.get<RawPayloadJSON>(`/api/v1/raw-events/${id}`, undefined, true));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <>
      <Button size="small" onClick={show} data-testid={`raw-${id}`}>
        {t('version.showRaw')}
      </Button>
      <Modal open={open} onCancel={() => setOpen(false)} footer={null} title={`${t('version.raw')} #${id}`} width={800}>
        {error ? (
          <Alert type="error" showIcon message={error} />
        ) : !ev ? (
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
            <Descriptions.Item label={t('raw.body')}>
              <pre style={{ margin: 0, fontSize: 12, maxHeight: 360, overflow: 'auto' }} data-testid="raw-body">
                {typeof ev.body === 'string' ? ev.body : JSON.stringify(ev.body, null, 2)}
              </pre>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Modal>
    </>
  );
}
