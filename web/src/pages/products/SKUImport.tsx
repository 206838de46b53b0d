// The SKU import: a CSV (UTF-8 or GBK) or .xlsx sheet sent as it is to
// POST /api/v1/skus/import, by the rules of `fnshub import skus`. A sheet
// with a bad row imports nothing unless "skip bad rows" is on; either way
// every bad row is listed by row, column and reason.
import { useState } from 'react';
import { Alert, Button, Checkbox, Progress, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../api/client';
import type { SheetRowError, SKUImport as Result } from '../../api/hub';
import { contentTypeOf } from './unmapped';

type Outcome = { kind: 'imported'; result: Result } | { kind: 'refused'; message: string; rows: SheetRowError[] };

export default function SKUImport() {
  const { t } = useTranslation('products');
  const [file, setFile] = useState<File | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const type = file ? contentTypeOf(file.name) : null;

  const run = async () => {
    if (!file || !type) return;
    setOutcome(null);
    setSent(0);
    try {
      const result = await upload<Result>('/api/v1/skus/import', file, type, {
        query: { skip_bad: skipBad ? 'true' : undefined },
        onProgress: (n, total) => setSent(total ? Math.round((n * 100) / total) : 100),
      });
      setOutcome({ kind: 'imported', result });
    } catch (e) {
      const rows = e instanceof ApiError ? ((e.body as { rows?: SheetRowError[] } | undefined)?.rows ?? []) : [];
      setOutcome({ kind: 'refused', message: e instanceof Error ? e.message : String(e), rows });
    } finally {
      setSent(null);
    }
  };

  const rows = outcome?.kind === 'imported' ? outcome.result.errors : (outcome?.rows ?? []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('import.help')}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.xlsx,.txt"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setOutcome(null);
          return false; // sent by the import button, as the raw body
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        data-testid="sku-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.hint')}</p>
      </Upload.Dragger>
      {file && !type && <Alert type="error" showIcon message={t('import.badType')} />}
      <Space>
        <Checkbox checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)}>
          {t('import.skipBad')}
        </Checkbox>
        <Button type="primary" disabled={!file || !type} loading={sent !== null} onClick={run} data-testid="sku-import-run">
          {t('import.run')}
        </Button>
      </Space>
      {sent !== null && (
        <div data-testid="sku-import-progress">
          <Progress percent={sent} status="active" />
          <Typography.Text type="secondary">{sent < 100 ? t('import.sending') : t('import.checking')}</Typography.Text>
        </div>
      )}
      {outcome?.kind === 'imported' && (
        <Alert
          type={rows.length ? 'warning' : 'success'}
          showIcon
          data-testid="sku-import-result"
          message={t('import.imported', { count: outcome.result.imported })}
          description={rows.length ? t('import.skipped', { count: rows.length }) : undefined}
        />
      )}
      {outcome?.kind === 'refused' && <Alert type="error" showIcon data-testid="sku-import-result" message={t('import.refused')} description={outcome.message} />}
      {rows.length > 0 && (
        <Table<SheetRowError>
          size="small"
          rowKey={(r) => `${r.row}|${r.column ?? ''}|${r.reason}`}
          dataSource={rows}
          data-testid="sku-import-errors"
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 80 },
            { title: t('import.column'), dataIndex: 'column', width: 160 },
            { title: t('import.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}
