// Import a platform's settlement file: the file goes as the raw body to
// POST /api/v1/settlements/imports with its format and shop. The answer is
// applied or duplicate (the same file again changes nothing); a refusal
// names the row and column (the server's message, the column in field).
import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Modal, Select, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../api/client';
import { useGet, type ShopRef } from '../../api/hooks';
import type { SettlementFormat, SettlementImportResult } from '../../api/finance';

type Outcome = { ok: SettlementImportResult } | { error: string; field?: string };

/** contentTypeOf is the body type a settlement file is sent as, by its name. */
function contentTypeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    csv: 'text/csv',
    tsv: 'text/tab-separated-values',
    txt: 'text/plain',
    json: 'application/json',
    zip: 'application/zip',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  return types[ext] ?? 'application/octet-stream';
}

interface Props {
  open: boolean;
  shops: ShopRef[];
  onClose: () => void;
  onImported: () => void;
}

export default function ImportSettlement({ open, shops, onClose, onImported }: Props) {
  const { t } = useTranslation('settlements');
  const formats = useGet<{ items: SettlementFormat[] }>('/api/v1/settlements/formats').data?.items ?? [];
  const [shop, setShop] = useState<string>();
  const [format, setFormat] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const channel = shops.find((s) => s.id === shop)?.channel;
  const fitting = formats.filter((f) => !channel || !f.platform || f.platform === channel);

  const run = async () => {
    if (!file || !shop || !format) return;
    setBusy(true);
    setOutcome(null);
    try {
      const ok = await upload<SettlementImportResult>('/api/v1/settlements/imports', file, contentTypeOf(file.name), {
        query: { shop, format, file_name: file.name },
      });
      setOutcome({ ok });
      onImported();
    } catch (e) {
      setOutcome({ error: e instanceof Error ? e.message : String(e), field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('import.title')} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('import.shop')} required>
          <Select value={shop} onChange={(v) => (setShop(v), setFormat(undefined))} options={shops.map((s) => ({ value: s.id, label: `${s.name} (${s.channel})` }))} data-testid="settlement-import-shop" />
        </Form.Item>
        <Form.Item label={t('import.format')} required>
          <Select
            value={format}
            onChange={setFormat}
            options={fitting.map((f) => ({ value: f.name, label: f.name, title: f.summary }))}
            data-testid="settlement-import-format"
          />
        </Form.Item>
        <Upload.Dragger
          maxCount={1}
          beforeUpload={(f) => (setFile(f), setOutcome(null), false)}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          data-testid="settlement-import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
        </Upload.Dragger>
        <Button type="primary" style={{ marginTop: 16 }} disabled={!file || !shop || !format} loading={busy} onClick={run} data-testid="settlement-import-run">
          {t('import.run')}
        </Button>
      </Form>
      {outcome && 'ok' in outcome && (
        <Alert
          style={{ marginTop: 16 }}
          type={outcome.ok.status === 'applied' ? 'success' : 'info'}
          showIcon
          data-testid="settlement-import-result"
          message={t(`import.${outcome.ok.status}`)}
          description={
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('import.payouts')}>{outcome.ok.payouts}</Descriptions.Item>
              <Descriptions.Item label={t('import.read')}>{outcome.ok.lines_read}</Descriptions.Item>
              <Descriptions.Item label={t('import.new')}>{outcome.ok.lines_new}</Descriptions.Item>
              <Descriptions.Item label={t('import.duplicate_lines')}>{outcome.ok.lines_duplicate}</Descriptions.Item>
            </Descriptions>
          }
        />
      )}
      {outcome && 'error' in outcome && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          data-testid="settlement-import-result"
          message={t('import.refused')}
          description={outcome.field ? `${outcome.error} (${t('import.field')}: ${outcome.field})` : outcome.error}
        />
      )}
    </Modal>
  );
}
