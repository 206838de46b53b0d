// Import a channel's ad spend: a CSV (date, campaign, spend, currency, in
// English or Chinese headers) goes as the raw body to
// POST /api/v1/profit/spend?channel=C. The answer counts the rows kept
// new and those kept before (the same file again is all duplicates); a
// refusal is shown as the server words it, naming the row and column.
import { useState } from 'react';
import { Alert, Button, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../api/client';
import { useShops } from '../../api/hooks';

interface SpendImported {
  imported: number;
  duplicates: number;
}

type Outcome = { file: string } & ({ ok: SpendImported } | { error: string; field?: string });

export default function SpendImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('profit');
  const channels = [...new Set(useShops().map((s) => s.channel))].sort();
  const [picked, setPicked] = useState<string>();
  const channel = picked ?? channels[0];
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (file: File) => {
    if (!channel) return;
    setBusy(true);
    setOutcome(null);
    try {
      const ok = await upload<SpendImported>('/api/v1/profit/spend', file, 'text/csv', { query: { channel } });
      setOutcome({ file: file.name, ok });
      onImported();
    } catch (e) {
      setOutcome({ file: file.name, error: e instanceof Error ? e.message : String(e), field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text type="secondary">{t('spend.channel')}</Typography.Text>
        <Select style={{ width: 160 }} value={channel} onChange={setPicked} options={channels.map((c) => ({ value: c, label: c }))} data-testid="spend-channel" />
        <span data-testid="spend-file">
          {/* beforeUpload sends the file itself (raw body, as the API takes it) and stops antd's own form upload */}
          <Upload accept=".csv,text/csv" showUploadList={false} disabled={!channel || busy} beforeUpload={(f) => (void send(f), false)}>
            <Button icon={<UploadOutlined />} loading={busy} disabled={!channel}>
              {t('spend.upload')}
            </Button>
          </Upload>
        </span>
        <Typography.Text type="secondary">{t('spend.format')}</Typography.Text>
      </Space>
      {outcome && 'ok' in outcome && (
        <Alert
          type={outcome.ok.imported > 0 ? 'success' : 'info'}
          showIcon
          data-testid="spend-result"
          message={t(outcome.ok.imported > 0 ? 'spend.applied' : 'spend.duplicate', { file: outcome.file })}
          description={t('spend.counts', { imported: outcome.ok.imported, duplicates: outcome.ok.duplicates })}
        />
      )}
      {outcome && 'error' in outcome && (
        <Alert
          type="error"
          showIcon
          data-testid="spend-result"
          message={t('spend.refused', { file: outcome.file })}
          // a row's fault is field "file" and its message names the row and column already
          description={outcome.field && outcome.field !== 'file' ? `${outcome.error} (${t('spend.field')}: ${outcome.field})` : outcome.error}
        />
      )}
    </Space>
  );
}
